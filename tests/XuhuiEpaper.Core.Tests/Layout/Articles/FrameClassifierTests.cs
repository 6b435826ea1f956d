using XuhuiEpaper.Core.Layout;

namespace XuhuiEpaper.Core.Tests.Layout.Articles;

/// <summary>Frames that bound articles (boxed notices, sidebars, ads) told from frames that only decorate.</summary>
public class FrameClassifierTests
{
    private static PageBoxes Classify(PageBuilder page)
    {
        var chain = StepChain.Roles(page.Build());
        return FrameClassifier.Instance.Classify(chain.Page, chain.Blocks, chain.Scale);
    }

    /// <summary>An article in the open on the right, so that the body size is measured.</summary>
    private static PageBuilder PageWithText() => new PageBuilder().Text("城市更新進展", 380, 100, size: 24).Paragraph("城市更新進展順利", 380, 140, lines: 30);

    [Test]
    public void A_frame_around_a_headline_and_its_running_text_is_a_box()
    {
        var boxes = Classify(PageWithText().Text("社區服務指南", 40, 100, size: 24).Paragraph("社區服務指南", 40, 140, lines: 8).Frame(30, 90, 200, 270));
        Assert.That(boxes.Count, Is.EqualTo(1));
    }

    [Test]
    public void A_small_frame_around_a_short_label_is_not_a_box()
    {
        var boxes = Classify(PageWithText().Text("社區新聞一周要點回顧", 44, 100).Frame(40, 96, 148, 114)
            .Text("社區服務指南", 40, 120, size: 24).Paragraph("社區服務指南", 40, 160, lines: 8));
        Assert.That(boxes.Count, Is.Zero);
    }

    [Test]
    public void A_tinted_band_behind_a_headline_whose_text_runs_on_below_it_is_not_a_box()
    {
        var boxes = Classify(PageWithText().Frame(30, 90, 200, 130).Text("社區服務指南", 40, 98, size: 24).Paragraph("社區服務指南", 40, 140, lines: 8));
        Assert.That(boxes.Count, Is.Zero);
    }

    [TestCase(10, 10, 590, 790, Description = "a page border")]
    [TestCase(39, 99, 201, 221, Description = "a photo's border")]
    [TestCase(30, 400, 200, 500, Description = "an empty frame")]
    public void Frames_around_the_page_around_a_photo_or_around_nothing_are_not_boxes(double left, double top, double right, double bottom)
    {
        var boxes = Classify(PageWithText().Image(40, 100, 200, 220).Frame(left, top, right, bottom));
        Assert.That(boxes.Count, Is.Zero);
    }
}
