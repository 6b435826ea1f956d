using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using XuhuiEpaper.Ingest.Housekeeping;
using XuhuiEpaper.Ingest.Rendering;
using XuhuiEpaper.Ingest.Validation;
using XuhuiEpaper.Storage;

namespace XuhuiEpaper.Ingest.Pipeline;

/// <summary>
/// Runs queued ingest jobs: claims one, runs the pipeline while a <see cref="LeaseKeeper"/> renews the job's lease, and
/// records the outcome. Nothing a job does escapes this class: a refused PDF fails its job; any other failure counts as
/// an attempt and the job is retried after a back-off, until it has had its attempts; a job past its deadline fails; a
/// job whose lease was lost (another worker has it now) is left alone. Only the worker's own shutdown ends a run early.
/// </summary>
public sealed partial class JobRunner(
    JobStore jobs, IngestPipeline pipeline, IOptions<EpaperOptions> options, ILogger<JobRunner> logger, WorkerStatus? status = null, DataSweeper? sweeper = null)
{
    public string WorkerId { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";

    /// <summary>
    /// Puts back in the queue the jobs whose worker died mid-way (their lease ran out), fails those past their deadline,
    /// and sweeps the leftovers of ingests that died.
    /// </summary>
    public async Task RecoverAbandonedAsync(CancellationToken cancellationToken)
    {
        var recovered = await jobs.RequeueAbandonedAsync(options.Value.JobLease, options.Value.RetryPolicy, cancellationToken);
        foreach (var id in recovered.Requeued)
        {
            LogRequeued(id);
        }

        foreach (var id in recovered.Failed)
        {
            LogGaveUp(id);
        }

        if (sweeper is not null)
        {
            await sweeper.SweepAsync(cancellationToken);
            return;
        }

        foreach (var folder in StagingSweeper.RemoveAbandoned(options.Value.ImagesDir, options.Value.JobLease))
        {
            LogStagingRemoved(folder);
        }
    }

    /// <summary>Claims and runs the oldest claimable job; false when there was none.</summary>
    public async Task<bool> RunNextAsync(IProgress<(long JobId, IngestProgress Progress)>? observer, CancellationToken cancellationToken)
    {
        var job = await jobs.ClaimNextAsync(WorkerId, cancellationToken);
        if (job?.Claim is not { } claim)
        {
            return false;
        }

        status?.Tick();
        LogStarted(job.Id, job.FilePath, job.Attempts);
        var last = new IngestProgress(IngestStage.Validating, 0, 0);
        var settings = options.Value;
        await using var lease = new LeaseKeeper(jobs, claim, () => last, settings.JobLease, status);
        using var deadline = new CancellationTokenSource(settings.JobDeadline);
        using var run = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lease.Lost, deadline.Token);
        var progress = new SynchronousProgress<IngestProgress>(p =>
        {
            last = p;
            observer?.Report((job.Id, p));
        });
        try
        {
            var result = await pipeline.IngestAsync(job.FilePath, job.Options, new IngestRequest(claim, job.Replace, settings.TrashRetention, $"job {job.Id}"), progress, run.Token);
            await lease.StopAsync();
            if (result.AlreadyPublished)
            {
                // Nothing was published: the job succeeds with the issue its PDF made before.
                await RecordAsync(claim, () => jobs.SucceedAsync(claim, result.IssueId, CancellationToken.None));
            }

            LogSucceeded(job.Id, result.IssueId);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down: the job goes back to the queue at once, its attempt not counted.
            await lease.StopAsync();
            await RecordAsync(claim, () => jobs.ReleaseAsync(claim, CancellationToken.None));
            throw;
        }
        catch (Exception ex)
        {
            await lease.StopAsync();
            await RecordFailureAsync(claim, job.Attempts, ex, lease.IsLost, deadline.IsCancellationRequested);
        }

        return true;
    }

    private async Task RecordFailureAsync(JobClaim claim, int attempt, Exception ex, bool leaseLost, bool pastDeadline)
    {
        var settings = options.Value;
        if (ex is JobLeaseLostException || (leaseLost && ex is OperationCanceledException))
        {
            LogLeaseLost(claim.JobId, claim.WorkerId);
            return;
        }

        if (pastDeadline && ex is OperationCanceledException)
        {
            var reason = JobStore.DeadlineReason(settings.JobDeadline);
            LogRejected(claim.JobId, reason);
            await RecordAsync(claim, () => jobs.FailAsync(claim, reason, $"{reason}; stopped by worker {claim.WorkerId}", CancellationToken.None));
            return;
        }

        if (ex is IngestRejectedException or IssueConflictException)
        {
            // The PDF (or what it says) is refused: another attempt would give the same answer.
            var reason = PublicReason(ex);
            LogRejected(claim.JobId, ex.Message);
            await RecordAsync(claim, () => jobs.FailAsync(claim, reason, Detail(ex), CancellationToken.None));
            return;
        }

        LogFailed(ex, claim.JobId, attempt);
        var decision = RetryDecision.Failed;
        await RecordAsync(claim, async () => decision = await jobs.RetryOrFailAsync(
            claim, $"internal error during attempt {attempt} (details in the server log, job {claim.JobId})", Detail(ex), settings.RetryPolicy, CancellationToken.None));
        if (decision == RetryDecision.Retry)
        {
            LogRetry(claim.JobId, settings.RetryPolicy.DelayAfter(attempt));
        }
    }

    /// <summary>
    /// What anyone may read about a refusal. The validator's and the conflict's reasons are written for archivists, and
    /// so are a render's timeout and memory messages; a render failure's other messages carry pdftoppm's stderr, which
    /// may name server paths, so only the page is told (the full message goes to the admins' detail and the log).
    /// </summary>
    internal static string PublicReason(Exception ex) => ex switch
    {
        PageRenderException { Failure: PageRenderFailure.TimedOut or PageRenderFailure.OutOfMemory } r => r.Message,
        PageRenderException r => $"page {r.PageNumber}: the page could not be rendered (the PDF is damaged or uses something the renderer cannot draw)",
        _ => ex.Message,
    };

    private static string Detail(Exception ex) => ex is IngestRejectedException { InnerException: null } ? ex.Message : ex.ToString();

    /// <summary>
    /// Writes a job's outcome; a failure to write is logged, not thrown: the job's lease then runs out and recovery puts it
    /// back in the queue. A lost lease means another worker has the job, and there is nothing to write.
    /// </summary>
    private async Task RecordAsync(JobClaim claim, Func<Task> write)
    {
        try
        {
            await write();
        }
        catch (JobLeaseLostException)
        {
            LogLeaseLost(claim.JobId, claim.WorkerId);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogRecordFailed(ex, claim.JobId);
        }
    }

    /// <summary>Reports on the caller's thread: <see cref="Progress{T}"/> would post to the thread pool and reorder reports.</summary>
    private sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId} was abandoned by its worker and is queued again")]
    private partial void LogRequeued(long jobId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Job {JobId} was abandoned too often, or ran past its deadline, and has failed")]
    private partial void LogGaveUp(long jobId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Removed the staging folder {Folder} left by an ingest that died")]
    private partial void LogStagingRemoved(string folder);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId} started: {File} (attempt {Attempt})")]
    private partial void LogStarted(long jobId, string file, int attempt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId} succeeded: issue {IssueId}")]
    private partial void LogSucceeded(long jobId, long issueId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId} refused its PDF: {Reason}")]
    private partial void LogRejected(long jobId, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Job {JobId} failed in attempt {Attempt}")]
    private partial void LogFailed(Exception exception, long jobId, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId} will be tried again in {Delay}")]
    private partial void LogRetry(long jobId, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId} is no longer held by worker {WorkerId} (its lease ran out or it was failed meanwhile); its work was dropped")]
    private partial void LogLeaseLost(long jobId, string workerId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not record the outcome of job {JobId}; its lease will run out and it will be recovered")]
    private partial void LogRecordFailed(Exception exception, long jobId);
}
