using System.Text.RegularExpressions;
using SkiaSharp;
using XuhuiEpaper.Ingest.Images;
using XuhuiEpaper.Ingest.Rendering;
using XuhuiEpaper.Ingest.Tests.Fixtures;

namespace XuhuiEpaper.Ingest.Tests;

public class ImageDerivationTests
{
    private TempDir _dir = null!;

    [SetUp]
    public void SetUp() => _dir = new TempDir();

    [TearDown]
    public void TearDown() => _dir.Dispose();

    // Smaller sizes than the defaults keep the suite fast (WebP encoding of a 3200 px page takes seconds);
    // RealRender_ThroughPoppler_GivesTheThreeImages covers the default sizes.
    private static readonly ImageOptions Small = new() { ZoomWidth = 1600, ScreenWidth = 800, ThumbnailWidth = 120 };

    /// <summary>A synthetic 1600 px wide "page": text and shapes drawn directly with Skia (fast, no poppler).</summary>
    private static SKBitmap SyntheticPage(string words)
    {
        var bitmap = new SKBitmap(new SKImageInfo(1600, 2263, SKColorType.Rgba8888, SKAlphaType.Opaque));
        using var canvas = new SKCanvas(bitmap);
        using var typeface = SKTypeface.FromFile("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf");
        using var font = new SKFont(typeface, 20);
        using var ink = new SKPaint { Color = SKColors.Black, IsAntialias = true };
        using var blue = new SKPaint { Color = SKColors.SteelBlue };
        canvas.Clear(SKColors.White);
        canvas.DrawRect(100, 150, 600, 400, blue);
        for (var y = 600; y < 2200; y += 30)
        {
            canvas.DrawText($"{words} {y}", 75, y, SKTextAlign.Left, font, ink);
        }

        return bitmap;
    }

    [Test]
    public void DerivesThreeWebpSizes_WithContentHashNames()
    {
        using var page = SyntheticPage("Xuhui daily news");
        var deriver = new PageImageDeriver(Small);

        var images = deriver.Derive(page, _dir.Path);

        Assert.That(images.Zoom, Does.Match("^[0-9a-f]{16}-zoom\\.webp$"));
        Assert.That(images.Screen, Does.Match("^[0-9a-f]{16}-screen\\.webp$"));
        Assert.That(images.Thumbnail, Does.Match("^[0-9a-f]{16}-thumb\\.webp$"));
        Assert.That((images.ZoomWidth, images.ScreenWidth, images.ThumbnailWidth), Is.EqualTo((1600, 800, 120)));
        foreach (var (name, width) in new[] { (images.Zoom, 1600), (images.Screen, 800), (images.Thumbnail, 120) })
        {
            var bytes = File.ReadAllBytes(Path.Combine(_dir.Path, name));
            using var codec = SKCodec.Create(new SKMemoryStream(bytes));
            Assert.That(codec.EncodedFormat, Is.EqualTo(SKEncodedImageFormat.Webp), name);
            using var decoded = SKBitmap.Decode(bytes);
            Assert.That(decoded.Width, Is.EqualTo(width), name);
            Assert.That(decoded.Height, Is.EqualTo((int)Math.Round(2263.0 * width / 1600)).Within(1), name);
            var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes))[..16];
            Assert.That(name, Does.StartWith(hash), "the name is the hash of the bytes");
        }

        Assert.That(Directory.GetFiles(_dir.Path), Has.Length.EqualTo(3));
    }

    [Test]
    public void Names_AreStable_ForSameContent_AndChange_WhenContentChanges()
    {
        var deriver = new PageImageDeriver(Small);
        using var page = SyntheticPage("Xuhui daily news");
        using var same = SyntheticPage("Xuhui daily news");
        using var other = SyntheticPage("Xuhui evening news");

        var a = deriver.Derive(page, Path.Combine(_dir.Path, "a"));
        var b = deriver.Derive(same, Path.Combine(_dir.Path, "b"));
        var c = deriver.Derive(other, Path.Combine(_dir.Path, "c"));

        Assert.That(b, Is.EqualTo(a));
        Assert.That(c.Zoom, Is.Not.EqualTo(a.Zoom));
        Assert.That(c.Screen, Is.Not.EqualTo(a.Screen));
    }

    [Test]
    public void RenderOfOtherWidth_IsScaledToZoomWidth()
    {
        using var big = new SKBitmap(new SKImageInfo(2000, 2500, SKColorType.Rgba8888, SKAlphaType.Opaque));
        big.Erase(SKColors.Bisque);
        var deriver = new PageImageDeriver(Small);

        var images = deriver.Derive(big, _dir.Path);

        using var zoom = SKBitmap.Decode(Path.Combine(_dir.Path, images.Zoom));
        Assert.That((zoom.Width, zoom.Height), Is.EqualTo((1600, 2000)));
    }

    [Test]
    public async Task RealRender_ThroughPoppler_GivesTheThreeImages()
    {
        var pdf = _dir.File("paper.pdf");
        TestPdfs.WriteNewspaper(pdf, pages: 1);
        var deriver = new PageImageDeriver(new ImageOptions());
        var output = Path.Combine(_dir.Path, "images");

        var results = await new PopplerRenderer(new RenderOptions()).RenderPagesAsync(
            pdf, 1, deriver.Options.ZoomWidth, (page, bitmap, ct) => ValueTask.FromResult(deriver.Derive(bitmap, output)));

        var images = results.Single();
        using var thumb = SKBitmap.Decode(Path.Combine(output, images.Thumbnail));
        Assert.That(thumb.Width, Is.EqualTo(240));
        Assert.That(thumb.Height, Is.EqualTo(339).Within(1));
        Assert.That(Regex.IsMatch(images.Zoom, "^[0-9a-f]{16}-zoom\\.webp$"), Is.True);
    }
}
