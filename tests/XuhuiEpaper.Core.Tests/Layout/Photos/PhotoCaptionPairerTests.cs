using XuhuiEpaper.Core.Layout;

namespace XuhuiEpaper.Core.Tests.Layout.Photos;

/// <summary>Photos set close together form groups; caption-sized and credit lines right under a group are its captions.</summary>
public class PhotoCaptionPairerTests
{
    /// <summary>A page with a column of body text on the right, so that the body size is measured.</summary>
    private static PageBuilder PageWithText() => new PageBuilder().Paragraph("城市更新進展順利", 400, 100, lines: 30);

    private static (IReadOnlyList<PhotoGroup> Groups, List<TextBlock> Blocks) Pair(PageBuilder page)
    {
        var chain = StepChain.Roles(page.Build());
        return (PhotoCaptionPairer.Instance.Pair(chain.Page, chain.Blocks, chain.Scale), chain.Blocks);
    }

    private const string Caption = "區委書記走訪社區了解居民生活需求並聽取意見建議";

    [Test]
    public void Two_photos_side_by_side_4_pt_apart_with_one_caption_under_both_are_one_group()
    {
        var (groups, blocks) = Pair(PageWithText().Image(50, 100, 200, 220).Image(204, 100, 354, 220).Text(Caption, 50, 226, size: 8.5));
        Assert.Multiple(() =>
        {
            Assert.That(groups.Select(g => g.Images.Count), Is.EqualTo(new[] { 2 }));
            Assert.That(groups[0].Captions.Select(c => c.Text), Is.EqualTo(new[] { Caption }));
            Assert.That(blocks.Select(b => b.Text), Has.None.EqualTo(Caption), "the caption is taken out of the blocks");
        });
    }

    [Test]
    public void A_vertical_rule_between_two_photos_keeps_them_apart()
    {
        var (groups, _) = Pair(PageWithText().Image(50, 100, 200, 220).Image(204, 100, 354, 220).VerticalRule(202, 95, 240).Text(Caption, 50, 226, size: 8.5));
        Assert.That(groups.Select(g => g.Images.Count), Is.EqualTo(new[] { 1, 1 }));
    }

    [Test]
    public void A_credit_at_the_end_of_the_captions_last_line_is_a_caption_too()
    {
        var (groups, _) = Pair(PageWithText().Image(50, 100, 350, 300)
            .Text("區委書記走訪社區了解居民生活需求並聽取意見建議與居民親切交談", 50, 306, size: 8.5)
            .Text("共商社區發展", 50, 318, size: 8.5).Text("朱亮攝", 320, 318, size: 8.5));
        Assert.That(groups.Single().Captions.Select(c => c.Text), Is.EquivalentTo(new[] { "區委書記走訪社區了解居民生活需求並聽取意見建議與居民親切交談共商社區發展", "朱亮攝" }));
    }

    [Test]
    public void Body_text_right_under_a_photo_is_not_its_caption()
    {
        var (groups, blocks) = Pair(PageWithText().Image(50, 100, 200, 220).Paragraph("社區服務指南", 50, 226, lines: 6));
        Assert.Multiple(() =>
        {
            Assert.That(groups.Single().Captions, Is.Empty);
            Assert.That(blocks.Select(b => b.Text[..4]), Does.Contain("社區服務"));
        });
    }
}
