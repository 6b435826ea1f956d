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

    /// <summary>True when the tile set of <paramref name="zoomImageName"/> is complete: its info.json, written last, exists.</summary>
    public static bool IsComplete(string imagesDir, string zoomImageName) =>
        File.Exists(Path.Combine(imagesDir, RootFolder, FolderName(zoomImageName), "info.json"));

    /// <summary>
    /// The pixel size of a stored page image, read from its header (not decoded); null when it is missing or unreadable.
    /// A canvas whose tiles are not made yet is as large as its zoom image, and stays so once they are.
    /// </summary>
    public static (int Width, int Height)? ImageSize(string imagesDir, string imageName)
    {
        try
        {
            using var codec = SKCodec.Create(Path.Combine(imagesDir, imageName));
            return codec is null ? null : (codec.Info.Width, codec.Info.Height);
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>
    /// Makes the tile set of the stored zoom image <paramref name="zoomImageName"/> (in <paramref name="imagesDir"/>):
    /// decodes it and writes its tiles (<see cref="WriteSet"/>). After the publish, the render the image was made from is
    /// gone, so the tiles are cut from the zoom image, which is also what the reader's zoom shows. Returns the number of
    /// tiles written, 0 when the set was complete already. Throws <see cref="FileNotFoundException"/> when the image is not
    /// there (its issue was deleted meanwhile).
    /// </summary>
    public static int MakeFromImage(string imagesDir, string zoomImageName, int jpegQuality)
    {
        ArgumentException.ThrowIfNullOrEmpty(imagesDir);
        if (IsComplete(imagesDir, zoomImageName))
        {
            return 0;
        }

        var path = Path.Combine(imagesDir, zoomImageName);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"The page image {zoomImageName} is gone", path);
        }

        using var zoom = SKBitmap.Decode(path) ?? throw new InvalidDataException($"Skia could not decode the page image {zoomImageName}");
        return WriteSet(zoom, imagesDir, zoomImageName, jpegQuality);
    }

    /// <summary>
    /// Writes the tile set of <paramref name="zoom"/> (the image stored as <paramref name="zoomImageName"/>) under
    /// <c>iiif/&lt;hash&gt;</c>: tiles and info.json in a hidden folder first, flushed to the disk, then renamed into place,
    /// so a set in place is complete (a crash leaves only a hidden folder, which the sweep removes). A set already
    /// complete stays (0 is returned); the remains of an earlier attempt are replaced. Returns the number of tiles.
    /// </summary>
    public static int WriteSet(SKBitmap zoom, string imagesDir, string zoomImageName, int jpegQuality)
    {
        ArgumentNullException.ThrowIfNull(zoom);
        var root = Path.Combine(imagesDir, RootFolder);
        var name = FolderName(zoomImageName);
        var target = Path.Combine(root, name);
        var temp = Path.Combine(root, $".tiles-{Guid.NewGuid():N}");
        try
        {
            var count = WriteTiles(zoom, temp, jpegQuality);
            var info = IiifImageTiles.Info(StoredIdPrefix + name, zoom.Width, zoom.Height);
            File.WriteAllBytes(Path.Combine(temp, "info.json"), JsonSerializer.SerializeToUtf8Bytes(info));
            // One flush of the file system instead of an fsync per tile (a page has about a hundred).
            Housekeeping.Durable.SyncFileSystem(temp);
            if (Directory.Exists(target))
            {
                if (File.Exists(Path.Combine(target, "info.json")))
                {
                    return 0;
                }

                // An incomplete set left by an older version or a crash: set aside, then gone (the sweep takes what is left).
                var old = Path.Combine(root, $".old-{Guid.NewGuid():N}");
                Directory.Move(target, old);
                TryDeleteDirectory(old);
            }

            try
            {
                Directory.Move(temp, target);
            }
            catch (IOException) when (File.Exists(Path.Combine(target, "info.json")))
            {
                // Made at the same time by another worker (or an export): theirs stays.
                return 0;
            }

            Directory.SetLastWriteTimeUtc(target, DateTime.UtcNow);
            Housekeeping.Durable.FlushDirectory(root);
            return count;
        }
        finally
        {
            TryDeleteDirectory(temp);
        }
    }

    private static void TryDeleteDirectory(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
        catch (IOException)
        {
            // Left for the sweep.
        }
    }
}
