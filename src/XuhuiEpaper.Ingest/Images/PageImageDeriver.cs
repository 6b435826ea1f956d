using System.Runtime.InteropServices;
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
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.ZoomWidth, LibWebp.MaxDimension);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.WebpMethod, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.WebpMethod, 6);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.TileQuality, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.TileQuality, 100);
        _options = options;
        NativeHeap.ReturnLargeBlocksToTheSystem();
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
            using var screen = Downscale(zoom, _options.ScreenWidth);
            string zoomName = "", screenName = "", thumbName = "";

            // The zoom image takes longest to encode: the screen image and the thumbnail are made alongside it, so a page's
            // images use the cores there are (pages are also worked on in parallel). The IIIF tiles are not made here: they
            // follow the publish (IiifTileWriter.MakeFromImage, from the zoom image), so they never delay an issue.
            try
            {
                Parallel.Invoke(
                    () => zoomName = Write(zoom, _options.ZoomQuality, "zoom", outputDir),
                    () =>
                    {
                        screenName = Write(screen, _options.ScreenQuality, "screen", outputDir);
                        using var thumb = Downscale(screen, _options.ThumbnailWidth);
                        thumbName = Write(thumb, _options.ThumbnailQuality, "thumb", outputDir);
                    });
            }
            catch (AggregateException ex)
            {
                // Throw the first cause itself, not its wrapper: its message is what a failed job shows.
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(ex.InnerExceptions[0]);
                throw;
            }

            return new PageImages(thumbName, screenName, zoomName, _options.ThumbnailWidth, _options.ScreenWidth, _options.ZoomWidth);
        }
        finally
        {
            scaledZoom?.Dispose();
        }
    }

    /// <summary>
    /// A new bitmap <paramref name="width"/> wide and <paramref name="height"/> high (by default the same aspect ratio):
    /// repeated exact halving (a 2x2 box filter, like a mipmap chain) while at least 2x too large, then one Mitchell
    /// cubic step to the exact size: text stays sharp without aliasing.
    /// </summary>
    public static SKBitmap Downscale(SKBitmap source, int width, int? height = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        var targetHeight = height ?? Math.Max(1, (int)Math.Round((double)source.Height * width / source.Width));
        SKBitmap current = source;
        try
        {
            while (current.Width >= width * 2 && (height is null || current.Height >= targetHeight * 2))
            {
                var next = Halve(current);
                if (!ReferenceEquals(current, source))
                {
                    current.Dispose();
                }

                current = next;
            }

            if (current.Width == width && current.Height == targetHeight)
            {
                return ReferenceEquals(current, source) ? source.Copy() : current;
            }

            var result = Resize(current, width, targetHeight, FinalSampling);
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

    /// <summary>
    /// Half the width and height (rounded up): every output pixel is the rounded mean of a 2x2 block (the last column
    /// or row repeats when a side is odd). 8-bit four-channel pixels are averaged two channels at a time in 16-bit
    /// lanes of a 32-bit word; other pixel formats go through Skia's bilinear scaler, which gives the same mean.
    /// </summary>
    internal static SKBitmap Halve(SKBitmap source)
    {
        var width = (source.Width + 1) / 2;
        var height = Math.Max(1, (source.Height + 1) / 2);
        if (source.ColorType is not (SKColorType.Rgba8888 or SKColorType.Bgra8888 or SKColorType.Rgb888x))
        {
            return Resize(source, width, height, HalfSampling);
        }

        var result = new SKBitmap(new SKImageInfo(width, height, source.ColorType, source.AlphaType));
        var src = source.GetPixelSpan();
        var dst = result.GetPixelSpan();
        var srcStride = source.RowBytes;
        var dstStride = result.RowBytes;
        var lastX = source.Width - 1;
        for (var y = 0; y < height; y++)
        {
            var top = MemoryMarshal.Cast<byte, uint>(src.Slice(2 * y * srcStride, source.Width * 4));
            var bottom = MemoryMarshal.Cast<byte, uint>(src.Slice(Math.Min((2 * y) + 1, source.Height - 1) * srcStride, source.Width * 4));
            var output = MemoryMarshal.Cast<byte, uint>(dst.Slice(y * dstStride, width * 4));
            for (var x = 0; x < output.Length; x++)
            {
                var x0 = 2 * x;
                var x1 = Math.Min(x0 + 1, lastX);
                uint a = top[x0], b = top[x1], c = bottom[x0], d = bottom[x1];
                const uint Mask = 0x00FF00FFu;
                const uint Half = 0x00020002u;
                var even = (a & Mask) + (b & Mask) + (c & Mask) + (d & Mask) + Half;
                var odd = ((a >> 8) & Mask) + ((b >> 8) & Mask) + ((c >> 8) & Mask) + ((d >> 8) & Mask) + Half;
                output[x] = ((even >> 2) & Mask) | (((odd >> 2) & Mask) << 8);
            }
        }

        GC.KeepAlive(source);
        return result;
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

    /// <summary>Encodes as lossy WebP with libwebp at the given speed <paramref name="method"/> (0 fastest .. 6).</summary>
    internal static byte[] EncodeWebp(SKBitmap bitmap, int quality, int method, Func<LibWebp.WebPConfig, LibWebp.WebPConfig>? tune = null)
    {
        if (bitmap.ColorType is not (SKColorType.Rgba8888 or SKColorType.Bgra8888))
        {
            using var converted = bitmap.Copy(SKColorType.Rgba8888)
                ?? throw new InvalidOperationException($"Skia could not convert a {bitmap.ColorType} bitmap to RGBA");
            return EncodeWebp(converted, quality, method, tune);
        }

        var bytes = LibWebp.EncodeLossy(
            bitmap.GetPixels(), bitmap.Width, bitmap.Height, bitmap.RowBytes, bitmap.ColorType == SKColorType.Bgra8888, quality, method, tune);
        GC.KeepAlive(bitmap);
        return bytes;
    }

    /// <summary>The content-addressed file name of encoded image bytes.</summary>
    public static string ContentName(ReadOnlySpan<byte> encoded, string kind) =>
        Convert.ToHexStringLower(SHA256.HashData(encoded))[..16] + "-" + kind + Extension;

    private string Write(SKBitmap bitmap, int quality, string kind, string outputDir)
    {
        var bytes = EncodeWebp(bitmap, quality, _options.WebpMethod);
        var name = ContentName(bytes, kind);
        var path = Path.Combine(outputDir, name);
        if (!File.Exists(path))
        {
            // Flushed to the disk now: after a power cut, a content-hash name never holds an empty or partial file.
            Housekeeping.Durable.WriteAllBytes(path, bytes);
        }

        return name;
    }
}
