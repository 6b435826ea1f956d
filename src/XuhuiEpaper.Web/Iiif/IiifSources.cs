using System.Text.Json.Nodes;
using XuhuiEpaper.Core.Iiif;
using XuhuiEpaper.Ingest.Images;
using XuhuiEpaper.Storage;

namespace XuhuiEpaper.Web.Iiif;

/// <summary>
/// Reads what <see cref="IiifPresentation"/> builds from: an issue with its articles and tile sets, the issues of a
/// title, the titles. The I/O side of the IIIF documents (the database and the images folder), shared by the routes
/// and a static export.
/// </summary>
public sealed class IiifSources(BrowseStore issues, string imagesDir)
{
    /// <summary>The issue of a title and date with everything its documents need; null when there is none.</summary>
    public async Task<IiifIssueSource?> IssueAsync(string paper, DateOnly date, CancellationToken cancellationToken)
    {
        var sameDay = await issues.ListIssuesAsync(date, date, 1, ResultPages.MaxPageSize, cancellationToken);
        var issue = sameDay.Items.FirstOrDefault(i => i.Paper == paper);
        return issue is null ? null : await IssueAsync(issue.Id, cancellationToken);
    }

    /// <summary>An issue by id with everything its documents need; null when there is none.</summary>
    public async Task<IiifIssueSource?> IssueAsync(long issueId, CancellationToken cancellationToken)
    {
        var detail = await issues.GetIssueAsync(issueId, cancellationToken);
        if (detail is null)
        {
            return null;
        }

        var articles = new List<ArticleDetail>();
        var tiles = new Dictionary<string, IiifImageSize>(StringComparer.Ordinal);
        var images = new Dictionary<string, IiifImageSize>(StringComparer.Ordinal);
        foreach (var page in detail.Pages)
        {
            var summary = await issues.GetPageAsync(issueId, page.Number, cancellationToken);
            foreach (var article in summary?.Articles ?? [])
            {
                if (await issues.GetArticleAsync(article.Id, cancellationToken) is { } full)
                {
                    articles.Add(full);
                }
            }

            if (await ReadTileSizeAsync(page.Images.Zoom, cancellationToken) is { } size)
            {
                tiles[page.Images.Zoom] = size;
            }
            else if (IiifTileWriter.ImageSize(imagesDir, page.Images.Zoom) is { } image)
            {
                // Its tiles are not made yet: the canvas takes the image's own size, as the tiles' info.json will.
                images[page.Images.Zoom] = new IiifImageSize(image.Width, image.Height);
            }
        }

        return new IiifIssueSource(detail, articles, tiles) { ImageSizes = images };
    }

    /// <summary>Every issue of a title (any number of them), for its collection.</summary>
    public async Task<IReadOnlyList<IiifIssueEntry>> TitleAsync(string paper, CancellationToken cancellationToken)
    {
        var all = await AllIssuesAsync(cancellationToken);
        var ofPaper = all.Where(i => i.Paper == paper).ToList();
        var thumbnails = new Dictionary<long, string>();
        foreach (var chunk in ofPaper.Chunk(ResultPages.MaxPageSize))
        {
            foreach (var (id, thumb) in await issues.GetFrontPageThumbnailsAsync(chunk.Select(i => i.Id).ToArray(), cancellationToken))
            {
                thumbnails[id] = thumb;
            }
        }

        return ofPaper.Select(i => new IiifIssueEntry(i.Date, i.Number, i.TotalNumber, thumbnails.GetValueOrDefault(i.Id))).ToList();
    }

    /// <summary>The names of every title that has an issue.</summary>
    public async Task<IReadOnlyList<string>> TitlesAsync(CancellationToken cancellationToken) =>
        (await AllIssuesAsync(cancellationToken)).Select(i => i.Paper).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>The path of a tile set's file below the images folder; null for a name that is not one.</summary>
    public string? TileFile(string hash, string path)
    {
        var root = Path.GetFullPath(Path.Combine(imagesDir, IiifTileWriter.RootFolder, hash));
        var full = Path.GetFullPath(Path.Combine(root, path));
        return full.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal) ? full : null;
    }

    /// <summary>The size a stored <c>info.json</c> gives, or null when the tile set is missing.</summary>
    public async Task<IiifImageSize?> ReadTileSizeAsync(string zoomImage, CancellationToken cancellationToken) =>
        await ReadInfoSizeAsync(IiifPresentation.TileFolder(zoomImage), cancellationToken);

    /// <summary>The size a tile set's stored <c>info.json</c> gives, or null when the tile set is missing.</summary>
    public async Task<IiifImageSize?> ReadInfoSizeAsync(string hash, CancellationToken cancellationToken)
    {
        var info = TileFile(hash, "info.json");
        if (info is null || !File.Exists(info))
        {
            return null;
        }

        try
        {
            await using var stream = File.OpenRead(info);
            var node = await JsonNode.ParseAsync(stream, cancellationToken: cancellationToken);
            return IiifImageTiles.SizeOf(node) is { } size ? new IiifImageSize(size.Width, size.Height) : null;
        }
        catch (Exception ex) when (ex is IOException or System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private async Task<List<IssueSummary>> AllIssuesAsync(CancellationToken cancellationToken)
    {
        var all = new List<IssueSummary>();
        for (var page = 1; ; page++)
        {
            var result = await issues.ListIssuesAsync(null, null, page, ResultPages.MaxPageSize, cancellationToken);
            all.AddRange(result.Items);
            if (result.Items.Count < ResultPages.MaxPageSize || all.Count >= result.Total)
            {
                return all;
            }
        }
    }
}
