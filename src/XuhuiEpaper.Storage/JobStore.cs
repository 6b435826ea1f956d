using System.Data;
using System.Text.Json;
using Dapper;
using Microsoft.Data.Sqlite;
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

    /// <summary>The upload may replace the issue another PDF made for the same paper and date.</summary>
    public bool Replace { get; init; }
    public int ProgressDone { get; init; }
    public int ProgressTotal { get; init; }
    public int Attempts { get; init; }

    /// <summary>Why the job failed (or last failed), in words anyone may read: no paths, no exception types.</summary>
    public string? Error { get; init; }

    /// <summary>The full error of the last failure, for admins and the log.</summary>
    public string? ErrorDetail { get; init; }
    public long? IssueId { get; init; }
    public string? WorkerId { get; init; }
    public DateTimeOffset? HeartbeatAt { get; init; }

    /// <summary>A job retried after a failure is not claimed before this time (back-off).</summary>
    public DateTimeOffset? NotBefore { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>The claim of a running job: only its worker may renew the lease, fail it or publish for it.</summary>
    public JobClaim? Claim => State == JobState.Running && WorkerId is not null ? new JobClaim(Id, WorkerId) : null;
}

/// <summary>A running job as claimed by one worker. Every write about a running job names its claim.</summary>
public sealed record JobClaim(long JobId, string WorkerId);

/// <summary>
/// The job is no longer running under this claim: its lease ran out and another worker took it, it was failed for
/// overrunning its deadline, or it has finished. The worker must stop and write nothing more about it.
/// </summary>
public sealed class JobLeaseLostException : DataException
{
    public JobLeaseLostException()
    {
    }

    public JobLeaseLostException(string message)
        : base(message)
    {
    }

    public JobLeaseLostException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public static JobLeaseLostException For(JobClaim claim, string what) =>
        new($"{what}: job {claim.JobId} is no longer running under worker {claim.WorkerId}");
}

/// <summary>What <see cref="JobStore.RequeueAbandonedAsync"/> did.</summary>
public sealed record RequeueResult(IReadOnlyList<long> Requeued, IReadOnlyList<long> Failed);

/// <summary>When jobs are retried and given up. <see cref="Backoff"/> doubles after each attempt.</summary>
public sealed record RetryPolicy(int MaxAttempts, TimeSpan Backoff, TimeSpan? Deadline = null)
{
    public static RetryPolicy Default { get; } = new(JobStore.DefaultMaxAttempts, TimeSpan.FromSeconds(30));

    /// <summary>The wait before attempt <paramref name="attempts"/> + 1: Backoff, 2 Backoff, 4 Backoff… at most an hour.</summary>
    public TimeSpan DelayAfter(int attempts) =>
        TimeSpan.FromTicks(Math.Min(TimeSpan.FromHours(1).Ticks, Backoff.Ticks * (1L << Math.Clamp(attempts - 1, 0, 20))));
}

/// <summary>What <see cref="JobStore.RetryOrFailAsync"/> decided.</summary>
public enum RetryDecision
{
    Retry,
    Failed,
}

/// <summary>
/// The ingest queue. A claim is one <c>UPDATE … WHERE id = (oldest claimable) RETURNING</c> inside the single
/// writer's <c>BEGIN IMMEDIATE</c> transaction, so two claimers (threads or processes) never get the same job.
/// A running job holds a lease: <c>heartbeat_at</c>, set on claim and renewed by its worker. Every write about a
/// running job matches the claiming worker, so a worker whose lease ran out (and whose job another worker took over)
/// can neither renew it, nor fail it, nor publish for it: it gets <see cref="JobLeaseLostException"/>.
/// Every failure counts as an attempt: a job is retried after a back-off until it has had its attempts.
/// </summary>
public sealed class JobStore(EpaperDatabase db)
{
    public const int DefaultMaxAttempts = 3;

