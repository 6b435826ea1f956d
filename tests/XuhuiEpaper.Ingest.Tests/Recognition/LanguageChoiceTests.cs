using UglyToad.PdfPig;
using XuhuiEpaper.Core.Layout;
using XuhuiEpaper.Core.Recognition;
using XuhuiEpaper.Ingest.Recognition;
using XuhuiEpaper.Ingest.Tests.Pipeline;
using XuhuiEpaper.Samples;

namespace XuhuiEpaper.Ingest.Tests.Recognition;

/// <summary>Issue 13: the languages follow the title's script as printed; a configured paper name only when the print cannot tell.</summary>
public class LanguageChoiceTests
{
    private static readonly ScriptVerdict Simplified = new("chi_sim", 17, 164);
    private static readonly ScriptVerdict Unsure = new(null, 40, 50);

    private static PageInput Readable(string text) => new()
    {
        Number = 1, Width = 600, Height = 800,
        Glyphs = text.Select((c, i) => new Glyph(c.ToString(), new Box(i * 10, 0, (i * 10) + 10, 10), 10, false)).ToArray(),
    };

    private static RecognitionRequest Request(string? paper, string? languages = null, bool fromScan = true) =>
        new(new OcrOptions { Languages = languages, ScriptFromScan = fromScan }, paper);

    [Test]
    public void A_scan_told_simplified_is_read_with_chi_sim_whatever_paper_is_configured()
    {
        var (languages, chosenBy) = PageTextJudge.Languages(Request("徐匯報"), [], Simplified);

        Assert.That(languages, Is.EqualTo("chi_sim"));
        Assert.That(chosenBy, Does.StartWith("by the scan"));
    }

    [Test]
    public void The_order_is_configuration_readable_text_scan_paper_name_fallback()
    {
        var text = Readable(string.Concat(Enumerable.Repeat("滿意在徐匯", 5)));
        Assert.Multiple(() =>
        {
            Assert.That(PageTextJudge.Languages(Request("徐汇报", "chi_tra+eng"), [text], Simplified).Languages, Is.EqualTo("chi_tra+eng"));
            Assert.That(PageTextJudge.Languages(Request("徐汇报"), [text], Simplified).Languages, Is.EqualTo("chi_tra"), "the issue's own text");
            Assert.That(PageTextJudge.Languages(Request("徐汇报"), [], Unsure).Languages, Is.EqualTo("chi_sim"), "the name when the scan cannot tell");
            Assert.That(PageTextJudge.Languages(Request("徐匯報"), [], null).Languages, Is.EqualTo("chi_tra"));
            Assert.That(PageTextJudge.Languages(Request(null), [], Unsure), Is.EqualTo(("chi_tra+chi_sim", "the script could not be told (" + Unsure + ")")));
        });
    }

    [Test]
    public void The_scan_is_read_for_its_script_only_when_nothing_else_printed_tells_it()
    {
        Assert.Multiple(() =>
        {
            Assert.That(PageTextJudge.MustTellScript(Request("徐匯報"), []), Is.True, "a configured name does not spare the test");
            Assert.That(PageTextJudge.MustTellScript(Request("徐匯報"), [Readable("徐匯報 2021")]), Is.True, "3 ideographs are too few");
            Assert.That(PageTextJudge.MustTellScript(Request(null), [Readable(string.Concat(Enumerable.Repeat("滿意在徐匯", 4)))]), Is.False);
            Assert.That(PageTextJudge.MustTellScript(Request(null, "chi_sim"), []), Is.False);
            Assert.That(PageTextJudge.MustTellScript(Request(null, fromScan: false), []), Is.False);
        });
    }

    [Test]
    public async Task The_script_of_a_real_scan_is_told_from_two_strips_of_it()
    {
        var path = Path.Combine(Path.GetTempPath(), "epaper-script-" + Guid.NewGuid().ToString("N") + ".pdf");
        await File.WriteAllBytesAsync(path, await UnreadableVariants.ImageOnlyAsync(SamplePaths.Pdf, 150, 1, 1));
        try
        {
            double width, height;
            using (var document = PdfDocument.Open(path))
            {
                (width, height) = (document.GetPage(1).Width, document.GetPage(1).Height);
            }

            var verdict = await new TesseractRecognizer(new OcrOptions()).TellScriptAsync(path, 1, width, height, CancellationToken.None);

            Assert.That(verdict.Languages, Is.EqualTo("chi_tra"), verdict.ToString());
        }
        finally
        {
            File.Delete(path);
        }
    }
}
