using XuhuiEpaper.Core.Layout;
using XuhuiEpaper.Core.Model;

namespace XuhuiEpaper.Core.Tests.Layout.Furniture;

/// <summary>Masthead or page header at the top, folio line at the foot: text that belongs to no article.</summary>
public class FurnitureFinderTests
{
    /// <summary>Three columns of body type from <paramref name="top"/>, <paramref name="lines"/> lines each.</summary>
    private static PageBuilder Columns(double top, int lines = 30) => new PageBuilder()
        .Paragraph("城市更新進展順利", 50, top, lines).Paragraph("社區服務指南", 215, top, lines).Paragraph("區委書記走訪", 380, top, lines);

    private static List<(RegionKind Kind, string Text)> Find(PageInput page)
    {
        var chain = StepChain.Roles(page);
        var pieces = FurnitureFinder.Instance.Find(page, chain.Blocks, chain.Scale);
        Assert.That(chain.Blocks.Intersect(pieces.SelectMany(p => p.Blocks)), Is.Empty, "furniture is taken out of the blocks");
        return pieces.Select(p => (p.Kind, string.Concat(p.Blocks.OrderBy(b => b.Box.Top).Select(b => b.Text)))).ToList();
    }

    [Test]
    public void A_short_line_with_a_page_number_under_a_wide_rule_near_the_foot_is_the_folio()
    {
        var page = Columns(200).HorizontalRule(40, 560, 740).Text("徐匯報2024年12月6日第2版", 50, 748, size: 9).Build(2);
        Assert.That(Find(page), Is.EqualTo(new[] { (RegionKind.Folio, "徐匯報2024年12月6日第2版") }));
    }

    [Test]
    public void Running_text_under_a_wide_rule_near_the_foot_is_not_a_folio()
    {
        // An article set across the foot of the page, under a rule; its text has numbers in it too.
        var page = Columns(200, lines: 25).HorizontalRule(40, 560, 710).Paragraph("城市更新2024年", 70, 716, lines: 5, characters: 40).Build(2);
        Assert.That(Find(page).Where(p => p.Kind == RegionKind.Folio), Is.Empty);
    }

    [Test]
    public void A_folio_line_without_a_rule_is_the_last_line_set_apart_by_white_space()
    {
        var page = Columns(200).Text("第2版", 50, 770, size: 9).Build(2);
        Assert.That(Find(page), Is.EqualTo(new[] { (RegionKind.Folio, "第2版") }));
    }

    [Test]
    public void The_front_page_masthead_is_the_text_above_a_wide_rule_with_its_date_line()
    {
        var page = Columns(130).Text("徐匯報", 228, 40, size: 48).Text("2024年12月6日星期五", 215, 95, size: 9).HorizontalRule(40, 560, 112).Build(1);
        Assert.That(Find(page), Is.EqualTo(new[] { (RegionKind.Masthead, "徐匯報2024年12月6日星期五") }));
    }

    [Test]
    public void A_kicker_and_headline_right_under_the_masthead_rule_are_not_its_date_line_though_they_say_日程()
    {
        var page = Columns(180).Text("徐匯報", 228, 40, size: 48).Text("2024年12月6日星期五", 215, 95, size: 9).HorizontalRule(40, 560, 112)
            .Text("會議日程主要有", 230, 118, size: 14).Text("推進模範機關創建", 200, 136, size: 24).Build(1);
        Assert.That(Find(page), Is.EqualTo(new[] { (RegionKind.Masthead, "徐匯報2024年12月6日星期五") }));
    }

    [Test]
    public void A_date_line_read_in_pieces_is_taken_whole_though_only_some_pieces_carry_a_number()
    {
        var page = Columns(150).Text("徐匯報社區版", 156, 40, size: 48).Text("星期五出版", 60, 98, size: 9).Text("上海徐匯", 250, 98, size: 9)
            .Text("2024年12月6日", 430, 98, size: 9).Build(1);
        Assert.That(Find(page), Is.EqualTo(new[] { (RegionKind.Masthead, "徐匯報社區版星期五出版2024年12月6日上海徐匯") }));
    }

    [Test]
    public void A_masthead_without_a_rule_is_the_biggest_type_across_the_top_with_the_date_line_under_it()
    {
        var page = Columns(150).Text("徐匯報社區版", 156, 40, size: 48).Text("2024年12月6日星期五", 215, 98, size: 9).Build(1);
        Assert.That(Find(page), Is.EqualTo(new[] { (RegionKind.Masthead, "徐匯報社區版2024年12月6日星期五") }));
    }

    [Test]
    public void A_page_header_without_a_rule_says_which_page_it_is_and_has_white_space_under_it()
    {
        var page = Columns(110).Text("第3版綜合新聞", 50, 40, size: 12).Text("2024年12月6日", 450, 40, size: 9).Build(3);
        Assert.That(Find(page).Select(p => p.Kind), Is.EqualTo(new[] { RegionKind.PageHeader }));
    }

    [Test]
    public void A_headline_at_the_top_of_an_inner_page_is_not_furniture()
    {
        var page = Columns(110).Text("滿意在徐匯三十而立", 50, 50, size: 30).Build(3);
        Assert.That(Find(page), Is.Empty);
    }
}
