using Microsoft.Extensions.Options;
using XuhuiEpaper.Ingest.Pipeline;

namespace XuhuiEpaper.Web.Hosting;

/// <summary>
/// The ingest worker inside <c>serve</c>, unless <c>Epaper:RunWorker</c> is false, supervised: should the worker's task
/// ever end while the server runs (it restarts its own loop, so only a bug gets here), a new worker is started. The
/// switch is read when the host starts, so every configuration source (including a test's) counts.
/// </summary>
internal sealed partial class OptionalIngestWorker(IServiceProvider services, IOptions<EpaperOptions> options, WorkerStatus status, ILogger<OptionalIngestWorker> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.RunWorker)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            using var worker = ActivatorUtilities.CreateInstance<IngestWorker>(services);
            await worker.StartAsync(stoppingToken);
            try
            {
                await worker.ExecuteTask!.WaitAsync(stoppingToken);
                LogWorkerEnded(null);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                await worker.StopAsync(CancellationToken.None);
                return;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                status.Failed(ex);
                LogWorkerEnded(ex);
            }

            status.Restarted();
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The ingest worker ended while the server runs; a new one is started")]
    private partial void LogWorkerEnded(Exception? exception);
}
