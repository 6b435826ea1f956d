using System.Data;
using System.Text.Encodings.Web;
using System.Text.Json;
using Dapper;
using Microsoft.Data.Sqlite;
using XuhuiEpaper.Core.Geometry;
using XuhuiEpaper.Core.Model;

namespace XuhuiEpaper.Storage;

/// <summary>Published issues: publish/replace, browse, hit test, search, edit, delete.</summary>
public sealed class IssueStore(EpaperDatabase db)
{
    public const int MaxPageSize = 100;

    internal static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Kinds whose text is not worth finding (repeated on every page).</summary>
    internal static readonly HashSet<RegionKind> NotSearchable = [RegionKind.Masthead, RegionKind.PageHeader, RegionKind.Folio];

    private const string IssueColumns = """
        SELECT i.id AS Id, p.name AS Paper, i.date AS Date, i.number AS Number, i.total_number AS TotalNumber,
               i.sha256 AS Sha256, i.original_file AS OriginalFile, i.page_count AS PageCount,
               i.created_at AS CreatedAt, i.published_at AS PublishedAt
        FROM issues i JOIN papers p ON p.id = i.paper_id
        """;

    private const string PageColumns = """
        SELECT id AS Id, issue_id AS IssueId, number AS Number, label AS Label, name AS Name, width_pt AS WidthPt, height_pt AS HeightPt,
               thumbnail_file AS ThumbnailFile, thumbnail_width AS ThumbnailWidth, screen_file AS ScreenFile, screen_width AS ScreenWidth,
               zoom_file AS ZoomFile, zoom_width AS ZoomWidth
        FROM pages
        """;

    /// <summary>
    /// Stores a whole issue in one transaction. The issue made earlier from the same PDF (re-ingested after an upgrade,
    /// or with corrected metadata) is replaced; its files that no issue uses any more are listed in the result for the
    /// caller to delete after the commit. An issue of the same paper and date made from another PDF is a conflict
    /// (<see cref="IssueConflictException"/>) unless <see cref="PublishOptions.Replace"/> says so; then it goes to the trash
    /// with its files, so a mistaken replacement can be undone. With a <see cref="PublishOptions.Claim"/>, the job
    /// succeeds in the same commit, and nothing is published if the job is no longer running under that claim.
    /// </summary>
    public Task<PublishResult> PublishAsync(IssueContent issue, CancellationToken cancellationToken = default) =>
        PublishAsync(issue, PublishOptions.None, cancellationToken);

