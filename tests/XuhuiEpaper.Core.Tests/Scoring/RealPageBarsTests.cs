using UglyToad.PdfPig;
using XuhuiEpaper.Samples.Scoring;

namespace XuhuiEpaper.Core.Tests.Scoring;

/// <summary>
/// Issue 9's bars on the real scanned pages of ../shared/real-pages (skipped when that folder is absent): on every
/// page with text, a click on a word lands in a region (coverage ≥ 0.90) that holds the word (precision ≥ 0.95).
/// Each page also has a time limit far above its cost, so a finder that loops fails instead of hanging the suite.
/// </summary>
[NonParallelizable]
public class RealPageBarsTests
{
    private static readonly TimeSpan PageLimit = TimeSpan.FromSeconds(60);

    [Test]
    public void Every_real_page_meets_the_word_click_bars()
    {
        var folder = RepositoryRoot.Shared() is { } shared ? Path.Combine(shared, "real-pages") : null;
        if (folder is null || !Directory.Exists(folder))
        {
            Assert.Ignore("../shared/real-pages is not beside the repository");
        }

        var pages = new List<WordClickPage>();
        foreach (var pdf in Directory.GetFiles(folder, "*.pdf").Order(StringComparer.Ordinal))
        {
            var words = PdfWords.Read(pdf, 1, 1).Single();
            var analysis = Task.Run(() =>
            {
                using var document = PdfDocument.Open(pdf);
                return PageAnalyser.Analyse(document, 1);
            });
            Assert.That(analysis.Wait(PageLimit), Is.True, $"{Path.GetFileName(pdf)} is still being analysed after {PageLimit}");
            pages.Add(WordClickScorer.Score(analysis.Result, words, Path.GetFileName(pdf)));
        }

        foreach (var page in pages)
        {
            TestContext.Out.WriteLine(page);
        }

        var withText = pages.Where(p => p.Clicks > 0).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(withText, Has.Count.GreaterThan(0));
            Assert.That(withText.Where(p => p.Coverage.Value < 0.90), Is.Empty, "pages under 0.90 coverage");
            Assert.That(withText.Where(p => p.Precision.Value < 0.95), Is.Empty, "pages under 0.95 precision");
        });
    }
}
