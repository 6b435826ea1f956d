using Dapper;

namespace XuhuiEpaper.Storage;

/// <summary>A paper (title) with the issues a filter lets through: how many, and the newest one's date.</summary>
public sealed record PaperSummary
{
    public string Name { get; init; } = "";
    public int IssueCount { get; init; }
    public DateOnly LatestDate { get; init; }
}

/// <summary>The papers (titles) the archive holds issues of: what the reader's title switcher offers.</summary>
public sealed class PaperStore(EpaperDatabase db)
{
    /// <summary>Every paper with at least one issue that <paramref name="filter"/> lets through (its paper is ignored), by name.</summary>
    public async Task<IReadOnlyList<PaperSummary>> ListAsync(IssueFilter filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        await using var c = await db.OpenReadAsync(cancellationToken);
        var rows = await c.QueryAsync<PaperSummary>(Sql.Cmd(
            """
            SELECT p.name AS Name, COUNT(*) AS IssueCount, MAX(i.date) AS LatestDate
            FROM issues i JOIN papers p ON p.id = i.paper_id
            WHERE
            """ + " " + (filter with { Paper = null }).Where() + " GROUP BY p.id ORDER BY p.name",
            null, null, cancellationToken));
        return rows.AsList();
    }
}
