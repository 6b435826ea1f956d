using System.Data;
using Dapper;
using Microsoft.Data.Sqlite;

namespace XuhuiEpaper.Storage;

/// <summary>One archivist's action: what (upload, edit, reingest, delete, restore, purge, replace, expire), on which issue or job, from where.</summary>
public sealed record AuditEntry(string Action, long? IssueId = null, long? JobId = null, string? Client = null, string? Detail = null);

/// <summary>An entry of the audit log as stored.</summary>
public sealed record AuditRecord
{
    public long Id { get; init; }
    public DateTimeOffset At { get; init; }
    public string Action { get; init; } = "";
    public long? IssueId { get; init; }
    public long? JobId { get; init; }
    public string? Client { get; init; }
    public string? Detail { get; init; }
}

/// <summary>
/// The audit log of admin actions. Actions that change issues write their entry in their own transaction (see
/// <see cref="IssueAdminStore"/>, <see cref="TrashStore"/>), so an action and its entry are committed together.
/// </summary>
public sealed class AuditStore(EpaperDatabase db)
{
    public Task AddAsync(AuditEntry entry, CancellationToken cancellationToken = default) =>
        db.WriteAsync(async (c, tx) =>
        {
            await InsertAsync(c, tx, entry, db.Now(), cancellationToken);
            return true;
        }, cancellationToken);

    /// <summary>Newest first, one page (1-based) at a time, optionally of one issue.</summary>
    public async Task<PagedResult<AuditRecord>> ListAsync(long? issueId = null, int page = 1, int pageSize = 50, CancellationToken cancellationToken = default)
    {
        page = Math.Max(1, page);
        pageSize = Math.Clamp(pageSize, 1, ResultPages.MaxPageSize);
        var args = new { IssueId = issueId, Take = pageSize, Skip = (long)(page - 1) * pageSize };
        const string Where = " FROM audit_log WHERE (@IssueId IS NULL OR issue_id = @IssueId)";
        await using var c = await db.OpenReadAsync(cancellationToken);
        await using var tx = c.BeginTransaction(deferred: true);
        var total = await c.ExecuteScalarAsync<int>(Sql.Cmd("SELECT count(*)" + Where, args, tx, cancellationToken));
        var rows = await c.QueryAsync<AuditRecord>(Sql.Cmd(
            "SELECT id AS Id, at AS At, action AS Action, issue_id AS IssueId, job_id AS JobId, client AS Client, detail AS Detail"
            + Where + " ORDER BY id DESC LIMIT @Take OFFSET @Skip", args, tx, cancellationToken));
        return new PagedResult<AuditRecord>(total, page, pageSize, rows.AsList());
    }

    internal static async Task InsertAsync(SqliteConnection c, IDbTransaction tx, AuditEntry entry, string now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentException.ThrowIfNullOrWhiteSpace(entry.Action);
        (await c.ExecuteAsync(Sql.Cmd(
            "INSERT INTO audit_log (at, action, issue_id, job_id, client, detail) VALUES (@Now, @Action, @IssueId, @JobId, @Client, @Detail)",
            new { Now = now, entry.Action, entry.IssueId, entry.JobId, Client = Clip(entry.Client, 200), Detail = Clip(entry.Detail, 2000) }, tx, cancellationToken))).ExpectRows(1, "audit");
    }

    private static string? Clip(string? text, int length) => text is { Length: var n } && n > length ? text[..length] : text;
}
