using System.Text;
using UglyToad.PdfPig;
using XuhuiEpaper.Samples.Truth;

namespace XuhuiEpaper.Samples.Tests;

[TestFixture]
public class SampleIssueReproductionTests
{
    [Test]
    public void Generator_reproduces_the_committed_truth_json_byte_for_byte()
    {
        var committed = File.ReadAllBytes(Path.Combine(TestSupport.RepoRoot(), "samples", SampleIssue.FileStem + ".truth.json"));
        var generated = new UTF8Encoding(false).GetBytes(IssueTruthJson.Serialize(TestSupport.Sample.Truth));
        Assert.That(generated, Is.EqualTo(committed));
    }

    [Test]
    public void Generator_reproduces_the_committed_pdf_byte_for_byte()
    {
        // Skia writes no /ID and no XMP UUID unless PDF/A is requested, so no part needs masking.
        var committed = File.ReadAllBytes(Path.Combine(TestSupport.RepoRoot(), "samples", SampleIssue.FileStem + ".pdf"));
        Assert.That(TestSupport.Sample.Pdf.SequenceEqual(committed), Is.True, "sample PDF differs from the committed one; rerun the generator");
    }

    [Test]
    public void Truth_json_round_trips()
    {
        var json = IssueTruthJson.Serialize(TestSupport.Sample.Truth);
        Assert.That(IssueTruthJson.Serialize(IssueTruthJson.Deserialize(json)), Is.EqualTo(json));
        Assert.That(json, Does.Contain("徐匯報"));
    }

    [Test]
    public void Embedded_seed_matches_the_shared_seed_file()
    {
        var seedFile = Path.Combine(TestSupport.RepoRoot(), "..", "shared", "seeds", SeedText.FrontPageResource);
        if (!File.Exists(seedFile))
        {
            Assert.Ignore("../shared is not available here.");
        }

        Assert.That(SeedText.ReadResource(SeedText.FrontPageResource), Is.EqualTo(File.ReadAllText(seedFile)));
    }
}

[TestFixture]
public class SamplePdfContentTests
{
    [Test]
    public void Every_title_and_body_paragraph_is_in_the_page_text()
    {
        using var pdf = PdfDocument.Open(TestSupport.Sample.Pdf);
        foreach (var pageTruth in TestSupport.Sample.Truth.Pages)
        {
            var text = TestSupport.Normalize(string.Concat(pdf.GetPage(pageTruth.Number).Letters.Select(l => l.Value)));
            foreach (var article in pageTruth.Articles.Where(a => a.Kind != "advertisement"))
            {
                Assert.That(text, Does.Contain(TestSupport.Normalize(article.Title)), article.Id);
                foreach (var paragraph in article.Body)
                {
                    Assert.That(text, Does.Contain(TestSupport.Normalize(paragraph)), $"{article.Id}: {paragraph}");
                }
            }
        }
    }

    [Test]
    public void Fonts_are_cid_truetype_not_type3()
    {
        using var pdf = PdfDocument.Open(TestSupport.Sample.Pdf);
        var raw = Encoding.Latin1.GetString(TestSupport.Sample.Pdf);
        Assert.That(raw, Does.Contain("/CIDFontType2"));
        Assert.That(raw, Does.Not.Contain("/Type3"));
        Assert.That(raw, Does.Contain("/FontFile2"));
        var fontNames = pdf.GetPage(1).Letters.Select(l => l.FontName).Distinct().ToList();
        Assert.That(fontNames, Has.All.Contain("WenQuanYiMicroHei"));
    }

    [Test]
    public void Front_page_photo_is_an_embedded_raster_image()
    {
        using var pdf = PdfDocument.Open(TestSupport.Sample.Pdf);
        var images = pdf.GetPage(1).GetImages().ToList();
        Assert.That(images, Is.Not.Empty);
        Assert.That(images[0].WidthInSamples, Is.GreaterThan(200));
        Assert.That(TestSupport.Sample.Pdf.Length, Is.LessThan(10_000_000));
    }

    [Test]
    public void Lead_article_jumps_from_page_1_to_page_2()
    {
        var pages = TestSupport.Sample.Truth.Pages;
        var lead = pages[0].Articles.Single(a => a.Id == "p1-a1");
        var rest = pages[1].Articles.Single(a => a.Id == "p2-a1");
        Assert.That((lead.ContinuedOn, lead.ContinuationMarker, rest.ContinuedFrom, rest.ContinuationMarker),
            Is.EqualTo(("p2-a1", "下轉第2版", "p1-a1", "上接第1版")));
        var seed = SeedText.Load();
        Assert.That(string.Concat(lead.Body.Concat(rest.Body)), Is.EqualTo(string.Concat(seed.LeadBody)));
    }

    [Test]
    public void Sample_truth_matches_the_pdf_letters()
    {
        Assert.That(TestSupport.Sample.Truth.Pages, Has.Count.EqualTo(4));
        TestSupport.AssertTruthMatchesPdf(TestSupport.Sample);
    }
}

[TestFixture]
public class LayoutVariantTests
{
    private static IEnumerable<int> Seeds() => Enumerable.Range(1, 20);

    [TestCaseSource(nameof(Seeds))]
    public void Variant_truth_matches_the_pdf_letters(int seed)
    {
        var issue = LayoutVariants.Generate(seed);
        Assert.That(issue.Truth.Pages[0].Articles, Has.Count.InRange(3, 9));
        TestSupport.AssertTruthMatchesPdf(issue);
    }

    [Test]
    public void Variants_are_deterministic_per_seed_and_differ_across_seeds()
    {
        var a = LayoutVariants.Generate(7);
        var b = LayoutVariants.Generate(7);
        var c = LayoutVariants.Generate(8);
        Assert.That(a.Pdf, Is.EqualTo(b.Pdf));
        Assert.That(IssueTruthJson.Serialize(a.Truth), Is.EqualTo(IssueTruthJson.Serialize(b.Truth)));
        Assert.That(IssueTruthJson.Serialize(a.Truth), Is.Not.EqualTo(IssueTruthJson.Serialize(c.Truth)));
    }

    [Test]
    public void Variants_cover_varied_layouts()
    {
        var pages = Enumerable.Range(1, 20).Select(s => LayoutVariants.Generate(s).Truth.Pages[0]).ToList();
        var articles = pages.SelectMany(p => p.Articles).ToList();
        Assert.That(articles.Any(a => a.Rects.Count >= 2), Is.True, "some L-shaped article");
        Assert.That(articles.Any(a => a.Kind == "advertisement"), Is.True);
        Assert.That(articles.Any(a => a.Captions.Count > 0), Is.True);
        Assert.That(articles.Any(a => a.Kicker is not null), Is.True);
        Assert.That(pages.Select(p => p.Articles.Count).Distinct().Count(), Is.GreaterThan(2));
    }
}
