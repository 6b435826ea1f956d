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

    [Test]
    public void LibWebp_structures_have_the_sizes_of_libwebp_1_2_4()
    {
        // sizeof(WebPConfig), sizeof(WebPPicture) and sizeof(WebPMemoryWriter) with gcc on x86-64 / arm64.
        Assert.Multiple(() =>
        {
            Assert.That(System.Runtime.InteropServices.Marshal.SizeOf<LibWebp.WebPConfig>(), Is.EqualTo(116));
            Assert.That(System.Runtime.InteropServices.Marshal.SizeOf<LibWebp.WebPPicture>(), Is.EqualTo(256));
            Assert.That(System.Runtime.InteropServices.Marshal.SizeOf<LibWebp.WebPMemoryWriter>(), Is.EqualTo(32));
            Assert.That(LibWebp.Version, Does.StartWith("1."));
        });
    }

    [TestCase(SKColorType.Rgba8888)]
    [TestCase(SKColorType.Bgra8888)]
    [TestCase(SKColorType.Rgb565)]
    public void Libwebp_encoding_keeps_colours_in_either_byte_order(SKColorType colorType)
    {
        using var page = new SKBitmap(new SKImageInfo(301, 203, colorType, SKAlphaType.Opaque));
        using (var canvas = new SKCanvas(page))
        {
            canvas.Clear(SKColors.White);
            using var red = new SKPaint { Color = new SKColor(0xC0, 0x10, 0x10) };
            using var blue = new SKPaint { Color = new SKColor(0x10, 0x30, 0xC0) };
            canvas.DrawRect(20, 20, 100, 100, red);
            canvas.DrawRect(160, 60, 100, 100, blue);
        }

        foreach (var method in new[] { 0, 2, 6 })
        {
            var bytes = PageImageDeriver.EncodeWebp(page, 70, method);
            using var decoded = SKBitmap.Decode(bytes);
            Assert.That((decoded.Width, decoded.Height), Is.EqualTo((301, 203)));
            AssertNear(decoded.GetPixel(70, 70), new SKColor(0xC0, 0x10, 0x10), $"red, method {method}");
            AssertNear(decoded.GetPixel(210, 110), new SKColor(0x10, 0x30, 0xC0), $"blue, method {method}");
            AssertNear(decoded.GetPixel(290, 10), SKColors.White, $"white, method {method}");
        }
    }

    [Test]
    public void Libwebp_refuses_what_webp_cannot_hold_with_a_clear_error()
    {
        Assert.Multiple(() =>
        {
            Assert.That(() => LibWebp.EncodeLossy(1, 16384, 10, 16384 * 4, false, 60, 0), Throws.InstanceOf<ArgumentOutOfRangeException>());
            Assert.That(() => LibWebp.EncodeLossy(1, 10, 10, 40, false, 60, 7), Throws.InstanceOf<ArgumentOutOfRangeException>());
            Assert.That(() => LibWebp.EncodeLossy(IntPtr.Zero, 10, 10, 40, false, 60, 0), Throws.ArgumentNullException);
            Assert.That(() => new PageImageDeriver(new ImageOptions { WebpMethod = 9 }), Throws.InstanceOf<ArgumentOutOfRangeException>());
        });
    }

    [TestCase(1600, 2263)]
    [TestCase(1601, 2263)]
    [TestCase(7, 3)]
    public void Halving_is_the_mean_of_each_2x2_block(int width, int height)
    {
        using var source = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        var random = new Random(width * 31 + height);
        var pixels = source.GetPixelSpan();
        random.NextBytes(pixels);
        for (var i = 3; i < pixels.Length; i += 4)
        {
            pixels[i] = 255;
        }

        using var half = PageImageDeriver.Halve(source);

        Assert.That((half.Width, half.Height), Is.EqualTo(((width + 1) / 2, (height + 1) / 2)));
        for (var y = 0; y < half.Height; y += Math.Max(1, half.Height / 50))
        {
            for (var x = 0; x < half.Width; x += Math.Max(1, half.Width / 50))
            {
                var x1 = Math.Min((2 * x) + 1, width - 1);
                var y1 = Math.Min((2 * y) + 1, height - 1);
                SKColor[] block = [source.GetPixel(2 * x, 2 * y), source.GetPixel(x1, 2 * y), source.GetPixel(2 * x, y1), source.GetPixel(x1, y1)];
                var expected = new SKColor(
                    (byte)((block.Sum(c => c.Red) + 2) / 4), (byte)((block.Sum(c => c.Green) + 2) / 4), (byte)((block.Sum(c => c.Blue) + 2) / 4), 255);
                Assert.That(half.GetPixel(x, y), Is.EqualTo(expected), $"({x}, {y})");
            }
        }
    }

    [Test]
    public void Halving_matches_skias_bilinear_halving()
    {
        // An even height, so Skia samples exactly between rows too (a subset: same pixels, rows further apart than its width).
        using var whole = SyntheticPage("Xuhui daily news");
        using var page = new SKBitmap();
        Assert.That(whole.ExtractSubset(page, new SKRectI(0, 0, 1600, 2262)), Is.True);
        using var ours = PageImageDeriver.Halve(page);
        using var skia = new SKBitmap(new SKImageInfo(800, 1131, SKColorType.Rgba8888, SKAlphaType.Opaque));
        page.ScalePixels(skia, new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.None));

        var worst = 0;
        for (var y = 0; y < 1131; y++)
        {
            for (var x = 0; x < 800; x++)
            {
                var a = ours.GetPixel(x, y);
                var b = skia.GetPixel(x, y);
                worst = Math.Max(worst, Math.Max(Math.Abs(a.Red - b.Red), Math.Max(Math.Abs(a.Green - b.Green), Math.Abs(a.Blue - b.Blue))));
            }
        }

        Assert.That(worst, Is.LessThanOrEqualTo(1), "at most rounding differences");
    }

    [TestCase(1)]
    [TestCase(5)]
    [TestCase(6)]
    [TestCase(3200)]
    [TestCase(3201)]
    public void Ppm_rows_become_opaque_rgba(int width)
    {
        var rgb = new byte[width * 3];
        new Random(width).NextBytes(rgb);
        var rgba = new byte[width * 4];

        PpmReader.ExpandRow(rgb, rgba);

        for (var x = 0; x < width; x++)
        {
            Assert.That(rgba.AsSpan(x * 4, 4).ToArray(), Is.EqualTo(new[] { rgb[x * 3], rgb[(x * 3) + 1], rgb[(x * 3) + 2], (byte)255 }), $"pixel {x}");
        }
    }

    private static void AssertNear(SKColor actual, SKColor expected, string what)
    {
        var distance = Math.Max(Math.Abs(actual.Red - expected.Red), Math.Max(Math.Abs(actual.Green - expected.Green), Math.Abs(actual.Blue - expected.Blue)));
        Assert.That(distance, Is.LessThanOrEqualTo(12), $"{what}: {actual} instead of {expected}");
    }
}
