using XuhuiEpaper.Core.Layout;

namespace XuhuiEpaper.Core.Tests.Layout.Text;

/// <summary>Lines stacked into column blocks: one column, one size, normal leading, no heading set over them.</summary>
public class BlockBuilderTests
{
    private static List<TextBlock> Blocks(PageBuilder page)
    {
        var input = page.Build();
        return BlockBuilder.Instance.Build(LineBuilder.Instance.Build(input), input).OrderBy(b => b.Box.Left).ThenBy(b => b.Box.Top).ToList();
    }

    [Test]
    public void Two_columns_on_one_baseline_grid_are_two_blocks()
    {
        var blocks = Blocks(new PageBuilder().Paragraph("城市更新", 50, 100, lines: 6).Paragraph("社區服務", 215, 100, lines: 6));
        Assert.That(blocks.Select(b => (b.Lines.Count, b.Box.Left)), Is.EqualTo(new[] { (6, 50.0), (6, 215.0) }));
    }

    [Test]
    public void A_line_centred_over_a_full_line_is_not_in_the_paragraph()
    {
        // A crosshead in body type, centred in the 15-character column, at the paragraph's leading.
        var blocks = Blocks(new PageBuilder().Text("社區新貌", 105, 100).Paragraph("城市更新", 50, 115, lines: 5, indent: false));
        Assert.That(blocks.Select(b => b.Text[..4]), Is.EqualTo(new[] { "城市更新", "社區新貌" }).AsCollection.Or.EqualTo(new[] { "社區新貌", "城市更新" }));
        Assert.That(blocks.Select(b => b.Lines.Count).Order(), Is.EqualTo(new[] { 1, 5 }));
    }

    [Test]
    public void An_indented_first_line_and_a_short_last_line_stay_in_their_paragraph()
    {
        var blocks = Blocks(new PageBuilder().Paragraph("城市更新", 50, 100, lines: 5).Text("社區新貌。", 50, 175));
        Assert.That(blocks.Select(b => b.Lines.Count), Is.EqualTo(new[] { 6 }));
    }

    [Test]
    public void Caption_type_under_body_text_is_another_block()
    {
        var blocks = Blocks(new PageBuilder().Paragraph("城市更新", 50, 100, lines: 5).Paragraph("區委書記走訪社區", 50, 175, lines: 2, characters: 17, size: 8.5, pitch: 12));
        Assert.That(blocks.Select(b => b.Size), Is.EqualTo(new[] { 10, 8.5 }));
    }
}
