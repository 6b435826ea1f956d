using Dapper;
using Microsoft.Data.Sqlite;
using XuhuiEpaper.Core.Model;

namespace XuhuiEpaper.Storage;

/// <summary>Where an old issue id now lives: the successor issue's id.</summary>
public sealed record IssueSuccessor
{
    public long OldId { get; init; }
    public long NewId { get; init; }
}

/// <summary>Where an old article id now lives: the successor article, or (when none covers its place) its page.</summary>
public sealed record ArticleSuccessor
{
    public long OldId { get; init; }
    public long IssueId { get; init; }
    public int PageNumber { get; init; }
    public long? ArticleId { get; init; }
}

/// <summary>
/// Permanent links: an issue replaced by a new analysis of its PDF, or by another PDF uploaded with replace=true, gets a
/// new id, and so do its articles. The old ids are kept here, each naming its successor, so every old link can answer
/// 301. Also the archive's change counter, which the web server reads to know when its in-memory answers are stale.
/// </summary>
public sealed class PermalinkStore(EpaperDatabase db)
{
    public async Task<IssueSuccessor?> FindIssueSuccessorAsync(long oldIssueId, CancellationToken cancellationToken = default)
    {
        await using var c = await db.OpenReadAsync(cancellationToken);
        return await c.QuerySingleOrDefaultAsync<IssueSuccessor>(Sql.Cmd(
            "SELECT old_id AS OldId, new_id AS NewId FROM issue_successors WHERE old_id = @Id", new { Id = oldIssueId }, null, cancellationToken));
    }

    public async Task<ArticleSuccessor?> FindArticleSuccessorAsync(long oldArticleId, CancellationToken cancellationToken = default)
    {
        await using var c = await db.OpenReadAsync(cancellationToken);
        return await c.QuerySingleOrDefaultAsync<ArticleSuccessor>(Sql.Cmd(
            "SELECT old_id AS OldId, issue_id AS IssueId, page_number AS PageNumber, new_id AS ArticleId FROM article_successors WHERE old_id = @Id",
            new { Id = oldArticleId }, null, cancellationToken));
    }

    /// <summary>A number that grows with every change to issues, pages or articles, by any process (database triggers).</summary>
    public async Task<long> ContentVersionAsync(CancellationToken cancellationToken = default)
    {
        await using var c = await db.OpenReadAsync(cancellationToken);
        return await c.ExecuteScalarAsync<long>(Sql.Cmd("SELECT version FROM content_version WHERE id = 1", null, null, cancellationToken));
    }
}

/// <summary>The writing side of <see cref="PermalinkStore"/>, inside the publishing transaction of <see cref="PublishStore"/>.</summary>
internal static class Successors
{
    /// <summary>An article of the issue about to be replaced, read before its rows go.</summary>
    internal sealed record OldArticle
    {
        public long Id { get; init; }
        public int PageNumber { get; init; }
        public string? Title { get; init; }
        public string? Rects { get; init; }

        /// <summary>Its number within its page in readable addresses (none for page furniture).</summary>
        public int? Number { get; init; }
    }

    /// <summary>The articles of the issue <paramref name="issueId"/> (before it is deleted or trashed).</summary>
    public static async Task<IReadOnlyList<OldArticle>> ReadAsync(SqliteConnection c, SqliteTransaction tx, long issueId, CancellationToken ct) =>
        (await c.QueryAsync<OldArticle>(Sql.Cmd(
            """
            SELECT a.id AS Id, p.number AS PageNumber, a.title AS Title, a.rects AS Rects, a.number AS Number
            FROM articles a JOIN pages p ON p.id = a.page_id WHERE a.issue_id = @Id ORDER BY a.id
            """, new { Id = issueId }, tx, ct))).AsList();

    /// <summary>
    /// Records <paramref name="newIssueId"/> as the successor of <paramref name="oldIssueId"/> and each old article's
    /// successor among the new issue's (see <see cref="ArticleSuccession"/>), and points the rows that named the old
    /// issue or its articles (earlier generations) at the new ones, so a link is always one redirect from a live page.
    /// A successor without a number yet takes its predecessor's (the first, by number, when several old articles
    /// lead to it), so its readable address stays the same; the old page and number stay with the row.
    /// </summary>
    public static async Task RecordAsync(
        SqliteConnection c, SqliteTransaction tx, long oldIssueId, IReadOnlyList<OldArticle> oldArticles, long newIssueId, string now, CancellationToken ct)
    {
        await c.ExecuteAsync(Sql.Cmd(
            """
            INSERT INTO issue_successors (old_id, new_id, at) VALUES (@Old, @New, @Now)
            ON CONFLICT (old_id) DO UPDATE SET new_id = excluded.new_id, at = excluded.at;
            UPDATE issue_successors SET new_id = @New, at = @Now WHERE new_id = @Old;
            UPDATE article_successors SET issue_id = @New WHERE issue_id = @Old AND new_id IS NULL;
            """, new { Old = oldIssueId, New = newIssueId, Now = now }, tx, ct));
        await AddressMoves.HandOnAsync(c, tx, oldIssueId, newIssueId, ct);

        // The new issue's articles as stored (pages whose archivists' edits were kept included).
        var candidates = (await ReadAsync(c, tx, newIssueId, ct))
            .Select(a => (Part: new ArticleSuccession.Part(a.PageNumber, a.Title, Sql.RectsFromJson(a.Rects)), a.Id))
            .ToList();

        var parts = candidates.Select(x => x.Part).ToList();
        var numbered = (await c.QueryAsync<(long Id, int PageNumber, int Number)>(Sql.Cmd(
            "SELECT a.id, p.number, a.number FROM articles a JOIN pages p ON p.id = a.page_id WHERE a.issue_id = @Id AND a.number IS NOT NULL",
            new { Id = newIssueId }, tx, ct))).ToList();
        var taken = numbered.Select(n => (n.PageNumber, n.Number)).ToHashSet();
        var hasNumber = numbered.Select(n => n.Id).ToHashSet();
        foreach (var old in oldArticles.OrderBy(a => a.Number ?? int.MaxValue).ThenBy(a => a.Id))
        {
            var match = ArticleSuccession.Successor(new ArticleSuccession.Part(old.PageNumber, old.Title, Sql.RectsFromJson(old.Rects)), parts);
            long? newId = match is { } m ? candidates[m].Id : null;
            await c.ExecuteAsync(Sql.Cmd(
                """
                INSERT INTO article_successors (old_id, issue_id, page_number, new_id, old_page, old_number) VALUES (@Old, @Issue, @Page, @New, @Page, @Number)
                ON CONFLICT (old_id) DO UPDATE SET issue_id = excluded.issue_id, page_number = excluded.page_number, new_id = excluded.new_id,
                                                   old_page = excluded.old_page, old_number = excluded.old_number;
                UPDATE article_successors SET issue_id = @Issue, page_number = @Page, new_id = @New WHERE new_id = @Old;
                """, new { Old = old.Id, Issue = newIssueId, Page = old.PageNumber, New = newId, old.Number }, tx, ct));

            if (newId is { } successor && old.Number is { } number && !hasNumber.Contains(successor) && taken.Add((old.PageNumber, number)))
            {
                await c.ExecuteAsync(Sql.Cmd(
                    $"UPDATE articles SET number = @Number WHERE id = @Id AND {ArticleNumbers.Numbered}", new { Id = successor, Number = number }, tx, ct));
                hasNumber.Add(successor);
            }
        }
    }
}
