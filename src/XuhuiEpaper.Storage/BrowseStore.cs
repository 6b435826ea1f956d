using System.Text.Json;
using Dapper;

namespace XuhuiEpaper.Storage;

/// <summary>Reading issues: lists, an issue, a page with its regions, an article. Each says whether it is a draft (see <see cref="DraftStore"/>).</summary>
public sealed class BrowseStore(EpaperDatabase db)
{
    private const string IssueColumns = """
        SELECT i.id AS Id, p.name AS Paper, i.date AS Date, i.number AS Number, i.total_number AS TotalNumber,
               i.sha256 AS Sha256, i.original_file AS OriginalFile, i.page_count AS PageCount,
               i.created_at AS CreatedAt, i.published_at AS PublishedAt, i.draft AS Draft
        FROM issues i JOIN papers p ON p.id = i.paper_id
        """;

    private const string PageColumns = """
        SELECT id AS Id, issue_id AS IssueId, number AS Number, label AS Label, name AS Name, width_pt AS WidthPt, height_pt AS HeightPt,
               thumbnail_file AS ThumbnailFile, thumbnail_width AS ThumbnailWidth, screen_file AS ScreenFile, screen_width AS ScreenWidth,
               zoom_file AS ZoomFile, zoom_width AS ZoomWidth, address AS Address
        FROM pages
        """;

    public async Task<IssueSummary?> FindBySha256Async(string sha256, CancellationToken cancellationToken = default)
    {
        await using var c = await db.OpenReadAsync(cancellationToken);
        return await c.QuerySingleOrDefaultAsync<IssueSummary>(Sql.Cmd(IssueColumns + " WHERE i.sha256 = @Sha", new { Sha = sha256 }, null, cancellationToken));
    }

    /// <summary>Published issues newest first, optionally within [from, to], one page (1-based) at a time, with the total count.</summary>
    public Task<PagedResult<IssueSummary>> ListIssuesAsync(DateOnly? from, DateOnly? to, int page = 1, int pageSize = 20, CancellationToken cancellationToken = default) =>
        ListIssuesAsync(IssueFilter.Public, from, to, page, pageSize, cancellationToken);

    /// <summary>
    /// The issues <paramref name="filter"/> lets through, newest first (drafts before the rest when they are included, so
    /// an archivist finds the work waiting), optionally within [from, to], one page (1-based) at a time, with the total count.
    /// </summary>
    public async Task<PagedResult<IssueSummary>> ListIssuesAsync(IssueFilter filter, DateOnly? from, DateOnly? to, int page = 1, int pageSize = 20, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        (page, pageSize) = ResultPages.Clamp(page, pageSize);
        var args = new { From = DapperConfig.FormatDate(from), To = DapperConfig.FormatDate(to), Skip = (long)(page - 1) * pageSize, Take = pageSize, FilterPaper = filter.Paper };
        var where = " WHERE (@From IS NULL OR i.date >= @From) AND (@To IS NULL OR i.date <= @To) AND " + filter.Where();
        var order = filter.IncludeDrafts ? " ORDER BY i.draft DESC, i.date DESC, i.id DESC" : " ORDER BY i.date DESC, i.id DESC";
        await using var c = await db.OpenReadAsync(cancellationToken);
        var total = await c.ExecuteScalarAsync<int>(Sql.Cmd("SELECT COUNT(*) FROM issues i JOIN papers p ON p.id = i.paper_id" + where, args, null, cancellationToken));
        var items = await c.QueryAsync<IssueSummary>(Sql.Cmd(IssueColumns + where + order + " LIMIT @Take OFFSET @Skip", args, null, cancellationToken));
        return new PagedResult<IssueSummary>(total, page, pageSize, items.AsList());
    }

    /// <summary>The thumbnail file of the first page of each of <paramref name="issueIds"/>, by issue id (for issue lists).</summary>
    public async Task<IReadOnlyDictionary<long, string>> GetFrontPageThumbnailsAsync(IReadOnlyList<long> issueIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(issueIds);
        if (issueIds.Count == 0)
        {
            return new Dictionary<long, string>();
        }

        await using var c = await db.OpenReadAsync(cancellationToken);
        var rows = await c.QueryAsync<(long IssueId, string File)>(Sql.Cmd(
            """
            SELECT p.issue_id, p.thumbnail_file FROM pages p
            WHERE p.issue_id IN (SELECT value FROM json_each(@Ids))
              AND p.number = (SELECT MIN(number) FROM pages WHERE issue_id = p.issue_id)
            """, new { Ids = JsonSerializer.Serialize(issueIds, Sql.Json) }, null, cancellationToken));
        return rows.ToDictionary(r => r.IssueId, r => r.File);
    }

