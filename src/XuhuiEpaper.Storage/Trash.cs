using System.Text.Json;
using Dapper;
using Microsoft.Data.Sqlite;

namespace XuhuiEpaper.Storage;

/// <summary>
/// The trash, inside the writer's transactions of the stores (<see cref="TrashStore"/>, <see cref="IssueAdminStore"/>, <see cref="PublishStore"/>). A trashed issue's rows are kept as a JSON
/// snapshot (ids included) and leave the published tables; a restore inserts them again under the same ids, so links to
/// the issue and its articles work again. The files only that issue used are listed in <c>trash_files</c> until the purge.
/// </summary>
internal static class Trash
{
    public const string EntryColumns = """
        SELECT issue_id AS IssueId, paper AS Paper, date AS Date, sha256 AS Sha256, page_count AS PageCount, reason AS Reason,
               deleted_at AS DeletedAt, expires_at AS ExpiresAt
        FROM trash
        """;

    /// <summary>Moves an issue to the trash; returns the files it alone used, or null if there is no such issue.</summary>
    public static async Task<IReadOnlyList<string>?> MoveInAsync(
        SqliteConnection c, SqliteTransaction tx, long issueId, string reason, string now, TimeSpan retention, CancellationToken ct)
    {
        var issue = await c.QuerySingleOrDefaultAsync<IssueSnapshot>(Sql.Cmd(
            """
            SELECT i.id AS Id, p.name AS Paper, i.date AS Date, i.number AS Number, i.total_number AS TotalNumber, i.sha256 AS Sha256,
                   i.original_file AS OriginalFile, i.page_count AS PageCount, i.created_at AS CreatedAt, i.published_at AS PublishedAt,
                   i.draft AS Draft
            FROM issues i JOIN papers p ON p.id = i.paper_id WHERE i.id = @Id
            """, new { Id = issueId }, tx, ct));
        if (issue is null)
        {
            return null;
        }

        var pages = await c.QueryAsync<PageRow>(Sql.Cmd(
            """
            SELECT id AS Id, issue_id AS IssueId, number AS Number, label AS Label, name AS Name, width_pt AS WidthPt, height_pt AS HeightPt,
                   thumbnail_file AS ThumbnailFile, thumbnail_width AS ThumbnailWidth, screen_file AS ScreenFile, screen_width AS ScreenWidth,
                   zoom_file AS ZoomFile, zoom_width AS ZoomWidth, text AS Text, layout AS Layout,
                   address AS Address, last_article_number AS LastArticleNumber
            FROM pages WHERE issue_id = @Id ORDER BY number
            """, new { Id = issueId }, tx, ct));
        var articles = await c.QueryAsync<ArticleSnapshot>(Sql.Cmd(
            """
            SELECT id AS Id, page_id AS PageId, idx AS Idx, kind AS Kind, kicker AS Kicker, title AS Title, subtitle AS Subtitle, byline AS Byline,
                   body AS Body, captions AS Captions, rects AS Rects, continued_from_id AS ContinuedFromId, continued_on_id AS ContinuedOnId,
                   region_key AS RegionKey, number AS Number
            FROM articles WHERE issue_id = @Id ORDER BY id
            """, new { Id = issueId }, tx, ct));
        var edits = await c.QueryAsync<EditSnapshot>(Sql.Cmd(
            """
            SELECT e.id AS Id, e.page_id AS PageId, e.at AS At, e.editor AS Editor, e.action AS Action, e.edit AS Edit, e.summary AS Summary,
                   e.undone_at AS UndoneAt, e.undone_by AS UndoneBy
            FROM region_edits e JOIN pages p ON p.id = e.page_id WHERE p.issue_id = @Id ORDER BY e.id
            """, new { Id = issueId }, tx, ct));
        var snapshot = JsonSerializer.Serialize(new Snapshot(issue, pages.AsList(), articles.AsList(), edits.AsList()), Sql.Json);

        var files = await IssueFiles.OfIssueAsync(c, tx, issueId, ct);
        (await c.ExecuteAsync(Sql.Cmd("DELETE FROM issues WHERE id = @Id", new { Id = issueId }, tx, ct))).ExpectRows(1, "trash issue");
        var unused = await IssueFiles.UnusedAsync(c, tx, files, ct);
        (await c.ExecuteAsync(Sql.Cmd(
            """
            INSERT INTO trash (issue_id, paper, date, sha256, page_count, snapshot, reason, deleted_at, expires_at)
            VALUES (@Id, @Paper, @Date, @Sha256, @PageCount, @Snapshot, @Reason, @Now, @Expires)
            """,
            new
            {
                issue.Id, issue.Paper, issue.Date, issue.Sha256, issue.PageCount, Snapshot = snapshot, Reason = reason, Now = now,
                Expires = DapperConfig.FormatTimestamp(DapperConfig.ParseTimestamp(now) + retention),
            }, tx, ct))).ExpectRows(1, "insert trash");
        foreach (var file in unused)
        {
            await c.ExecuteAsync(Sql.Cmd("INSERT INTO trash_files (issue_id, file) VALUES (@Id, @File)", new { Id = issueId, File = file }, tx, ct));
        }

        return unused;
    }

