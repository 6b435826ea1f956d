using Dapper;

namespace XuhuiEpaper.Storage;

/// <summary>
/// Review before publishing: an issue is a draft (only admins see it) or published. Publishing and withdrawing an issue
/// are admin actions, each written to the audit log in the same transaction as the change.
/// </summary>
public sealed class DraftStore(EpaperDatabase db)
{
    /// <summary>
    /// Publishes the issue (<paramref name="publish"/> true: readers, kiosks and search see it from now, and its
    /// publication time is now) or withdraws it to a draft. Returns null when there is no such issue, false when it was
    /// already in that state (nothing changes, nothing is audited), true when it changed.
    /// </summary>
    public Task<bool?> SetPublishedAsync(long issueId, bool publish, AuditEntry audit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(audit);
        return db.WriteAsync<bool?>(async (c, tx) =>
        {
            var draft = await c.QuerySingleOrDefaultAsync<bool?>(Sql.Cmd("SELECT draft FROM issues WHERE id = @Id", new { Id = issueId }, tx, cancellationToken));
            if (draft is null)
            {
                return null;
            }

            if (draft == !publish)
            {
                return false;
            }

            var now = db.Now();
            (await c.ExecuteAsync(Sql.Cmd(
                publish ? "UPDATE issues SET draft = 0, published_at = @Now WHERE id = @Id" : "UPDATE issues SET draft = 1 WHERE id = @Id",
                new { Id = issueId, Now = now }, tx, cancellationToken))).ExpectRows(1, publish ? "publish issue" : "unpublish issue");
            await AuditStore.InsertAsync(c, tx, audit with { IssueId = issueId }, now, cancellationToken);
            return true;
        }, cancellationToken);
    }
}