    public Task<PublishResult> PublishAsync(IssueContent issue, PublishOptions options, CancellationToken cancellationToken = default)
    {
        Validate(issue);
        ArgumentNullException.ThrowIfNull(options);
        var now = db.Now();
        return db.WriteAsync(async (c, tx) =>
        {
            var paperId = await c.ExecuteScalarAsync<long>(Cmd(
                """
                INSERT INTO papers (name, created_at) VALUES (@Paper, @Now)
                ON CONFLICT (name) DO UPDATE SET name = excluded.name
                RETURNING id
                """, new { issue.Paper, Now = now }, tx, cancellationToken));

            var date = DapperConfig.FormatDate(issue.Date);
            var others = (await c.QueryAsync<(long Id, string Sha256)>(Cmd(
                "SELECT id, sha256 FROM issues WHERE (paper_id = @PaperId AND date = @Date) OR sha256 = @Sha256 ORDER BY id",
                new { PaperId = paperId, Date = date, issue.Sha256 }, tx, cancellationToken))).AsList();
            if (!options.Replace && others.FirstOrDefault(o => o.Sha256 != issue.Sha256) is { Id: > 0 } taken)
            {
                throw new IssueConflictException(taken.Id, issue.Paper, issue.Date);
            }

            var oldFiles = new List<string>();
            var trashed = new List<long>();
            var predecessors = new List<(long Id, IReadOnlyList<Successors.OldArticle> Articles)>();
            foreach (var old in others)
            {
                predecessors.Add((old.Id, await Successors.ReadAsync(c, tx, old.Id, cancellationToken)));
                if (old.Sha256 == issue.Sha256)
                {
                    // The same PDF made anew: its old rows go, its files too unless the new issue uses them.
                    oldFiles.AddRange(await FilesOfIssueAsync(c, tx, old.Id, cancellationToken));
                    (await c.ExecuteAsync(Cmd("DELETE FROM issues WHERE id = @Id", new { Id = old.Id }, tx, cancellationToken))).ExpectRows(1, "delete replaced issue");
                }
                else
                {
                    // Another PDF's issue of this paper and date, replaced on purpose: to the trash, so it can come back.
                    var detail = $"replaced by the PDF {issue.Sha256[..12]}…";
                    await Trash.MoveInAsync(c, tx, old.Id, detail, now, options.TrashRetention, cancellationToken);
                    await AuditStore.InsertAsync(c, tx, new AuditEntry("replace", old.Id, options.Claim?.JobId, options.Client, detail), now, cancellationToken);
                    trashed.Add(old.Id);
                }
            }

            var issueId = await c.ExecuteScalarAsync<long>(Cmd(
                """
                INSERT INTO issues (paper_id, date, number, total_number, sha256, original_file, page_count, created_at, published_at)
                VALUES (@PaperId, @Date, @Number, @TotalNumber, @Sha256, @OriginalFile, @PageCount, @Now, @Now)
                RETURNING id
                """,
                new { PaperId = paperId, Date = date, issue.Number, issue.TotalNumber, issue.Sha256, issue.OriginalFile, PageCount = issue.Pages.Count, Now = now },
                tx, cancellationToken));

            var articleIds = new Dictionary<ArticlePartRef, long>();
            foreach (var page in issue.Pages)
            {
                var pageId = await InsertPageAsync(c, tx, issueId, page, cancellationToken);
                for (var index = 0; index < page.Articles.Count; index++)
                {
                    articleIds[new ArticlePartRef(page.Number, index)] =
                        await InsertArticleAsync(c, tx, issueId, pageId, index, page.Articles[index], cancellationToken);
                }
            }

            await ResolveContinuationsAsync(c, tx, issue, articleIds, cancellationToken);
            foreach (var (oldId, oldArticles) in predecessors)
            {
                // Old links to the replaced issue and its articles lead here (permanent links).
                await Successors.RecordAsync(c, tx, oldId, oldArticles, issueId, issue, articleIds, now, cancellationToken);
            }

            var obsolete = oldFiles.Count == 0 ? [] : await UnusedFilesAsync(c, tx, oldFiles.Distinct().ToList(), cancellationToken);
            if (options.Claim is { } claim)
            {
                await JobStore.SucceedAsync(c, tx, claim, issueId, now, cancellationToken);
            }

            if (options.BeforeCommit is { } beforeCommit)
            {
                await beforeCommit(cancellationToken);
            }

            return new PublishResult(issueId, others.Count > 0 ? others[0].Id : null, obsolete, trashed);
        }, cancellationToken);
    }

    public async Task<IssueSummary?> FindBySha256Async(string sha256, CancellationToken cancellationToken = default)
    {
        await using var c = await db.OpenReadAsync(cancellationToken);
        return await c.QuerySingleOrDefaultAsync<IssueSummary>(Cmd(IssueColumns + " WHERE i.sha256 = @Sha", new { Sha = sha256 }, null, cancellationToken));
    }

    /// <summary>Issues newest first, optionally within [from, to], one page (1-based) at a time, with the total count.</summary>
    public async Task<PagedResult<IssueSummary>> ListIssuesAsync(DateOnly? from, DateOnly? to, int page = 1, int pageSize = 20, CancellationToken cancellationToken = default)
    {
        (page, pageSize) = ClampPaging(page, pageSize);
        var args = new { From = DapperConfig.FormatDate(from), To = DapperConfig.FormatDate(to), Skip = (long)(page - 1) * pageSize, Take = pageSize };
        const string Where = " WHERE (@From IS NULL OR i.date >= @From) AND (@To IS NULL OR i.date <= @To)";
        await using var c = await db.OpenReadAsync(cancellationToken);
        var total = await c.ExecuteScalarAsync<int>(Cmd("SELECT COUNT(*) FROM issues i" + Where, args, null, cancellationToken));
        var items = await c.QueryAsync<IssueSummary>(Cmd(IssueColumns + Where + " ORDER BY i.date DESC, i.id DESC LIMIT @Take OFFSET @Skip", args, null, cancellationToken));
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
        var rows = await c.QueryAsync<(long IssueId, string File)>(Cmd(
            """
            SELECT p.issue_id, p.thumbnail_file FROM pages p
            WHERE p.issue_id IN (SELECT value FROM json_each(@Ids))
              AND p.number = (SELECT MIN(number) FROM pages WHERE issue_id = p.issue_id)
            """, new { Ids = JsonSerializer.Serialize(issueIds, Json) }, null, cancellationToken));
        return rows.ToDictionary(r => r.IssueId, r => r.File);
    }

    public async Task<IssueSummary?> GetLatestAsync(CancellationToken cancellationToken = default)
    {
        await using var c = await db.OpenReadAsync(cancellationToken);
        return await c.QueryFirstOrDefaultAsync<IssueSummary>(Cmd(IssueColumns + " ORDER BY i.date DESC, i.id DESC LIMIT 1", null, null, cancellationToken));
    }

