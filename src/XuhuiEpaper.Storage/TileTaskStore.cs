using Dapper;
using Microsoft.Data.Sqlite;

namespace XuhuiEpaper.Storage;

/// <summary>A claimed tile task: the zoom image whose IIIF tiles the worker <see cref="WorkerId"/> is making.</summary>
public sealed record TileTask(string ZoomFile, int Attempts, string WorkerId);

/// <summary>A tile task as stored (for the admins, the tests and the command line).</summary>
public sealed record TileTaskRecord(string ZoomFile, int Attempts, string? WorkerId, string? Error, bool GivenUp);

/// <summary>
/// The IIIF tiles still to be made: one task per zoom image, queued in the publish's transaction
/// (<see cref="PublishOptions.TileImages"/>), so the issue is visible at once and its tiles follow. A task is claimed
/// with a lease, as a job is; a lease that ran out (the worker died) is taken over by the next claim, so a restart
/// picks up every task that was left. Making a tile set is idempotent (the set is named by the image's content), so a
/// task done twice does no harm.
/// </summary>
public sealed class TileTaskStore(EpaperDatabase db)
{
    /// <summary>Inside a publish transaction: the tiles of these zoom images are to be made once it commits.</summary>
    internal static async Task EnqueueAsync(SqliteConnection c, SqliteTransaction tx, IEnumerable<string> zoomFiles, string now, CancellationToken cancellationToken)
    {
        foreach (var zoom in zoomFiles.Distinct(StringComparer.Ordinal))
        {
            // The same image queued again (an issue analysed anew) gets a fresh start, even if it had been given up.
            await c.ExecuteAsync(Sql.Cmd(
                """
                INSERT INTO tile_tasks (zoom_file, created_at) VALUES (@Zoom, @Now)
                ON CONFLICT (zoom_file) DO UPDATE SET attempts = 0, not_before = NULL, error = NULL, given_up_at = NULL
                WHERE tile_tasks.given_up_at IS NOT NULL
                """, new { Zoom = zoom, Now = now }, tx, cancellationToken));
        }
    }

    /// <summary>
    /// Queues the tiles of every page image that has none and no task: pages published with tiles off, or restored from
    /// the trash after their task was dropped. <paramref name="hasTiles"/> says whether an image's tile set is complete.
    /// Returns how many were queued.
    /// </summary>
    public async Task<int> EnqueueMissingAsync(Func<string, bool> hasTiles, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(hasTiles);
        List<string> untiled;
        await using (var read = await db.OpenReadAsync(cancellationToken))
        {
            var zooms = await read.QueryAsync<string>(Sql.Cmd(
                "SELECT DISTINCT zoom_file FROM pages WHERE zoom_file NOT IN (SELECT zoom_file FROM tile_tasks)", null, null, cancellationToken));
            untiled = zooms.Where(z => !hasTiles(z)).ToList();
        }

        if (untiled.Count == 0)
        {
            return 0;
        }

        var now = db.Now();
        return await db.WriteAsync(async (c, tx) =>
        {
            await EnqueueAsync(c, tx, untiled, now, cancellationToken);
            return untiled.Count;
        }, cancellationToken);
    }

    /// <summary>
    /// Claims the oldest task that nobody holds (or whose holder's lease is older than <paramref name="lease"/>) and whose
    /// back-off has passed, and counts the attempt; null when there is none.
    /// </summary>
    public async Task<TileTask?> ClaimNextAsync(string workerId, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(workerId);
        var now = db.Time.GetUtcNow();
        var row = await db.WriteAsync((c, tx) => c.QuerySingleOrDefaultAsync<ClaimRow>(Sql.Cmd(
            """
            UPDATE tile_tasks SET worker_id = @WorkerId, heartbeat_at = @Now, attempts = attempts + 1, not_before = NULL
            WHERE zoom_file = (
                SELECT zoom_file FROM tile_tasks
                WHERE given_up_at IS NULL AND (not_before IS NULL OR not_before <= @Now)
                  AND (worker_id IS NULL OR heartbeat_at IS NULL OR heartbeat_at <= @Cutoff)
                ORDER BY created_at, zoom_file LIMIT 1)
            RETURNING zoom_file AS ZoomFile, attempts AS Attempts
            """,
            new { WorkerId = workerId, Now = DapperConfig.FormatTimestamp(now), Cutoff = DapperConfig.FormatTimestamp(now - lease) }, tx, cancellationToken)),
            cancellationToken);
        return row is null ? null : new TileTask(row.ZoomFile, row.Attempts, workerId);
    }

    /// <summary>The tile set is complete: the task goes. False when another worker had taken the task over meanwhile.</summary>
    public Task<bool> CompleteAsync(TileTask task, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(task);
        return db.WriteAsync(async (c, tx) => await c.ExecuteAsync(Sql.Cmd(
            "DELETE FROM tile_tasks WHERE zoom_file = @ZoomFile AND worker_id = @WorkerId", task, tx, cancellationToken)) == 1, cancellationToken);
    }

    /// <summary>
    /// The task failed: it is tried again after the policy's back-off, or given up (kept, with its error) once it has
    /// had the policy's attempts. True when it will be tried again.
    /// </summary>
    public Task<bool> RetryOrGiveUpAsync(TileTask task, string error, RetryPolicy policy, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(policy);
        var now = db.Time.GetUtcNow();
        var retry = task.Attempts < policy.MaxAttempts;
        return db.WriteAsync(async (c, tx) =>
        {
            await c.ExecuteAsync(Sql.Cmd(
                """
                UPDATE tile_tasks SET worker_id = NULL, heartbeat_at = NULL, error = @Error,
                    not_before = CASE WHEN @Retry THEN @NotBefore ELSE NULL END, given_up_at = CASE WHEN @Retry THEN NULL ELSE @Now END
                WHERE zoom_file = @ZoomFile AND worker_id = @WorkerId
                """,
                new { task.ZoomFile, task.WorkerId, Error = error, Retry = retry, NotBefore = DapperConfig.FormatTimestamp(now + policy.DelayAfter(task.Attempts)), Now = DapperConfig.FormatTimestamp(now) },
                tx, cancellationToken));
            return retry;
        }, cancellationToken);
    }

    /// <summary>Gives a task back without counting the attempt (its worker is shutting down).</summary>
    public Task ReleaseAsync(TileTask task, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(task);
        return db.WriteAsync(async (c, tx) => await c.ExecuteAsync(Sql.Cmd(
            "UPDATE tile_tasks SET worker_id = NULL, heartbeat_at = NULL, attempts = MAX(0, attempts - 1) WHERE zoom_file = @ZoomFile AND worker_id = @WorkerId",
            task, tx, cancellationToken)), cancellationToken);
    }

    /// <summary>Every task still stored, pending, held or given up, oldest first.</summary>
    public async Task<IReadOnlyList<TileTaskRecord>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var c = await db.OpenReadAsync(cancellationToken);
        var rows = await c.QueryAsync<(string ZoomFile, int Attempts, string? WorkerId, string? Error, string? GivenUpAt)>(Sql.Cmd(
            "SELECT zoom_file, attempts, worker_id, error, given_up_at FROM tile_tasks ORDER BY created_at, zoom_file", null, null, cancellationToken));
        return rows.Select(r => new TileTaskRecord(r.ZoomFile, r.Attempts, r.WorkerId, r.Error, r.GivenUpAt is not null)).ToList();
    }

    private sealed class ClaimRow
    {
        public string ZoomFile { get; set; } = "";
        public int Attempts { get; set; }
    }
}
