using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using SkiaSharp;
using XuhuiEpaper.Core.Geometry;
using XuhuiEpaper.Ingest.Images;
using XuhuiEpaper.Storage;
using XuhuiEpaper.Web.Api;

namespace XuhuiEpaper.Web.Viewer;

/// <summary>
/// An article's link preview image: its region cut from its page's zoom image (<see cref="ArticlePreviewCrop"/>), as
/// JPEG, which link-preview crawlers take more readily than WebP. <see cref="Key"/> names its content (the page image,
/// the crop, the size and quality), so the URL that carries it can be cached for good.
/// </summary>
public sealed record ArticlePreview(string PageImage, int PageImageWidth, int PageImageHeight, PreviewCrop Crop)
{
    public const int JpegQuality = 85;

    public string Key { get; } = MakeKey(PageImage, Crop);

    /// <summary>Its file in the previews folder: the page image's hash first, so a sweep can match it to its page.</summary>
    public string FileName => $"{Path.GetFileNameWithoutExtension(PageImage)}-{Key}.jpg";

    /// <summary>The preview an article has; null for page furniture and for an article with no region (they show the page image).</summary>
    public static ArticlePreview? Of(ArticleDetail article, PageSummary page)
    {
        ArgumentNullException.ThrowIfNull(article);
        ArgumentNullException.ThrowIfNull(page);
        var width = page.Images.ZoomWidth;
        // The zoom image's height is not stored; the page's aspect gives it to within a pixel, and the preview is drawn
        // at the size announced from it whatever the decoded height is.
        var height = page.WidthPt > 0 && page.HeightPt > 0 ? (int)Math.Round(width * page.HeightPt / page.WidthPt) : width;
        return article.Number is null || ArticlePreviewCrop.Of(article.Rects, width, height) is not { } crop
            ? null
            : new ArticlePreview(page.Images.Zoom, width, height, crop);
    }

    private static string MakeKey(string image, PreviewCrop crop)
    {
        var s = crop.Source;
        var text = string.Create(CultureInfo.InvariantCulture, $"{image}|{s.X},{s.Y},{s.Width},{s.Height}|{crop.Width}x{crop.Height}|q{JpegQuality}");
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];
    }
}

/// <summary>
/// Makes article previews on their first request and keeps them as files in the data folder's <c>previews</c> folder,
/// so they outlive restarts. One at a time: a zoom image decodes to some 60 MB, and a crawler may ask for many at once.
/// </summary>
public sealed partial class ArticlePreviewImages(DataPaths paths, ILogger<ArticlePreviewImages> logger) : IDisposable
{
    private readonly SemaphoreSlim _one = new(1, 1);

    public string Dir { get; } = paths.PreviewsDir;

    /// <summary>The preview's file, made now if it is not there yet; null when its page image is missing or unreadable.</summary>
    public async Task<FileInfo?> GetAsync(ArticlePreview preview, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(preview);
        var file = new FileInfo(Path.Combine(Dir, preview.FileName));
        if (file.Exists)
        {
            return file;
        }

        var source = Path.Combine(paths.ImagesDir, preview.PageImage);
        if (!File.Exists(source))
        {
            return null;
        }

        await _one.WaitAsync(cancellationToken);
        try
        {
            file.Refresh();
            if (file.Exists)
            {
                return file;
            }

            var jpeg = await Task.Run(() => Make(source, preview), cancellationToken);
            if (jpeg is null)
            {
                LogUnreadable(logger, preview.PageImage);
                return null;
            }

            Directory.CreateDirectory(Dir);
            var temp = file.FullName + $".{Guid.NewGuid():N}.tmp";
            await File.WriteAllBytesAsync(temp, jpeg, CancellationToken.None);
            File.Move(temp, file.FullName, overwrite: true);
            file.Refresh();
            return file;
        }
        finally
        {
            _one.Release();
        }
    }

    /// <summary>The JPEG: the crop's pixels drawn at exactly the announced size; null if the page image does not decode.</summary>
    internal static byte[]? Make(string pageImagePath, ArticlePreview preview)
    {
        using var page = SKBitmap.Decode(pageImagePath);
        if (page is null)
        {
            return null;
        }

        // The announced page size may be a pixel off the decoded one (see ArticlePreview.Of): map the crop onto it.
        var s = preview.Crop.Source;
        var fx = (double)page.Width / preview.PageImageWidth;
        var fy = (double)page.Height / preview.PageImageHeight;
        var left = Math.Clamp((int)Math.Round(s.X * fx), 0, page.Width - 1);
        var top = Math.Clamp((int)Math.Round(s.Y * fy), 0, page.Height - 1);
        var right = Math.Clamp((int)Math.Round(s.Right * fx), left + 1, page.Width);
        var bottom = Math.Clamp((int)Math.Round(s.Bottom * fy), top + 1, page.Height);
        using var cut = new SKBitmap();
        if (!page.ExtractSubset(cut, SKRectI.Create(left, top, right - left, bottom - top)))
        {
            return null;
        }

        using var sized = PageImageDeriver.Downscale(cut, preview.Crop.Width, preview.Crop.Height);
        using var image = SKImage.FromBitmap(sized);
        using var data = image.Encode(SKEncodedImageFormat.Jpeg, ArticlePreview.JpegQuality);
        return data?.ToArray();
    }

    public void Dispose() => _one.Dispose();

    [LoggerMessage(Level = LogLevel.Warning, Message = "article preview: the page image {Image} could not be decoded")]
    private static partial void LogUnreadable(ILogger logger, string image);
}
