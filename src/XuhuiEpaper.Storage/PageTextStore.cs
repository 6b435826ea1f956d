using System.Text.Json;
using Dapper;
using XuhuiEpaper.Core.Model;
using XuhuiEpaper.Core.Text;

namespace XuhuiEpaper.Storage;

/// <summary>A page's text report as stored, with its page number.</summary>
public sealed record StoredPageText(int PageNumber, PageTextReport Report);

/// <summary>
/// What each page's text is worth (<see cref="PageTextReport"/>), keyed by the PDF's SHA-256 and the page number, so it
/// follows the PDF through trash, restore and reingest. Written just before the issue is published (a publish that
/// fails leaves rows that the next ingest of the PDF replaces); read by the page and article routes (is the text
/// recognised?), the job (which pages are published as images, and why) and the archivists' page.
/// </summary>
public sealed class PageTextStore(EpaperDatabase db)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Replaces the reports of the PDF <paramref name="sha256"/> by <paramref name="reports"/> (page i + 1 is the i-th).</summary>
    public Task SaveAsync(string sha256, IReadOnlyList<PageTextReport> reports, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(sha256);
        ArgumentNullException.ThrowIfNull(reports);
        return db.WriteAsync(async (c, tx) =>
        {
            var now = db.Now();
            await c.ExecuteAsync(new CommandDefinition("DELETE FROM page_text WHERE sha256 = @Sha256", new { Sha256 = sha256 }, tx, cancellationToken: cancellationToken));
            for (var i = 0; i < reports.Count; i++)
            {
                var r = reports[i];
                await c.ExecuteAsync(new CommandDefinition(
                    """
                    INSERT INTO page_text (sha256, page_number, verdict, source, route, figures, reason, seconds, judged_at)
                    VALUES (@Sha256, @Page, @Verdict, @Source, @Route, @Figures, @Reason, @Seconds, @Now)
                    """,
                    new
                    {
                        Sha256 = sha256,
                        Page = i + 1,
                        Verdict = r.Verdict.ToString().ToLowerInvariant(),
                        Source = r.Source.ToString().ToLowerInvariant(),
                        r.Route,
                        Figures = JsonSerializer.Serialize(new StoredFigures(r.Figures, r.RecognisedFigures, r.UnreadableFonts), Json),
                        r.Reason,
                        Seconds = r.RecognitionSeconds,
                        Now = now,
                    }, tx, cancellationToken: cancellationToken));
            }

            return true;
        }, cancellationToken);
    }

    /// <summary>The reports of the PDF's pages, in page order; empty when none were stored (issues ingested before issue 13).</summary>
    public async Task<IReadOnlyList<StoredPageText>> GetAsync(string sha256, CancellationToken cancellationToken = default)
    {
        await using var c = await db.OpenReadAsync(cancellationToken);
        var rows = await c.QueryAsync<Row>(new CommandDefinition(
            """
            SELECT page_number AS PageNumber, verdict AS Verdict, source AS Source, route AS Route, figures AS Figures, reason AS Reason, seconds AS Seconds
            FROM page_text WHERE sha256 = @Sha256 ORDER BY page_number
            """, new { Sha256 = sha256 }, cancellationToken: cancellationToken));
        return rows.Select(r => r.ToStored()).ToArray();
    }

    /// <summary>One page's report, or null.</summary>
    public async Task<PageTextReport?> GetAsync(string sha256, int pageNumber, CancellationToken cancellationToken = default)
    {
        await using var c = await db.OpenReadAsync(cancellationToken);
        var row = await c.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            """
            SELECT page_number AS PageNumber, verdict AS Verdict, source AS Source, route AS Route, figures AS Figures, reason AS Reason, seconds AS Seconds
            FROM page_text WHERE sha256 = @Sha256 AND page_number = @Page
            """, new { Sha256 = sha256, Page = pageNumber }, cancellationToken: cancellationToken));
        return row?.ToStored().Report;
    }

    private sealed record StoredFigures(TextFigures Text, TextFigures? Recognised, IReadOnlyList<string> UnreadableFonts);

    private sealed class Row
    {
        public long PageNumber { get; init; }
        public string Verdict { get; init; } = "";
        public string Source { get; init; } = "";
        public string? Route { get; init; }
        public string Figures { get; init; } = "{}";
        public string Reason { get; init; } = "";
        public double? Seconds { get; init; }

        public StoredPageText ToStored()
        {
            var figures = JsonSerializer.Deserialize<StoredFigures>(Figures, Json);
            return new StoredPageText((int)PageNumber, new PageTextReport(
                Enum.Parse<TextVerdict>(Verdict, ignoreCase: true),
                Enum.Parse<TextSource>(Source, ignoreCase: true),
                figures?.Text ?? TextFigures.None,
                figures?.UnreadableFonts ?? [],
                Reason,
                Route,
                figures?.Recognised,
                Seconds));
        }
    }
}
