using XuhuiEpaper.Core.Layout;

namespace XuhuiEpaper.Core.Tests.Layout.Text;

/// <summary>The page's body size (the size most characters are set in) and pitch (baseline to baseline in a column).</summary>
public class TypeScaleTests
{
    [Test]
    public void Body_size_is_the_size_most_characters_are_set_in_and_pitch_the_leading_of_its_columns()
    {
        var page = new PageBuilder()
            .Text("滿意在徐匯三十而立", 50, 60, size: 30)
            .Paragraph("城市更新", 50, 100, lines: 8, pitch: 14).Paragraph("社區服務", 215, 100, lines: 8, pitch: 14)
            .Paragraph("區委書記走訪社區", 380, 100, lines: 3, characters: 17, size: 8.5, pitch: 12)
            .Build();

        var scale = TypeScale.Measure(LineBuilder.Instance.Build(page));

        Assert.Multiple(() =>
        {
            Assert.That(scale.BodySize, Is.EqualTo(10));
            Assert.That(scale.BodyPitch, Is.EqualTo(14).Within(0.01));
        });
    }

    [Test]
    public void Sizes_OCR_scatters_around_the_body_size_count_together_against_a_bigger_size()
    {
        // 9.5, 10 and 10.5 pt lines of 15 characters each (the body, OCR sized word by word) against 12 pt lines of
        // 15 characters: 12 pt has more lines than any one body size, fewer than all three.
        var page = new PageBuilder();
        var top = 100.0;
        foreach (var size in new[] { 9.5, 10, 10.5, 9.5, 10, 10.5 })
        {
            page.Text("城市更新社區服務城市更新社區服", 50, top, size);
            top += 15;
        }

        for (var i = 0; i < 4; i++)
        {
            page.Text("城市更新社區服務城市更新社區服", 250, 100 + (i * 18), 12);
        }

        Assert.That(TypeScale.MeasureBodySize(LineBuilder.Instance.Build(page.Build())), Is.EqualTo(10));
    }

    [Test]
    public void A_page_without_text_measures_the_default_scale() =>
        Assert.That(TypeScale.Measure(LineBuilder.Instance.Build(new PageBuilder().Image(50, 50, 550, 750).Build())), Is.EqualTo(TypeScale.Default));
}
