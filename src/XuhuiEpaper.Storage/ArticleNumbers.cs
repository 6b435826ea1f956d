using Dapper;
using Microsoft.Data.Sqlite;

namespace XuhuiEpaper.Storage;

/// <summary>
/// The stable numbers of a page's articles in readable addresses (<c>/{title}/{date}/{版次}/{n}</c>), inside the writing
/// transactions. An article keeps its number while it lives; a re-analysis hands an old article's number to its
/// successor (<see cref="Successors.RecordAsync"/>); every other readable article gets the next number the page has never
/// given, in reading order. Page furniture (masthead, page header, folio) has none: readers cannot open it.
/// </summary>
internal static class ArticleNumbers
{
    /// <summary>The kinds that are numbered, as SQL.</summary>
    public const string Numbered = "kind NOT IN ('masthead', 'pageheader', 'folio')";

    /// <summary>Numbers every readable article of the issue that has none.</summary>
    public static async Task NumberIssueAsync(SqliteConnection c, SqliteTransaction tx, long issueId, CancellationToken ct)
    {
        var pages = await c.QueryAsync<long>(Sql.Cmd("SELECT id FROM pages WHERE issue_id = @Id ORDER BY number", new { Id = issueId }, tx, ct));
        foreach (var pageId in pages.AsList())
        {
            await NumberPageAsync(c, tx, pageId, ct);
        }
    }

    /// <summary>Numbers the page's readable articles that have none, in reading order, after the highest number it ever gave.</summary>
    public static async Task NumberPageAsync(SqliteConnection c, SqliteTransaction tx, long pageId, CancellationToken ct)
    {
        var given = await c.ExecuteScalarAsync<int>(Sql.Cmd(
            "SELECT MAX(last_article_number, COALESCE((SELECT MAX(number) FROM articles WHERE page_id = @Id), 0)) FROM pages WHERE id = @Id",
            new { Id = pageId }, tx, ct));
        var last = given;
        var unnumbered = await c.QueryAsync<long>(Sql.Cmd(
            $"SELECT id FROM articles WHERE page_id = @Id AND number IS NULL AND {Numbered} ORDER BY idx", new { Id = pageId }, tx, ct));
        foreach (var id in unnumbered.AsList())
        {
            await c.ExecuteAsync(Sql.Cmd("UPDATE articles SET number = @Number WHERE id = @Id", new { Id = id, Number = ++last }, tx, ct));
        }

        await c.ExecuteAsync(Sql.Cmd(
            "UPDATE pages SET last_article_number = @Last WHERE id = @Id AND last_article_number <> @Last", new { Id = pageId, Last = last }, tx, ct));
    }

    /// <summary>A page of an issue about to be replaced: its address segment and the highest article number it gave.</summary>
    internal sealed record OldPage
    {
        public int Number { get; init; }
        public string? Address { get; init; }
        public int LastArticleNumber { get; init; }
    }

    public static async Task<IReadOnlyList<OldPage>> ReadPagesAsync(SqliteConnection c, SqliteTransaction tx, long issueId, CancellationToken ct) =>
        (await c.QueryAsync<OldPage>(Sql.Cmd(
            """
            SELECT p.number AS Number, p.address AS Address,
                   MAX(p.last_article_number, COALESCE((SELECT MAX(a.number) FROM articles a WHERE a.page_id = p.id), 0)) AS LastArticleNumber
            FROM pages p WHERE p.issue_id = @Id
            """, new { Id = issueId }, tx, ct))).AsList();
}
