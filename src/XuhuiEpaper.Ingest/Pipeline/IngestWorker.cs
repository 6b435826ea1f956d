using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace XuhuiEpaper.Ingest.Pipeline;

/// <summary>
/// The background worker: recovers jobs a crash left running, then works through the queue. It supervises its own
/// loop: whatever stops the loop (the database busy or gone, a disk error, a bug) is logged and recorded in
/// <see cref="WorkerStatus"/>, and the loop starts again after a pause that grows while it keeps failing. When no job is
/// waiting, it makes the IIIF tiles that published issues still lack (<see cref="TileRunner"/>), a page at a time, so a
/// new job waits for at most one page's tiles.
/// </summary>
public sealed partial class IngestWorker(JobRunner runner, WorkerStatus status, IOptions<EpaperOptions> options, ILogger<IngestWorker> logger, TileRunner? tiles = null)
    : BackgroundService
{
    private static readonly TimeSpan FirstRestartDelay = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan MaxRestartDelay = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var delay = FirstRestartDelay;
        while (!stoppingToken.IsCancellationRequested)
        {
            var started = DateTime.UtcNow;
            try
            {
                await LoopAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                status.Failed(ex);
                LogLoopFailed(ex, delay);
            }

            // A loop that ran for a while before it failed starts again soon; one that fails at once backs off.
            delay = DateTime.UtcNow - started > MaxRestartDelay ? FirstRestartDelay : delay;
            try
            {
                await Task.Delay(delay, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            status.Restarted();
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxRestartDelay.Ticks));
        }
    }

    private async Task LoopAsync(CancellationToken stoppingToken)
    {
        status.Tick();
        await runner.RecoverAbandonedAsync(stoppingToken);
        if (tiles is not null)
        {
            await tiles.QueueMissingAsync(stoppingToken);
        }

        var lastRecovery = DateTime.UtcNow;
        while (!stoppingToken.IsCancellationRequested)
        {
            status.Tick();
            if (!await runner.RunNextAsync(null, stoppingToken) && (tiles is null || !await tiles.RunNextAsync(stoppingToken)))
            {
                await Task.Delay(options.Value.WorkerPollInterval, stoppingToken);
            }

            // Another process may have died holding a job; look again now and then.
            if (DateTime.UtcNow - lastRecovery > options.Value.JobLease)
            {
                await runner.RecoverAbandonedAsync(stoppingToken);
                lastRecovery = DateTime.UtcNow;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The ingest worker's loop stopped; it starts again in {Delay}")]
    private partial void LogLoopFailed(Exception exception, TimeSpan delay);
}
