using System.Globalization;
using System.Text.Json.Nodes;

namespace XuhuiEpaper.Core.Iiif;

/// <summary>
/// One static tile of a level-0 IIIF Image API 3 service. <see cref="X"/>, <see cref="Y"/>, <see cref="Width"/> and
/// <see cref="Height"/> are in the pixels of the image scaled down by <see cref="ScaleFactor"/>; <see cref="Path"/>
/// is the tile's canonical request below the service id (<c>{region}/{size}/0/default.jpg</c>).
/// </summary>
public readonly record struct IiifTile(int ScaleFactor, int X, int Y, int Width, int Height, string Path);

/// <summary>
/// The static tile pyramid of a page image, and its <c>info.json</c>. A level-0 service answers only the requests it
/// lists, so the files are named exactly as a IIIF client asks for them: the canonical Image API 3 form (region
/// <c>full</c> or <c>x,y,w,h</c> in full-image pixels; size <c>max</c> or <c>w,h</c>), which is what OpenSeadragon (in
/// Mirador and Universal Viewer) computes from <c>tiles</c>: a tile <see cref="TileSize"/> square at each scale factor,
/// region <c>tile × scaleFactor</c> from the top-left, the level's size rounded up.
/// </summary>
public static class IiifImageTiles
{
    public const int TileSize = 512;
    public const string Format = "jpg";
    public const string MediaType = "image/jpeg";
    public const string ImageContext = "http://iiif.io/api/image/3/context.json";

    /// <summary>The size of the image scaled down by <paramref name="scaleFactor"/>, rounded up as clients round it.</summary>
    public static (int Width, int Height) LevelSize(int width, int height, int scaleFactor) =>
        ((width + scaleFactor - 1) / scaleFactor, (height + scaleFactor - 1) / scaleFactor);

    /// <summary>1, 2, 4, … up to the first level that fits in one tile.</summary>
    public static IReadOnlyList<int> ScaleFactors(int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        var factors = new List<int> { 1 };
        while (!FitsOneTile(LevelSize(width, height, factors[^1])))
        {
            factors.Add(factors[^1] * 2);
        }

        return factors;
    }

    /// <summary>Every tile of the pyramid, largest scale first within each level, levels from full size down.</summary>
    public static IEnumerable<IiifTile> Tiles(int width, int height)
    {
        foreach (var factor in ScaleFactors(width, height))
        {
            var (levelWidth, levelHeight) = LevelSize(width, height, factor);
            if (FitsOneTile((levelWidth, levelHeight)))
            {
                var size = factor == 1 ? "max" : Invariant($"{levelWidth},{levelHeight}");
                yield return new IiifTile(factor, 0, 0, levelWidth, levelHeight, $"full/{size}/0/default.{Format}");
                continue;
            }

            var span = TileSize * factor;
            for (var y = 0; y * TileSize < levelHeight; y++)
            {
                for (var x = 0; x * TileSize < levelWidth; x++)
                {
                    var regionWidth = Math.Min(span, width - (x * span));
                    var regionHeight = Math.Min(span, height - (y * span));
                    var tileWidth = Math.Min(TileSize, levelWidth - (x * TileSize));
                    var tileHeight = Math.Min(TileSize, levelHeight - (y * TileSize));
                    yield return new IiifTile(factor, x * TileSize, y * TileSize, tileWidth, tileHeight,
                        Invariant($"{x * span},{y * span},{regionWidth},{regionHeight}/{tileWidth},{tileHeight}/0/default.{Format}"));
                }
            }
        }
    }

    /// <summary>
    /// The service's <c>info.json</c>: level 0, the tiles above, and as <c>sizes</c> the whole-image sizes that exist as
    /// files (the levels that fit in one tile).
    /// </summary>
    public static JsonObject Info(string id, int width, int height)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        var factors = ScaleFactors(width, height);
        var sizes = new JsonArray();
        foreach (var factor in factors.Reverse())
        {
            var (w, h) = LevelSize(width, height, factor);
            if (FitsOneTile((w, h)))
            {
                sizes.Add(new JsonObject { ["width"] = w, ["height"] = h });
            }
        }

        return new JsonObject
        {
            ["@context"] = ImageContext,
            ["id"] = id,
            ["type"] = "ImageService3",
            ["protocol"] = "http://iiif.io/api/image",
            ["profile"] = "level0",
            ["width"] = width,
            ["height"] = height,
            ["sizes"] = sizes,
            ["tiles"] = new JsonArray
            {
                new JsonObject
                {
                    ["width"] = TileSize,
                    ["height"] = TileSize,
                    ["scaleFactors"] = new JsonArray(factors.Select(f => (JsonNode?)JsonValue.Create(f)).ToArray()),
                },
            },
        };
    }

    /// <summary>Reads the image size back from an <c>info.json</c>; null when it is not one.</summary>
    public static (int Width, int Height)? SizeOf(JsonNode? info) =>
        info?["width"]?.GetValueKind() == System.Text.Json.JsonValueKind.Number && info["height"]?.GetValueKind() == System.Text.Json.JsonValueKind.Number
            ? ((int)info["width"]!, (int)info["height"]!)
            : null;

    private static bool FitsOneTile((int Width, int Height) size) => size.Width <= TileSize && size.Height <= TileSize;

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
