using Dapper;

namespace XuhuiEpaper.Storage;

/// <summary>A page found by its readable address: its issue, its number (sequence) and whether the issue is a draft.</summary>
public sealed record AddressedPage
{
    public long IssueId { get; init; }
    public int PageNumber { get; init; }
    public bool Draft { get; init; }

    /// <summary>The highest article number the page (or a page it replaced) ever gave: lower numbers existed once.</summary>
    public int LastArticleNumber { get; init; }
}

/// <summary>
/// A page or an article of a published issue, for the sitemap and the feeds: its title and date, when the issue was
/// published, its page's address segment, and (for an article) its number, kind and headline.
/// </summary>
public sealed record PublishedAddress
{
    public long IssueId { get; init; }
    public string Paper { get; init; } = "";
    public DateOnly Date { get; init; }
    public int? IssueNumber { get; init; }
    public int? TotalNumber { get; init; }
    public DateTimeOffset PublishedAt { get; init; }
    public int PageNumber { get; init; }
    public string PageAddress { get; init; } = "";
    public string? PageName { get; init; }

    /// <summary>Null on the row of a page without numbered articles.</summary>
    public int? ArticleNumber { get; init; }
    public string? Title { get; init; }
}

/// <summary>
/// Readable addresses, <c>/{title}/{yyyy-MM-dd}/{版次}/{n}</c>, resolved to what they name: the issue of a title and date
/// (one at most), its page by address segment, the article by its number within the page; and an article number that no
/// live article has, to the successor of the article that had it (re-analysis) or its page.
/// </summary>
public sealed class AddressStore(EpaperDatabase db)
{
    public async Task<(long IssueId, bool Draft)?> FindIssueAsync(string paper, DateOnly date, CancellationToken cancellationToken = default)
    {
        await using var c = await db.OpenReadAsync(cancellationToken);
        var row = await c.QuerySingleOrDefaultAsync<(long, bool)?>(Sql.Cmd(
            "SELECT i.id, i.draft FROM issues i JOIN papers p ON p.id = i.paper_id WHERE p.name = @Paper AND i.date = @Date",
            new { Paper = paper, Date = DapperConfig.FormatDate(date) }, null, cancellationToken));
        return row;
    }

    public async Task<AddressedPage?> FindPageAsync(string paper, DateOnly date, string address, CancellationToken cancellationToken = default)
    {
        await using var c = await db.OpenReadAsync(cancellationToken);
        return await c.QuerySingleOrDefaultAsync<AddressedPage>(Sql.Cmd(
            """
            SELECT i.id AS IssueId, pg.number AS PageNumber, i.draft AS Draft, pg.last_article_number AS LastArticleNumber
            FROM issues i JOIN papers p ON p.id = i.paper_id JOIN pages pg ON pg.issue_id = i.id
            WHERE p.name = @Paper AND i.date = @Date AND pg.address = @Address
            """, new { Paper = paper, Date = DapperConfig.FormatDate(date), Address = address }, null, cancellationToken));
    }

    /// <summary>The live article with that number on that page; null when none has it now.</summary>
    public async Task<long?> FindArticleAsync(long issueId, int pageNumber, int number, CancellationToken cancellationToken = default)
    {
        await using var c = await db.OpenReadAsync(cancellationToken);
        return await c.QuerySingleOrDefaultAsync<long?>(Sql.Cmd(
            "SELECT a.id FROM articles a JOIN pages p ON p.id = a.page_id WHERE p.issue_id = @Issue AND p.number = @Page AND a.number = @Number",
            new { Issue = issueId, Page = pageNumber, Number = number }, null, cancellationToken));
    }

    /// <summary>Where an article number of an earlier analysis of the issue went: its successor article, or only its page; null when no article had it.</summary>
    public async Task<ArticleSuccessor?> FindRetiredAsync(long issueId, int pageNumber, int number, CancellationToken cancellationToken = default)
    {
        await using var c = await db.OpenReadAsync(cancellationToken);
        return await c.QueryFirstOrDefaultAsync<ArticleSuccessor>(Sql.Cmd(
            """
            SELECT old_id AS OldId, issue_id AS IssueId, page_number AS PageNumber, new_id AS ArticleId FROM article_successors
            WHERE issue_id = @Issue AND old_page = @Page AND old_number = @Number ORDER BY old_id DESC LIMIT 1
            """, new { Issue = issueId, Page = pageNumber, Number = number }, null, cancellationToken));
    }

    /// <summary>
    /// The issue whose address <paramref name="paper"/>/<paramref name="date"/> was before an archivist corrected its date,
    /// where it is now; null when no issue moved from there or it is gone (in the trash). Asked only when no live issue has
    /// the address: a live issue wins over a move.
    /// </summary>
    public async Task<MovedIssue?> FindMovedAsync(string paper, DateOnly date, CancellationToken cancellationToken = default)
    {
        await using var c = await db.OpenReadAsync(cancellationToken);
        return await c.QuerySingleOrDefaultAsync<MovedIssue>(Sql.Cmd(
            """
            SELECT i.id AS IssueId, p.name AS Paper, i.date AS Date, i.draft AS Draft
            FROM address_moves m JOIN issues i ON i.id = m.issue_id JOIN papers p ON p.id = i.paper_id
            WHERE m.paper = @Paper AND m.date = @Date
            """, new { Paper = paper, Date = DapperConfig.FormatDate(date) }, null, cancellationToken));
    }

    /// <summary>The old issue addresses that lead somewhere now: no live issue has them (the static edition's redirect stubs).</summary>
    public async Task<IReadOnlyList<MovedAddress>> ListMovesAsync(CancellationToken cancellationToken = default)
    {
        await using var c = await db.OpenReadAsync(cancellationToken);
        return (await c.QueryAsync<MovedAddress>(Sql.Cmd(
            """
            SELECT m.issue_id AS IssueId, m.paper AS Paper, m.date AS Date FROM address_moves m
            WHERE NOT EXISTS (SELECT 1 FROM issues i JOIN papers p ON p.id = i.paper_id WHERE p.name = m.paper AND i.date = m.date)
            ORDER BY m.paper, m.date
            """, null, null, cancellationToken))).AsList();
    }

    /// <summary>
    /// Every page of every published issue with each of its numbered articles (a row an article; a page without any has
    /// one row with no article number), newest issue first, each issue's pages and articles in order. Drafts never.
    /// </summary>
    public async Task<IReadOnlyList<PublishedAddress>> ListPublishedAsync(CancellationToken cancellationToken = default)
    {
        await using var c = await db.OpenReadAsync(cancellationToken);
        var rows = await c.QueryAsync<PublishedAddress>(Sql.Cmd(
            $"""
            SELECT i.id AS IssueId, p.name AS Paper, i.date AS Date, i.number AS IssueNumber, i.total_number AS TotalNumber,
                   i.published_at AS PublishedAt, pg.number AS PageNumber, COALESCE(pg.address, CAST(pg.number AS TEXT)) AS PageAddress,
                   pg.name AS PageName, a.number AS ArticleNumber, a.title AS Title
            FROM issues i
            JOIN papers p ON p.id = i.paper_id
            JOIN pages pg ON pg.issue_id = i.id
            LEFT JOIN articles a ON a.page_id = pg.id AND a.number IS NOT NULL
            WHERE {IssueFilter.Public.Where()}
            ORDER BY i.date DESC, i.id DESC, pg.number, a.number IS NOT NULL, a.number
            """, null, null, cancellationToken));
        return rows.AsList();
    }
}
