using UglyToad.PdfPig;
using XuhuiEpaper.Samples.Scoring;
using XuhuiEpaper.Samples.Truth;

namespace XuhuiEpaper.Core.Tests.Scoring;

/// <summary>
/// The score library over the committed sample issue and, when ../shared is there, two real scanned pages: the
/// figures are computed and sane. The bars on the finder itself are in ArticleFinderAccuracyTests.
/// </summary>
[NonParallelizable]
public class SampleScoreTests
{
    private static readonly string SamplePdf = Path.Combine(RepositoryRoot.Find(), "samples", "xuhuibao-2021-12-13.pdf");

    [Test]
    public void The_sample_issue_scores_full_marks_on_regions_and_clicks()
    {
        var truth = IssueTruthJson.Deserialize(File.ReadAllText(Path.ChangeExtension(SamplePdf, ".truth.json")));
        var score = new LayoutScore();
        using (var document = PdfDocument.Open(SamplePdf))
        {
            foreach (var page in truth.Pages)
            {
                score.Add(TruthPageScorer.Score(PageAnalyser.Analyse(document, page.Number), page, "sample"));
            }
        }

        TestContext.Out.WriteLine(score.Summary());
        Assert.Multiple(() =>
        {
            Assert.That(score.TruthArticles, Is.EqualTo(18));
            Assert.That(score.Strict.Recall, Is.EqualTo(1.0), "IoU 0.8 recall");
            Assert.That(score.Loose.Matched, Is.GreaterThanOrEqualTo(score.Strict.Matched));
            Assert.That(score.Strict.Precision, Is.GreaterThan(0.9));
            Assert.That(score.Clicks.Of, Is.GreaterThan(10_000), "a grid of clicks 8 pt apart over four A3 pages");
            Assert.That(score.Clicks.Value, Is.GreaterThan(0.9), "click accuracy");
            Assert.That(score.Body.Value, Is.GreaterThan(0.98));
            Assert.That(score.FurnitureAnswered.Of, Is.EqualTo(5), "a masthead, a slogan and three page headers");
            Assert.That(score.FurnitureAnswered.Count, Is.GreaterThanOrEqualTo(4), "the masthead and the headers are found as furniture");
        });
    }

    [Test]
    public void Word_clicks_on_the_sample_issue_are_counted_and_nearly_all_right()
    {
        var score = new WordClickScore();
        using (var document = PdfDocument.Open(SamplePdf))
        {
            foreach (var words in PdfWords.Read(SamplePdf))
            {
                score.Add(WordClickScorer.Score(PageAnalyser.Analyse(document, words.Number), words, "sample"));
            }
        }

        TestContext.Out.WriteLine(score);
        foreach (var wrong in score.SampleWrong(10))
        {
            TestContext.Out.WriteLine($"  wrong: '{wrong.Word}' p{wrong.Page}: {wrong.Answer}");
        }

        Assert.Multiple(() =>
        {
            Assert.That(score.Pages, Has.Count.EqualTo(4));
            Assert.That(score.Coverage.Of, Is.GreaterThan(1000));
            Assert.That(score.Coverage.Value, Is.GreaterThan(0.95));
            // The jump lines (下轉第2版) are not in a region's text: the finder keeps them apart.
            Assert.That(score.Precision.Value, Is.GreaterThan(0.95));
        });
    }

    [Test]
    public void Word_clicks_on_real_scanned_pages_are_computed()
    {
        var shared = RepositoryRoot.Shared();
        if (shared is null)
        {
            Assert.Ignore("../shared (real pages) is not beside the repository");
        }

        // A short German page (about 130 words) and a plate with no text at all.
        var withText = Path.Combine(shared, "real-pages", "batch_mnhi_german_ver01_data_sn83045350_00295876384_0459.pdf");
        var plate = Path.Combine(shared, "real-pages", "batch_nbu_manyissues_ver01_data_sn99021999_0020653817A_0000.pdf");
        if (!File.Exists(withText) || !File.Exists(plate))
        {
            Assert.Ignore("the real pages this test reads are not in ../shared/real-pages");
        }

        var text = Score(withText);
        var none = Score(plate);
        TestContext.Out.WriteLine($"{text}\n{none}");
        Assert.Multiple(() =>
        {
            Assert.That(text.Clicks, Is.GreaterThan(100));
            Assert.That(text.Answered, Is.InRange(1, text.Clicks));
            Assert.That(text.Right, Is.InRange(0, text.Answered));
            Assert.That(none.Clicks, Is.Zero);
        });
    }

    private static WordClickPage Score(string pdf)
    {
        using var document = PdfDocument.Open(pdf);
        return WordClickScorer.Score(PageAnalyser.Analyse(document, 1), PdfWords.Read(pdf, 1, 1).Single(), Path.GetFileName(pdf));
    }
}
