using XuhuiEpaper.Core.Model;
using XuhuiEpaper.Core.Text;
using XuhuiEpaper.Ingest.Pipeline;
using XuhuiEpaper.Ingest.Recognition;
using XuhuiEpaper.Samples;
using XuhuiEpaper.Storage;

namespace XuhuiEpaper.Ingest.Tests.Pipeline;

/// <summary>
/// Issue 13: a PDF whose text is not text (fonts without /ToUnicode) or that has none (a scan) is never published as
/// garbage: it is recognised, or published as images with nothing indexed, and the result says which pages and why.
/// </summary>
public class UnreadableTextTests : PipelineTestBase
{
    private static readonly MetadataOverrides Dated = new() { Date = new DateOnly(2021, 12, 13) };

    private string WriteWithoutToUnicode()
    {
        var path = Path.Combine(DataDir, "no-tounicode.pdf");
        File.WriteAllBytes(path, UnreadableVariants.WithoutToUnicode(File.ReadAllBytes(SamplePaths.Pdf)));
        return path;
    }

    [Test]
    public async Task A_page_of_garbage_is_never_indexed_when_recognition_is_off()
    {
        var (pipeline, issues, _, _) = Build(paper: "徐匯報", ocr: new OcrOptions { Enabled = false });
        var result = await pipeline.IngestAsync(WriteWithoutToUnicode(), Dated);

        await AssertPublishedAsImagesAsync(issues, result, "recognition is off");
    }

    [Test]
    public async Task A_page_of_garbage_is_never_indexed_when_recognition_fails()
    {
        var (pipeline, issues, _, _) = Build(paper: "徐匯報", ocr: new OcrOptions { TesseractPath = "/nonexistent/tesseract" });
        var result = await pipeline.IngestAsync(WriteWithoutToUnicode(), Dated);

        await AssertPublishedAsImagesAsync(issues, result, "recognition failed");
    }

    [Test]
    public async Task Without_a_date_the_refusal_says_the_front_page_cannot_be_read()
    {
        var (pipeline, _, _, _) = Build(paper: "徐匯報", ocr: new OcrOptions { Enabled = false });
        var refused = Assert.ThrowsAsync<Validation.IngestRejectedException>(() => pipeline.IngestAsync(WriteWithoutToUnicode(), new MetadataOverrides()));
        Assert.That(refused!.Message, Does.StartWith("no issue date").And.Contain("its text cannot be read"));
    }

    [Test]
    public async Task A_scanned_page_is_recognised_and_its_articles_found_and_indexed()
    {
        var path = Path.Combine(DataDir, "scan.pdf");
        await File.WriteAllBytesAsync(path, await UnreadableVariants.ImageOnlyAsync(SamplePaths.Pdf, 150, 3, 3));
        var stages = new List<IngestProgress>();
        var (pipeline, issues, _, _) = Build(paper: "徐匯報", ocr: new OcrOptions { Dpi = 200 });
        var result = await pipeline.IngestAsync(path, Dated, new Inline(p => { lock (stages) { stages.Add(p); } }));

        var texts = await new PageTextStore(Database).GetAsync(Sha256(path));
        var report = texts.Single().Report;
        Assert.Multiple(async () =>
        {
            Assert.That(report.Verdict, Is.EqualTo(TextVerdict.Scan));
            Assert.That(report.Source, Is.EqualTo(TextSource.Recognised), report.Reason);
            Assert.That(report.Reason, Does.Contain("tesseract chi_tra"), "the languages come from the title's script");
            Assert.That(result.ArticlesPerPage[0], Is.GreaterThanOrEqualTo(2));
            Assert.That(result.TextWarnings.Single(), Does.StartWith("page 1: text recognised"));
            Assert.That(stages.Any(s => s.Stage == IngestStage.Recognising && s.PagesDone == 1), "the progress counts the pages recognised");
            var hits = await new SearchStore(Database).SearchAsync("人民");
            Assert.That(hits.Items.Select(h => h.IssueId), Does.Contain(result.IssueId));
        });
    }

    private async Task AssertPublishedAsImagesAsync(BrowseStore issues, IngestResult result, string why)
    {
        var issue = await issues.GetIssueAsync(result.IssueId);
        Assert.That(issue, Is.Not.Null, "published as images: readers can flip it");
        var texts = await new PageTextStore(Database).GetAsync(issue!.Issue.Sha256);
        var garbage = "";
        using (var document = UglyToad.PdfPig.PdfDocument.Open(Path.Combine(DataDir, "no-tounicode.pdf")))
        {
            garbage = string.Concat(document.GetPage(1).Letters.Take(40).Select(l => l.Value));
        }

        Assert.Multiple(async () =>
        {
            Assert.That(issue.Pages, Has.Count.EqualTo(4));
            Assert.That(result.ArticlesPerPage, Is.All.EqualTo(0), "no region carries garbage");
            for (var n = 1; n <= 4; n++)
            {
                var page = await issues.GetPageAsync(result.IssueId, n);
                Assert.That(page!.Articles, Is.Empty);
                Assert.That(page.Text, Is.Empty);
            }

            Assert.That((await new SearchStore(Database).SearchAsync("徐匯")).Total, Is.Zero);
            foreach (var bigram in Enumerable.Range(0, garbage.Length - 1).Select(i => garbage.Substring(i, 2)).Where(b => b.All(c => !char.IsControl(c) && !char.IsWhiteSpace(c))).Take(10))
            {
                Assert.That((await new SearchStore(Database).SearchAsync(bigram)).Total, Is.Zero, $"the garbage {bigram} is not indexed");
            }

            Assert.That(texts.Select(t => (t.Report.Verdict, t.Report.Source)), Is.All.EqualTo((TextVerdict.Unreadable, TextSource.None)));
            Assert.That(texts.Select(t => t.Report.Reason), Is.All.Contain(why));
            Assert.That(result.TextWarnings, Has.Count.EqualTo(4));
            Assert.That(result.TextWarnings[0], Does.StartWith("page 1: published as an image, its text not indexed: the text layer is unreadable"));
        });
    }

    private static string Sha256(string path) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(path)));

    private sealed class Inline(Action<IngestProgress> report) : IProgress<IngestProgress>
    {
        public void Report(IngestProgress value) => report(value);
    }
}