    private const string Columns = """
        SELECT id AS Id, state AS State, file_path AS FilePath, sha256 AS Sha256, options AS Options, replace_existing AS ReplaceExisting,
               progress_done AS ProgressDone, progress_total AS ProgressTotal, attempts AS Attempts, error AS Error, error_detail AS ErrorDetail,
               issue_id AS IssueId, worker_id AS WorkerId, heartbeat_at AS HeartbeatAt, not_before AS NotBefore, created_at AS CreatedAt,
               updated_at AS UpdatedAt, started_at AS StartedAt, finished_at AS FinishedAt
        """;

    public Task<long> EnqueueAsync(string filePath, string sha256, MetadataOverrides? options = null, CancellationToken cancellationToken = default) =>
        EnqueueAsync(filePath, sha256, options, replace: false, cancellationToken);

    /// <summary>Queues a job; <paramref name="replace"/> lets it replace another PDF's issue of the same paper and date.</summary>
    public Task<long> EnqueueAsync(string filePath, string sha256, MetadataOverrides? options, bool replace, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(filePath);
        ArgumentException.ThrowIfNullOrWhiteSpace(sha256);
        var now = db.Now();
        return db.WriteAsync((c, tx) => c.ExecuteScalarAsync<long>(Sql.Cmd(
            """
            INSERT INTO jobs (state, file_path, sha256, options, replace_existing, created_at, updated_at)
            VALUES ('queued', @FilePath, @Sha256, @Options, @Replace, @Now, @Now)
            RETURNING id
            """, new { FilePath = filePath, Sha256 = sha256, Options = JsonSerializer.Serialize(options ?? new MetadataOverrides(), Sql.Json), Replace = replace, Now = now }, tx, cancellationToken)),
            cancellationToken);
    }

    /// <summary>
    /// Moves the oldest queued job whose back-off has passed to running for <paramref name="workerId"/> and counts the
    /// attempt; null if there is none.
    /// </summary>
    public async Task<JobRecord?> ClaimNextAsync(string workerId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(workerId);
        var now = db.Now();
        var row = await db.WriteAsync((c, tx) => c.QuerySingleOrDefaultAsync<JobRow>(Sql.Cmd(
            """
            UPDATE jobs SET state = 'running', worker_id = @WorkerId, attempts = attempts + 1, not_before = NULL,
                            heartbeat_at = @Now, started_at = @Now, updated_at = @Now, finished_at = NULL
            WHERE id = (SELECT id FROM jobs WHERE state = 'queued' AND (not_before IS NULL OR not_before <= @Now) ORDER BY id LIMIT 1)
            RETURNING
            """ + Columns.Replace("SELECT", "", StringComparison.Ordinal), new { WorkerId = workerId, Now = now }, tx, cancellationToken)),
            cancellationToken);
        return row?.ToRecord();
    }

    /// <summary>
    /// Puts running jobs whose lease is older than <paramref name="staleAfter"/> back in the queue (their worker died: the
    /// attempt counts, and the back-off applies), or fails them for good once they have had <paramref name="maxAttempts"/>.
    /// </summary>
    public Task<RequeueResult> RequeueAbandonedAsync(TimeSpan staleAfter, int maxAttempts = DefaultMaxAttempts, CancellationToken cancellationToken = default) =>
        RequeueAbandonedAsync(staleAfter, RetryPolicy.Default with { MaxAttempts = maxAttempts, Backoff = TimeSpan.Zero }, cancellationToken);