    public async Task<IssueDetail?> GetIssueAsync(long issueId, CancellationToken cancellationToken = default)
    {
        await using var c = await db.OpenReadAsync(cancellationToken);
        await using var tx = c.BeginTransaction(deferred: true); // one snapshot for both queries
        var issue = await c.QuerySingleOrDefaultAsync<IssueSummary>(Cmd(IssueColumns + " WHERE i.id = @Id", new { Id = issueId }, tx, cancellationToken));
        if (issue is null)
        {
            return null;
        }

        var pages = await c.QueryAsync<PageRow>(Cmd(PageColumns + " WHERE issue_id = @Id ORDER BY number", new { Id = issueId }, tx, cancellationToken));
        return new IssueDetail(issue, pages.Select(p => p.ToSummary()).ToList());
    }

    public async Task<PageDetail?> GetPageAsync(long issueId, int pageNumber, CancellationToken cancellationToken = default)
    {
        await using var c = await db.OpenReadAsync(cancellationToken);
        await using var tx = c.BeginTransaction(deferred: true);
        var page = await c.QuerySingleOrDefaultAsync<PageRow>(Cmd(
            PageColumns.Replace("zoom_width AS ZoomWidth", "zoom_width AS ZoomWidth, text AS Text", StringComparison.Ordinal) + " WHERE issue_id = @IssueId AND number = @Number",
            new { IssueId = issueId, Number = pageNumber }, tx, cancellationToken));
        if (page is null)
        {
            return null;
        }

        var articles = await c.QueryAsync<ArticleRow>(Cmd(
            "SELECT id AS Id, idx AS Idx, kind AS Kind, title AS Title, rects AS Rects FROM articles WHERE page_id = @PageId ORDER BY idx",
            new { PageId = page.Id }, tx, cancellationToken));
        return new PageDetail(issueId, page.ToSummary(), page.Text, articles.Select(a => a.ToSummary()).ToList());
    }

    /// <summary>
    /// The article whose region contains the normalized point (x, y), or null. Candidates come from the
    /// R*Tree of bounding boxes, then each rect is tested exactly (half-open, <see cref="NormRect.Contains"/>);
    /// if several articles contain the point the one with the smallest area wins.
    /// </summary>
    public async Task<ArticleSummary?> HitTestAsync(long issueId, int pageNumber, double x, double y, CancellationToken cancellationToken = default)
    {
        if (!double.IsFinite(x) || !double.IsFinite(y))
        {
            return null;
        }

        await using var c = await db.OpenReadAsync(cancellationToken);
        var candidates = await c.QueryAsync<ArticleRow>(Cmd(
            """
            SELECT a.id AS Id, a.idx AS Idx, a.kind AS Kind, a.title AS Title, a.rects AS Rects
            FROM article_bbox b
            JOIN articles a ON a.id = b.id
            JOIN pages p ON p.id = a.page_id
            WHERE b.min_x <= @X AND b.max_x >= @X AND b.min_y <= @Y AND b.max_y >= @Y
              AND p.issue_id = @IssueId AND p.number = @PageNumber
            """, new { IssueId = issueId, PageNumber = pageNumber, X = x, Y = y }, null, cancellationToken));
        return candidates
            .Select(a => a.ToSummary())
            .Where(a => a.Rects.Any(r => r.Contains(x, y)))
            .OrderBy(a => a.Rects.Sum(r => r.Area))
            .ThenBy(a => a.Index)
            .FirstOrDefault();
    }

    public async Task<ArticleDetail?> GetArticleAsync(long articleId, CancellationToken cancellationToken = default)
    {
        await using var c = await db.OpenReadAsync(cancellationToken);
        var row = await c.QuerySingleOrDefaultAsync<ArticleRow>(Cmd(
            """
            SELECT a.id AS Id, a.issue_id AS IssueId, i.date AS Date, a.page_id AS PageId, p.number AS PageNumber, a.idx AS Idx,
                   a.kind AS Kind, a.kicker AS Kicker, a.title AS Title, a.subtitle AS Subtitle, a.byline AS Byline,
                   a.body AS Body, a.captions AS Captions, a.rects AS Rects,
                   a.continued_from_id AS ContinuedFromId, pf.number AS ContinuedFromPage,
                   a.continued_on_id AS ContinuedOnId, po.number AS ContinuedOnPage
            FROM articles a
            JOIN issues i ON i.id = a.issue_id
            JOIN pages p ON p.id = a.page_id
            LEFT JOIN articles af ON af.id = a.continued_from_id LEFT JOIN pages pf ON pf.id = af.page_id
            LEFT JOIN articles ao ON ao.id = a.continued_on_id LEFT JOIN pages po ON po.id = ao.page_id
            WHERE a.id = @Id
            """, new { Id = articleId }, null, cancellationToken));
        return row?.ToDetail();
    }

