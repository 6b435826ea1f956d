using XuhuiEpaper.Core.Layout;

namespace XuhuiEpaper.Core.Tests.Layout.Headers;

/// <summary>Roles that size alone gets wrong: centred body-size lines are headings; on scans, OCR size outliers are text.</summary>
public class HeadingRefinerTests
{
    private static TextBlock Holding(StepChain chain, string text) => chain.Blocks.Single(b => b.Text.Contains(text, StringComparison.Ordinal));

    [Test]
    public void A_body_size_line_centred_over_its_column_is_a_heading()
    {
        var chain = StepChain.Roles(new PageBuilder().Text("社區新貌", 105, 100).Paragraph("城市更新", 50, 118, lines: 6, indent: false).Build());
        Assert.Multiple(() =>
        {
            Assert.That(Holding(chain, "社區新貌").Role, Is.EqualTo(BlockRole.Deck));
            Assert.That(Holding(chain, "城市更新").Role, Is.EqualTo(BlockRole.Body));
        });
    }

    [Test]
    public void A_one_line_paragraph_indented_two_characters_is_not_a_heading()
    {
        // 11 characters, indented two: set in by 2 em on the left and 2 em on the right, as a centred line would be.
        var chain = StepChain.Roles(new PageBuilder().Text("社區新貌城市更新進展。", 70, 100).Paragraph("城市更新", 50, 130, lines: 6).Build());
        Assert.That(Holding(chain, "社區新貌").Role, Is.EqualTo(BlockRole.Body));
    }

    [TestCase(true, BlockRole.Body)]
    [TestCase(false, BlockRole.Headline)]
    public void On_a_scan_a_word_OCR_sized_as_display_type_inside_a_line_of_text_is_text(bool scan, BlockRole role)
    {
        // The third line's word 徐匯 came out at 19 pt (its centre on the line's); the text goes on either side of it.
        var page = new PageBuilder().Paragraph("城市更新", 50, 100, lines: 2)
            .Text("本報訊在", 50, 130).Text("徐匯", 92, 125.5, size: 19).Text("大走訪活動中", 132, 130)
            .Paragraph("社區服務", 50, 145, lines: 4, indent: false);
        if (scan)
        {
            page.Scanned();
        }

        Assert.That(Holding(StepChain.Roles(page.Build()), "徐匯").Role, Is.EqualTo(role));
    }
}
