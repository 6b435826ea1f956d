using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using SkiaSharp;
using XuhuiEpaper.Core.Model;

namespace XuhuiEpaper.Ingest.Images;

/// <summary>
/// Makes a page's zoom, screen and thumbnail WebP images from its one zoom-resolution render. File names carry a
/// content hash (<c>&lt;first 16 hex of SHA-256&gt;-zoom.webp</c>) so their URLs can be cached forever.
/// </summary>
public sealed class PageImageDeriver
{
    public const string Extension = ".webp";

    private static readonly SKSamplingOptions HalfSampling = new(SKFilterMode.Linear, SKMipmapMode.None);
    private static readonly SKSamplingOptions FinalSampling = new(SKCubicResampler.Mitchell);

    private readonly ImageOptions _options;

    public PageImageDeriver(IOptions<ImageOptions> options)
        : this(options.Value)
    {
    }

    public PageImageDeriver(ImageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.ThumbnailWidth, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.ScreenWidth, options.ThumbnailWidth);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.ZoomWidth, options.ScreenWidth);
        _options = options;
    }

    public ImageOptions Options => _options;

    /// <summary>
    /// Writes the three images of the page rendered in <paramref name="render"/> (ideally exactly
    /// <see cref="ImageOptions.ZoomWidth"/> wide) into <paramref name="outputDir"/> and returns their names.
    /// The render is not disposed.
    /// </summary>
    public PageImages Derive(SKBitmap render, string outputDir)
    {
        ArgumentNullException.ThrowIfNull(render);
        ArgumentException.ThrowIfNullOrEmpty(outputDir);
        Directory.CreateDirectory(outputDir);

        SKBitmap? scaledZoom = render.Width == _options.ZoomWidth ? null : Downscale(render, _options.ZoomWidth);
        try
        {
            var zoom = scaledZoom ?? render;
            var zoomName = Write(zoom, _options.ZoomQuality, "zoom", outputDir);
            string screenName, thumbName;
            using (var screen = Downscale(zoom, _options.ScreenWidth))
            {
                // Free the big one early when it was ours.
                scaledZoom?.Dispose();
                scaledZoom = null;
                screenName = Write(screen, _options.ScreenQuality, "screen", outputDir);
                using var thumb = Downscale(screen, _options.ThumbnailWidth);
                thumbName = Write(thumb, _options.ThumbnailQuality, "thumb", outputDir);
            }

            return new PageImages(thumbName, screenName, zoomName, _options.ThumbnailWidth, _options.ScreenWidth, _options.ZoomWidth);
        }
        finally
        {
            scaledZoom?.Dispose();
        }
    }

    /// <summary>
    /// A new bitmap <paramref name="width"/> wide with the same aspect ratio: repeated exact halving (a 2x2 box filter,
    /// like a mipmap chain) while at least 2x too wide, then one Mitchell cubic step to the exact size.
    /// </summary>
    internal static SKBitmap Downscale(SKBitmap source, int width)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        SKBitmap current = source;
        try
        {
            while (current.Width >= width * 2)
            {
                var next = Resize(current, (current.Width + 1) / 2, Math.Max(1, (current.Height + 1) / 2), HalfSampling);
                if (!ReferenceEquals(current, source))
                {
                    current.Dispose();
                }

                current = next;
            }

            if (current.Width == width)
            {
                return ReferenceEquals(current, source) ? source.Copy() : current;
            }

            var height = Math.Max(1, (int)Math.Round((double)source.Height * width / source.Width));
            var result = Resize(current, width, height, FinalSampling);
            if (!ReferenceEquals(current, source))
            {
                current.Dispose();
            }

            return result;
        }
        catch
        {
            if (!ReferenceEquals(current, source))
            {
                current.Dispose();
            }

            throw;
        }
    }

    private static SKBitmap Resize(SKBitmap source, int width, int height, SKSamplingOptions sampling)
    {
        var result = new SKBitmap(new SKImageInfo(width, height, source.ColorType, source.AlphaType));
        if (!source.ScalePixels(result, sampling))
        {
            result.Dispose();
            throw new InvalidOperationException($"Skia could not scale a {source.Width} x {source.Height} bitmap to {width} x {height}");
        }

        return result;
    }

    /// <summary>Encodes as lossy WebP.</summary>
    internal static SKData EncodeWebp(SKBitmap bitmap, int quality)
    {
        using var pixmap = bitmap.PeekPixels();
        var data = pixmap.Encode(new SKWebpEncoderOptions(SKWebpEncoderCompression.Lossy, quality))
            ?? throw new InvalidOperationException("Skia could not encode the image as WebP");
        return data;
    }

    /// <summary>The content-addressed file name of encoded image bytes.</summary>
    public static string ContentName(ReadOnlySpan<byte> encoded, string kind) =>
        Convert.ToHexStringLower(SHA256.HashData(encoded))[..16] + "-" + kind + Extension;

    private static string Write(SKBitmap bitmap, int quality, string kind, string outputDir)
    {
        using var data = EncodeWebp(bitmap, quality);
        var bytes = data.AsSpan();
        var name = ContentName(bytes, kind);
        var path = Path.Combine(outputDir, name);
        if (!File.Exists(path))
        {
            using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None);
            file.Write(bytes);
        }

        return name;
    }
}