    /// <summary>
    /// Full-text search over article text (see <see cref="CjkSearchText"/>), ranked by bm25 with the title
    /// weighted above the deck (kicker, subtitle, byline) and the body; optional date range; paging with total.
    /// </summary>
    public async Task<PagedResult<SearchHit>> SearchAsync(string? query, DateOnly? from = null, DateOnly? to = null, int page = 1, int pageSize = 20, CancellationToken cancellationToken = default)
    {
        (page, pageSize) = ClampPaging(page, pageSize);
        var fts = CjkSearchText.ParseQuery(query);
        if (fts is null)
        {
            return new PagedResult<SearchHit>(0, page, pageSize, []);
        }

        var args = new { fts.Match, From = DapperConfig.FormatDate(from), To = DapperConfig.FormatDate(to), Skip = (long)(page - 1) * pageSize, Take = pageSize };
        const string FromWhere = """
             FROM article_fts f
             JOIN articles a ON a.id = f.rowid
             JOIN issues i ON i.id = a.issue_id
             JOIN pages p ON p.id = a.page_id
             WHERE article_fts MATCH @Match AND (@From IS NULL OR i.date >= @From) AND (@To IS NULL OR i.date <= @To)
            """;
        await using var c = await db.OpenReadAsync(cancellationToken);
        await using var tx = c.BeginTransaction(deferred: true);
        var total = await c.ExecuteScalarAsync<int>(Cmd("SELECT COUNT(*)" + FromWhere, args, tx, cancellationToken));
        var rows = await c.QueryAsync<SearchRow>(Cmd(
            "SELECT a.id AS ArticleId, a.issue_id AS IssueId, i.date AS Date, p.number AS PageNumber, a.title AS Title, a.body AS Body, a.captions AS Captions"
            + FromWhere + " ORDER BY bm25(article_fts, 10.0, 3.0, 1.0), i.date DESC, a.id LIMIT @Take OFFSET @Skip",
            args, tx, cancellationToken));
        var hits = rows.Select(r => new SearchHit(r.ArticleId, r.IssueId, r.Date, r.PageNumber, r.Title, r.MakeSnippet(fts.Terms))).ToList();
        return new PagedResult<SearchHit>(total, page, pageSize, hits);
    }

    /// <summary>Edits issue metadata; null arguments leave a value unchanged. Page names are keyed by page number. False if no such issue.</summary>
    public Task<bool> UpdateIssueAsync(long issueId, DateOnly? date = null, int? number = null, int? totalNumber = null,
        IReadOnlyDictionary<int, string?>? pageNames = null, CancellationToken cancellationToken = default) =>
        db.WriteAsync(async (c, tx) =>
        {
            var changed = await c.ExecuteAsync(Cmd(
                """
                UPDATE issues SET date = COALESCE(@Date, date), number = COALESCE(@Number, number),
                                  total_number = COALESCE(@TotalNumber, total_number)
                WHERE id = @Id
                """, new { Id = issueId, Date = DapperConfig.FormatDate(date), Number = number, TotalNumber = totalNumber }, tx, cancellationToken));
            if (changed == 0)
            {
                return false;
            }

            changed.ExpectRows(1, "update issue");
            foreach (var (pageNumber, name) in pageNames ?? new Dictionary<int, string?>())
            {
                (await c.ExecuteAsync(Cmd("UPDATE pages SET name = @Name WHERE issue_id = @Id AND number = @Number",
                    new { Id = issueId, Number = pageNumber, Name = name }, tx, cancellationToken))).ExpectRows(1, $"rename page {pageNumber}");
            }

            return true;
        }, cancellationToken);

    /// <summary>
    /// Moves an issue to the trash: its rows leave the published tables (readers, search and hit tests no longer see
    /// it) and are kept as a snapshot for <see cref="TrashRetention"/>. Returns the files it alone used (kept for a
    /// restore until the purge), or null if there is no such issue.
    /// </summary>
    public Task<IReadOnlyList<string>?> DeleteIssueAsync(long issueId, TimeSpan? retention = null, AuditEntry? audit = null, CancellationToken cancellationToken = default) =>
        db.WriteAsync<IReadOnlyList<string>?>(async (c, tx) =>
        {
            var now = db.Now();
            var files = await Trash.MoveInAsync(c, tx, issueId, "deleted", now, retention ?? DefaultTrashRetention, cancellationToken);
            if (files is not null && audit is not null)
            {
                await AuditStore.InsertAsync(c, tx, audit with { IssueId = issueId }, now, cancellationToken);
            }

            return files;
        }, cancellationToken);

