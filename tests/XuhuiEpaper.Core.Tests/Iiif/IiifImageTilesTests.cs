using XuhuiEpaper.Core.Iiif;

namespace XuhuiEpaper.Core.Tests.Iiif;

/// <summary>The static tile pyramid: every level covered exactly once, named as OpenSeadragon asks for it.</summary>
public class IiifImageTilesTests
{
    [TestCase(3200, 4527)]
    [TestCase(1200, 1698)]
    [TestCase(512, 512)]
    [TestCase(513, 300)]
    [TestCase(100, 5000)]
    [TestCase(1, 1)]
    public void Each_level_is_covered_exactly_once_by_its_tiles(int width, int height)
    {
        var factors = IiifImageTiles.ScaleFactors(width, height);
        Assert.That(factors[0], Is.EqualTo(1));
        var (lastWidth, lastHeight) = IiifImageTiles.LevelSize(width, height, factors[^1]);
        Assert.That(lastWidth <= IiifImageTiles.TileSize && lastHeight <= IiifImageTiles.TileSize, "the smallest level fits one tile");
        var tiles = IiifImageTiles.Tiles(width, height).ToList();
        Assert.That(tiles.Select(t => t.Path), Is.Unique);
        foreach (var factor in factors)
        {
            var (levelWidth, levelHeight) = IiifImageTiles.LevelSize(width, height, factor);
            var level = tiles.Where(t => t.ScaleFactor == factor).ToList();
            Assert.That(level.Sum(t => (long)t.Width * t.Height), Is.EqualTo((long)levelWidth * levelHeight), $"scale factor {factor}: the tiles' area is the level's");
            Assert.That(level.All(t => t.X >= 0 && t.Y >= 0 && t.X + t.Width <= levelWidth && t.Y + t.Height <= levelHeight && t.Width <= 512 && t.Height <= 512));
        }
    }

    [Test]
    public void Tiles_are_named_in_the_canonical_form_of_image_api_3()
    {
        var tiles = IiifImageTiles.Tiles(3200, 4527).ToList();
        Assert.That(IiifImageTiles.ScaleFactors(3200, 4527), Is.EqualTo(new[] { 1, 2, 4, 8, 16 }));
        Assert.That(tiles[0].Path, Is.EqualTo("0,0,512,512/512,512/0/default.jpg"));
        // The last column at full size: region 3072..3200, and at scale factor 2 the region is twice the tile.
        Assert.That(tiles, Has.Some.Matches<IiifTile>(t => t.Path == "3072,0,128,512/128,512/0/default.jpg"));
        Assert.That(tiles, Has.Some.Matches<IiifTile>(t => t.Path == "2048,4096,1024,431/512,216/0/default.jpg"));
        // The smallest level is one whole-image request.
        Assert.That(tiles[^1].Path, Is.EqualTo("full/200,283/0/default.jpg"));
        Assert.That(IiifImageTiles.Tiles(300, 200).Single().Path, Is.EqualTo("full/max/0/default.jpg"));
    }

    [Test]
    public void Info_json_is_a_level_0_image_service_3()
    {
        var info = IiifImageTiles.Info("https://example.org/iiif/image/abc", 3200, 4527);
        Assert.That((string?)info["@context"], Is.EqualTo("http://iiif.io/api/image/3/context.json"));
        Assert.That((string?)info["type"], Is.EqualTo("ImageService3"));
        Assert.That((string?)info["profile"], Is.EqualTo("level0"));
        Assert.That((int?)info["width"], Is.EqualTo(3200));
        Assert.That(info["tiles"]![0]!["scaleFactors"]!.AsArray().Select(f => (int)f!), Is.EqualTo(new[] { 1, 2, 4, 8, 16 }));
        Assert.That(info["sizes"]!.AsArray().Select(s => ((int)s!["width"]!, (int)s["height"]!)), Is.EqualTo(new[] { (200, 283) }), "the sizes that exist as whole-image files");
        Assert.That(IiifImageTiles.SizeOf(info), Is.EqualTo((3200, 4527)));
    }
}
