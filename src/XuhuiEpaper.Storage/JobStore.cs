using System.Data;
using System.Text.Json;
using Dapper;
using XuhuiEpaper.Core.Model;

namespace XuhuiEpaper.Storage;

public enum JobState
{
    Queued,
    Running,
    Succeeded,
    Failed,
}

public sealed record JobRecord
{
    public long Id { get; init; }
    public JobState State { get; init; }
    public string FilePath { get; init; } = "";
    public string Sha256 { get; init; } = "";
    public MetadataOverrides Options { get; init; } = new();
    public int ProgressDone { get; init; }
    public int ProgressTotal { get; init; }
    public int Attempts { get; init; }
    public string? Error { get; init; }
    public long? IssueId { get; init; }
    public string? WorkerId { get; init; }
    public DateTimeOffset? HeartbeatAt { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }
}

/// <summary>What <see cref="JobStore.RequeueAbandonedAsync"/> did.</summary>
public sealed record RequeueResult(IReadOnlyList<long> Requeued, IReadOnlyList<long> Failed);

/// <summary>
/// The ingest queue. A claim is one <c>UPDATE … WHERE id = (oldest queued) RETURNING</c> inside the single
/// writer's <c>BEGIN IMMEDIATE</c> transaction, so two claimers (threads or processes) never get the same job.
/// A running job holds a lease: <c>heartbeat_at</c>, set on claim and refreshed by progress reports.
/// </summary>
public sealed class JobStore(EpaperDatabase db)
{
    public const int DefaultMaxAttempts = 3;

    private const string Columns = """
        SELECT id AS Id, state AS State, file_path AS FilePath, sha256 AS Sha256, options AS Options,
               progress_done AS ProgressDone, progress_total AS ProgressTotal, attempts AS Attempts, error AS Error,
               issue_id AS IssueId, worker_id AS WorkerId, heartbeat_at AS HeartbeatAt, created_at AS CreatedAt,
               updated_at AS UpdatedAt, started_at AS StartedAt, finished_at AS FinishedAt
        """;

    public Task<long> EnqueueAsync(string filePath, string sha256, MetadataOverrides? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(filePath);
        ArgumentException.ThrowIfNullOrWhiteSpace(sha256);
        var now = db.Now();
        return db.WriteAsync((c, tx) => c.ExecuteScalarAsync<long>(Cmd(
            """
            INSERT INTO jobs (state, file_path, sha256, options, created_at, updated_at)
            VALUES ('queued', @FilePath, @Sha256, @Options, @Now, @Now)
            RETURNING id
            """, new { FilePath = filePath, Sha256 = sha256, Options = JsonSerializer.Serialize(options ?? new MetadataOverrides(), IssueStore.Json), Now = now }, tx, cancellationToken)),
            cancellationToken);
    }

    /// <summary>Moves the oldest queued job to running for <paramref name="workerId"/> and counts the attempt; null if the queue is empty.</summary>
    public async Task<JobRecord?> ClaimNextAsync(string workerId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(workerId);
        var now = db.Now();
        var row = await db.WriteAsync((c, tx) => c.QuerySingleOrDefaultAsync<JobRow>(Cmd(
            """
            UPDATE jobs SET state = 'running', worker_id = @WorkerId, attempts = attempts + 1, error = NULL,
                            heartbeat_at = @Now, started_at = @Now, updated_at = @Now, finished_at = NULL
            WHERE id = (SELECT id FROM jobs WHERE state = 'queued' ORDER BY id LIMIT 1)
            RETURNING
            """ + Columns.Replace("SELECT", "", StringComparison.Ordinal), new { WorkerId = workerId, Now = now }, tx, cancellationToken)),
            cancellationToken);
        return row?.ToRecord();
    }