    /// <summary>The newest published issue.</summary>
    public Task<IssueSummary?> GetLatestAsync(CancellationToken cancellationToken = default) => GetLatestAsync(IssueFilter.Public, cancellationToken);

    /// <summary>The newest issue <paramref name="filter"/> lets through.</summary>
    public async Task<IssueSummary?> GetLatestAsync(IssueFilter filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        await using var c = await db.OpenReadAsync(cancellationToken);
        return await c.QueryFirstOrDefaultAsync<IssueSummary>(Sql.Cmd(
            IssueColumns + " WHERE " + filter.Where() + " ORDER BY i.date DESC, i.id DESC LIMIT 1", new { FilterPaper = filter.Paper }, null, cancellationToken));
    }

    public async Task<IssueDetail?> GetIssueAsync(long issueId, CancellationToken cancellationToken = default)
    {
        await using var c = await db.OpenReadAsync(cancellationToken);
        await using var tx = c.BeginTransaction(deferred: true); // one snapshot for both queries
        var issue = await c.QuerySingleOrDefaultAsync<IssueSummary>(Sql.Cmd(IssueColumns + " WHERE i.id = @Id", new { Id = issueId }, tx, cancellationToken));
        if (issue is null)
        {
            return null;
        }

        var pages = await c.QueryAsync<PageRow>(Sql.Cmd(PageColumns + " WHERE issue_id = @Id ORDER BY number", new { Id = issueId }, tx, cancellationToken));
        return new IssueDetail(issue, pages.Select(p => p.ToSummary()).ToList());
    }

    public async Task<PageDetail?> GetPageAsync(long issueId, int pageNumber, CancellationToken cancellationToken = default)
    {
        await using var c = await db.OpenReadAsync(cancellationToken);
        await using var tx = c.BeginTransaction(deferred: true);
        var page = await c.QuerySingleOrDefaultAsync<PageRow>(Sql.Cmd(
            PageColumns.Replace("zoom_width AS ZoomWidth", "zoom_width AS ZoomWidth, text AS Text", StringComparison.Ordinal) + " WHERE issue_id = @IssueId AND number = @Number",
            new { IssueId = issueId, Number = pageNumber }, tx, cancellationToken));
        if (page is null)
        {
            return null;
        }

        var articles = await c.QueryAsync<ArticleRow>(Sql.Cmd(
            "SELECT id AS Id, idx AS Idx, kind AS Kind, title AS Title, rects AS Rects, number AS Number FROM articles WHERE page_id = @PageId ORDER BY idx",
            new { PageId = page.Id }, tx, cancellationToken));
        var issue = await c.QuerySingleAsync<(bool Draft, string Paper, DateOnly Date)>(Sql.Cmd(
            "SELECT i.draft, p.name, i.date FROM issues i JOIN papers p ON p.id = i.paper_id WHERE i.id = @IssueId", new { IssueId = issueId }, tx, cancellationToken));
        return new PageDetail(issueId, page.ToSummary(), page.Text, articles.Select(a => a.ToSummary()).ToList())
        {
            Draft = issue.Draft, Paper = issue.Paper, Date = issue.Date,
        };
    }
    public async Task<ArticleDetail?> GetArticleAsync(long articleId, CancellationToken cancellationToken = default)
    {
        await using var c = await db.OpenReadAsync(cancellationToken);
        var row = await c.QuerySingleOrDefaultAsync<ArticleRow>(Sql.Cmd(
            """
            SELECT a.id AS Id, a.issue_id AS IssueId, i.date AS Date, a.page_id AS PageId, p.number AS PageNumber, a.idx AS Idx,
                   a.kind AS Kind, a.kicker AS Kicker, a.title AS Title, a.subtitle AS Subtitle, a.byline AS Byline,
                   a.body AS Body, a.captions AS Captions, a.rects AS Rects,
                   a.continued_from_id AS ContinuedFromId, pf.number AS ContinuedFromPage,
                   a.continued_on_id AS ContinuedOnId, po.number AS ContinuedOnPage, i.draft AS Draft,
                   a.number AS Number, pp.name AS Paper, p.address AS PageAddress
            FROM articles a
            JOIN issues i ON i.id = a.issue_id
            JOIN papers pp ON pp.id = i.paper_id
            JOIN pages p ON p.id = a.page_id
            LEFT JOIN articles af ON af.id = a.continued_from_id LEFT JOIN pages pf ON pf.id = af.page_id
            LEFT JOIN articles ao ON ao.id = a.continued_on_id LEFT JOIN pages po ON po.id = ao.page_id
            WHERE a.id = @Id
            """, new { Id = articleId }, null, cancellationToken));
        return row?.ToDetail();
    }
}