    /// <summary>
    /// Puts running jobs whose lease is older than <paramref name="staleAfter"/> back in the queue after the policy's
    /// back-off, or fails them once they have had the policy's attempts. With a deadline, running jobs started longer
    /// ago than it are failed whatever their lease: a worker stuck in a job keeps renewing its lease for ever.
    /// </summary>
    public async Task<RequeueResult> RequeueAbandonedAsync(TimeSpan staleAfter, RetryPolicy policy, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentOutOfRangeException.ThrowIfLessThan(policy.MaxAttempts, 1);
        var now = db.Time.GetUtcNow();
        var stamp = DapperConfig.FormatTimestamp(now);
        return await db.WriteAsync(async (c, tx) =>
        {
            var failed = new List<long>();
            if (policy.Deadline is { } deadline)
            {
                var overdue = await c.QueryAsync<long>(Sql.Cmd(
                    """
                    UPDATE jobs SET state = 'failed', finished_at = @Now, updated_at = @Now, heartbeat_at = NULL,
                        error = @Reason, error_detail = @Reason || ' (worker ' || COALESCE(worker_id, '?') || ', attempt ' || attempts || ')', worker_id = NULL
                    WHERE state = 'running' AND started_at <= @Cutoff
                    RETURNING id
                    """, new { Now = stamp, Cutoff = DapperConfig.FormatTimestamp(now - deadline), Reason = DeadlineReason(deadline) }, tx, cancellationToken));
                failed.AddRange(overdue);
            }

            var stale = (await c.QueryAsync<(long Id, int Attempts, string? WorkerId)>(Sql.Cmd(
                "SELECT id, attempts, worker_id FROM jobs WHERE state = 'running' AND (heartbeat_at IS NULL OR heartbeat_at <= @Cutoff)",
                new { Cutoff = DapperConfig.FormatTimestamp(now - staleAfter) }, tx, cancellationToken))).AsList();
            var requeued = new List<long>();
            foreach (var job in stale)
            {
                var reason = $"its worker stopped during attempt {job.Attempts}";
                var detail = $"abandoned by worker {job.WorkerId ?? "?"} after {job.Attempts} attempt(s): its lease ran out";
                if (await RetryOrFailAsync(c, tx, job.Id, reason, detail, policy, now, cancellationToken) == RetryDecision.Retry)
                {
                    requeued.Add(job.Id);
                }
                else
                {
                    failed.Add(job.Id);
                }
            }

            return new RequeueResult(requeued.Order().ToList(), failed.Order().ToList());
        }, cancellationToken);
    }

    /// <summary>
    /// Records progress and renews the lease of the job held by <paramref name="claim"/>. Throws
    /// <see cref="JobLeaseLostException"/> when the job is no longer running under that claim.
    /// </summary>
    public Task ReportProgressAsync(JobClaim claim, int done, int total, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(claim);
        ArgumentOutOfRangeException.ThrowIfNegative(done);
        ArgumentOutOfRangeException.ThrowIfNegative(total);
        var now = db.Now();
        return db.WriteAsync(async (c, tx) =>
        {
            var changed = await c.ExecuteAsync(Sql.Cmd(
                "UPDATE jobs SET progress_done = @Done, progress_total = @Total, heartbeat_at = @Now, updated_at = @Now WHERE id = @Id AND state = 'running' AND worker_id = @WorkerId",
                new { Id = claim.JobId, claim.WorkerId, Done = done, Total = total, Now = now }, tx, cancellationToken));
            ExpectClaimed(changed, claim, "renew the lease");
            return true;
        }, cancellationToken);
    }

    /// <summary>Marks the job held by <paramref name="claim"/> succeeded with its issue.</summary>
    public Task SucceedAsync(JobClaim claim, long issueId, CancellationToken cancellationToken = default) =>
        db.WriteAsync(async (c, tx) =>
        {
            await SucceedAsync(c, tx, claim, issueId, db.Now(), cancellationToken);
            return true;
        }, cancellationToken);

