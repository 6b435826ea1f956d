using XuhuiEpaper.Core.Layout;

namespace XuhuiEpaper.Core.Tests.Layout.Text;

/// <summary>Roles from type size against the body size, and from wording (bylines, credits, jump lines, capitals).</summary>
public class RoleClassifierTests
{
    private static TextBlock LatinBlock(string text, double size) =>
        new([new TextLine(text.Select((c, i) => new Glyph(c.ToString(), new Box(50 + (i * 0.5 * size), 100, 50 + ((i + 1) * 0.5 * size), 100 + size), size, false)).ToArray())]);

    [TestCase("HOW CARVEY JOINED THE GANG", BlockRole.Deck)]
    [TestCase("How Carvey joined the gang", BlockRole.Body)]
    public void Latin_capitals_at_body_size_are_a_deck_and_lower_case_is_body(string text, BlockRole role) =>
        Assert.That(RoleClassifier.Instance.RoleOf(LatinBlock(text, PageBuilder.Body), bodySize: PageBuilder.Body), Is.EqualTo(role));

    [TestCase(false, BlockRole.Deck)]
    [TestCase(true, BlockRole.Body)]
    public void A_line_a_fifth_bigger_than_body_is_a_deck_unless_OCR_sized_it_on_a_scan(bool scan, BlockRole role)
    {
        var block = PageBuilder.Block("區委書記走訪社區", 50, 100, size: 12);
        Assert.That(RoleClassifier.Instance.RoleOf(block, bodySize: PageBuilder.Body, scan), Is.EqualTo(role));
    }

    [Test]
    public void Byline_wording_in_headline_type_is_a_headline() =>
        Assert.That(RoleClassifier.Instance.RoleOf(PageBuilder.Block("記者節裏的記者們", 50, 100, size: 30), bodySize: PageBuilder.Body), Is.EqualTo(BlockRole.Headline));

    [Test]
    public void A_vertical_line_is_a_headline_whatever_its_size()
    {
        var glyphs = "滿意在徐匯".Select((c, i) => new Glyph(c.ToString(), new Box(50, 100 + (i * 13), 62, 112 + (i * 13)), 12, false)).ToArray();
        var block = new TextBlock([new TextLine(glyphs, vertical: true)]);
        Assert.That(RoleClassifier.Instance.RoleOf(block, bodySize: PageBuilder.Body), Is.EqualTo(BlockRole.Headline));
    }
}