    /// <summary>How long a deleted issue stays in the trash unless configured otherwise.</summary>
    public static readonly TimeSpan DefaultTrashRetention = TimeSpan.FromDays(30);

    /// <summary>The trash, newest first.</summary>
    public async Task<IReadOnlyList<TrashEntry>> ListTrashAsync(CancellationToken cancellationToken = default)
    {
        await using var c = await db.OpenReadAsync(cancellationToken);
        return (await c.QueryAsync<TrashEntry>(Cmd(Trash.EntryColumns + " ORDER BY deleted_at DESC, issue_id DESC", null, null, cancellationToken))).AsList();
    }

    public async Task<TrashEntry?> GetTrashAsync(long issueId, CancellationToken cancellationToken = default)
    {
        await using var c = await db.OpenReadAsync(cancellationToken);
        return await c.QuerySingleOrDefaultAsync<TrashEntry>(Cmd(Trash.EntryColumns + " WHERE issue_id = @Id", new { Id = issueId }, null, cancellationToken));
    }

    /// <summary>The files a trash entry holds for a restore (images by name, the original as originals/&lt;sha256&gt;.pdf).</summary>
    public async Task<IReadOnlyList<string>> TrashFilesAsync(long issueId, CancellationToken cancellationToken = default)
    {
        await using var c = await db.OpenReadAsync(cancellationToken);
        return (await c.QueryAsync<string>(Cmd("SELECT file FROM trash_files WHERE issue_id = @Id ORDER BY file", new { Id = issueId }, null, cancellationToken))).AsList();
    }

    /// <summary>
    /// Publishes a trashed issue again under its own ids. Throws <see cref="IssueConflictException"/> when another issue
    /// now holds its paper and date or its PDF; returns false when there is no such trash entry.
    /// </summary>
    public Task<bool> RestoreAsync(long issueId, AuditEntry? audit = null, CancellationToken cancellationToken = default) =>
        db.WriteAsync(async (c, tx) =>
        {
            var now = db.Now();
            if (!await Trash.RestoreAsync(c, tx, issueId, cancellationToken))
            {
                return false;
            }

            if (audit is not null)
            {
                await AuditStore.InsertAsync(c, tx, audit with { IssueId = issueId }, now, cancellationToken);
            }

            return true;
        }, cancellationToken);

    /// <summary>
    /// Removes a trash entry for good. Returns the files it held that nothing else (no published issue, no other trash
    /// entry, no job waiting to run) refers to, for the caller to delete; null when there was no such entry.
    /// </summary>
    public Task<IReadOnlyList<string>?> PurgeAsync(long issueId, AuditEntry? audit = null, CancellationToken cancellationToken = default) =>
        db.WriteAsync(async (c, tx) =>
        {
            var now = db.Now();
            var files = await Trash.PurgeAsync(c, tx, issueId, cancellationToken);
            if (files is not null && audit is not null)
            {
                await AuditStore.InsertAsync(c, tx, audit with { IssueId = issueId }, now, cancellationToken);
            }

            return files;
        }, cancellationToken);

    /// <summary>The ids of trash entries whose time is up.</summary>
    public async Task<IReadOnlyList<long>> ExpiredTrashAsync(CancellationToken cancellationToken = default)
    {
        await using var c = await db.OpenReadAsync(cancellationToken);
        return (await c.QueryAsync<long>(Cmd("SELECT issue_id FROM trash WHERE expires_at <= @Now ORDER BY issue_id", new { Now = db.Now() }, null, cancellationToken))).AsList();
    }