    /// <summary>Inside a publish transaction: the job succeeds with its issue in the same commit, or neither happens.</summary>
    internal static async Task SucceedAsync(SqliteConnection c, SqliteTransaction tx, JobClaim claim, long issueId, string now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claim);
        var changed = await c.ExecuteAsync(Sql.Cmd(
            """
            UPDATE jobs SET state = 'succeeded', issue_id = @IssueId, error = NULL, error_detail = NULL, progress_done = MAX(progress_done, progress_total),
                            heartbeat_at = NULL, updated_at = @Now, finished_at = @Now
            WHERE id = @Id AND state = 'running' AND worker_id = @WorkerId
            """, new { Id = claim.JobId, claim.WorkerId, IssueId = issueId, Now = now }, tx, cancellationToken));
        ExpectClaimed(changed, claim, "succeed");
    }

    /// <summary>Fails the job held by <paramref name="claim"/> for good: <paramref name="reason"/> for anyone, <paramref name="detail"/> for admins.</summary>
    public Task FailAsync(JobClaim claim, string reason, string? detail = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(claim);
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        var now = db.Now();
        return db.WriteAsync(async (c, tx) =>
        {
            var changed = await c.ExecuteAsync(Sql.Cmd(
                """
                UPDATE jobs SET state = 'failed', error = @Reason, error_detail = @Detail, heartbeat_at = NULL, updated_at = @Now, finished_at = @Now
                WHERE id = @Id AND state = 'running' AND worker_id = @WorkerId
                """, new { Id = claim.JobId, claim.WorkerId, Reason = reason, Detail = detail ?? reason, Now = now }, tx, cancellationToken));
            ExpectClaimed(changed, claim, "fail");
            return true;
        }, cancellationToken);
    }

    /// <summary>
    /// A failure that may not happen again (the database was busy, the disk was full, the worker's process died): the job
    /// goes back to the queue after the policy's back-off, or fails for good when it has had its attempts.
    /// </summary>
    public Task<RetryDecision> RetryOrFailAsync(JobClaim claim, string reason, string detail, RetryPolicy policy, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(claim);
        ArgumentNullException.ThrowIfNull(policy);
        var now = db.Time.GetUtcNow();
        return db.WriteAsync(async (c, tx) =>
        {
            var owned = await c.ExecuteScalarAsync<long>(Sql.Cmd(
                "SELECT count(*) FROM jobs WHERE id = @Id AND state = 'running' AND worker_id = @WorkerId", new { Id = claim.JobId, claim.WorkerId }, tx, cancellationToken));
            ExpectClaimed((int)owned, claim, "retry");
            return await RetryOrFailAsync(c, tx, claim.JobId, reason, detail, policy, now, cancellationToken);
        }, cancellationToken);
    }

    /// <summary>Gives a job back to the queue without counting the attempt (its worker is shutting down).</summary>
    public Task ReleaseAsync(JobClaim claim, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(claim);
        var now = db.Now();
        return db.WriteAsync(async (c, tx) =>
        {
            var changed = await c.ExecuteAsync(Sql.Cmd(
                """
                UPDATE jobs SET state = 'queued', attempts = MAX(0, attempts - 1), worker_id = NULL, heartbeat_at = NULL, updated_at = @Now
                WHERE id = @Id AND state = 'running' AND worker_id = @WorkerId
                """, new { Id = claim.JobId, claim.WorkerId, Now = now }, tx, cancellationToken));
            ExpectClaimed(changed, claim, "release");
            return true;
        }, cancellationToken);
    }

    /// <summary>The oldest job still waiting to be claimed (its back-off over), if any: how long the queue has been stuck.</summary>
    public async Task<JobRecord?> OldestWaitingAsync(CancellationToken cancellationToken = default)
    {
        await using var c = await db.OpenReadAsync(cancellationToken);
        var row = await c.QuerySingleOrDefaultAsync<JobRow>(Sql.Cmd(
            Columns + " FROM jobs WHERE state = 'queued' AND (not_before IS NULL OR not_before <= @Now) ORDER BY id LIMIT 1",
            new { Now = db.Now() }, null, cancellationToken));
        return row?.ToRecord();
    }

    private static async Task<RetryDecision> RetryOrFailAsync(
        SqliteConnection c, SqliteTransaction tx, long jobId, string reason, string detail, RetryPolicy policy, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var attempts = await c.ExecuteScalarAsync<int>(Sql.Cmd("SELECT attempts FROM jobs WHERE id = @Id", new { Id = jobId }, tx, cancellationToken));
        var stamp = DapperConfig.FormatTimestamp(now);
        if (attempts >= policy.MaxAttempts)
        {
            (await c.ExecuteAsync(Sql.Cmd(
                """
                UPDATE jobs SET state = 'failed', error = @Reason, error_detail = @Detail, worker_id = NULL, heartbeat_at = NULL, updated_at = @Now, finished_at = @Now
                WHERE id = @Id
                """,
                new { Id = jobId, Reason = $"{reason}; gave up after {attempts} attempt(s)", Detail = $"{detail}; gave up after {attempts} attempt(s)", Now = stamp },
                tx, cancellationToken))).ExpectRows(1, $"fail job {jobId}");
            return RetryDecision.Failed;
        }

        (await c.ExecuteAsync(Sql.Cmd(
            """
            UPDATE jobs SET state = 'queued', error = @Reason, error_detail = @Detail, worker_id = NULL, heartbeat_at = NULL,
                            not_before = @NotBefore, updated_at = @Now
            WHERE id = @Id
            """,
            new { Id = jobId, Reason = reason, Detail = detail, NotBefore = DapperConfig.FormatTimestamp(now + policy.DelayAfter(attempts)), Now = stamp },
            tx, cancellationToken))).ExpectRows(1, $"requeue job {jobId}");
        return RetryDecision.Retry;
    }

    public static string DeadlineReason(TimeSpan deadline) =>
        $"the job ran past its deadline of {deadline.TotalMinutes.ToString("0.#", System.Globalization.CultureInfo.InvariantCulture)} min";

    private static void ExpectClaimed(int changed, JobClaim claim, string what)
    {
        if (changed != 1)
        {
            throw JobLeaseLostException.For(claim, what);
        }
    }

    public async Task<JobRecord?> GetAsync(long jobId, CancellationToken cancellationToken = default)
    {
        await using var c = await db.OpenReadAsync(cancellationToken);
        var row = await c.QuerySingleOrDefaultAsync<JobRow>(Sql.Cmd(Columns + " FROM jobs WHERE id = @Id", new { Id = jobId }, null, cancellationToken));
        return row?.ToRecord();
    }

    /// <summary>The most recent jobs, newest first (for an admin view).</summary>
    public async Task<IReadOnlyList<JobRecord>> ListRecentAsync(int limit = 50, CancellationToken cancellationToken = default)
    {
        await using var c = await db.OpenReadAsync(cancellationToken);
        var rows = await c.QueryAsync<JobRow>(Sql.Cmd(Columns + " FROM jobs ORDER BY id DESC LIMIT @Limit", new { Limit = Math.Clamp(limit, 1, 1000) }, null, cancellationToken));
        return rows.Select(r => r.ToRecord()).ToList();
    }

    private sealed class JobRow
    {
        public long Id { get; set; }
        public string State { get; set; } = "";
        public string FilePath { get; set; } = "";
        public string Sha256 { get; set; } = "";
        public string? Options { get; set; }
        public bool ReplaceExisting { get; set; }
        public int ProgressDone { get; set; }
        public int ProgressTotal { get; set; }
        public int Attempts { get; set; }
        public string? Error { get; set; }
        public string? ErrorDetail { get; set; }
        public long? IssueId { get; set; }
        public string? WorkerId { get; set; }
        public DateTimeOffset? HeartbeatAt { get; set; }
        public DateTimeOffset? NotBefore { get; set; }
        public DateTimeOffset CreatedAt { get; set; }
        public DateTimeOffset UpdatedAt { get; set; }
        public DateTimeOffset? StartedAt { get; set; }
        public DateTimeOffset? FinishedAt { get; set; }

        public JobRecord ToRecord() => new()
        {
            Id = Id, State = Enum.Parse<JobState>(State, ignoreCase: true), FilePath = FilePath, Sha256 = Sha256,
            Options = string.IsNullOrEmpty(Options) ? new MetadataOverrides() : JsonSerializer.Deserialize<MetadataOverrides>(Options, Sql.Json) ?? new MetadataOverrides(),
            Replace = ReplaceExisting, ProgressDone = ProgressDone, ProgressTotal = ProgressTotal, Attempts = Attempts, Error = Error, ErrorDetail = ErrorDetail,
            IssueId = IssueId, WorkerId = WorkerId, HeartbeatAt = HeartbeatAt, NotBefore = NotBefore, CreatedAt = CreatedAt, UpdatedAt = UpdatedAt, StartedAt = StartedAt, FinishedAt = FinishedAt,
        };
    }
}
