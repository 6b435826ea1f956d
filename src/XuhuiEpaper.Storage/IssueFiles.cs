using System.Text.Json;
using Dapper;
using Microsoft.Data.Sqlite;

namespace XuhuiEpaper.Storage;

/// <summary>The files (images, originals) issues refer to, inside a writer's transaction: which an issue uses, which no issue uses any more.</summary>
internal static class IssueFiles
{
    /// <summary>The original and every page image of an issue.</summary>
    public static async Task<IReadOnlyList<string>> OfIssueAsync(SqliteConnection c, SqliteTransaction tx, long issueId, CancellationToken ct)
    {
        var files = await c.QueryAsync<string>(Sql.Cmd(
            """
            SELECT original_file FROM issues WHERE id = @Id
            UNION SELECT thumbnail_file FROM pages WHERE issue_id = @Id
            UNION SELECT screen_file FROM pages WHERE issue_id = @Id
            UNION SELECT zoom_file FROM pages WHERE issue_id = @Id
            """, new { Id = issueId }, tx, ct));
        return files.AsList();
    }

    /// <summary>Those of <paramref name="files"/> that no issue or page refers to (run after the delete/insert, inside the transaction).</summary>
    public static async Task<IReadOnlyList<string>> UnusedAsync(SqliteConnection c, SqliteTransaction tx, IReadOnlyList<string> files, CancellationToken ct)
    {
        if (files.Count == 0)
        {
            return [];
        }

        var unused = await c.QueryAsync<string>(Sql.Cmd(
            """
            SELECT f.value FROM json_each(@Files) f
            WHERE NOT EXISTS (SELECT 1 FROM issues WHERE original_file = f.value)
              AND NOT EXISTS (SELECT 1 FROM pages WHERE f.value IN (thumbnail_file, screen_file, zoom_file))
            ORDER BY f.value
            """, new { Files = JsonSerializer.Serialize(files, Sql.Json) }, tx, ct));
        return unused.AsList();
    }
}
