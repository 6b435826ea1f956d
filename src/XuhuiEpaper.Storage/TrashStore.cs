using Dapper;

namespace XuhuiEpaper.Storage;

/// <summary>The trash of deleted and replaced issues (restore, purge, expiry) and the files the archive still refers to.</summary>
public sealed class TrashStore(EpaperDatabase db)
{
    /// <summary>How long a deleted issue stays in the trash unless configured otherwise.</summary>
    public static readonly TimeSpan DefaultRetention = TimeSpan.FromDays(30);

    /// <summary>The trash, newest first.</summary>
    public async Task<IReadOnlyList<TrashEntry>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var c = await db.OpenReadAsync(cancellationToken);
        return (await c.QueryAsync<TrashEntry>(Sql.Cmd(Trash.EntryColumns + " ORDER BY deleted_at DESC, issue_id DESC", null, null, cancellationToken))).AsList();
    }

    public async Task<TrashEntry?> GetAsync(long issueId, CancellationToken cancellationToken = default)
    {
        await using var c = await db.OpenReadAsync(cancellationToken);
        return await c.QuerySingleOrDefaultAsync<TrashEntry>(Sql.Cmd(Trash.EntryColumns + " WHERE issue_id = @Id", new { Id = issueId }, null, cancellationToken));
    }

    /// <summary>The files a trash entry holds for a restore (images by name, the original as originals/&lt;sha256&gt;.pdf).</summary>
    public async Task<IReadOnlyList<string>> FilesAsync(long issueId, CancellationToken cancellationToken = default)
    {
        await using var c = await db.OpenReadAsync(cancellationToken);
        return (await c.QueryAsync<string>(Sql.Cmd("SELECT file FROM trash_files WHERE issue_id = @Id ORDER BY file", new { Id = issueId }, null, cancellationToken))).AsList();
    }

    /// <summary>
    /// Publishes a trashed issue again under its own ids. Throws <see cref="IssueConflictException"/> when another issue
    /// now holds its paper and date or its PDF; returns false when there is no such trash entry.
    /// </summary>
    public Task<bool> RestoreAsync(long issueId, AuditEntry? audit = null, CancellationToken cancellationToken = default) =>
        db.WriteAsync(async (c, tx) =>
        {
            var now = db.Now();
            if (!await Trash.RestoreAsync(c, tx, issueId, cancellationToken))
            {
                return false;
            }

            if (audit is not null)
            {
                await AuditStore.InsertAsync(c, tx, audit with { IssueId = issueId }, now, cancellationToken);
            }

            return true;
        }, cancellationToken);

    /// <summary>
    /// Removes a trash entry for good. Returns the files it held that nothing else (no published issue, no other trash
    /// entry, no job waiting to run) refers to, for the caller to delete; null when there was no such entry.
    /// </summary>
    public Task<IReadOnlyList<string>?> PurgeAsync(long issueId, AuditEntry? audit = null, CancellationToken cancellationToken = default) =>
        db.WriteAsync(async (c, tx) =>
        {
            var now = db.Now();
            var files = await Trash.PurgeAsync(c, tx, issueId, cancellationToken);
            if (files is not null && audit is not null)
            {
                await AuditStore.InsertAsync(c, tx, audit with { IssueId = issueId }, now, cancellationToken);
            }

            return files;
        }, cancellationToken);

    /// <summary>The ids of trash entries whose time is up.</summary>
    public async Task<IReadOnlyList<long>> ExpiredAsync(CancellationToken cancellationToken = default)
    {
        await using var c = await db.OpenReadAsync(cancellationToken);
        return (await c.QueryAsync<long>(Sql.Cmd("SELECT issue_id FROM trash WHERE expires_at <= @Now ORDER BY issue_id", new { Now = db.Now() }, null, cancellationToken))).AsList();
    }

    /// <summary>
    /// Every file the archive refers to: the images and originals of published issues, the files kept in the trash, and
    /// the originals of jobs that have not finished. A file outside this set (and not being written) is a leftover.
    /// </summary>
    public async Task<ReferencedFiles> ReferencedFilesAsync(CancellationToken cancellationToken = default)
    {
        await using var c = await db.OpenReadAsync(cancellationToken);
        await using var tx = c.BeginTransaction(deferred: true);
        var published = (await c.QueryAsync<string>(Sql.Cmd(
            """
            SELECT thumbnail_file FROM pages UNION SELECT screen_file FROM pages UNION SELECT zoom_file FROM pages
            UNION SELECT original_file FROM issues
            """, null, tx, cancellationToken))).ToHashSet(StringComparer.Ordinal);
        var trashed = (await c.QueryAsync<(long IssueId, string File)>(Sql.Cmd("SELECT issue_id, file FROM trash_files", null, tx, cancellationToken)))
            .GroupBy(r => r.File, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<long>)g.Select(r => r.IssueId).ToList(), StringComparer.Ordinal);
        var pending = (await c.QueryAsync<string>(Sql.Cmd("SELECT DISTINCT sha256 FROM jobs WHERE state IN ('queued', 'running')", null, tx, cancellationToken)))
            .ToHashSet(StringComparer.Ordinal);
        return new ReferencedFiles(published, trashed, pending);
    }
}
