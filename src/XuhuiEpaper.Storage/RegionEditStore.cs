using System.Text.Json;
using Dapper;
using Microsoft.Data.Sqlite;
using XuhuiEpaper.Core.Editing;
using XuhuiEpaper.Core.Model;

namespace XuhuiEpaper.Storage;

/// <summary>One archivist's edit as logged: who, when, what, and whether it was undone (and by whom).</summary>
public sealed record RegionEditRecord(long Id, DateTimeOffset At, string Editor, string Action, string Summary, RegionEdit Edit, DateTimeOffset? UndoneAt, string? UndoneBy)
{
    public bool Active => UndoneAt is null;
}

/// <summary>A page in the editor: the finder's layout, the layout now (edits applied), the edit log and the article id of each region.</summary>
public sealed record PageEditState(
    long IssueId, long PageId, int PageNumber, PageLayoutDoc Finder, PageLayoutDoc Current, IReadOnlyList<RegionEditRecord> Edits,
    IReadOnlyDictionary<string, long> ArticleIds)
{
    public bool Edited => Edits.Any(e => e.Active);
}

/// <summary>The page cannot be edited as asked: <see cref="Exception.Message"/> says why; <see cref="Conflict"/> when the page's state is in the way.</summary>
public sealed class PageEditRefusedException : Exception
{
    public PageEditRefusedException()
    {
    }

    public PageEditRefusedException(string message)
        : base(message)
    {
    }

    public PageEditRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public PageEditRefusedException(string message, bool conflict)
        : base(message) => Conflict = conflict;

    public bool Conflict { get; }
}

/// <summary>
/// The region editor's storage. Edits are kept as edits on top of the finder's output (pages.layout): each change
/// replays the page's active edits onto it and writes the result into the page's articles in the same transaction,
/// updating the rows of regions that stay (their ids, and so links to them, survive), inserting new ones and deleting
/// those gone, and re-indexing the page's text for search.
/// </summary>
public sealed class RegionEditStore(EpaperDatabase db)
{
    public async Task<PageEditState?> GetAsync(long issueId, int pageNumber, CancellationToken cancellationToken = default)
    {
        await using var c = await db.OpenReadAsync(cancellationToken);
        await using var tx = c.BeginTransaction(deferred: true);
        return await LoadAsync(c, tx, issueId, pageNumber, cancellationToken);
    }

    /// <summary>Applies one edit; null when there is no such page. Throws <see cref="PageEditRefusedException"/> when it cannot apply.</summary>
    public Task<PageEditState?> ApplyAsync(long issueId, int pageNumber, RegionEdit edit, string editor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(edit);
        return db.WriteAsync(async (c, tx) =>
        {
            var state = await LoadAsync(c, tx, issueId, pageNumber, cancellationToken);
            if (state is null)
            {
                return null;
            }

            var now = db.Now();
            var id = await c.ExecuteScalarAsync<long>(Sql.Cmd(
                """
                INSERT INTO region_edits (page_id, at, editor, action, edit, summary) VALUES (@PageId, @Now, @Editor, @Action, @Edit, @Summary)
                RETURNING id
                """,
                new { state.PageId, Now = now, Editor = editor, edit.Action, Edit = JsonSerializer.Serialize(edit, Sql.Json), Summary = edit.Describe() }, tx, cancellationToken));
            try
            {
                RegionEditor.Apply(state.Current, edit, $"e{id}");
            }
            catch (RegionEditException ex)
            {
                throw new PageEditRefusedException(ex.Message);
            }

            await AuditStore.InsertAsync(c, tx, new AuditEntry("edit", issueId, null, editor, $"page {pageNumber}: {edit.Describe()}"), now, cancellationToken);
            return await RewriteAsync(c, tx, issueId, pageNumber, cancellationToken);
        }, cancellationToken);
    }

    /// <summary>Undoes one edit of the page (the later ones stay, if they still apply without it).</summary>
    public Task<PageEditState?> UndoAsync(long issueId, int pageNumber, long editId, string editor, CancellationToken cancellationToken = default) =>
        db.WriteAsync(async (c, tx) =>
        {
            var state = await LoadAsync(c, tx, issueId, pageNumber, cancellationToken);
            if (state is null)
            {
                return null;
            }

            var edit = state.Edits.FirstOrDefault(e => e.Id == editId)
                ?? throw new PageEditRefusedException($"page {pageNumber} of issue {issueId} has no edit {editId}");
            if (!edit.Active)
            {
                throw new PageEditRefusedException($"edit {editId} was undone already, at {edit.UndoneAt:yyyy-MM-dd HH:mm} by {edit.UndoneBy}", conflict: true);
            }

            var now = db.Now();
            await c.ExecuteAsync(Sql.Cmd("UPDATE region_edits SET undone_at = @Now, undone_by = @Editor WHERE id = @Id",
                new { Now = now, Editor = editor, Id = editId }, tx, cancellationToken));
            await AuditStore.InsertAsync(c, tx, new AuditEntry("edit", issueId, null, editor, $"page {pageNumber}: undo {edit.Summary}"), now, cancellationToken);
            try
            {
                return await RewriteAsync(c, tx, issueId, pageNumber, cancellationToken);
            }
            catch (PageEditRefusedException ex) when (ex.Conflict)
            {
                throw new PageEditRefusedException($"edit {editId} cannot be undone while a later edit builds on it ({ex.Message}); undo that one first", conflict: true);
            }
        }, cancellationToken);

