using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using XuhuiEpaper.Ingest.Images;
using XuhuiEpaper.Storage;

namespace XuhuiEpaper.Ingest.Pipeline;

/// <summary>
/// Makes the IIIF tiles that published issues are still waiting for (<see cref="TileTaskStore"/>), one page (zoom image)
/// a task. The worker runs it only when no ingest job is waiting, so the tiles never delay an issue; `epaper ingest` runs
/// it after its issue is published. A failure is retried after the jobs' back-off and given up after their attempts
/// (the page is then served without an image service); a task whose image is gone (its issue deleted) is dropped. A
/// page's tiles take well under a second, far less than a lease, so a task's lease is not renewed while it runs.
/// </summary>
public sealed partial class TileRunner(TileTaskStore tasks, IOptions<ImageOptions> images, IOptions<EpaperOptions> options, ILogger<TileRunner> logger)
{
    public string WorkerId { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/tiles-{Guid.NewGuid():N}";

    /// <summary>Claims and runs the oldest claimable task; false when there was none.</summary>
    public async Task<bool> RunNextAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var task = await tasks.ClaimNextAsync(WorkerId, settings.JobLease, cancellationToken);
        if (task is null)
        {
            return false;
        }

        var policy = settings.RetryPolicy;
        if (task.Attempts > policy.MaxAttempts)
        {
            // Its workers died in it every time (killed, out of memory): no further attempt.
            await tasks.RetryOrGiveUpAsync(task, $"its worker stopped during each of {task.Attempts - 1} attempts", policy, CancellationToken.None);
            LogGaveUp(task.ZoomFile, task.Attempts - 1);
            return true;
        }

        try
        {
            var tiles = await Task.Run(() => IiifTileWriter.MakeFromImage(settings.ImagesDir, task.ZoomFile, images.Value.TileQuality), cancellationToken);
            await tasks.CompleteAsync(task, CancellationToken.None);
            LogMade(task.ZoomFile, tiles);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await tasks.ReleaseAsync(task, CancellationToken.None);
            throw;
        }
        catch (FileNotFoundException)
        {
            // The image went with its issue (deleted and purged, or replaced) before its tiles were made.
            await tasks.CompleteAsync(task, CancellationToken.None);
            LogImageGone(task.ZoomFile);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            var retry = await tasks.RetryOrGiveUpAsync(task, ex.Message, policy, CancellationToken.None);
            LogFailed(ex, task.ZoomFile, task.Attempts, retry);
        }

        return true;
    }

    /// <summary>
    /// Queues the pages whose tiles were never made and are not queued (published with tiles off, restored from the
    /// trash after their task was dropped); nothing when tiles are off. Returns how many were queued.
    /// </summary>
    public async Task<int> QueueMissingAsync(CancellationToken cancellationToken)
    {
        if (!images.Value.IiifTiles)
        {
            return 0;
        }

        var imagesDir = options.Value.ImagesDir;
        var queued = await tasks.EnqueueMissingAsync(zoom => IiifTileWriter.IsComplete(imagesDir, zoom), cancellationToken);
        if (queued > 0)
        {
            LogQueuedMissing(queued);
        }

        return queued;
    }

    /// <summary>
    /// Runs tasks, <paramref name="parallelism"/> at a time, until none is left to claim (tasks that other workers hold or
    /// that wait for their back-off are not waited for). Returns the number of tasks run.
    /// </summary>
    public async Task<int> RunAllAsync(int parallelism, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(parallelism, 1);
        var lanes = Enumerable.Range(0, parallelism).Select(async _ =>
        {
            var ran = 0;
            while (await RunNextAsync(cancellationToken))
            {
                ran++;
            }

            return ran;
        });
        return (await Task.WhenAll(lanes)).Sum();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "IIIF tiles: {Pages} page images without tiles queued")]
    private partial void LogQueuedMissing(int pages);

    [LoggerMessage(Level = LogLevel.Information, Message = "IIIF tiles of {ZoomFile}: {Tiles} tiles made")]
    private partial void LogMade(string zoomFile, int tiles);

    [LoggerMessage(Level = LogLevel.Information, Message = "IIIF tiles of {ZoomFile}: the image is gone (its issue was deleted); nothing to make")]
    private partial void LogImageGone(string zoomFile);

    [LoggerMessage(Level = LogLevel.Error, Message = "IIIF tiles of {ZoomFile} failed in attempt {Attempt} (tried again: {Retry})")]
    private partial void LogFailed(Exception exception, string zoomFile, int attempt, bool retry);

    [LoggerMessage(Level = LogLevel.Error, Message = "IIIF tiles of {ZoomFile}: given up after {Attempts} abandoned attempts")]
    private partial void LogGaveUp(string zoomFile, int attempts);
}
