using XuhuiEpaper.Core.Layout;

namespace XuhuiEpaper.Core.Tests.Layout.Headers;

/// <summary>Display blocks grouped into header units: phrases on one baseline, kicker, title and subtitle stacked tight.</summary>
public class HeaderUnitBuilderTests
{
    private static IReadOnlyList<HeaderUnit> Build(PageBuilder page)
    {
        var chain = StepChain.Roles(page.Build());
        var boxes = FrameClassifier.Instance.Classify(chain.Page, chain.Blocks, chain.Scale);
        return HeaderUnitBuilder.Instance.Build(chain.Page, chain.Blocks, chain.Scale, boxes.SameScope);
    }

    [Test]
    public void Two_30_pt_fragments_on_one_baseline_1_em_apart_are_one_unit_whose_title_joins_both()
    {
        var units = Build(new PageBuilder().Text("滿意在徐匯", 50, 100, size: 30).Text("三十而立再出發", 230, 100, size: 30)
            .Paragraph("城市更新進展順利", 50, 145, lines: 12).Paragraph("社區服務指南", 215, 145, lines: 12).Paragraph("區委書記走訪", 380, 145, lines: 12));
        Assert.That(units.Select(u => ArticleText.Join(u.Title)), Is.EqualTo(new[] { "滿意在徐匯 三十而立再出發" }));
    }

    [Test]
    public void A_14_pt_kicker_right_above_a_30_pt_title_is_its_kicker_and_a_smaller_line_right_below_its_subtitle()
    {
        var unit = Build(new PageBuilder().Text("踐行人民至上", 50, 100, size: 14).Text("滿意在徐匯", 50, 120, size: 30).Text("區委書記走訪社區", 50, 156, size: 16)
            .Paragraph("城市更新進展順利", 50, 185, lines: 12).Paragraph("社區服務指南", 215, 185, lines: 12)).Single();
        Assert.Multiple(() =>
        {
            Assert.That(ArticleText.Join(unit.Kicker), Is.EqualTo("踐行人民至上"));
            Assert.That(ArticleText.Join(unit.Title), Is.EqualTo("滿意在徐匯"));
            Assert.That(ArticleText.Join(unit.Subtitle), Is.EqualTo("區委書記走訪社區"));
        });
    }

    [Test]
    public void A_12_character_label_in_a_small_frame_right_above_a_headline_is_its_kicker()
    {
        var unit = Build(new PageBuilder().Text("社區服務一周要點回顧專題", 50, 100).Frame(46, 96, 174, 114).Text("滿意在徐匯三十", 50, 122, size: 30)
            .Paragraph("城市更新進展順利", 50, 165, lines: 12).Paragraph("社區服務指南", 215, 165, lines: 12)).Single();
        Assert.Multiple(() =>
        {
            Assert.That(ArticleText.Join(unit.Kicker), Is.EqualTo("社區服務一周要點回顧專題"));
            Assert.That(ArticleText.Join(unit.Title), Is.EqualTo("滿意在徐匯三十"));
        });
    }

    [Test]
    public void A_boxed_label_centred_over_the_space_between_a_headlines_two_phrases_is_its_kicker()
    {
        // The label stands over neither phrase: only the whole headline line is under it.
        var unit = Build(new PageBuilder().Text("聚焦", 212, 100, size: 17).Frame(208, 96, 250, 120)
            .Text("滿意在徐匯", 50, 126, size: 30).Text("三十而立再出發", 260, 126, size: 30)
            .Paragraph("城市更新進展順利", 50, 170, lines: 12).Paragraph("社區服務指南", 215, 170, lines: 12).Paragraph("區委書記走訪", 380, 170, lines: 12)).Single();
        Assert.Multiple(() =>
        {
            Assert.That(ArticleText.Join(unit.Kicker), Is.EqualTo("聚焦"));
            Assert.That(ArticleText.Join(unit.Title), Is.EqualTo("滿意在徐匯 三十而立再出發"));
        });
    }

    [Test]
    public void Two_headlines_side_by_side_separated_by_a_vertical_rule_stay_two_units()
    {
        var units = Build(new PageBuilder().Text("滿意在徐匯", 50, 100, size: 30).Text("城市更新進展", 230, 100, size: 30).VerticalRule(215, 90, 400)
            .Paragraph("城市更新進展順利", 50, 145, lines: 12, characters: 15).Paragraph("社區服務指南", 230, 145, lines: 12, characters: 18));
        Assert.That(units.Select(u => ArticleText.Join(u.Title)), Is.EquivalentTo(new[] { "滿意在徐匯", "城市更新進展" }));
    }
}
