using XuhuiEpaper.Core.Layout;
using XuhuiEpaper.Core.Recognition;

namespace XuhuiEpaper.Core.Tests.Recognition;

public class RecognitionTests
{
    [Test]
    public void Recognised_characters_become_glyphs_with_the_lines_height_and_an_em_wide_box()
    {
        var line = new Box(100, 200, 160, 209.2);
        var glyphs = RecognisedGlyphs.FromWords(
        [
            new RecognisedWord("徐", new Box(100, 200, 109, 209), line, 95),
            new RecognisedWord("一", new Box(111, 204, 119, 205), line, 90),
            new RecognisedWord("?", new Box(121, 200, 129, 209), line, 5),
        ], minConfidence: 20);

        Assert.That(glyphs.Select(g => g.Text), Is.EqualTo(new[] { "徐", "一" }), "the unsure one is dropped");
        Assert.Multiple(() =>
        {
            Assert.That(glyphs[1].Box.Top, Is.EqualTo(glyphs[0].Box.Top), "一 is as tall as its line, not as its ink");
            Assert.That(glyphs[1].Box.Width, Is.EqualTo(glyphs[1].Size).Within(1e-9), "an ideograph is one em wide");
            Assert.That(glyphs[0].Size, Is.EqualTo(10).Within(0.01));
            Assert.That(glyphs.All(g => g.Invisible));
        });
    }

    [Test]
    public void Each_glyph_takes_the_character_most_of_its_uses_were_recognised_as()
    {
        static Glyph Printed(string code, double x) => new(code, new Box(x, 0, x + 10, 10), 10, false, Font: "F");
        static Glyph Read(string text, double x) => new(text, new Box(x + 2, 2, x + 8, 8), 10, false, Invisible: true);
        var printed = new[] { Printed("\u0001", 0), Printed("\u0002", 10), Printed("\u0001", 20), Printed("\u0001", 30), Printed("\u0003", 40) };
        var recognised = new[] { Read("徐", 0), Read("匯", 10), Read("徐", 20), Read("待", 30) }; // the third use of \u0001 misread; \u0003 unread
        var fonts = new HashSet<string> { "F" };

        var names = GlyphNaming.Vote([(printed, recognised)], fonts);
        var named = GlyphNaming.Apply(printed, fonts, names);

        Assert.That(named.Select(g => g.Text), Is.EqualTo(new[] { "徐", "匯", "徐", "徐" }), "outvoted, and the glyph never read is left out");
        Assert.That(named.Select(g => g.Box.Left), Is.EqualTo(new[] { 0d, 10, 20, 30 }), "at the PDF's positions");
    }

    [Test]
    public void Evened_characters_of_a_line_share_its_type_even_where_the_recogniser_misboxed_most_of_them()
    {
        // Body type 10 pt ink on a line box 10 pt high; 4 of 6 characters boxed 15 pt tall, one running on across the rest.
        var line = new Box(100, 200, 166, 210);
        var glyphs = RecognisedGlyphs.Evened(
        [
            new RecognisedWord("把", new Box(100, 200, 110, 210), line, 99),
            new RecognisedWord("滿", new Box(111, 200, 166, 210), line, 99),
            new RecognisedWord("在", new Box(122, 199, 133, 214), line, 99),
            new RecognisedWord("徐", new Box(133, 199, 144, 214), line, 99),
            new RecognisedWord("匯", new Box(144, 199, 155, 214), line, 99),
            new RecognisedWord("大", new Box(155, 199, 166, 214), line, 99),
        ]);

        Assert.Multiple(() =>
        {
            Assert.That(glyphs.Select(g => g.Size).Distinct().Count(), Is.EqualTo(1), "one size a line");
            Assert.That(glyphs[0].Size, Is.EqualTo(10 / 0.92).Within(0.01), "the line box's height, not the misboxed characters' median");
            Assert.That(glyphs.Select(g => g.Box.Top).Distinct().Count(), Is.EqualTo(1), "one top a line");
            Assert.That(glyphs[1].Box.Right, Is.LessThanOrEqualTo(glyphs[2].Box.Left + 1e-9), "the box running on ends where the next character starts");
            Assert.That(glyphs.Zip(glyphs.Skip(1)).All(p => p.Second.Box.Left >= p.First.Box.Left), "in order along the line");
        });
    }

    [Test]
    public void A_recognised_line_across_two_columns_is_evened_a_column_at_a_time()
    {
        // The recogniser's one "line" holds a line of the left column and one of the right, set 4 pt lower.
        var line = new Box(100, 200, 260, 214);
        var left = Enumerable.Range(0, 5).Select(i => new RecognisedWord("字", new Box(100 + (i * 10.5), 200, 110 + (i * 10.5), 210), line, 95));
        var right = Enumerable.Range(0, 5).Select(i => new RecognisedWord("文", new Box(200 + (i * 10.5), 204, 210 + (i * 10.5), 214), line, 95));

        var glyphs = RecognisedGlyphs.Evened([.. left, .. right]);

        Assert.Multiple(() =>
        {
            Assert.That(glyphs.Where(g => g.Text == "字").Select(g => g.Box.Top).Distinct().Count(), Is.EqualTo(1));
            Assert.That(glyphs.First(g => g.Text == "文").Box.Top - glyphs.First(g => g.Text == "字").Box.Top, Is.EqualTo(4).Within(0.01), "each column keeps its own level");
            Assert.That(glyphs.All(g => Math.Abs(g.Size - (10 / 0.92)) < 0.01), "both columns' type, not the line box's 14 pt");
            Assert.That(glyphs.Single(g => g.Text == "字" && g.Box.Left > 140).Box.Right, Is.LessThan(200), "the gutter is not closed");
        });
    }
}
