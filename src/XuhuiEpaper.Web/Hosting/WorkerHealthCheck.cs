using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using XuhuiEpaper.Ingest.Pipeline;
using XuhuiEpaper.Storage;

namespace XuhuiEpaper.Web.Hosting;

/// <summary>
/// Degraded, with the reason, when uploads would wait for ever: the worker of this process has not ticked for
/// <see cref="EpaperOptions.WorkerStallAfter"/>, or a queued job has waited longer than <see cref="EpaperOptions.MaxQueueWait"/>
/// to be claimed (which also catches a separate `epaper worker` that has stopped).
/// </summary>
internal sealed class WorkerHealthCheck(WorkerStatus status, JobStore jobs, IOptions<EpaperOptions> options, TimeProvider? time = null) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        var problems = new List<string>();
        var data = new Dictionary<string, object>();
        var worker = status.Snapshot();
        if (settings.RunWorker)
        {
            data["workerRestarts"] = worker.Restarts;
            if (worker.SinceTick is { } since)
            {
                data["workerLastTickSecondsAgo"] = Math.Round(since.TotalSeconds, 1);
            }

            if (worker.SinceTick is null || worker.SinceTick > settings.WorkerStallAfter)
            {
                var ago = worker.SinceTick is { } s ? $"for {Seconds(s)}" : "since the server started";
                problems.Add($"the ingest worker has not ticked {ago}" + (worker.LastError is { } e ? $"; its last error: {e}" : ""));
            }
        }

        JobRecord? oldest = null;
        try
        {
            oldest = await jobs.OldestWaitingAsync(cancellationToken);
        }
        catch (Microsoft.Data.Sqlite.SqliteException ex)
        {
            problems.Add($"the job queue cannot be read: {ex.Message}");
        }

        if (oldest is not null)
        {
            var waited = (time ?? TimeProvider.System).GetUtcNow() - (oldest.NotBefore ?? oldest.CreatedAt);
            data["oldestQueuedJob"] = oldest.Id;
            data["oldestQueuedJobWaitSeconds"] = Math.Round(waited.TotalSeconds, 1);
            if (waited > settings.MaxQueueWait)
            {
                problems.Add($"job {oldest.Id} has waited {Seconds(waited)} in the queue (more than {Seconds(settings.MaxQueueWait)})"
                    + (settings.RunWorker ? "" : "; is `epaper worker` running?"));
            }
        }

        return problems.Count == 0
            ? HealthCheckResult.Healthy(settings.RunWorker ? "the ingest worker is ticking" : "no job waits too long", data)
            : HealthCheckResult.Degraded(string.Join("; ", problems), data: data);
    }

    private static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture) + " s";
}
