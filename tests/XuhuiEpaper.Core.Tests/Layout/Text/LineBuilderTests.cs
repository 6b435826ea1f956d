using XuhuiEpaper.Core.Layout;

namespace XuhuiEpaper.Core.Tests.Layout.Text;

/// <summary>Glyphs chained into lines; lines cut at gutters (white-space rivers) and vertical rules, never at word spaces.</summary>
public class LineBuilderTests
{
    private const string Left = "甲乙丙丁戊己庚辛壬癸";
    private const string Right = "子丑寅卯辰巳午未申酉";

    [Test]
    public void A_gutter_of_1_2_em_between_two_columns_of_six_lines_splits_every_line()
    {
        var page = new PageBuilder();
        for (var i = 0; i < 6; i++)
        {
            page.Text(Left, 50, 100 + (i * 15)).Text(Right, 50 + 100 + 12, 100 + (i * 15));
        }

        var lines = LineBuilder.Instance.Build(page.Build());

        Assert.That(lines.Select(l => l.Text), Is.EquivalentTo(Enumerable.Repeat(Left, 6).Concat(Enumerable.Repeat(Right, 6))));
    }

    [Test]
    public void A_word_space_of_0_8_em_in_justified_Latin_lines_with_lines_above_and_below_does_not_split_them()
    {
        // A paragraph justified to 190 pt; its third line is spaced out to 0.78 em between words.
        string[] text =
        [
            "The city council met on Friday to plan new",
            "parks along the river and a school for the",
            "children of the old town, where most",
            "families have lived for many years and",
            "where the streets are still too narrow for",
            "the buses that the council wants to run",
            "from the station to the market square every",
            "ten minutes from next spring on.",
        ];
        var page = new PageBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            page.Latin(text[i], 50, 100 + (i * 13), justify: i < text.Length - 1 ? 190 : null);
        }

        var lines = LineBuilder.Instance.Build(page.Build());

        var spread = (190 - PageBuilder.LatinWidth(text[2].Replace(" ", "", StringComparison.Ordinal))) / 5 / PageBuilder.Body;
        Assert.That(spread, Is.GreaterThan(0.75), "the page has its wide word spaces");
        Assert.That(lines.OrderBy(l => l.Box.Top).Select(l => l.Text), Is.EqualTo(text));
    }

    [Test]
    public void Two_headlines_bumping_half_an_em_apart_are_two_lines_but_a_headline_with_a_word_space_is_one()
    {
        // 18 pt headlines over two single columns, 10 pt (0.56 em) apart, with body text on the page but no headline around.
        var page = new PageBuilder()
            .Text("進一步增強使命感", 50, 100, size: 18).Text("實施計劃", 50 + (8 * 18) + 10, 100, size: 18)
            .Text("五G基站", 50, 200, size: 18).Latin("5G", 50 + (4 * 18) + 4, 200, size: 18);
        for (var i = 0; i < 6; i++)
        {
            page.Text(Left, 50, 130 + (i * 12));
        }

        var lines = LineBuilder.Instance.Build(page.Build());

        Assert.That(lines.Where(l => l.Size > 15).Select(l => l.Text), Is.EquivalentTo(new[] { "進一步增強使命感", "實施計劃", "五G基站5G" }));
    }

    [Test]
    public void A_vertical_rule_cuts_the_lines_it_crosses_even_in_a_gap_narrower_than_a_word_space()
    {
        // Two columns 3 pt apart (no gutter by white space), under a line across both; the rule between them starts under it.
        var page = new PageBuilder().VerticalRule(111.5, 112, 200).Text("一二三四五六七八九十甲乙", 50, 100, tracking: 0.25);
        for (var i = 1; i < 4; i++)
        {
            page.Text("一二三四五六", 50, 100 + (i * 15)).Text("七八九十甲乙", 113, 100 + (i * 15));
        }

        var lines = LineBuilder.Instance.Build(page.Build()).OrderBy(l => l.Box.Top).ThenBy(l => l.Box.Left).ToList();

        Assert.That(lines.Select(l => l.Text), Is.EqualTo(new[]
        {
            "一二三四五六七八九十甲乙",
            "一二三四五六", "七八九十甲乙",
            "一二三四五六", "七八九十甲乙",
            "一二三四五六", "七八九十甲乙",
        }));
    }

    [TestCase(0.8, 1, Description = "a word space, however wide, when nothing says gutter")]
    [TestCase(1.2, 2, Description = "wider than LoneGap: a gutter")]
    public void A_gap_in_a_line_with_no_lines_around_it_splits_it_only_when_wider_than_LoneGap(double ems, int count)
    {
        var page = new PageBuilder().Text("一二三四五", 50, 100).Text("六七八九十", 100 + (ems * PageBuilder.Body), 100).Build();
        Assert.That(LineBuilder.Instance.Build(page), Has.Count.EqualTo(count));
    }

    [TestCase(true, 1)]
    [TestCase(false, 2)]
    public void On_a_scan_words_OCR_sized_and_placed_a_little_differently_are_one_line(bool scan, int count)
    {
        // OCR boxed the second word by its ink: a third bigger and a point higher, its centre on the line's.
        var page = new PageBuilder().Text("本報記者", 50, 100).Text("走訪", 92, 98.5, size: 13);
        if (scan)
        {
            page.Scanned();
        }

        Assert.That(LineBuilder.Instance.Build(page.Build()), Has.Count.EqualTo(count));
    }
}
