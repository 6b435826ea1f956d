using XuhuiEpaper.Ingest.Pipeline;

namespace XuhuiEpaper.Web.Hosting;

/// <summary>
/// The ingest worker inside <c>serve</c>, unless <c>Epaper:RunWorker</c> is false. The switch is read when the host
/// starts, so every configuration source (including a test's) counts.
/// </summary>
internal sealed class OptionalIngestWorker(IServiceProvider services, IConfiguration configuration) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!configuration.GetValue("Epaper:RunWorker", true))
        {
            return;
        }

        using var worker = ActivatorUtilities.CreateInstance<IngestWorker>(services);
        await worker.StartAsync(stoppingToken);
        try
        {
            await Task.Delay(Timeout.Infinite, stoppingToken);
        }
        catch (OperationCanceledException)
        {
        }

        await worker.StopAsync(CancellationToken.None);
    }
}
