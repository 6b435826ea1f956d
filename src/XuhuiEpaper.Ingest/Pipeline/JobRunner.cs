using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using XuhuiEpaper.Ingest.Rendering;
using XuhuiEpaper.Ingest.Validation;
using XuhuiEpaper.Storage;

namespace XuhuiEpaper.Ingest.Pipeline;

/// <summary>
/// Runs queued ingest jobs: claims one, runs the pipeline with its progress recorded in the jobs table, and
/// records success or the reason of the failure. A bad PDF fails its job, never the runner.
/// </summary>
public sealed partial class JobRunner(JobStore jobs, IngestPipeline pipeline, IOptions<EpaperOptions> options, ILogger<JobRunner> logger)
{
    public string WorkerId { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";

    /// <summary>Puts back in the queue the jobs whose worker died mid-way (their lease ran out).</summary>
    public async Task RecoverAbandonedAsync(CancellationToken cancellationToken)
    {
        var recovered = await jobs.RequeueAbandonedAsync(options.Value.JobLease, cancellationToken: cancellationToken);
        foreach (var id in recovered.Requeued)
        {
            LogRequeued(id);
        }

        foreach (var id in recovered.Failed)
        {
            LogGaveUp(id);
        }

        foreach (var folder in StagingSweeper.RemoveAbandoned(options.Value.ImagesDir, options.Value.JobLease))
        {
            LogStagingRemoved(folder);
        }
    }

    /// <summary>Claims and runs the oldest queued job; false when the queue was empty.</summary>
    public async Task<bool> RunNextAsync(IProgress<(long JobId, IngestProgress Progress)>? observer, CancellationToken cancellationToken)
    {
        var job = await jobs.ClaimNextAsync(WorkerId, cancellationToken);
        if (job is null)
        {
            return false;
        }

        LogStarted(job.Id, job.FilePath, job.Attempts);
        var last = new IngestProgress(IngestStage.Validating, 0, 0);
        using var heartbeat = new CancellationTokenSource();
        var beats = KeepLeaseAsync(job.Id, () => last, heartbeat.Token);
        var progress = new SynchronousProgress<IngestProgress>(p =>
        {
            last = p;
            observer?.Report((job.Id, p));
        });
        try
        {
            var result = await pipeline.IngestAsync(job.FilePath, job.Options, progress, cancellationToken);
            await heartbeat.CancelAsync();
            await beats;
            await jobs.ReportProgressAsync(job.Id, last.PageCount, last.PageCount, CancellationToken.None);
            await jobs.SucceedAsync(job.Id, result.IssueId, CancellationToken.None);
            LogSucceeded(job.Id, result.IssueId);
        }
        catch (Exception ex) when (ex is IngestRejectedException or PageRenderException)
        {
            await heartbeat.CancelAsync();
            await beats;
            await jobs.FailAsync(job.Id, ex.Message, CancellationToken.None);
            LogRejected(job.Id, ex.Message);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await heartbeat.CancelAsync();
            await beats;
            await jobs.FailAsync(job.Id, $"internal error: {ex.Message}", CancellationToken.None);
            LogFailed(ex, job.Id);
        }

        return true;
    }

    /// <summary>Refreshes the job's lease (and its progress) while the pipeline works, so no one takes the job away.</summary>
    private async Task KeepLeaseAsync(long jobId, Func<IngestProgress> current, CancellationToken cancellationToken)
    {
        var period = options.Value.JobLease / 4;
        try
        {
            while (true)
            {
                var p = current();
                await jobs.ReportProgressAsync(jobId, p.PagesDone, p.PageCount, cancellationToken);
                await Task.Delay(period < TimeSpan.FromMilliseconds(200) ? TimeSpan.FromMilliseconds(200) : Min(period, TimeSpan.FromSeconds(1)), cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    /// <summary>Reports on the caller's thread: <see cref="Progress{T}"/> would post to the thread pool and reorder reports.</summary>
    private sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId} was abandoned by its worker and is queued again")]
    private partial void LogRequeued(long jobId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Job {JobId} was abandoned too often and has failed")]
    private partial void LogGaveUp(long jobId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Removed the staging folder {Folder} left by an ingest that died")]
    private partial void LogStagingRemoved(string folder);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId} started: {File} (attempt {Attempt})")]
    private partial void LogStarted(long jobId, string file, int attempt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId} succeeded: issue {IssueId}")]
    private partial void LogSucceeded(long jobId, long issueId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId} refused its PDF: {Reason}")]
    private partial void LogRejected(long jobId, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Job {JobId} failed")]
    private partial void LogFailed(Exception exception, long jobId);
}
