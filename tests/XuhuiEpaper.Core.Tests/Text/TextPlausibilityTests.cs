using UglyToad.PdfPig;
using XuhuiEpaper.Core.Pdf;
using XuhuiEpaper.Core.Text;
using XuhuiEpaper.Samples;
using XuhuiEpaper.Samples.Scoring;

namespace XuhuiEpaper.Core.Tests.Text;

public class TextPlausibilityTests
{
    private static readonly string SamplePdf = Path.Combine(RepositoryRoot.Find(), "samples", "xuhuibao-2021-12-13.pdf");

    private static PageTextJudgement Judge(string text, string font = "F1", bool scan = false) =>
        TextPlausibility.JudgePage(text.EnumerateRunes().Select(r => (r.ToString(), (string?)font)), scan);

    [Test]
    public void News_text_in_either_script_is_readable()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Judge("區委書記曹立強深入貫徹落實徐匯區第十一次黨代會精神，走訪調研企業，聽取意見建議。").Verdict, Is.EqualTo(TextVerdict.Readable));
            Assert.That(Judge("国务院新闻办公室今天举行发布会，介绍经济运行情况，回答记者提问。").Verdict, Is.EqualTo(TextVerdict.Readable));
            Assert.That(Judge("The Evening Star, Washington, D.C., October 2, 1865. Price 2 cents.").Verdict, Is.EqualTo(TextVerdict.Readable));
        });
    }

    [Test]
    public void Control_and_private_use_characters_are_not_text()
    {
        var judgement = Judge("\u0003\u0011\uE001\uE0F2\u0007徐匯\uE123\u0002\u0014\uE777\u0001\u0004\uE004\uE005");
        Assert.That(judgement.Verdict, Is.EqualTo(TextVerdict.Unreadable));
        Assert.That(judgement.Reason, Does.Contain("control or private-use"));
    }

    [Test]
    public void Random_blocks_are_not_text()
    {
        // What a CID font without /ToUnicode gave in the issue: glyph numbers read as code points.
        var judgement = Judge("͋⢮᪾თᤑ᥇ᇠ᤿ೞᥝঐ✦ᨿ᪙ዔኛᅼᗭ೧᠀ᡮᏂ");
        Assert.That(judgement.Verdict, Is.EqualTo(TextVerdict.Unreadable));
        Assert.That(judgement.Reason, Does.Contain("outside the scripts expected"));
    }

    [Test]
    public void Rare_ideographs_in_pairs_never_printed_are_not_text()
    {
        // Ideographs all right, but rare ones (CJK Extension A and the far end of the unified block): a shifted map.
        var judgement = Judge("㦻㑺㐾㒡㓏㔤㕙㖰㗥㘝㙦㚑㛈㜜㝡㞗㟋㠿㡤㢏㣊㤁㥙㦔");
        Assert.That(judgement.Verdict, Is.EqualTo(TextVerdict.Unreadable));
        Assert.That(judgement.Figures.CommonHanziShare, Is.LessThan(0.1));
    }

    [Test]
    public void No_text_over_a_page_sized_image_is_a_scan_and_no_text_otherwise_is_nothing_to_judge()
    {
        Assert.That(TextPlausibility.JudgePage([], pageSizedImage: true).Verdict, Is.EqualTo(TextVerdict.Scan));
        Assert.That(TextPlausibility.JudgePage([], pageSizedImage: false).Verdict, Is.EqualTo(TextVerdict.NoText));
    }

    [Test]
    public void A_small_font_of_garbage_is_named_and_the_rest_of_the_page_stays_readable()
    {
        var good = "區委書記曹立強深入貫徹落實徐匯區第十一次黨代會精神，走訪調研企業，聽取意見建議。".EnumerateRunes().Select(r => (r.ToString(), (string?)"Song"));
        var bad = "\uE001\uE002\uE003\uE004\uE005\uE006\uE007\uE008\uE009\uE00A\uE00B\uE00C".EnumerateRunes().Select(r => (r.ToString(), (string?)"Dingbats"));
        var many = Enumerable.Repeat(good, 4).SelectMany(g => g);
        var judgement = TextPlausibility.JudgePage(many.Concat(bad), pageSizedImage: false);
        Assert.That(judgement.Verdict, Is.EqualTo(TextVerdict.Readable));
        Assert.That(judgement.UnreadableFonts, Is.EqualTo(new[] { "Dingbats" }));
    }

    [Test]
    public void The_sample_is_readable_and_without_its_unicode_maps_every_page_is_not()
    {
        var withMaps = PdfPageReader.ReadAll(SamplePdf);
        using var document = PdfDocument.Open(UnreadableVariants.WithoutToUnicode(File.ReadAllBytes(SamplePdf)));
        var withoutMaps = document.GetPages().Select(p => PdfPageReader.Read(p)).ToArray();
        Assert.Multiple(() =>
        {
            foreach (var page in withMaps)
            {
                var j = TextPlausibility.JudgePage(page.Glyphs.Select(g => (g.Text, g.Font)), page.IsScan);
                Assert.That(j.Verdict, Is.EqualTo(TextVerdict.Readable), $"page {page.Number}: {j.Reason}");
                Assert.That(j.Figures.BigramCoverage, Is.GreaterThan(0.9));
            }

            foreach (var page in withoutMaps)
            {
                var j = TextPlausibility.JudgePage(page.Glyphs.Select(g => (g.Text, g.Font)), page.IsScan);
                Assert.That(j.Verdict, Is.EqualTo(TextVerdict.Unreadable), $"page {page.Number}: {j.Reason}");
                Assert.That(j.UnreadableFonts, Is.Not.Empty);
            }
        });
    }

    [TestCase("徐匯報", true)]
    [TestCase("徐汇报", false)]
    [TestCase("新民晚报", false)]
    public void The_script_of_a_title(string title, bool traditional) =>
        Assert.That(TextPlausibility.LooksTraditional(title), Is.EqualTo(traditional));
}