    /// <summary>Publishes a trash entry again under its own ids; false when there is no such entry.</summary>
    public static async Task<bool> RestoreAsync(SqliteConnection c, SqliteTransaction tx, long issueId, CancellationToken ct)
    {
        var json = await c.QuerySingleOrDefaultAsync<string>(Sql.Cmd("SELECT snapshot FROM trash WHERE issue_id = @Id", new { Id = issueId }, tx, ct));
        if (json is null)
        {
            return false;
        }

        var snapshot = JsonSerializer.Deserialize<Snapshot>(json, Sql.Json) ?? throw new InvalidDataException($"trash entry {issueId} has no snapshot");
        var issue = snapshot.Issue;
        var paperId = await c.ExecuteScalarAsync<long>(Sql.Cmd(
            """
            INSERT INTO papers (name, created_at) VALUES (@Paper, @Now)
            ON CONFLICT (name) DO UPDATE SET name = excluded.name
            RETURNING id
            """, new { issue.Paper, Now = issue.CreatedAt }, tx, ct));
        var taken = await c.QueryFirstOrDefaultAsync<long?>(Sql.Cmd(
            "SELECT id FROM issues WHERE (paper_id = @PaperId AND date = @Date) OR sha256 = @Sha256 ORDER BY id LIMIT 1",
            new { PaperId = paperId, issue.Date, issue.Sha256 }, tx, ct));
        if (taken is { } other)
        {
            throw new IssueConflictException(
                $"issue {other} now holds {issue.Paper} of {issue.Date} or the same PDF; delete it (or edit its date) before restoring issue {issue.Id}");
        }

        (await c.ExecuteAsync(Sql.Cmd(
            """
            INSERT INTO issues (id, paper_id, date, number, total_number, sha256, original_file, page_count, created_at, published_at, draft)
            VALUES (@Id, @PaperId, @Date, @Number, @TotalNumber, @Sha256, @OriginalFile, @PageCount, @CreatedAt, @PublishedAt, @Draft)
            """,
            new { issue.Id, PaperId = paperId, issue.Date, issue.Number, issue.TotalNumber, issue.Sha256, issue.OriginalFile, issue.PageCount, issue.CreatedAt, issue.PublishedAt, issue.Draft },
            tx, ct))).ExpectRows(1, "restore issue");
        // Snapshots from before readable addresses have none: the pages take them as a new issue would.
        var addresses = snapshot.Pages.All(p => p.Address is not null)
            ? snapshot.Pages.ToDictionary(p => p.Number, p => p.Address!)
            : Core.Model.PageAddresses.Assign(snapshot.Pages.Select(p => (p.Number, p.Label)).ToList());
        foreach (var page in snapshot.Pages)
        {
            (await c.ExecuteAsync(Sql.Cmd(
                """
                INSERT INTO pages (id, issue_id, number, label, name, width_pt, height_pt, thumbnail_file, thumbnail_width,
                                   screen_file, screen_width, zoom_file, zoom_width, text, layout, address, last_article_number)
                VALUES (@Id, @IssueId, @Number, @Label, @Name, @WidthPt, @HeightPt, @ThumbnailFile, @ThumbnailWidth,
                        @ScreenFile, @ScreenWidth, @ZoomFile, @ZoomWidth, @Text, @Layout, @Address, @LastArticleNumber)
                """,
                new
                {
                    page.Id, IssueId = issue.Id, page.Number, page.Label, page.Name, page.WidthPt, page.HeightPt, page.ThumbnailFile, page.ThumbnailWidth,
                    page.ScreenFile, page.ScreenWidth, page.ZoomFile, page.ZoomWidth, page.Text, page.Layout, Address = addresses[page.Number], page.LastArticleNumber,
                }, tx, ct))).ExpectRows(1, "restore page");
        }

        foreach (var a in snapshot.Articles)
        {
            (await c.ExecuteAsync(Sql.Cmd(
                """
                INSERT INTO articles (id, page_id, issue_id, idx, kind, kicker, title, subtitle, byline, body, captions, rects, region_key, number)
                VALUES (@Id, @PageId, @IssueId, @Idx, @Kind, @Kicker, @Title, @Subtitle, @Byline, @Body, @Captions, @Rects, @RegionKey, @Number)
                """,
                new { a.Id, a.PageId, IssueId = issue.Id, a.Idx, a.Kind, a.Kicker, a.Title, a.Subtitle, a.Byline, a.Body, a.Captions, a.Rects, a.RegionKey, a.Number }, tx, ct))).ExpectRows(1, "restore article");
            if (!SearchStore.NotSearchable.Contains(Sql.ParseKind(a.Kind)))
            {
                await SearchStore.IndexArticleAsync(c, tx, a.Id, a.Kicker, a.Title, a.Subtitle, a.Byline,
                    Sql.StringsFromJson(a.Body), Sql.StringsFromJson(a.Captions), ct);
            }
        }

        foreach (var e in snapshot.Edits ?? [])
        {
            (await c.ExecuteAsync(Sql.Cmd(
                """
                INSERT INTO region_edits (id, page_id, at, editor, action, edit, summary, undone_at, undone_by)
                VALUES (@Id, @PageId, @At, @Editor, @Action, @Edit, @Summary, @UndoneAt, @UndoneBy)
                """, e, tx, ct))).ExpectRows(1, "restore edit");
        }

        foreach (var a in snapshot.Articles.Where(a => a.ContinuedFromId is not null || a.ContinuedOnId is not null))
        {
            await c.ExecuteAsync(Sql.Cmd("UPDATE articles SET continued_from_id = @ContinuedFromId, continued_on_id = @ContinuedOnId WHERE id = @Id",
                new { a.Id, a.ContinuedFromId, a.ContinuedOnId }, tx, ct));
        }

        await ArticleNumbers.NumberIssueAsync(c, tx, issue.Id, ct); // articles of snapshots from before article numbers
        (await c.ExecuteAsync(Sql.Cmd("DELETE FROM trash WHERE issue_id = @Id", new { Id = issueId }, tx, ct))).ExpectRows(1, "empty trash entry");
        return true;
    }

