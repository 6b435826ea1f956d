using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using XuhuiEpaper.Ingest.Pipeline;
using XuhuiEpaper.Storage;

namespace XuhuiEpaper.Web.Hosting;

/// <summary>Healthy when the database answers with the expected schema and the data folder is writable.</summary>
internal sealed class DatabaseHealthCheck(EpaperDatabase database, IOptions<EpaperOptions> options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var health = await database.CheckHealthAsync(cancellationToken);
        if (!health.Ok)
        {
            return HealthCheckResult.Unhealthy($"database: {health.Error}");
        }

        var probe = Path.Combine(options.Value.DataDir, $".health-{Guid.NewGuid():N}");
        try
        {
            await File.WriteAllTextAsync(probe, "ok", cancellationToken);
            File.Delete(probe);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return HealthCheckResult.Unhealthy($"data folder {options.Value.DataDir} is not writable: {ex.Message}");
        }

        return HealthCheckResult.Healthy($"schema {health.SchemaVersion}, journal {health.JournalMode}");
    }
}
