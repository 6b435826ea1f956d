using XuhuiEpaper.Core.Layout;

namespace XuhuiEpaper.Core.Tests.Layout.Text;

/// <summary>Display CJK characters stacked one under the other become one vertical line.</summary>
public class VerticalLineFinderTests
{
    [Test]
    public void Display_characters_stacked_on_one_axis_are_one_vertical_line()
    {
        var page = new PageBuilder().Vertical("滿意在徐匯", 460, 100, size: 30).Paragraph("城市更新進展順利", 300, 100, lines: 10).Build();

        var lines = VerticalLineFinder.Instance.Find(LineBuilder.Instance.Build(page), bodySize: PageBuilder.Body);

        var vertical = lines.Where(l => l.Vertical).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(vertical.Select(l => l.Text), Is.EqualTo(new[] { "滿意在徐匯" }));
            Assert.That(lines.Count(l => !l.Vertical), Is.EqualTo(10), "the body lines stay as they are");
        });
    }

    [TestCase(10, 0, Description = "body type: a narrow column, not a title")]
    [TestCase(30, 8, Description = "each a quarter em further right: not on one axis")]
    [TestCase(30, 0, 2, Description = "two characters are too few")]
    public void Characters_that_are_not_display_type_on_one_axis_stay_lines(double size, double shift, int count = 5)
    {
        var page = new PageBuilder().Paragraph("城市更新進展順利", 50, 100, lines: 10);
        for (var i = 0; i < count; i++)
        {
            page.Text("滿意在徐匯"[i].ToString(), 460 + (i * shift), 100 + (i * 1.05 * size), size);
        }

        var lines = LineBuilder.Instance.Build(page.Build());

        Assert.That(VerticalLineFinder.Instance.Find(lines, bodySize: PageBuilder.Body).Where(l => l.Vertical), Is.Empty);
    }
}
