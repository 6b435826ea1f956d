using XuhuiEpaper.Core.Layout;

namespace XuhuiEpaper.Core.Tests.Layout.Articles;

/// <summary>A box bounds an article: a box of display type is one item, a box of running text one header's article, briefs stay apart.</summary>
public class BoxedArticlesTests
{
    private static (StepChain Chain, ElementGroups Groups, Dictionary<int, BoxedGroup> Filled) Merge(PageBuilder page)
    {
        var chain = StepChain.Elements(page.Build());
        var groups = OwnershipResolver.Instance.Resolve(chain.ElementSpace, chain.Page, chain.Scale);
        FlowLinker.Instance.Link(chain.ElementSpace, groups, chain.Page, chain.Scale);
        return (chain, groups, BoxedArticles.Instance.Merge(chain.ElementSpace, groups, chain.Boxes, chain.Scale));
    }

    /// <summary>An article in the open on the left, so that the body size is measured.</summary>
    private static PageBuilder PageWithText() => new PageBuilder().Text("城市更新進展", 40, 100, size: 24).Paragraph("城市更新進展順利", 40, 140, lines: 30);

    private static List<PageElement> Inside(StepChain chain, Box frame) => chain.ElementSpace.Elements.Where(e => frame.Encloses(e.Box)).ToList();

    [Test]
    public void A_box_of_display_lines_slogan_and_hotline_is_one_display_item()
    {
        var frame = new Box(400, 90, 580, 330);
        var (chain, groups, filled) = Merge(PageWithText().Frame(frame.Left, frame.Top, frame.Right, frame.Bottom)
            .Text("節約用水", 420, 110, size: 32).Text("一滴水一份責任", 440, 170, size: 13).Text("珍惜每一滴水", 446, 200, size: 13)
            .Text("熱線六四八七五五五五", 425, 290, size: 13));
        var inside = Inside(chain, frame);
        Assert.That(inside.Count, Is.GreaterThan(1), "the steps before left several elements in the box");
        var root = groups.Find(inside[0].Id);
        Assert.Multiple(() =>
        {
            Assert.That(inside.Select(e => groups.Find(e.Id)), Is.All.EqualTo(root));
            Assert.That(filled[root], Is.EqualTo(new BoxedGroup(frame, Display: true)));
        });
    }

    [Test]
    public void A_box_of_running_text_is_its_headers_article_stray_lines_included()
    {
        var frame = new Box(215, 90, 385, 330);
        var (chain, groups, filled) = Merge(PageWithText().Frame(frame.Left, frame.Top, frame.Right, frame.Bottom)
            .Text("社區服務指南", 225, 100, size: 24).Paragraph("社區活動安排", 225, 140, lines: 8).Text("本版責任編輯王明", 295, 310, size: 8.5));
        var headline = chain.Element("社區服務指南");
        Assert.Multiple(() =>
        {
            Assert.That(Inside(chain, frame).Select(e => groups.Anchor(e.Id)), Is.All.SameAs(headline));
            Assert.That(filled[groups.Find(headline.Id)], Is.EqualTo(new BoxedGroup(frame, Display: false)));
        });
    }

    [Test]
    public void A_box_of_briefs_keeps_their_articles_apart()
    {
        var frame = new Box(400, 90, 570, 330);
        var (chain, groups, filled) = Merge(PageWithText().Frame(frame.Left, frame.Top, frame.Right, frame.Bottom)
            .Text("社區服務指南", 410, 100, size: 16).Paragraph("社區服務指南", 410, 122, lines: 5)
            .Text("居民生活需求", 410, 210, size: 16).Paragraph("居民生活需求", 410, 232, lines: 5));
        var first = chain.ElementSpace.Elements.Single(e => e.IsHeader && StepChain.ElementText(e) == "社區服務指南");
        var second = chain.ElementSpace.Elements.Single(e => e.IsHeader && StepChain.ElementText(e) == "居民生活需求");
        Assert.Multiple(() =>
        {
            Assert.That(groups.Find(first.Id), Is.Not.EqualTo(groups.Find(second.Id)));
            Assert.That(filled.Keys, Does.Not.Contain(groups.Find(first.Id)).And.Not.Contain(groups.Find(second.Id)), "neither fills the box alone");
        });
    }
}
