using XuhuiEpaper.Storage;
using XuhuiEpaper.Web.Api;

namespace XuhuiEpaper.Web.Hosting;

/// <summary>
/// Deletes uploads from <c>incoming/</c> once their job has finished: the pipeline has kept the original under
/// <c>originals/</c> by then (or refused the file). Files of queued or running jobs stay; so do files younger than
/// a minute (a job may be about to be queued for them).
/// </summary>
internal sealed partial class IncomingSweeper(JobStore jobs, DataPaths paths, ILogger<IncomingSweeper> logger) : BackgroundService
{
    public static readonly TimeSpan Period = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Period);
        do
        {
            try
            {
                await SweepAsync(TimeSpan.FromMinutes(1), stoppingToken);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or Microsoft.Data.Sqlite.SqliteException)
            {
                LogSweepFailed(ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>One pass; returns the files deleted.</summary>
    public async Task<IReadOnlyList<string>> SweepAsync(TimeSpan minimumAge, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(paths.IncomingDir))
        {
            return [];
        }

        var cutoff = DateTime.UtcNow - minimumAge;
        var candidates = Directory.EnumerateFiles(paths.IncomingDir).Where(f => File.GetLastWriteTimeUtc(f) <= cutoff).ToList();
        if (candidates.Count == 0)
        {
            return [];
        }

        var busy = (await jobs.ListRecentAsync(1000, cancellationToken))
            .Where(j => j.State is JobState.Queued or JobState.Running)
            .Select(j => Path.GetFullPath(j.FilePath))
            .ToHashSet(StringComparer.Ordinal);
        var deleted = new List<string>();
        foreach (var file in candidates.Where(f => !busy.Contains(Path.GetFullPath(f))))
        {
            File.Delete(file);
            deleted.Add(file);
        }

        return deleted;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not sweep the incoming folder")]
    private partial void LogSweepFailed(Exception exception);
}
