using System.Text.Json;
using Dapper;
using Microsoft.Data.Sqlite;
using XuhuiEpaper.Core.Editing;
using XuhuiEpaper.Core.Model;

namespace XuhuiEpaper.Storage;

/// <summary>Publishing: a whole issue from the ingest, in one transaction, replacing the issue its PDF made before.</summary>
public sealed class PublishStore(EpaperDatabase db)
{
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
            var paperId = await c.ExecuteScalarAsync<long>(Sql.Cmd(
                """
                INSERT INTO papers (name, created_at) VALUES (@Paper, @Now)
                ON CONFLICT (name) DO UPDATE SET name = excluded.name
                RETURNING id
                """, new { issue.Paper, Now = now }, tx, cancellationToken));

            var date = DapperConfig.FormatDate(issue.Date);
            var others = (await c.QueryAsync<(long Id, string Sha256, bool Draft)>(Sql.Cmd(
                "SELECT id, sha256, draft FROM issues WHERE (paper_id = @PaperId AND date = @Date) OR sha256 = @Sha256 ORDER BY id",
                new { PaperId = paperId, Date = date, issue.Sha256 }, tx, cancellationToken))).AsList();
            if (!options.Replace && others.FirstOrDefault(o => o.Sha256 != issue.Sha256) is { Id: > 0 } taken)
            {
                throw new IssueConflictException(taken.Id, issue.Paper, issue.Date);
            }

