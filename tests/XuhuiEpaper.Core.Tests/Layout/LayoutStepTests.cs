using XuhuiEpaper.Core.Geometry;
using XuhuiEpaper.Core.Layout;

namespace XuhuiEpaper.Core.Tests.Layout;

/// <summary>Each layout step on small hand-made pages, so a failure points at one step.</summary>
public class LayoutStepTests
{
    private const double Size = 10;

    /// <summary>A run of characters set solid from (left, baseline top).</summary>
    private static IEnumerable<Glyph> Run(string text, double left, double top, double size = Size, double tracking = 0) =>
        text.Select((c, i) => new Glyph(c.ToString(), new Box(left + (i * (size + tracking)), top, left + (i * (size + tracking)) + size, top + size), size, false));

    private static PageInput Page(IEnumerable<Glyph> glyphs, Box[]? horizontal = null, Box[]? vertical = null) => new()
    {
        Number = 1,
        Width = 600,
        Height = 800,
        Glyphs = glyphs.ToArray(),
        HorizontalRules = horizontal ?? [],
        VerticalRules = vertical ?? [],
    };

    [Test]
    public void Lines_break_at_a_column_gutter_but_not_at_justification_spacing()
    {
        var page = Page(Run("一二三四五", 50, 100, tracking: 2).Concat(Run("六七八九十", 120, 100)));
        var lines = LineBuilder.Instance.Build(page);
        Assert.That(lines.Select(l => l.Text), Is.EqualTo(new[] { "一二三四五", "六七八九十" }));
    }

    [Test]
    public void A_space_the_PDF_left_as_a_gap_comes_back_but_justification_spacing_does_not()
    {
        // "記者" then a third of an em, as a space advance leaves it; the characters themselves 0.1 em apart.
        var page = Page(Run("記者", 50, 100, tracking: 1).Concat(Run("劉坤", 50 + 21 + 3, 100, tracking: 1)));
        Assert.That(LineBuilder.Instance.Build(page).Single().Text, Is.EqualTo("記者 劉坤"));
    }

    [Test]
    public void Lines_break_at_a_vertical_rule_even_in_a_narrow_gutter()
    {
        var page = Page(Run("一二三", 50, 100).Concat(Run("四五六", 84, 100)), vertical: [new Box(82, 50, 82.5, 200)]);
        Assert.That(LineBuilder.Instance.Build(page), Has.Count.EqualTo(2));
    }

    [Test]
    public void Type_of_another_size_on_the_same_baseline_is_another_line()
    {
        var page = Page(Run("標題", 50, 100, size: 30).Concat(Run("正文", 115, 120)));
        Assert.That(LineBuilder.Instance.Build(page), Has.Count.EqualTo(2));
    }

    [Test]
    public void Blocks_stack_lines_of_one_column_and_stop_at_a_rule()
    {
        var glyphs = Run("一二三四五", 50, 100).Concat(Run("一二三四五", 50, 115)).Concat(Run("一二三四五", 50, 130))
            .Concat(Run("一二三四五", 50, 150));
        var page = Page(glyphs, horizontal: [new Box(40, 143, 120, 143.5)]);
        var blocks = BlockBuilder.Instance.Build(LineBuilder.Instance.Build(page), page);
        Assert.That(blocks.Select(b => b.Lines.Count), Is.EqualTo(new[] { 3, 1 }));
    }

    [TestCase("● 記者 劉坤", 10, BlockRole.Byline)]
    [TestCase("下轉第2版", 10, BlockRole.JumpLine)]
    [TestCase("(上接第1版)", 10, BlockRole.JumpLine)]
    [TestCase("“滿意在徐匯”三十而立再出發", 30, BlockRole.Headline)]
    [TestCase("踐行“人民至上”重要實踐", 14, BlockRole.Deck)]
    [TestCase("朱亮 攝", 10, BlockRole.Caption)]
    [TestCase("12 月 6 日下午,區委書記", 8.5, BlockRole.Caption)]
    [TestCase("本報訊 在“滿意在徐匯”大走訪活動", 10, BlockRole.Body)]
    public void Roles_come_from_size_and_wording(string text, double size, BlockRole role)
    {
        var page = Page(Run(text.Replace(" ", "", StringComparison.Ordinal), 50, 100, size));
        var block = BlockBuilder.Instance.Build(LineBuilder.Instance.Build(page), page).Single();
        Assert.That(RoleClassifier.Instance.RoleOf(block, bodySize: 10), Is.EqualTo(role));
    }

