using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace XuhuiEpaper.Ingest.Pipeline;

/// <summary>The background worker: recovers jobs a crash left running, then works through the queue.</summary>
public sealed class IngestWorker(JobRunner runner, IOptions<EpaperOptions> options) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await runner.RecoverAbandonedAsync(stoppingToken);
        var lastRecovery = DateTime.UtcNow;
        while (!stoppingToken.IsCancellationRequested)
        {
            if (!await runner.RunNextAsync(null, stoppingToken))
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
}
