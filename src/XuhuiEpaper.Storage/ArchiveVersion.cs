using Dapper;

namespace XuhuiEpaper.Storage;

/// <summary>
/// A cheap fingerprint of what readers see: it changes when an issue is published, replaced, deleted or restored (the
/// issues table), with every admin action (edits, purges: the audit log) and with every region edit, undo or reset
/// (region_edits, articles). Whatever keeps a copy of the published
/// archive (the static edition) compares it to the one it copied from.
/// </summary>
public sealed class ArchiveVersion(EpaperDatabase db)
{
    public async Task<string> ReadAsync(CancellationToken cancellationToken = default)
    {
        await using var c = await db.OpenReadAsync(cancellationToken);
        return await c.ExecuteScalarAsync<string>(new CommandDefinition(
            """
            SELECT (SELECT COUNT(*) || '/' || IFNULL(MAX(id), 0) || '/' || IFNULL(SUM(id), 0) || '/' || IFNULL(MAX(published_at), '') FROM issues)
                || '|' || (SELECT IFNULL(MAX(id), 0) FROM audit_log)
                || '|' || (SELECT COUNT(*) || '/' || IFNULL(MAX(id), 0) FROM region_edits)
                || '|' || (SELECT COUNT(*) || '/' || IFNULL(MAX(id), 0) FROM articles)
            """, cancellationToken: cancellationToken)) ?? "";
    }
}