    /// <summary>Puts the page back to what the finder found: every active edit is marked undone (the log keeps them).</summary>
    public Task<PageEditState?> ResetAsync(long issueId, int pageNumber, string editor, CancellationToken cancellationToken = default) =>
        db.WriteAsync(async (c, tx) =>
        {
            var state = await LoadAsync(c, tx, issueId, pageNumber, cancellationToken);
            if (state is null)
            {
                return null;
            }

            var now = db.Now();
            await c.ExecuteAsync(Sql.Cmd("UPDATE region_edits SET undone_at = @Now, undone_by = @Editor WHERE page_id = @PageId AND undone_at IS NULL",
                new { Now = now, Editor = editor, state.PageId }, tx, cancellationToken));
            await AuditStore.InsertAsync(c, tx, new AuditEntry("edit", issueId, null, editor, $"page {pageNumber}: reset to the finder's regions"), now, cancellationToken);
            return await RewriteAsync(c, tx, issueId, pageNumber, cancellationToken);
        }, cancellationToken);

    /// <summary>The numbers of the issue's pages that have active edits.</summary>
    public async Task<IReadOnlyList<int>> EditedPagesAsync(long issueId, CancellationToken cancellationToken = default)
    {
        await using var c = await db.OpenReadAsync(cancellationToken);
        return (await c.QueryAsync<int>(Sql.Cmd(
            """
            SELECT DISTINCT p.number FROM pages p JOIN region_edits e ON e.page_id = p.id
            WHERE p.issue_id = @Id AND e.undone_at IS NULL ORDER BY p.number
            """, new { Id = issueId }, null, cancellationToken))).AsList();
    }

    private static async Task<PageEditState?> LoadAsync(SqliteConnection c, SqliteTransaction tx, long issueId, int pageNumber, CancellationToken ct)
    {
        var page = await c.QuerySingleOrDefaultAsync<(long Id, string? Layout)>(Sql.Cmd(
            "SELECT id, layout FROM pages WHERE issue_id = @IssueId AND number = @Number", new { IssueId = issueId, Number = pageNumber }, tx, ct));
        if (page.Id == 0)
        {
            return null;
        }

        if (page.Layout is null)
        {
            throw new PageEditRefusedException(
                $"page {pageNumber} of issue {issueId} was analysed before the region editor existed and has no blocks to edit; analyse the issue again (重新分析) first",
                conflict: true);
        }

        var finder = JsonSerializer.Deserialize<PageLayoutDoc>(page.Layout, Sql.Json) ?? throw new InvalidDataException($"page {page.Id} has an empty layout");
        var edits = (await c.QueryAsync<EditRow>(Sql.Cmd(
            """
            SELECT id AS Id, at AS At, editor AS Editor, action AS Action, summary AS Summary, edit AS Edit, undone_at AS UndoneAt, undone_by AS UndoneBy
            FROM region_edits WHERE page_id = @PageId ORDER BY id
            """, new { PageId = page.Id }, tx, ct))).Select(r => r.ToRecord()).ToList();
        PageLayoutDoc current;
        try
        {
            current = RegionEditor.Replay(finder, edits.Where(e => e.Active).Select(e => (e.Id, e.Edit)));
        }
        catch (RegionEditException ex)
        {
            throw new PageEditRefusedException(ex.Message, conflict: true);
        }

        var ids = (await c.QueryAsync<(string Key, long Id)>(Sql.Cmd(
            "SELECT region_key, id FROM articles WHERE page_id = @PageId AND region_key IS NOT NULL", new { PageId = page.Id }, tx, ct)))
            .ToDictionary(r => r.Key, r => r.Id, StringComparer.Ordinal);
        return new PageEditState(issueId, page.Id, pageNumber, finder, current, edits, ids);
    }

    /// <summary>Replays the page's active edits and writes the result into its articles, search index and page text.</summary>
    private static async Task<PageEditState> RewriteAsync(SqliteConnection c, SqliteTransaction tx, long issueId, int pageNumber, CancellationToken ct)
    {
        var state = await LoadAsync(c, tx, issueId, pageNumber, ct) ?? throw new InvalidOperationException("the page went away inside its own transaction");
        await WriteRegionsAsync(c, tx, issueId, state.PageId, state.Current.Regions, ct);
        await ArticleNumbers.NumberPageAsync(c, tx, state.PageId, ct); // a region the edit made gets a number no article had
        return await LoadAsync(c, tx, issueId, pageNumber, ct) ?? throw new InvalidOperationException("the page went away inside its own transaction");
    }