    /// <summary>Removes a trash entry; returns its files that nothing else refers to, or null if there was no such entry.</summary>
    public static async Task<IReadOnlyList<string>?> PurgeAsync(SqliteConnection c, SqliteTransaction tx, long issueId, CancellationToken ct)
    {
        var sha = await c.QuerySingleOrDefaultAsync<string>(Sql.Cmd("SELECT sha256 FROM trash WHERE issue_id = @Id", new { Id = issueId }, tx, ct));
        if (sha is null)
        {
            return null;
        }

        var files = (await c.QueryAsync<string>(Sql.Cmd("SELECT file FROM trash_files WHERE issue_id = @Id", new { Id = issueId }, tx, ct))).AsList();
        (await c.ExecuteAsync(Sql.Cmd("DELETE FROM trash WHERE issue_id = @Id", new { Id = issueId }, tx, ct))).ExpectRows(1, "purge trash entry");
        var unused = await IssueFiles.UnusedAsync(c, tx, files, ct);
        var kept = (await c.QueryAsync<string>(Sql.Cmd(
            """
            SELECT f.value FROM json_each(@Files) f
            WHERE EXISTS (SELECT 1 FROM trash_files t WHERE t.file = f.value)
               OR EXISTS (SELECT 1 FROM jobs j WHERE j.state IN ('queued', 'running') AND f.value = 'originals/' || j.sha256 || '.pdf')
            """, new { Files = JsonSerializer.Serialize(unused, Sql.Json) }, tx, ct))).ToHashSet(StringComparer.Ordinal);
        return unused.Where(f => !kept.Contains(f)).ToList();
    }

    private sealed record Snapshot(IssueSnapshot Issue, IReadOnlyList<PageRow> Pages, IReadOnlyList<ArticleSnapshot> Articles, IReadOnlyList<EditSnapshot>? Edits);

    private sealed class EditSnapshot
    {
        public long Id { get; set; }
        public long PageId { get; set; }
        public string At { get; set; } = "";
        public string Editor { get; set; } = "";
        public string Action { get; set; } = "";
        public string Edit { get; set; } = "";
        public string Summary { get; set; } = "";
        public string? UndoneAt { get; set; }
        public string? UndoneBy { get; set; }
    }

    private sealed class IssueSnapshot
    {
        public long Id { get; set; }
        public string Paper { get; set; } = "";
        public string Date { get; set; } = "";
        public int? Number { get; set; }
        public int? TotalNumber { get; set; }
        public string Sha256 { get; set; } = "";
        public string OriginalFile { get; set; } = "";
        public int PageCount { get; set; }
        public string CreatedAt { get; set; } = "";
        public string PublishedAt { get; set; } = "";

        /// <summary>A draft comes back a draft (snapshots from before drafts existed have none: published).</summary>
        public bool Draft { get; set; }
    }

    private sealed class ArticleSnapshot
    {
        public long Id { get; set; }
        public long PageId { get; set; }
        public int Idx { get; set; }
        public string Kind { get; set; } = "";
        public string? Kicker { get; set; }
        public string? Title { get; set; }
        public string? Subtitle { get; set; }
        public string? Byline { get; set; }
        public string Body { get; set; } = "[]";
        public string Captions { get; set; } = "[]";
        public string Rects { get; set; } = "[]";
        public long? ContinuedFromId { get; set; }
        public long? ContinuedOnId { get; set; }
        public string? RegionKey { get; set; }
        public int? Number { get; set; }
    }
}