    /// <summary>
    /// Puts running jobs whose lease is older than <paramref name="staleAfter"/> back in the queue (use
    /// <see cref="TimeSpan.Zero"/> at start-up, when no job can still be running), or fails them for good once
    /// they have been attempted <paramref name="maxAttempts"/> times.
    /// </summary>
    public async Task<RequeueResult> RequeueAbandonedAsync(TimeSpan staleAfter, int maxAttempts = DefaultMaxAttempts, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxAttempts, 1);
        var now = db.Time.GetUtcNow();
        var args = new { Now = DapperConfig.FormatTimestamp(now), Cutoff = DapperConfig.FormatTimestamp(now - staleAfter), Max = maxAttempts };
        var changed = await db.WriteAsync(async (c, tx) => (await c.QueryAsync<(long Id, string State)>(Cmd(
            """
            UPDATE jobs SET
                state = CASE WHEN attempts >= @Max THEN 'failed' ELSE 'queued' END,
                error = CASE WHEN attempts >= @Max THEN 'abandoned by worker ' || COALESCE(worker_id, '?') || ' after ' || attempts || ' attempt(s)' END,
                finished_at = CASE WHEN attempts >= @Max THEN @Now END,
                worker_id = NULL, heartbeat_at = NULL, updated_at = @Now
            WHERE state = 'running' AND (heartbeat_at IS NULL OR heartbeat_at <= @Cutoff)
            RETURNING id, state
            """, args, tx, cancellationToken))).AsList(), cancellationToken);
        return new RequeueResult(
            changed.Where(r => r.State == "queued").Select(r => r.Id).Order().ToList(),
            changed.Where(r => r.State == "failed").Select(r => r.Id).Order().ToList());
    }

    /// <summary>Records progress and renews the lease. Throws if the job is not running (e.g. it was requeued meanwhile).</summary>
    public Task ReportProgressAsync(long jobId, int done, int total, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(done);
        ArgumentOutOfRangeException.ThrowIfNegative(total);
        var now = db.Now();
        return db.WriteAsync(async (c, tx) =>
        {
            (await c.ExecuteAsync(Cmd(
                "UPDATE jobs SET progress_done = @Done, progress_total = @Total, heartbeat_at = @Now, updated_at = @Now WHERE id = @Id AND state = 'running'",
                new { Id = jobId, Done = done, Total = total, Now = now }, tx, cancellationToken))).ExpectRows(1, $"progress of running job {jobId}");
            return true;
        }, cancellationToken);
    }

    public Task SucceedAsync(long jobId, long issueId, CancellationToken cancellationToken = default)
    {
        var now = db.Now();
        return db.WriteAsync(async (c, tx) =>
        {
            (await c.ExecuteAsync(Cmd(
                """
                UPDATE jobs SET state = 'succeeded', issue_id = @IssueId, error = NULL, progress_done = MAX(progress_done, progress_total),
                                heartbeat_at = NULL, updated_at = @Now, finished_at = @Now
                WHERE id = @Id AND state = 'running'
                """, new { Id = jobId, IssueId = issueId, Now = now }, tx, cancellationToken))).ExpectRows(1, $"succeed running job {jobId}");
            return true;
        }, cancellationToken);
    }

    /// <summary>Fails a queued or running job permanently with <paramref name="reason"/>.</summary>
    public Task FailAsync(long jobId, string reason, CancellationToken cancellationToken = default)
    {
        var now = db.Now();
        return db.WriteAsync(async (c, tx) =>
        {
            (await c.ExecuteAsync(Cmd(
                """
                UPDATE jobs SET state = 'failed', error = @Reason, heartbeat_at = NULL, updated_at = @Now, finished_at = @Now
                WHERE id = @Id AND state IN ('queued', 'running')
                """, new { Id = jobId, Reason = reason, Now = now }, tx, cancellationToken))).ExpectRows(1, $"fail job {jobId}");
            return true;
        }, cancellationToken);
    }

    public async Task<JobRecord?> GetAsync(long jobId, CancellationToken cancellationToken = default)
    {
        await using var c = await db.OpenReadAsync(cancellationToken);
        var row = await c.QuerySingleOrDefaultAsync<JobRow>(Cmd(Columns + " FROM jobs WHERE id = @Id", new { Id = jobId }, null, cancellationToken));
        return row?.ToRecord();
    }

    /// <summary>The most recent jobs, newest first (for an admin view).</summary>
    public async Task<IReadOnlyList<JobRecord>> ListRecentAsync(int limit = 50, CancellationToken cancellationToken = default)
    {
        await using var c = await db.OpenReadAsync(cancellationToken);
        var rows = await c.QueryAsync<JobRow>(Cmd(Columns + " FROM jobs ORDER BY id DESC LIMIT @Limit", new { Limit = Math.Clamp(limit, 1, 1000) }, null, cancellationToken));
        return rows.Select(r => r.ToRecord()).ToList();
    }

    private static CommandDefinition Cmd(string sql, object? args, IDbTransaction? tx, CancellationToken ct) =>
        new(sql, args, tx, cancellationToken: ct);

    private sealed class JobRow
    {
        public long Id { get; set; }
        public string State { get; set; } = "";
        public string FilePath { get; set; } = "";
        public string Sha256 { get; set; } = "";
        public string? Options { get; set; }
        public int ProgressDone { get; set; }
        public int ProgressTotal { get; set; }
        public int Attempts { get; set; }
        public string? Error { get; set; }
        public long? IssueId { get; set; }
        public string? WorkerId { get; set; }
        public DateTimeOffset? HeartbeatAt { get; set; }
        public DateTimeOffset CreatedAt { get; set; }
        public DateTimeOffset UpdatedAt { get; set; }
        public DateTimeOffset? StartedAt { get; set; }
        public DateTimeOffset? FinishedAt { get; set; }

        public JobRecord ToRecord() => new()
        {
            Id = Id, State = Enum.Parse<JobState>(State, ignoreCase: true), FilePath = FilePath, Sha256 = Sha256,
            Options = string.IsNullOrEmpty(Options) ? new MetadataOverrides() : JsonSerializer.Deserialize<MetadataOverrides>(Options, IssueStore.Json) ?? new MetadataOverrides(),
            ProgressDone = ProgressDone, ProgressTotal = ProgressTotal, Attempts = Attempts, Error = Error, IssueId = IssueId,
            WorkerId = WorkerId, HeartbeatAt = HeartbeatAt, CreatedAt = CreatedAt, UpdatedAt = UpdatedAt, StartedAt = StartedAt, FinishedAt = FinishedAt,
        };
    }
}