    /// <summary>Makes the page's articles the given regions: rows of kept keys updated in place, new ones inserted, the rest deleted.</summary>
    internal static async Task WriteRegionsAsync(SqliteConnection c, SqliteTransaction tx, long issueId, long pageId, IReadOnlyList<LayoutRegion> regions, CancellationToken ct)
    {
        var existing = (await c.QueryAsync<(long Id, string? Key, string Kind)>(Sql.Cmd(
            "SELECT id, region_key, kind FROM articles WHERE page_id = @PageId", new { PageId = pageId }, tx, ct))).AsList();
        var keys = regions.Select(r => r.Key).ToHashSet(StringComparer.Ordinal);
        foreach (var gone in existing.Where(e => e.Key is null || !keys.Contains(e.Key)))
        {
            await c.ExecuteAsync(Sql.Cmd("DELETE FROM articles WHERE id = @Id", new { gone.Id }, tx, ct));
        }

        // Indexes are unique per page: move the kept rows out of the way first.
        await c.ExecuteAsync(Sql.Cmd("UPDATE articles SET idx = -1 - idx WHERE page_id = @PageId", new { PageId = pageId }, tx, ct));
        var byKey = existing.Where(e => e.Key is not null).ToDictionary(e => e.Key!, e => e.Id, StringComparer.Ordinal);
        for (var i = 0; i < regions.Count; i++)
        {
            var r = regions[i];
            var args = new
            {
                PageId = pageId, IssueId = issueId, Index = i, Kind = Sql.KindText(r.Kind), r.Kicker, r.Title, r.Subtitle, r.Byline,
                Body = Sql.StringsToJson(r.Body), Captions = Sql.StringsToJson(r.Captions), Rects = Sql.RectsToJson(r.Rects), r.Key,
            };
            long id;
            if (byKey.TryGetValue(r.Key, out id))
            {
                (await c.ExecuteAsync(Sql.Cmd(
                    """
                    UPDATE articles SET idx = @Index, kind = @Kind, kicker = @Kicker, title = @Title, subtitle = @Subtitle, byline = @Byline,
                                        body = @Body, captions = @Captions, rects = @Rects
                    WHERE page_id = @PageId AND region_key = @Key
                    """, args, tx, ct))).ExpectRows(1, "update region");
                await c.ExecuteAsync(Sql.Cmd("DELETE FROM article_fts WHERE rowid = @Id", new { Id = id }, tx, ct));
            }
            else
            {
                id = await c.ExecuteScalarAsync<long>(Sql.Cmd(
                    """
                    INSERT INTO articles (page_id, issue_id, idx, kind, kicker, title, subtitle, byline, body, captions, rects, region_key)
                    VALUES (@PageId, @IssueId, @Index, @Kind, @Kicker, @Title, @Subtitle, @Byline, @Body, @Captions, @Rects, @Key)
                    RETURNING id
                    """, args, tx, ct));
            }

            if (!SearchStore.NotSearchable.Contains(r.Kind))
            {
                await SearchStore.IndexArticleAsync(c, tx, id, r.Kicker, r.Title, r.Subtitle, r.Byline, r.Body, r.Captions, ct);
            }
        }

        await c.ExecuteAsync(Sql.Cmd("UPDATE pages SET text = @Text WHERE id = @PageId", new { PageId = pageId, Text = ReadingText(regions) }, tx, ct));
    }

    /// <summary>The page's text in reading order, as the ingest writes it: region by region, each from kicker to captions.</summary>
    private static string ReadingText(IEnumerable<LayoutRegion> regions) =>
        string.Join("\n\n", regions.Select(a => string.Join('\n',
            new[] { a.Kicker, a.Title, a.Subtitle, a.Byline }.OfType<string>().Concat(a.Body).Concat(a.Captions))));

    private sealed class EditRow
    {
        public long Id { get; set; }
        public string At { get; set; } = "";
        public string Editor { get; set; } = "";
        public string Action { get; set; } = "";
        public string Summary { get; set; } = "";
        public string Edit { get; set; } = "{}";
        public string? UndoneAt { get; set; }
        public string? UndoneBy { get; set; }

        public RegionEditRecord ToRecord() => new(
            Id, DapperConfig.ParseTimestamp(At), Editor, Action, Summary, JsonSerializer.Deserialize<RegionEdit>(Edit, Sql.Json) ?? new RegionEdit(),
            UndoneAt is null ? null : DapperConfig.ParseTimestamp(UndoneAt), UndoneBy);
    }
}