            var oldFiles = new List<string>();
            var trashed = new List<long>();
            var predecessors = new List<(long Id, IReadOnlyList<Successors.OldArticle> Articles)>();
            var oldPages = new List<ArticleNumbers.OldPage>();
            var kept = new Dictionary<int, KeptPage>();
            foreach (var old in others)
            {
                predecessors.Add((old.Id, await Successors.ReadAsync(c, tx, old.Id, cancellationToken)));
                oldPages.AddRange(await ArticleNumbers.ReadPagesAsync(c, tx, old.Id, cancellationToken));
                if (old.Sha256 == issue.Sha256)
                {
                    // The same PDF made anew: its old rows go, its files too unless the new issue uses them.
                    oldFiles.AddRange(await IssueFiles.OfIssueAsync(c, tx, old.Id, cancellationToken));
                    foreach (var page in await EditedPagesAsync(c, tx, old.Id, cancellationToken))
                    {
                        kept[page.Number] = page;
                    }

                    (await c.ExecuteAsync(Sql.Cmd("DELETE FROM issues WHERE id = @Id", new { Id = old.Id }, tx, cancellationToken))).ExpectRows(1, "delete replaced issue");
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

            // The same PDF made anew keeps its issue's state (a published issue stays published); a new issue is a draft when asked.
            var draft = others.FirstOrDefault(o => o.Sha256 == issue.Sha256) is { Id: > 0 } same ? same.Draft : options.Draft;
            var issueId = await c.ExecuteScalarAsync<long>(Sql.Cmd(
                """
                INSERT INTO issues (paper_id, date, number, total_number, sha256, original_file, page_count, created_at, published_at, draft)
                VALUES (@PaperId, @Date, @Number, @TotalNumber, @Sha256, @OriginalFile, @PageCount, @Now, @Now, @Draft)
                RETURNING id
                """,
                new { PaperId = paperId, Date = date, issue.Number, issue.TotalNumber, issue.Sha256, issue.OriginalFile, PageCount = issue.Pages.Count, Now = now, Draft = draft },
                tx, cancellationToken));

            // Readable addresses: a page keeps the segment and the article numbers its predecessor had (permanent links).
            var previousAddresses = new Dictionary<int, string>();
            foreach (var old in oldPages.Where(p => p.Address is not null))
            {
                previousAddresses.TryAdd(old.Number, old.Address!);
            }

            var addresses = PageAddresses.Assign(issue.Pages.Select(p => (p.Number, p.Label)).ToList(), previousAddresses);
            var articleIds = new Dictionary<ArticlePartRef, long>();
            foreach (var page in issue.Pages)
            {
                var keptPage = kept.GetValueOrDefault(page.Number);
                var layout = keptPage?.Layout ?? JsonSerializer.Serialize(PageLayoutDoc.FromFinder(page.Articles), Sql.Json);
                var lastNumber = oldPages.Where(p => p.Number == page.Number).Select(p => p.LastArticleNumber).DefaultIfEmpty(0).Max();
                var pageId = await InsertPageAsync(c, tx, issueId, page, addresses[page.Number], lastNumber, layout, cancellationToken);
                if (keptPage is not null)
                {
                    await KeepEditsAsync(c, tx, issueId, pageId, keptPage, cancellationToken);
                    continue;
                }

                for (var index = 0; index < page.Articles.Count; index++)
                {
                    articleIds[new ArticlePartRef(page.Number, index)] =
                        await InsertArticleAsync(c, tx, issueId, pageId, index, page.Articles[index], cancellationToken);
                }
            }

            await ResolveContinuationsAsync(c, tx, issue, articleIds, kept.Keys.ToHashSet(), cancellationToken);
            foreach (var (oldId, oldArticles) in predecessors)
            {
                // Old links to the replaced issue and its articles lead here (permanent links).
                await Successors.RecordAsync(c, tx, oldId, oldArticles, issueId, now, cancellationToken);
            }

            // After the successors took their predecessors' numbers: the other articles get new ones.
            await ArticleNumbers.NumberIssueAsync(c, tx, issueId, cancellationToken);

            if (kept.Count > 0)
            {
                var refreshed = issue.Pages.Select(p => p.Number).Where(n => !kept.ContainsKey(n)).ToList();
                await AuditStore.InsertAsync(c, tx, new AuditEntry("reingest", issueId, options.Claim?.JobId, options.Client,
                    $"kept the archivists' edits of page(s) {string.Join(", ", kept.Keys.Order())}; refreshed page(s) {(refreshed.Count == 0 ? "none" : string.Join(", ", refreshed))} from the finder"),
                    now, cancellationToken);
            }

            var obsolete = oldFiles.Count == 0 ? [] : await IssueFiles.UnusedAsync(c, tx, oldFiles.Distinct().ToList(), cancellationToken);
            if (options.Claim is { } claim)
            {
                await JobStore.SucceedAsync(c, tx, claim, issueId, now, cancellationToken);
            }

            if (options.TileImages.Count > 0)
            {
                await TileTaskStore.EnqueueAsync(c, tx, options.TileImages, now, cancellationToken);
            }

            if (options.BeforeCommit is { } beforeCommit)
            {
                await beforeCommit(cancellationToken);
            }

            return new PublishResult(issueId, others.Count > 0 ? others[0].Id : null, obsolete, trashed) { KeptEditedPages = kept.Keys.Order().ToList() };
        }, cancellationToken);
    }


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
    /// <summary>A page of the issue being replaced that archivists edited: its finder layout and its edit log, kept over a re-analysis.</summary>
    private sealed record KeptPage(int Number, string Layout, IReadOnlyList<KeptEdit> Edits);

    private sealed record KeptEdit(long Id, string At, string Editor, string Action, string Edit, string Summary, string? UndoneAt, string? UndoneBy);

    private static async Task<IReadOnlyList<KeptPage>> EditedPagesAsync(SqliteConnection c, SqliteTransaction tx, long issueId, CancellationToken ct)
    {
        var pages = await c.QueryAsync<(long Id, int Number, string Layout)>(Sql.Cmd(
            """
            SELECT p.id, p.number, p.layout FROM pages p
            WHERE p.issue_id = @Id AND p.layout IS NOT NULL
              AND EXISTS (SELECT 1 FROM region_edits e WHERE e.page_id = p.id AND e.undone_at IS NULL)
            """, new { Id = issueId }, tx, ct));
        var kept = new List<KeptPage>();
        foreach (var page in pages)
        {
            var edits = await c.QueryAsync<KeptEdit>(Sql.Cmd(
                """
                SELECT id AS Id, at AS At, editor AS Editor, action AS Action, edit AS Edit, summary AS Summary, undone_at AS UndoneAt, undone_by AS UndoneBy
                FROM region_edits WHERE page_id = @Id ORDER BY id
                """, new { page.Id }, tx, ct));
            kept.Add(new KeptPage(page.Number, page.Layout, edits.AsList()));
        }

        return kept;
    }

    /// <summary>
    /// The kept page's edit log under the new page (new ids, so the keys of regions edits made, e{id}, are renamed in
    /// the later edits that name them), and its articles as the finder's layout plus those edits give them.
    /// </summary>
    private static async Task KeepEditsAsync(SqliteConnection c, SqliteTransaction tx, long issueId, long pageId, KeptPage page, CancellationToken ct)
    {
        var renamed = new Dictionary<string, string>(StringComparer.Ordinal);
        string? Rename(string? key) => key is not null && renamed.TryGetValue(key, out var to) ? to : key;
        foreach (var e in page.Edits)
        {
            var edit = JsonSerializer.Deserialize<RegionEdit>(e.Edit, Sql.Json) ?? new RegionEdit();
            edit = edit with { Region = Rename(edit.Region), To = Rename(edit.To), Regions = edit.Regions?.Select(k => Rename(k)!).ToList() };
            var id = await c.ExecuteScalarAsync<long>(Sql.Cmd(
                """
                INSERT INTO region_edits (page_id, at, editor, action, edit, summary, undone_at, undone_by)
                VALUES (@PageId, @At, @Editor, @Action, @Edit, @Summary, @UndoneAt, @UndoneBy) RETURNING id
                """, new { PageId = pageId, e.At, e.Editor, e.Action, Edit = JsonSerializer.Serialize(edit, Sql.Json), e.Summary, e.UndoneAt, e.UndoneBy }, tx, ct));
            renamed[$"e{e.Id}"] = $"e{id}";
        }

        var finder = JsonSerializer.Deserialize<PageLayoutDoc>(page.Layout, Sql.Json) ?? throw new InvalidDataException("a kept page has an empty layout");
        var edits = await c.QueryAsync<(long Id, string Edit)>(Sql.Cmd(
            "SELECT id, edit FROM region_edits WHERE page_id = @PageId AND undone_at IS NULL ORDER BY id", new { PageId = pageId }, tx, ct));
        var current = RegionEditor.Replay(finder, edits.Select(e => (e.Id, JsonSerializer.Deserialize<RegionEdit>(e.Edit, Sql.Json)!)));
        await RegionEditStore.WriteRegionsAsync(c, tx, issueId, pageId, current.Regions, ct);
    }

    private static async Task<long> InsertPageAsync(
        SqliteConnection c, SqliteTransaction tx, long issueId, PageContent page, string address, int lastArticleNumber, string layout, CancellationToken ct) =>
        await c.ExecuteScalarAsync<long>(Sql.Cmd(
            """
            INSERT INTO pages (issue_id, number, label, name, width_pt, height_pt, thumbnail_file, thumbnail_width,
                               screen_file, screen_width, zoom_file, zoom_width, text, layout, address, last_article_number)
            VALUES (@IssueId, @Number, @Label, @Name, @WidthPt, @HeightPt, @Thumbnail, @ThumbnailWidth,
                    @Screen, @ScreenWidth, @Zoom, @ZoomWidth, @Text, @Layout, @Address, @LastArticleNumber)
            RETURNING id
            """,
            new
            {
                IssueId = issueId, page.Number, page.Label, page.Name, page.WidthPt, page.HeightPt,
                page.Images.Thumbnail, page.Images.ThumbnailWidth, page.Images.Screen, page.Images.ScreenWidth,
                page.Images.Zoom, page.Images.ZoomWidth, page.Text, Layout = layout, Address = address, LastArticleNumber = lastArticleNumber,
            }, tx, ct));

    private static async Task<long> InsertArticleAsync(SqliteConnection c, SqliteTransaction tx, long issueId, long pageId, int index, ArticleContent article, CancellationToken ct)
    {
        var id = await c.ExecuteScalarAsync<long>(Sql.Cmd(
            """
            INSERT INTO articles (page_id, issue_id, idx, kind, kicker, title, subtitle, byline, body, captions, rects, region_key)
            VALUES (@PageId, @IssueId, @Index, @Kind, @Kicker, @Title, @Subtitle, @Byline, @Body, @Captions, @Rects, @Key)
            RETURNING id
            """,
            new
            {
                PageId = pageId, IssueId = issueId, Index = index, Kind = Sql.KindText(article.Kind),
                article.Kicker, article.Title, article.Subtitle, article.Byline,
                Body = Sql.StringsToJson(article.Body),
                Captions = Sql.StringsToJson(article.Captions),
                Rects = Sql.RectsToJson(article.Rects),
                Key = $"f{index}",
            }, tx, ct));

        if (!SearchStore.NotSearchable.Contains(article.Kind))
        {
            await SearchStore.IndexArticleAsync(c, tx, id, article.Kicker, article.Title, article.Subtitle, article.Byline, article.Body, article.Captions, ct);
        }

        return id;
    }

    private static async Task ResolveContinuationsAsync(SqliteConnection c, SqliteTransaction tx, IssueContent issue, Dictionary<ArticlePartRef, long> ids, HashSet<int> keptPages, CancellationToken ct)
    {
        // A page kept as archivists edited it has other regions than the finder's new ones: links into or out of it go.
        foreach (var page in issue.Pages.Where(p => !keptPages.Contains(p.Number)))
        {
            for (var index = 0; index < page.Articles.Count; index++)
            {
                var article = page.Articles[index];
                if (article.ContinuedFrom is null && article.ContinuedOn is null)
                {
                    continue;
                }

                (await c.ExecuteAsync(Sql.Cmd("UPDATE articles SET continued_from_id = @From, continued_on_id = @On WHERE id = @Id",
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
            { } t when keptPages.Contains(t.PageNumber) => null,
            { } t when ids.TryGetValue(t, out var id) => id,
            { } t => throw new InvalidOperationException($"Page {pageNumber} article {index} continues to/from page {t.PageNumber} article {t.Index}, which does not exist."),
        };
    }
}
