using XuhuiEpaper.Core.Layout;

namespace XuhuiEpaper.Core.Tests.Layout.Articles;

/// <summary>
/// Ownership top-down: what lies straight above an element decides its article; crossheads near body size and
/// detached subtitles are text of the article, not anchors of their own.
/// </summary>
public class OwnershipResolverTests
{
    private static (StepChain Chain, ElementGroups Groups) Resolve(PageBuilder page)
    {
        var chain = StepChain.Elements(page.Build());
        return (chain, OwnershipResolver.Instance.Resolve(chain.ElementSpace, chain.Page, chain.Scale));
    }

    /// <summary>A 30 pt headline over one column of body type, its first paragraph six lines long (ends at 225).</summary>
    private static PageBuilder Article() => new PageBuilder().Text("滿意在徐匯", 50, 100, size: 30).Paragraph("城市更新進展順利", 50, 140, lines: 6)
        .Text("社區服務指南", 380, 100, size: 30).Paragraph("區委書記走訪", 380, 140, lines: 30);

    [Test]
    public void A_centred_line_of_1_1_times_body_size_between_paragraphs_of_a_30_pt_titled_article_is_a_crosshead()
    {
        var (chain, groups) = Resolve(Article().Text("社區新貌", 103, 235, size: 11).Paragraph("居民生活需求", 50, 256, lines: 6));
        var crosshead = chain.Element("社區新貌");
        Assert.Multiple(() =>
        {
            Assert.That(crosshead.IsHeader, Is.True, "the steps before made it a header unit");
            Assert.That(groups.Demoted, Does.Contain(crosshead.Id));
            Assert.That(groups.Anchor(crosshead.Id), Is.SameAs(chain.Element("滿意在徐匯")));
            Assert.That(groups.Find(chain.Element("居民生活需求").Id), Is.EqualTo(groups.Find(crosshead.Id)), "the text under it goes on in the article");
        });
    }

    [Test]
    public void A_headline_twice_the_body_size_under_another_articles_text_starts_an_article()
    {
        var (chain, groups) = Resolve(Article().Text("社區服務站", 50, 240, size: 20).Paragraph("居民生活需求", 50, 268, lines: 6));
        var headline = chain.Element("社區服務站");
        Assert.Multiple(() =>
        {
            Assert.That(groups.Demoted, Does.Not.Contain(headline.Id));
            Assert.That(groups.Anchor(chain.Element("居民生活需求").Id), Is.SameAs(headline));
        });
    }

    [Test]
    public void A_subtitle_set_a_little_apart_under_its_headline_is_text_of_its_article()
    {
        // 16 pt, 30 pt under the 30 pt title: too far to stack into its header unit, near enough to be its subtitle.
        var (chain, groups) = Resolve(new PageBuilder().Text("滿意在徐匯", 50, 100, size: 30).Text("區委書記走訪社區", 50, 160, size: 16)
            .Paragraph("城市更新進展順利", 50, 190, lines: 20).Paragraph("居民生活需求", 215, 190, lines: 20));
        var subtitle = chain.Element("區委書記走訪社區");
        Assert.Multiple(() =>
        {
            Assert.That(chain.Headers, Has.Count.EqualTo(2), "the steps before left it a header unit of its own");
            Assert.That(groups.Demoted, Does.Contain(subtitle.Id));
            Assert.That(groups.Anchor(subtitle.Id), Is.SameAs(chain.Element("滿意在徐匯")));
        });
    }

    [Test]
    public void Text_under_its_headline_belongs_to_it_and_text_under_a_rule_starts_a_column_of_its_own()
    {
        var (chain, groups) = Resolve(Article().HorizontalRule(45, 205, 235).Paragraph("居民生活需求", 50, 241, lines: 6));
        var under = chain.Element("居民生活需求");
        Assert.Multiple(() =>
        {
            Assert.That(groups.Anchor(chain.Element("城市更新進展順利").Id), Is.SameAs(chain.Element("滿意在徐匯")));
            Assert.That(groups.IsOpen(under.Id), Is.True, "its article is for the flow linker to decide");
            Assert.That(groups.Anchor(under.Id), Is.Null);
        });
    }
}