    [Test]
    public void Jump_lines_are_parsed_both_ways()
    {
        Assert.Multiple(() =>
        {
            Assert.That(RoleClassifier.ParseJump("下轉第2版"), Is.EqualTo((true, 2)));
            Assert.That(RoleClassifier.ParseJump("(上接第1版)"), Is.EqualTo((false, 1)));
            Assert.That(RoleClassifier.ParseJump("第2版 綜合"), Is.Null);
        });
    }

    [Test]
    public void Painted_regions_cover_gutters_and_never_overlap()
    {
        var page = Page([]);
        // Article 0: two columns with a gutter; article 1: one column beside them, past a rule.
        var articles = new IReadOnlyList<Box>[]
        {
            [new Box(50, 100, 150, 300), new Box(160, 100, 260, 250)],
            [new Box(280, 100, 380, 300)],
        };
        var regions = new RegionPainter(new RegionPainterOptions { MaxGrowth = 1 }).Paint(articles, page with { VerticalRules = [new Box(269.75, 90, 270.25, 310)] }, bodySize: 10)
            .Select(r => new Region(r)).ToArray();

        Assert.Multiple(() =>
        {
            Assert.That(regions[0].Contains(155 / 600.0, 200 / 800.0), Is.True, "the gutter between its columns");
            Assert.That(regions[0].Contains(210 / 600.0, 280 / 800.0), Is.True, "the blank end of its short column");
            Assert.That(regions[1].Contains(330 / 600.0, 200 / 800.0), Is.True);
            Assert.That(regions[0].IntersectionArea(regions[1]), Is.Zero);
        });
    }

    [Test]
    public void A_short_article_grows_only_max_growth_into_the_white_space_below_it()
    {
        // Article 0 is short; article 1 beside it runs far down, so no element edge cuts the blank under article 0.
        var articles = new IReadOnlyList<Box>[]
        {
            [new Box(50, 100, 150, 140)],
            [new Box(160, 100, 260, 400)],
        };
        var regions = new RegionPainter(new RegionPainterOptions { MaxGrowth = 1 }).Paint(articles, Page([]), bodySize: 10).Select(r => new Region(r)).ToArray();

        Assert.Multiple(() =>
        {
            Assert.That(regions[0].Contains(100 / 600.0, 145 / 800.0), Is.True, "within reach of its last line");
            Assert.That(regions[0].Contains(100 / 600.0, 200 / 800.0), Is.False, "the blank far below it");
            Assert.That(regions[0].IntersectionArea(regions[1]), Is.Zero);
        });
    }

    [Test]
    public void Paragraphs_follow_columns_and_break_at_indents()
    {
        var glyphs = Run("一二三四", 70, 100).Concat(Run("五六七八九十", 50, 115))          // column 1: indented start
            .Concat(Run("甲乙丙丁戊己", 130, 100)).Concat(Run("庚辛", 150, 115));           // column 2: go on, then a new paragraph
        var page = Page(glyphs);
        var blocks = BlockBuilder.Instance.Build(LineBuilder.Instance.Build(page), page);
        Assert.That(Paragraphs.Split(blocks, Size), Is.EqualTo(new[] { "一二三四五六七八九十甲乙丙丁戊己", "庚辛" }));
    }

    /// <summary>Lines of body type, 15 characters each, from (left, top) down.</summary>
    private static IEnumerable<Glyph> Column(double left, double top, int lines) =>
        Enumerable.Range(0, lines).SelectMany(i => Run("一二三四五六七八九十甲乙丙丁戊", left, top + (i * 15)));

    [Test]
    public void A_box_of_running_text_is_a_notice_and_a_box_of_display_type_an_advertisement()
    {
        // Left: a boxed headline over running text. Middle: the same in the open. Right: a box of display type only.
        // No headline uses notice or advertisement wording, so the box and the type decide.
        var glyphs = Run("社區服務指南", 40, 100, size: 24).Concat(Column(40, 140, 8))
            .Concat(Run("城市更新進展", 225, 100, size: 24)).Concat(Column(225, 140, 8))
            .Concat(Run("節約用水", 420, 200, size: 32)).Concat(Run("一滴水一份責任", 440, 250, size: 13)).Concat(Run("珍惜每一滴水", 446, 270, size: 13));
        var page = Page(glyphs) with { Frames = [new Box(30, 90, 200, 280), new Box(400, 90, 580, 320)] };
        var kinds = ArticleFinder.Instance.Find(page).Articles.ToDictionary(a => a.Content.Title ?? "", a => a.Content.Kind);
        Assert.That(kinds, Is.EquivalentTo(new Dictionary<string, Model.RegionKind>
        {
            ["社區服務指南"] = Model.RegionKind.Notice,
            ["城市更新進展"] = Model.RegionKind.Article,
            ["節約用水"] = Model.RegionKind.Advertisement,
        }));
    }
}
