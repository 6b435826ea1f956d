using UglyToad.PdfPig;
using XuhuiEpaper.Core.Layout;
using XuhuiEpaper.Core.Pdf;
using XuhuiEpaper.Samples;

namespace XuhuiEpaper.Core.Tests.Pdf;

/// <summary>
/// Print PDFs are not all drawn like the sample: a page may carry bleed around its trimmed area (a larger MediaBox, the
/// page proper in the CropBox, which is what poppler renders with -cropbox), or be drawn sideways and set upright with
/// /Rotate. Either way the reader must give what it gives for the plain page, in the coordinates of the page as shown.
/// </summary>
public class PrintBoxesTests
{
    private static readonly byte[] Sample = SampleIssue.Generate().Pdf;

    [Test]
    public void A_page_with_bleed_and_an_offset_crop_box_reads_as_the_plain_page()
    {
        var bleed = PrintBoxVariants.WithBleed(Sample);
        AssertSameLayout(bleed);
    }

    [Test]
    public void A_page_drawn_sideways_and_set_upright_by_rotate_reads_as_the_plain_page()
    {
        var rotated = PrintBoxVariants.DrawnSideways(Sample);
        AssertSameLayout(rotated);
    }

    private static void AssertSameLayout(byte[] edited)
    {
        using var plainDocument = PdfDocument.Open(Sample);
        using var editedDocument = PdfDocument.Open(edited);
        var plain = PdfPageReader.Read(plainDocument.GetPage(1));
        var other = PdfPageReader.Read(editedDocument.GetPage(1));
        var plainArticles = ArticleFinder.Instance.Find(plain).Articles;
        var otherArticles = ArticleFinder.Instance.Find(other).Articles;

        Assert.Multiple(() =>
        {
            Assert.That((other.Width, other.Height), Is.EqualTo((plain.Width, plain.Height)), "page size as shown");
            Assert.That(other.Glyphs, Has.Count.EqualTo(plain.Glyphs.Count));
            Assert.That(other.Glyphs.Select(g => g.Box.Left).Max(), Is.EqualTo(plain.Glyphs.Select(g => g.Box.Left).Max()).Within(1e-3));
            Assert.That(other.HorizontalRules.Count + other.VerticalRules.Count, Is.EqualTo(plain.HorizontalRules.Count + plain.VerticalRules.Count));
            Assert.That(other.Images, Has.Count.EqualTo(plain.Images.Count));
            Assert.That(otherArticles.Select(a => a.Content.Title), Is.EqualTo(plainArticles.Select(a => a.Content.Title)));
            for (var i = 0; i < Math.Min(plainArticles.Count, otherArticles.Count); i++)
            {
                var expected = plainArticles[i].Content.Rects;
                var actual = otherArticles[i].Content.Rects;
                Assert.That(actual, Has.Count.EqualTo(expected.Count), $"article {i} rects");
                for (var r = 0; r < Math.Min(expected.Count, actual.Count); r++)
                {
                    Assert.That(actual[r].X, Is.EqualTo(expected[r].X).Within(1e-4), $"article {i} rect {r}");
                    Assert.That(actual[r].Y, Is.EqualTo(expected[r].Y).Within(1e-4), $"article {i} rect {r}");
                    Assert.That(actual[r].Width, Is.EqualTo(expected[r].Width).Within(1e-4), $"article {i} rect {r}");
                    Assert.That(actual[r].Height, Is.EqualTo(expected[r].Height).Within(1e-4), $"article {i} rect {r}");
                }
            }
        });
    }
}
