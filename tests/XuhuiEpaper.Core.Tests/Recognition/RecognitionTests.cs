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
}