    /// <summary>
    /// Every file the archive refers to: the images and originals of published issues, the files kept in the trash, and
    /// the originals of jobs that have not finished. A file outside this set (and not being written) is a leftover.
    /// </summary>
    public async Task<ReferencedFiles> ReferencedFilesAsync(CancellationToken cancellationToken = default)
    {
        await using var c = await db.OpenReadAsync(cancellationToken);
        await using var tx = c.BeginTransaction(deferred: true);
        var published = (await c.QueryAsync<string>(Cmd(
            """
            SELECT thumbnail_file FROM pages UNION SELECT screen_file FROM pages UNION SELECT zoom_file FROM pages
            UNION SELECT original_file FROM issues
            """, null, tx, cancellationToken))).ToHashSet(StringComparer.Ordinal);
        var trashed = (await c.QueryAsync<(long IssueId, string File)>(Cmd("SELECT issue_id, file FROM trash_files", null, tx, cancellationToken)))
            .GroupBy(r => r.File, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<long>)g.Select(r => r.IssueId).ToList(), StringComparer.Ordinal);
        var pending = (await c.QueryAsync<string>(Cmd("SELECT DISTINCT sha256 FROM jobs WHERE state IN ('queued', 'running')", null, tx, cancellationToken)))
            .ToHashSet(StringComparer.Ordinal);
        return new ReferencedFiles(published, trashed, pending);
    }

    internal static CommandDefinition Cmd(string sql, object? args, IDbTransaction? tx, CancellationToken ct) =>
        new(sql, args, tx, cancellationToken: ct);

    private static (int Page, int PageSize) ClampPaging(int page, int pageSize) =>
        (Math.Max(1, page), Math.Clamp(pageSize, 1, MaxPageSize));

    private static void Validate(IssueContent issue)
    {
        ArgumentNullException.ThrowIfNull(issue);
        ArgumentException.ThrowIfNullOrWhiteSpace(issue.Paper, nameof(issue));
        ArgumentException.ThrowIfNullOrWhiteSpace(issue.OriginalFile, nameof(issue));
        if (issue.Sha256.Length != 64 || !issue.Sha256.All(char.IsAsciiHexDigitLower))
        {
            throw new ArgumentException("Sha256 must be 64 lower-case hex digits.", nameof(issue));
        }

        if (issue.Pages.Count == 0)
        {
            throw new ArgumentException("An issue needs at least one page.", nameof(issue));
        }

        if (issue.Pages.Select(p => p.Number).Distinct().Count() != issue.Pages.Count)
        {
            throw new ArgumentException("Page numbers must be unique.", nameof(issue));
        }

        foreach (var article in issue.Pages.SelectMany(p => p.Articles))
        {
            if (!Enum.IsDefined(article.Kind) || article.Rects.Any(r => !double.IsFinite(r.X) || !double.IsFinite(r.Y) || !double.IsFinite(r.Width) || !double.IsFinite(r.Height)))
            {
                throw new ArgumentException("Article kind undefined or rect not finite.", nameof(issue));
            }
        }
    }

    private static async Task<long> InsertPageAsync(SqliteConnection c, SqliteTransaction tx, long issueId, PageContent page, CancellationToken ct) =>
        await c.ExecuteScalarAsync<long>(Cmd(
            """
            INSERT INTO pages (issue_id, number, label, name, width_pt, height_pt, thumbnail_file, thumbnail_width,
                               screen_file, screen_width, zoom_file, zoom_width, text)
            VALUES (@IssueId, @Number, @Label, @Name, @WidthPt, @HeightPt, @Thumbnail, @ThumbnailWidth,
                    @Screen, @ScreenWidth, @Zoom, @ZoomWidth, @Text)
            RETURNING id
            """,
            new
            {
                IssueId = issueId, page.Number, page.Label, page.Name, page.WidthPt, page.HeightPt,
                page.Images.Thumbnail, page.Images.ThumbnailWidth, page.Images.Screen, page.Images.ScreenWidth,
                page.Images.Zoom, page.Images.ZoomWidth, page.Text,
            }, tx, ct));

    internal static async Task IndexArticleAsync(
        SqliteConnection c, SqliteTransaction tx, long id, string? kicker, string? title, string? subtitle, string? byline,
        IEnumerable<string> body, IEnumerable<string> captions, CancellationToken ct) =>
        (await c.ExecuteAsync(Cmd("INSERT INTO article_fts (rowid, title, deck, body) VALUES (@Id, @Title, @Deck, @Body)",
            new
            {
                Id = id,
                Title = CjkSearchText.ToIndexText(title),
                Deck = CjkSearchText.ToIndexText([kicker, subtitle, byline]),
                Body = CjkSearchText.ToIndexText(body.Concat(captions)),
            }, tx, ct))).ExpectRows(1, "index article");

    /// <summary>
    /// Rebuilds the search index from the stored articles when it was built by another version of the segmentation
    /// (<see cref="CjkSearchText.IndexVersion"/>), in one transaction. Returns the number of articles indexed, or null
    /// when the index was up to date.
    /// </summary>
    public Task<int?> EnsureSearchIndexAsync(CancellationToken cancellationToken = default) =>
        db.WriteAsync<int?>(async (c, tx) =>
        {
            var version = await c.ExecuteScalarAsync<int>(Cmd("SELECT version FROM search_index WHERE id = 1", null, tx, cancellationToken));
            if (version == CjkSearchText.IndexVersion)
            {
                return null;
            }

            await c.ExecuteAsync(Cmd("DELETE FROM article_fts", null, tx, cancellationToken));
            var rows = await c.QueryAsync<ArticleRow>(Cmd(
                "SELECT id AS Id, kind AS Kind, kicker AS Kicker, title AS Title, subtitle AS Subtitle, byline AS Byline, body AS Body, captions AS Captions FROM articles",
                null, tx, cancellationToken));
            var indexed = 0;
            foreach (var row in rows.Where(r => !NotSearchable.Contains(ParseKind(r.Kind))))
            {
                await IndexArticleAsync(c, tx, row.Id, row.Kicker, row.Title, row.Subtitle, row.Byline,
                    StringsFromJson(row.Body), StringsFromJson(row.Captions), cancellationToken);
                indexed++;
            }

            await c.ExecuteAsync(Cmd("UPDATE search_index SET version = @Version WHERE id = 1", new { Version = CjkSearchText.IndexVersion }, tx, cancellationToken));
            return indexed;
        }, cancellationToken);

    private static async Task<long> InsertArticleAsync(SqliteConnection c, SqliteTransaction tx, long issueId, long pageId, int index, ArticleContent article, CancellationToken ct)
    {
        var id = await c.ExecuteScalarAsync<long>(Cmd(
            """
            INSERT INTO articles (page_id, issue_id, idx, kind, kicker, title, subtitle, byline, body, captions, rects)
            VALUES (@PageId, @IssueId, @Index, @Kind, @Kicker, @Title, @Subtitle, @Byline, @Body, @Captions, @Rects)
            RETURNING id
            """,
            new
            {
                PageId = pageId, IssueId = issueId, Index = index, Kind = article.Kind.ToString().ToLowerInvariant(),
                article.Kicker, article.Title, article.Subtitle, article.Byline,
                Body = JsonSerializer.Serialize(article.Body, Json),
                Captions = JsonSerializer.Serialize(article.Captions, Json),
                Rects = RectsToJson(article.Rects),
            }, tx, ct));

        var box = article.Rects.Where(r => !r.IsEmpty).Aggregate(default(NormRect), (acc, r) => acc.Union(r));
        if (!box.IsEmpty)
        {
            (await c.ExecuteAsync(Cmd("INSERT INTO article_bbox (id, min_x, max_x, min_y, max_y) VALUES (@Id, @MinX, @MaxX, @MinY, @MaxY)",
                new { Id = id, MinX = box.X, MaxX = box.Right, MinY = box.Y, MaxY = box.Bottom }, tx, ct))).ExpectRows(1, "insert bbox");
        }

        if (!NotSearchable.Contains(article.Kind))
        {
            await IndexArticleAsync(c, tx, id, article.Kicker, article.Title, article.Subtitle, article.Byline, article.Body, article.Captions, ct);
        }

        return id;
    }

    private static async Task ResolveContinuationsAsync(SqliteConnection c, SqliteTransaction tx, IssueContent issue, Dictionary<ArticlePartRef, long> ids, CancellationToken ct)
    {
        foreach (var page in issue.Pages)
        {
            for (var index = 0; index < page.Articles.Count; index++)
            {
                var article = page.Articles[index];
                if (article.ContinuedFrom is null && article.ContinuedOn is null)
                {
                    continue;
                }

                (await c.ExecuteAsync(Cmd("UPDATE articles SET continued_from_id = @From, continued_on_id = @On WHERE id = @Id",
                    new
                    {
                        Id = ids[new ArticlePartRef(page.Number, index)],
                        From = Resolve(article.ContinuedFrom, page.Number, index),
                        On = Resolve(article.ContinuedOn, page.Number, index),
                    }, tx, ct))).ExpectRows(1, "link continuation");
            }
        }

        long? Resolve(ArticlePartRef? target, int pageNumber, int index) => target switch
        {
            null => null,
            { } t when ids.TryGetValue(t, out var id) => id,
            { } t => throw new InvalidOperationException($"Page {pageNumber} article {index} continues to/from page {t.PageNumber} article {t.Index}, which does not exist."),
        };
    }

    internal static async Task<IReadOnlyList<string>> FilesOfIssueAsync(SqliteConnection c, SqliteTransaction tx, long issueId, CancellationToken ct)
    {
        var files = await c.QueryAsync<string>(Cmd(
            """
            SELECT original_file FROM issues WHERE id = @Id
            UNION SELECT thumbnail_file FROM pages WHERE issue_id = @Id
            UNION SELECT screen_file FROM pages WHERE issue_id = @Id
            UNION SELECT zoom_file FROM pages WHERE issue_id = @Id
            """, new { Id = issueId }, tx, ct));
        return files.AsList();
    }

    /// <summary>Those of <paramref name="files"/> that no issue or page refers to (run after the delete/insert, inside the transaction).</summary>
    internal static async Task<IReadOnlyList<string>> UnusedFilesAsync(SqliteConnection c, SqliteTransaction tx, IReadOnlyList<string> files, CancellationToken ct)
    {
        if (files.Count == 0)
        {
            return [];
        }

        var unused = await c.QueryAsync<string>(Cmd(
            """
            SELECT f.value FROM json_each(@Files) f
            WHERE NOT EXISTS (SELECT 1 FROM issues WHERE original_file = f.value)
              AND NOT EXISTS (SELECT 1 FROM pages WHERE f.value IN (thumbnail_file, screen_file, zoom_file))
            ORDER BY f.value
            """, new { Files = JsonSerializer.Serialize(files, Json) }, tx, ct));
        return unused.AsList();
    }

    internal static string RectsToJson(IReadOnlyList<NormRect> rects) =>
        JsonSerializer.Serialize(rects.Select(r => new[] { r.X, r.Y, r.Width, r.Height }), Json);

    internal static IReadOnlyList<NormRect> RectsFromJson(string? json) =>
        string.IsNullOrEmpty(json) ? [] :
        (JsonSerializer.Deserialize<double[][]>(json, Json) ?? []).Select(a => new NormRect(a[0], a[1], a[2], a[3])).ToList();

    internal static IReadOnlyList<string> StringsFromJson(string? json) =>
        string.IsNullOrEmpty(json) ? [] : JsonSerializer.Deserialize<List<string>>(json, Json) ?? [];

    internal static RegionKind ParseKind(string kind) => Enum.Parse<RegionKind>(kind, ignoreCase: true);

    private sealed class PageRow
    {
        public long Id { get; set; }
        public long IssueId { get; set; }
        public int Number { get; set; }
        public string? Label { get; set; }
        public string? Name { get; set; }
        public double WidthPt { get; set; }
        public double HeightPt { get; set; }
        public string ThumbnailFile { get; set; } = "";
        public int ThumbnailWidth { get; set; }
        public string ScreenFile { get; set; } = "";
        public int ScreenWidth { get; set; }
        public string ZoomFile { get; set; } = "";
        public int ZoomWidth { get; set; }
        public string Text { get; set; } = "";

        public PageSummary ToSummary() => new(Id, Number, Label, Name, WidthPt, HeightPt,
            new PageImages(ThumbnailFile, ScreenFile, ZoomFile, ThumbnailWidth, ScreenWidth, ZoomWidth));
    }

    private sealed class ArticleRow
    {
        public long Id { get; set; }
        public long IssueId { get; set; }
        public DateOnly Date { get; set; }
        public long PageId { get; set; }
        public int PageNumber { get; set; }
        public int Idx { get; set; }
        public string Kind { get; set; } = "";
        public string? Kicker { get; set; }
        public string? Title { get; set; }
        public string? Subtitle { get; set; }
        public string? Byline { get; set; }
        public string? Body { get; set; }
        public string? Captions { get; set; }
        public string? Rects { get; set; }
        public long? ContinuedFromId { get; set; }
        public int? ContinuedFromPage { get; set; }
        public long? ContinuedOnId { get; set; }
        public int? ContinuedOnPage { get; set; }

        public ArticleSummary ToSummary() => new(Id, Idx, ParseKind(Kind), Title, RectsFromJson(Rects));

        public ArticleDetail ToDetail() => new()
        {
            Id = Id, IssueId = IssueId, Date = Date, PageId = PageId, PageNumber = PageNumber, Index = Idx, Kind = ParseKind(Kind),
            Kicker = Kicker, Title = Title, Subtitle = Subtitle, Byline = Byline,
            Body = StringsFromJson(Body), Captions = StringsFromJson(Captions), Rects = RectsFromJson(Rects),
            ContinuedFromId = ContinuedFromId, ContinuedFromPage = ContinuedFromPage, ContinuedOnId = ContinuedOnId, ContinuedOnPage = ContinuedOnPage,
        };
    }

    private sealed class SearchRow
    {
        public long ArticleId { get; set; }
        public long IssueId { get; set; }
        public DateOnly Date { get; set; }
        public int PageNumber { get; set; }
        public string? Title { get; set; }
        public string? Body { get; set; }
        public string? Captions { get; set; }

        /// <summary>From the body (and captions) if a term occurs there, else from the title.</summary>
        public string MakeSnippet(IReadOnlyList<string> terms)
        {
            var text = string.Join(" ", StringsFromJson(Body).Concat(StringsFromJson(Captions)));
            return CjkSearchText.ContainsAny(text, terms) || !CjkSearchText.ContainsAny(Title, terms)
                ? CjkSearchText.Snippet(text, terms)
                : CjkSearchText.Snippet(Title, terms);
        }
    }
}
