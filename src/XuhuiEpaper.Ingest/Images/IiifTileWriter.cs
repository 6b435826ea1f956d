using System.Text.Json;
using SkiaSharp;
using XuhuiEpaper.Core.Iiif;

namespace XuhuiEpaper.Ingest.Images;

/// <summary>
/// Writes a page's static IIIF Image API 3 tiles (level 0, <see cref="IiifImageTiles"/>) and its <c>info.json</c>
/// from the zoom render, so IIIF viewers get deep zoom from plain files. The folder is named by the zoom image's
/// content hash (<see cref="FolderName"/>); the web service and a static export serve it under
/// <c>/iiif/image/{hash}/</c>.
/// </summary>
public static class IiifTileWriter
{
    /// <summary>The folder under the images folder that holds every page's tile set.</summary>
    public const string RootFolder = "iiif";

    /// <summary>The stored <c>info.json</c> names this id; the service replaces it with its absolute URL.</summary>
    public const string StoredIdPrefix = "/iiif/image/";

    /// <summary>The tile set's folder name for a zoom image name (<c>&lt;hash&gt;-zoom.webp</c> → <c>&lt;hash&gt;</c>).</summary>
    public static string FolderName(string zoomImageName)
    {
        ArgumentException.ThrowIfNullOrEmpty(zoomImageName);
        var dash = zoomImageName.IndexOf('-', StringComparison.Ordinal);
        return dash > 0 ? zoomImageName[..dash] : Path.GetFileNameWithoutExtension(zoomImageName);
    }

    /// <summary>
    /// Writes every tile of <paramref name="zoom"/> into <paramref name="dir"/> (created); not yet flushed to the disk
    /// (<see cref="Complete"/> does that). Returns the number of tiles. Encodes with libjpeg-turbo
    /// (<see cref="LibTurboJpeg"/>), or with Skia where that is not installed.
    /// </summary>
    public static int WriteTiles(SKBitmap zoom, string dir, int jpegQuality)
    {
        ArgumentNullException.ThrowIfNull(zoom);
        Directory.CreateDirectory(dir);
        var options = new SKJpegEncoderOptions(jpegQuality, SKJpegEncoderDownsample.Downsample420, SKJpegEncoderAlphaOption.Ignore);
        var count = 0;
        var level = zoom;
        var levelFactor = 1;
        var folders = new HashSet<string>(StringComparer.Ordinal);
        using var turbo = LibTurboJpeg.TryCreate();
        try
        {
            foreach (var tile in IiifImageTiles.Tiles(zoom.Width, zoom.Height))
            {
                while (levelFactor < tile.ScaleFactor)
                {
                    // Halving exactly gives the level sizes rounded up, as IiifImageTiles.LevelSize (and the clients) count them.
                    var next = PageImageDeriver.Halve(level);
                    if (!ReferenceEquals(level, zoom))
                    {
                        level.Dispose();
                    }

                    level = next;
                    levelFactor *= 2;
                }

                var path = Path.Combine(dir, tile.Path);
                var folder = Path.GetDirectoryName(path)!;
                if (folders.Add(folder))
                {
                    Directory.CreateDirectory(folder);
                }

                var bytes = turbo is not null && level.ColorType is SKColorType.Rgba8888 or SKColorType.Rgb888x or SKColorType.Bgra8888
                    ? turbo.Encode(level.GetPixels() + (tile.Y * level.RowBytes) + (tile.X * 4), tile.Width, tile.Height, level.RowBytes,
                        level.ColorType == SKColorType.Bgra8888, jpegQuality)
                    : EncodeWithSkia(level, tile, options);
                File.WriteAllBytes(path, bytes);
                count++;
            }
        }
        finally
        {
            if (!ReferenceEquals(level, zoom))
            {
                level.Dispose();
            }
        }

        GC.KeepAlive(zoom);
        return count;
    }

    private static byte[] EncodeWithSkia(SKBitmap level, IiifTile tile, SKJpegEncoderOptions options)
    {
        using var pixmap = level.PeekPixels();
        using var subset = pixmap.ExtractSubset(SKRectI.Create(tile.X, tile.Y, tile.Width, tile.Height))
            ?? throw new InvalidOperationException($"Skia could not cut the IIIF tile {tile.Path} from a {level.Width} x {level.Height} level");
        using var data = subset.Encode(options)
            ?? throw new InvalidOperationException($"Skia could not encode the IIIF tile {tile.Path} as JPEG");
        return data.ToArray();
    }

    /// <summary>
    /// Writes <c>info.json</c> (its id root-relative: <see cref="StoredIdPrefix"/> + the folder name) and flushes the
    /// tile set to the disk: one flush of the file system instead of an fsync per tile (a page has about a hundred), so
    /// the tiles are on the disk before the issue that names them commits.
    /// </summary>
    public static void Complete(string dir, int width, int height)
    {
        var info = IiifImageTiles.Info(StoredIdPrefix + Path.GetFileName(dir), width, height);
        File.WriteAllBytes(Path.Combine(dir, "info.json"), JsonSerializer.SerializeToUtf8Bytes(info));
        Housekeeping.Durable.SyncFileSystem(dir);
    }
}
