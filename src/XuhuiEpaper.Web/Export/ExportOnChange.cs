using Microsoft.Extensions.Options;
using XuhuiEpaper.Storage;

namespace XuhuiEpaper.Web.Export;

/// <summary>
/// Publishing exports by itself: with <c>Epaper:Export:Dir</c> set, the static edition is brought up to date at start
/// and whenever the archive's fingerprint (<see cref="ArchiveVersion"/>) moves: an issue published, replaced, edited,
/// deleted, restored or purged, by this process or another one on the same database. Only what changed is written.
/// A failed export is logged and tried again at the next look.
/// </summary>
public sealed partial class ExportOnChange(
    IOptions<ExportOptions> options, StaticEditionExporter exporter, ArchiveVersion archive, ILogger<ExportOnChange> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (string.IsNullOrWhiteSpace(settings.Dir))
        {
            return;
        }

        var request = ExportRequest.Of(settings);
        var interval = settings.PollInterval > TimeSpan.Zero ? settings.PollInterval : TimeSpan.FromSeconds(2);
        string? exported = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // Read before exporting: a change made while the export runs moves it again, and is exported next time.
                var version = await archive.ReadAsync(stoppingToken);
                if (version != exported)
                {
                    var report = await exporter.ExportAsync(request, null, stoppingToken);
                    exported = version;
                    LogExported(logger, report.Issues, request.Dir, report.Written, report.Unchanged, report.Removed, report.Elapsed.TotalMilliseconds);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // the loop must outlive any one failed export (a full disk, a file gone); it is logged and retried
            catch (Exception e)
#pragma warning restore CA1031
            {
                LogFailed(logger, e, request.Dir);
            }

            await Task.Delay(interval, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Static edition: {Issues} issues exported to {Dir}: {Written} files written, {Unchanged} unchanged, {Removed} removed, in {Milliseconds:0} ms")]
    private static partial void LogExported(ILogger logger, int issues, string dir, int written, int unchanged, int removed, double milliseconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "Static edition: the export to {Dir} failed; it is tried again at the next look")]
    private static partial void LogFailed(ILogger logger, Exception exception, string dir);
}
