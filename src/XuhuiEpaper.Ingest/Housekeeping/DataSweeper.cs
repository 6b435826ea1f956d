using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using XuhuiEpaper.Ingest.Images;
using XuhuiEpaper.Ingest.Pipeline;
using XuhuiEpaper.Storage;

namespace XuhuiEpaper.Ingest.Housekeeping;

/// <summary>What one sweep did.</summary>
public sealed record SweepResult(
    IReadOnlyList<string> StagingFolders, IReadOnlyList<string> Images, IReadOnlyList<string> OriginalsTrashed, IReadOnlyList<string> TrashFolders, IReadOnlyList<long> Expired)
{
    /// <summary>IIIF tile sets (<c>iiif/&lt;hash&gt;</c>) whose zoom image no issue and no trash entry refers to.</summary>
    public IReadOnlyList<string> TileSets { get; init; } = [];

    public bool Any => StagingFolders.Count + Images.Count + OriginalsTrashed.Count + TrashFolders.Count + Expired.Count + TileSets.Count > 0;
}

/// <summary>
/// Removes what crashes leave behind and what has expired, at the worker's start and then once a lease: staging folders
/// of dead ingests; images no published issue and no trash entry refers to; originals of trashed issues still in
/// <c>originals/</c> (the delete died after its commit) go to the trash folder; trash folders without an entry; trash
/// entries past their time. Only files older than a lease are touched: an ingest moves fresh copies into place just
/// before its commit, and refers to them only once it has committed.
/// </summary>
public sealed partial class DataSweeper(TrashStore trashStore, TrashBin trash, IOptions<EpaperOptions> options, ILogger<DataSweeper> logger)
{
    public async Task<SweepResult> SweepAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var cutoff = DateTime.UtcNow - settings.JobLease;
        var staging = StagingSweeper.RemoveAbandoned(settings.ImagesDir, settings.JobLease);
        var expired = new List<long>();
        foreach (var id in await trashStore.ExpiredAsync(cancellationToken))
        {
            if (await trashStore.PurgeAsync(id, new AuditEntry("expire", Client: "worker", Detail: "kept for the configured time (Epaper:TrashRetention)"), cancellationToken) is { } files)
            {
                trash.Purge(id, files);
                expired.Add(id);
            }
        }

        var refs = await trashStore.ReferencedFilesAsync(cancellationToken);
        var images = new List<string>();
        var tileSets = new List<string>();
        if (Directory.Exists(settings.ImagesDir))
        {
            foreach (var path in Directory.EnumerateFiles(settings.ImagesDir))
            {
                var name = Path.GetFileName(path);
                if (!refs.IsReferenced(name) && IsOld(path, cutoff) && TryDelete(path))
                {
                    images.Add(name);
                }
            }

            // A page's IIIF tile set lives as long as its zoom image (iiif/<hash> beside <hash>-zoom.webp).
            var tiles = Path.Combine(settings.ImagesDir, IiifTileWriter.RootFolder);
            var kept = refs.Published.Concat(refs.Trashed.Keys).Select(IiifTileWriter.FolderName).ToHashSet(StringComparer.Ordinal);
            foreach (var set in Directory.Exists(tiles) ? Directory.EnumerateDirectories(tiles) : [])
            {
                var name = Path.GetFileName(set);
                if (!kept.Contains(name) && Directory.GetLastWriteTimeUtc(set) < cutoff && TryDeleteDirectory(set))
                {
                    tileSets.Add(Path.Combine(IiifTileWriter.RootFolder, name));
                }
            }
        }

        // An article's preview lives as long as its page image: previews/<image name>-<key>.jpg for <image name>.webp.
        if (Directory.Exists(settings.PreviewsDir))
        {
            foreach (var path in Directory.EnumerateFiles(settings.PreviewsDir))
            {
                var name = Path.GetFileName(path);
                var dash = name.LastIndexOf('-');
                if ((dash < 0 || !refs.IsReferenced(name[..dash] + ".webp")) && IsOld(path, cutoff) && TryDelete(path))
                {
                    images.Add($"previews/{name}");
                }
            }
        }

        var originals = new List<string>();
        foreach (var (file, entries) in refs.Trashed.Where(t => TrashBin.IsOriginal(t.Key) && !refs.Published.Contains(t.Key)))
        {
            var sha = Path.GetFileNameWithoutExtension(file);
            var live = trash.LivePath(file);
            if (!refs.PendingSha256.Contains(sha) && File.Exists(live) && IsOld(live, cutoff))
            {
                trash.MoveIn(entries[0], [file]);
                originals.Add(file);
            }
        }

        var folders = new List<string>();
        if (Directory.Exists(trash.TrashDir))
        {
            var entries = (await trashStore.ListAsync(cancellationToken)).Select(e => e.IssueId.ToString(CultureInfo.InvariantCulture)).ToHashSet(StringComparer.Ordinal);
            foreach (var folder in Directory.EnumerateDirectories(trash.TrashDir))
            {
                if (!entries.Contains(Path.GetFileName(folder)) && Directory.GetLastWriteTimeUtc(folder) < cutoff)
                {
                    Directory.Delete(folder, recursive: true);
                    folders.Add(folder);
                }
            }
        }

        var result = new SweepResult(staging, images, originals, folders, expired) { TileSets = tileSets };
        if (result.Any)
        {
            LogSwept(staging.Count, images.Count, tileSets.Count, originals.Count, folders.Count, expired.Count);
        }

        return result;
    }

    private static bool IsOld(string path, DateTime cutoff) => File.GetLastWriteTimeUtc(path) < cutoff;

    private static bool TryDeleteDirectory(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static bool TryDelete(string path)
    {
        try
        {
            File.Delete(path);
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Swept the data folder: {Staging} staging folder(s), {Images} unreferenced image(s), {TileSets} unreferenced IIIF tile set(s), {Originals} original(s) moved to the trash, {Folders} empty trash folder(s), {Expired} expired trash entr(y/ies)")]
    private partial void LogSwept(int staging, int images, int tileSets, int originals, int folders, int expired);
}
