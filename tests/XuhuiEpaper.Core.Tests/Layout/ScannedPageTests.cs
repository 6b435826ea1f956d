using System.Diagnostics;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Writer;
using XuhuiEpaper.Core.Geometry;
using XuhuiEpaper.Core.Layout;
using XuhuiEpaper.Core.Pdf;
using XuhuiEpaper.Samples;
using FontSource = XuhuiEpaper.Samples.Layout.FontSource;

namespace XuhuiEpaper.Core.Tests.Layout;

/// <summary>
/// Archives hold scans: a page image with an invisible OCR text layer (rendering mode 3) and no vector rules.
/// The finder must still give regions whose text is the text under them.
/// </summary>
[NonParallelizable]
public class ScannedPageTests
{
    [Test]
    public void A_scanned_page_with_an_invisible_text_layer_gets_regions_holding_the_text_under_them()
    {
        var sample = SampleIssue.Generate();
        var scanned = ScannedPage.Build(sample.Pdf, pageNumber: 2);
        using var document = PdfDocument.Open(scanned);
        var page = PdfPageReader.Read(document.GetPage(1));
        Assert.That(page.Glyphs, Is.Not.Empty);
        Assert.That(page.Glyphs.All(g => g.Invisible), Is.True, "the OCR layer is invisible");
        Assert.That(page.HorizontalRules.Concat(page.VerticalRules), Is.Empty, "a scan has no vector rules");

        var articles = ArticleFinder.Instance.Find(page).Articles;
        var regions = articles.Select(a => new Region(a.Content.Rects)).ToArray();

        // Every glyph lies in some region, and each region's text is made of the glyphs under it.
        var glyphs = page.Glyphs.Where(g => !g.IsSpace).ToArray();
        var covered = glyphs.Count(g => regions.Any(r => r.Contains(g.Box.CenterX / page.Width, g.Box.CenterY / page.Height)));
        Assert.That((double)covered / glyphs.Length, Is.GreaterThanOrEqualTo(0.98), $"{covered}/{glyphs.Length} glyphs inside a region");
        for (var i = 0; i < articles.Count; i++)
        {
            var under = glyphs.Where(g => regions[i].Contains(g.Box.CenterX / page.Width, g.Box.CenterY / page.Height)).Select(g => g.Text).ToList();
            var text = string.Concat(new[] { articles[i].Content.Kicker, articles[i].Content.Title, articles[i].Content.Subtitle, articles[i].Content.Byline }.OfType<string>())
                + string.Concat(articles[i].Content.Body) + string.Concat(articles[i].Content.Captions);
            foreach (var c in text.Where(c => !char.IsWhiteSpace(c)).Select(c => c.ToString()))
            {
                Assert.That(under.Remove(c), Is.True, $"region {i} ('{articles[i].Content.Title}') holds '{c}' that is not under it");
            }
        }

        // Without rules, headlines alone separate articles; how close that comes to the printed page is a figure, not a bar.
        var truth = sample.Truth.Pages[1].Articles;
        var matched = truth.Count(t => regions.Any(r => r.IoU(new Region(t.Rects.Select(x => new NormRect(x[0], x[1], x[2], x[3])))) >= 0.8));
        TestContext.Out.WriteLine($"scanned page 2: {matched}/{truth.Count} truth articles matched at IoU >= 0.8, {covered}/{glyphs.Length} glyphs in regions");
    }
}

/// <summary>Makes a "scan" of a generated page: poppler's raster of it, with the page's letters as an invisible OCR layer on top.</summary>
internal static class ScannedPage
{
    public static byte[] Build(byte[] pdf, int pageNumber)
    {
        var work = Path.Combine(Path.GetTempPath(), $"scan-{Guid.NewGuid():N}");
        Directory.CreateDirectory(work);
        try
        {
            var source = Path.Combine(work, "source.pdf");
            File.WriteAllBytes(source, pdf);
            using (var pdftoppm = Process.Start(new ProcessStartInfo("pdftoppm", ["-r", "100", "-jpeg", "-f", $"{pageNumber}", "-l", $"{pageNumber}", "-singlefile", source, Path.Combine(work, "scan")]))!)
            {
                pdftoppm.WaitForExit();
                Assert.That(pdftoppm.ExitCode, Is.Zero, "pdftoppm");
            }

            var letters = PdfPageReader.ReadAll(source)[pageNumber - 1];
            var builder = new PdfDocumentBuilder();
            var page = builder.AddPage(letters.Width, letters.Height);
            page.AddJpeg(File.ReadAllBytes(Path.Combine(work, "scan.jpg")), new PdfRectangle(0, 0, letters.Width, letters.Height));
            page.SetTextRenderingMode(TextRenderingMode.Neither);

            // PdfPig writes simple TrueType fonts of at most 255 characters: spread the characters over several.
            var fonts = new List<(PdfDocumentBuilder.AddedFont Font, HashSet<char> Chars)>();
            PdfDocumentBuilder.AddedFont FontFor(char c)
            {
                foreach (var (font, chars) in fonts)
                {
                    if (chars.Contains(c) || (chars.Count < 250 && chars.Add(c)))
                    {
                        return font;
                    }
                }

                var added = builder.AddTrueTypeFont(FontSource.FontFile);
                fonts.Add((added, [c]));
                return added;
            }

            foreach (var glyph in letters.Glyphs.Where(g => !g.IsSpace))
            {
                var baseline = letters.Height - (glyph.Box.Bottom - (glyph.Size * 0.12));
                foreach (var c in glyph.Text)
                {
                    page.AddText(c.ToString(), glyph.Size, new PdfPoint(glyph.Box.Left, baseline), FontFor(c));
                }
            }

            return builder.Build();
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }
}
