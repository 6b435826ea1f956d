using XuhuiEpaper.Core.Geometry;

namespace XuhuiEpaper.Core.Tests.Geometry;

/// <summary>Issue 12, sharing: where an article's link preview is cut from a 3200 × 4500 px page image (the default zoom size).</summary>
public sealed class ArticlePreviewCropTests
{
    private const int W = 3200;
    private const int H = 4500;

    private static PreviewCrop Crop(params NormRect[] rects) => ArticlePreviewCrop.Of(rects, W, H)!;

    private static void AssertInside(PixelRect r, int width = W, int height = H) =>
        Assert.That((r.X >= 0, r.Y >= 0, r.Right <= width, r.Bottom <= height, r.Width > 0, r.Height > 0), Is.EqualTo((true, true, true, true, true, true)), r.ToString());

    [Test]
    public void The_region_gets_a_margin_and_a_wide_crop_is_scaled_down_to_1200()
    {
        // 48 px (1.5 % of the width) on every side of 800..2400 × 1125..2250.
        var crop = Crop(new NormRect(0.25, 0.25, 0.5, 0.25));
        Assert.That(crop.Source, Is.EqualTo(new PixelRect(752, 1077, 1696, 1221)));
        Assert.That((crop.Width, crop.Height), Is.EqualTo((1200, 864)));
    }

    [Test]
    public void Its_rects_are_taken_together()
    {
        var crop = Crop(new NormRect(0.1, 0.1, 0.2, 0.1), new NormRect(0.3, 0.2, 0.2, 0.1));
        Assert.That(crop.Source, Is.EqualTo(new PixelRect(272, 402, 1376, 996)));
    }

    [Test]
    public void The_margin_stops_at_the_page_edges()
    {
        var crop = Crop(new NormRect(0, 0, 0.3, 0.2));
        Assert.That(crop.Source, Is.EqualTo(new PixelRect(0, 0, 1008, 948)));
        var corner = Crop(new NormRect(0.7, 0.8, 0.3, 0.2));
        Assert.That((corner.Source.Right, corner.Source.Bottom), Is.EqualTo((W, H)));
    }

    [TestCase(0.5, 0.5)]
    [TestCase(0.0, 0.0)]
    [TestCase(0.99, 0.99)]
    public void A_tiny_region_takes_in_the_page_around_it_rather_than_being_enlarged(double x, double y)
    {
        var region = new NormRect(x, y, 0.01, 0.01);
        var crop = Crop(region);
        AssertInside(crop.Source);
        Assert.That((crop.Width, crop.Height), Is.EqualTo((300, 300)));
        Assert.That(crop.Source.Width, Is.EqualTo(300), "not upscaled");
        Assert.That(crop.Source.X <= x * W && crop.Source.Right >= (x + 0.01) * W && crop.Source.Y <= y * H && crop.Source.Bottom >= (y + 0.01) * H, "the article is in it");
    }

    [Test]
    public void A_very_tall_region_keeps_its_top_at_twice_its_width()
    {
        var crop = Crop(new NormRect(0.1, 0.1, 0.1, 0.8));
        Assert.That(crop.Source, Is.EqualTo(new PixelRect(272, 402, 416, 832)));
        Assert.That((crop.Width, crop.Height), Is.EqualTo((416, 832)));
    }

    [Test]
    public void A_thin_banner_is_heightened_so_that_it_is_300_high_once_scaled_down()
    {
        var crop = Crop(new NormRect(0, 0.1, 1, 0.01));
        AssertInside(crop.Source);
        Assert.That((crop.Width, crop.Height), Is.EqualTo((1200, 300)));
        Assert.That(crop.Source.Y, Is.LessThan(450));
        Assert.That(crop.Source.Bottom, Is.GreaterThan(495));
    }

    [Test]
    public void A_preview_is_never_larger_than_a_small_page()
    {
        var crop = ArticlePreviewCrop.Of([new NormRect(0.4, 0.4, 0.1, 0.1)], 200, 250)!;
        Assert.That(crop.Source, Is.EqualTo(new PixelRect(0, 0, 200, 250)));
        Assert.That((crop.Width, crop.Height), Is.EqualTo((200, 250)));
    }

    [Test]
    public void No_region_no_crop()
    {
        Assert.That(ArticlePreviewCrop.Of([], W, H), Is.Null);
        Assert.That(ArticlePreviewCrop.Of([new NormRect(0.1, 0.1, 0, 0.2)], W, H), Is.Null);
        Assert.That(ArticlePreviewCrop.Of([new NormRect(0.1, 0.1, 0.1, 0.2)], 0, 0), Is.Null);
    }
}
