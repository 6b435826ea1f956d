using Microsoft.Extensions.Options;
using XuhuiEpaper.Core.Iiif;
using XuhuiEpaper.Ingest.Images;
using XuhuiEpaper.Storage;
using XuhuiEpaper.Web.Api;
using XuhuiEpaper.Web.Export;

namespace XuhuiEpaper.Web.Iiif;

/// <summary>
/// The IIIF documents in the static edition (an <see cref="IStaticEditionPart"/>): every document of each exported issue
/// that has an id of its own, at its id's path (<see cref="IiifPresentation.IssueDocuments"/>), each title's collection
/// and the collection of titles, and the level-0 image services (info.json and the static tiles). IIIF ids are absolute,
/// so they are written only when the export knows its address (<c>--base-url</c>). The tiles follow an issue's publish
/// (the worker makes them when it is idle): a page whose tiles are not made yet gets them here, so the static edition
/// never lacks them (with <c>Ingest:Images:IiifTiles</c> off, none are made).
/// </summary>
public sealed class IiifExportPart(BrowseStore issues, AddressStore addresses, DataPaths paths, IOptions<ImageOptions> images) : IStaticEditionPart
{
    public async Task WriteAsync(StaticEditionContext context, ExportWriter writer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(writer);
        if (context.Request.BaseUrl is not { } site)
        {
            return;
        }

        var links = new IiifLinks(site.ToString());
        var sources = new IiifSources(issues, paths.ImagesDir);
        var titles = new Dictionary<string, List<IiifIssueEntry>>(StringComparer.Ordinal);
        var moves = (await addresses.ListMovesAsync(cancellationToken)).ToLookup(m => m.IssueId);
        foreach (var stored in context.Issues)
        {
            if (images.Value.IiifTiles)
            {
                await MakeMissingTilesAsync(stored.Pages.Select(p => p.Images.Zoom), cancellationToken);
            }

            if (await sources.IssueAsync(stored.Issue.Id, cancellationToken) is not { } source)
            {
                continue;
            }

            // A file cannot answer 301: each address the issue had before an archivist corrected its date gets the same
            // documents (their ids name the current address, which IIIF viewers follow).
            var current = IssuePath(stored.Issue.Paper, stored.Issue.Date);
            string[] earlier = [.. moves[stored.Issue.Id].Select(m => IssuePath(m.Paper, m.Date))];
            foreach (var (path, document) in IiifPresentation.IssueDocuments(source, links))
            {
                var bytes = IiifPresentation.Serialize(document);
                await writer.WriteAsync(FilePath(path), bytes, cancellationToken);
                foreach (var old in path.StartsWith(current, StringComparison.Ordinal) ? earlier : [])
                {
                    await writer.WriteAsync(FilePath(old + path[current.Length..]), bytes, cancellationToken);
                }
            }

            foreach (var page in stored.Pages)
            {
                if (!source.Tiles.TryGetValue(page.Images.Zoom, out var size))
                {
                    continue;
                }

                // The service's info.json names its absolute id; the tiles are files as they are.
                var hash = IiifPresentation.TileFolder(page.Images.Zoom);
                await writer.WriteAsync($"iiif/image/{hash}/info.json",
                    IiifPresentation.Serialize(IiifImageTiles.Info(links.ImageService(hash), size.Width, size.Height)), cancellationToken);
                var tiles = Path.Combine(paths.ImagesDir, IiifTileWriter.RootFolder, hash);
                foreach (var file in Directory.EnumerateFiles(tiles, "*", SearchOption.AllDirectories).Where(f => Path.GetFileName(f) != "info.json"))
                {
                    await writer.CopyAsync($"iiif/image/{hash}/{Path.GetRelativePath(tiles, file).Replace(Path.DirectorySeparatorChar, '/')}", file, cancellationToken);
                }
            }

            if (!titles.TryGetValue(stored.Issue.Paper, out var entries))
            {
                titles[stored.Issue.Paper] = entries = [];
            }

            entries.Add(new IiifIssueEntry(stored.Issue.Date, stored.Issue.Number, stored.Issue.TotalNumber, stored.Pages.Count > 0 ? stored.Pages[0].Images.Thumbnail : null));
        }

        foreach (var (paper, entries) in titles)
        {
            await writer.WriteAsync(FilePath(links.PathOf(links.Title(paper))!), IiifPresentation.Serialize(IiifPresentation.TitleCollection(paper, entries, links)), cancellationToken);
        }

        await writer.WriteAsync(FilePath(links.PathOf(links.Titles())!), IiifPresentation.Serialize(IiifPresentation.TitlesCollection(titles.Keys.ToList(), links)), cancellationToken);
    }

    /// <summary>The tile sets the worker has not made yet, made now, a page per core (the worker's task then finds them made).</summary>
    private Task MakeMissingTilesAsync(IEnumerable<string> zoomImages, CancellationToken cancellationToken)
    {
        var missing = zoomImages.Distinct(StringComparer.Ordinal).Where(z => !IiifTileWriter.IsComplete(paths.ImagesDir, z)).ToList();
        return missing.Count == 0
            ? Task.CompletedTask
            : Parallel.ForEachAsync(missing, cancellationToken, (zoom, _) =>
            {
                try
                {
                    IiifTileWriter.MakeFromImage(paths.ImagesDir, zoom, images.Value.TileQuality);
                }
                catch (FileNotFoundException)
                {
                    // Its issue went meanwhile: nothing to export for it either.
                }

                return ValueTask.CompletedTask;
            });
    }

    private static string IssuePath(string paper, DateOnly date) => IiifLinks.ManifestPath(paper, date)[..^"manifest.json".Length];

    /// <summary>An id's path as a file: servers decode the address before they look for the file (徐匯報, not %E5%BE%90…).</summary>
    private static string FilePath(string path) => Uri.UnescapeDataString(path.TrimStart('/'));
}
