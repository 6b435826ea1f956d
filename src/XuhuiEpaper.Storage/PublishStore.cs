using Dapper;
using Microsoft.Data.Sqlite;
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
            var others = (await c.QueryAsync<(long Id, string Sha256)>(Sql.Cmd(
                "SELECT id, sha256 FROM issues WHERE (paper_id = @PaperId AND date = @Date) OR sha256 = @Sha256 ORDER BY id",
                new { PaperId = paperId, Date = date, issue.Sha256 }, tx, cancellationToken))).AsList();
            if (!options.Replace && others.FirstOrDefault(o => o.Sha256 != issue.Sha256) is { Id: > 0 } taken)
            {
                throw new IssueConflictException(taken.Id, issue.Paper, issue.Date);
            }

            var oldFiles = new List<string>();
            var trashed = new List<long>();
            foreach (var old in others)
            {
                if (old.Sha256 == issue.Sha256)
                {
                    // The same PDF made anew: its old rows go, its files too unless the new issue uses them.
                    oldFiles.AddRange(await IssueFiles.OfIssueAsync(c, tx, old.Id, cancellationToken));
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

            var issueId = await c.ExecuteScalarAsync<long>(Sql.Cmd(
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
            var obsolete = oldFiles.Count == 0 ? [] : await IssueFiles.UnusedAsync(c, tx, oldFiles.Distinct().ToList(), cancellationToken);
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
        await c.ExecuteScalarAsync<long>(Sql.Cmd(
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
    private static async Task<long> InsertArticleAsync(SqliteConnection c, SqliteTransaction tx, long issueId, long pageId, int index, ArticleContent article, CancellationToken ct)
    {
        var id = await c.ExecuteScalarAsync<long>(Sql.Cmd(
            """
            INSERT INTO articles (page_id, issue_id, idx, kind, kicker, title, subtitle, byline, body, captions, rects)
            VALUES (@PageId, @IssueId, @Index, @Kind, @Kicker, @Title, @Subtitle, @Byline, @Body, @Captions, @Rects)
            RETURNING id
            """,
            new
            {
                PageId = pageId, IssueId = issueId, Index = index, Kind = Sql.KindText(article.Kind),
                article.Kicker, article.Title, article.Subtitle, article.Byline,
                Body = Sql.StringsToJson(article.Body),
                Captions = Sql.StringsToJson(article.Captions),
                Rects = Sql.RectsToJson(article.Rects),
            }, tx, ct));

        if (!SearchStore.NotSearchable.Contains(article.Kind))
        {
            await SearchStore.IndexArticleAsync(c, tx, id, article.Kicker, article.Title, article.Subtitle, article.Byline, article.Body, article.Captions, ct);
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
            { } t when ids.TryGetValue(t, out var id) => id,
            { } t => throw new InvalidOperationException($"Page {pageNumber} article {index} continues to/from page {t.PageNumber} article {t.Index}, which does not exist."),
        };
    }
}
