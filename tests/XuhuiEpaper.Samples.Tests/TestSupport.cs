using System.Text;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;
using XuhuiEpaper.Samples;
using XuhuiEpaper.Samples.Truth;

namespace XuhuiEpaper.Samples.Tests;

internal static class TestSupport
{
    private static readonly Lazy<GeneratedIssue> LazySample = new(SampleIssue.Generate);

    public static GeneratedIssue Sample => LazySample.Value;

    public static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "XuhuiEpaper.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("XuhuiEpaper.sln not found above the test directory.");
    }

    public static string Normalize(string text) =>
        new(XuhuiEpaper.Core.Text.CjkText.Normalize(text).Where(c => !char.IsWhiteSpace(c)).ToArray());

    /// <summary>Checks truth invariants and that every letter on a page falls inside exactly the rects of what drew it.</summary>
    public static void AssertTruthMatchesPdf(GeneratedIssue issue)
    {
        var truth = issue.Truth;
        var ids = truth.Pages.SelectMany(p => p.Articles).ToDictionary(a => a.Id);
        foreach (var article in ids.Values)
        {
            if (article.ContinuedOn is not null)
            {
                Assert.That(ids[article.ContinuedOn].ContinuedFrom, Is.EqualTo(article.Id));
            }

            if (article.ContinuedFrom is not null)
            {
                Assert.That(ids[article.ContinuedFrom].ContinuedOn, Is.EqualTo(article.Id));
            }
        }

        using var pdf = PdfDocument.Open(issue.Pdf);
        Assert.That(pdf.NumberOfPages, Is.EqualTo(truth.Pages.Count));
        foreach (var pageTruth in truth.Pages)
        {
            var page = pdf.GetPage(pageTruth.Number);
            Assert.That(page.Width, Is.EqualTo(pageTruth.WidthPt).Within(0.01));
            Assert.That(page.Height, Is.EqualTo(pageTruth.HeightPt).Within(0.01));
            var owners = pageTruth.Articles.Select(a => (Id: a.Id, a.Rects, Text: ArticleText(a)))
                .Concat(pageTruth.Furniture.Select((f, i) => (Id: $"{f.Kind}{i}", f.Rects, Text: f.Text))).ToList();
            var rects = owners.SelectMany(o => o.Rects.Select(r => (o.Id, R: r))).ToList();
            foreach (var (id, r) in rects)
            {
                Assert.That(r[0] >= 0 && r[1] >= 0 && r[2] > 0 && r[3] > 0 && r[0] + r[2] <= 1.00001 && r[1] + r[3] <= 1.00001, $"{id} rect out of page");
            }

            for (var i = 0; i < rects.Count; i++)
            {
                for (var j = i + 1; j < rects.Count; j++)
                {
                    Assert.That(Overlap(rects[i].R, rects[j].R), Is.False, $"page {pageTruth.Number}: {rects[i].Id} overlaps {rects[j].Id}");
                }
            }

            var letterText = owners.ToDictionary(o => o.Id, _ => new StringBuilder());
            foreach (var letter in page.Letters.Where(l => !string.IsNullOrWhiteSpace(l.Value)))
            {
                var x = (letter.BoundingBox.Left + letter.BoundingBox.Right) / 2 / page.Width;
                var y = 1 - ((letter.BoundingBox.Top + letter.BoundingBox.Bottom) / 2 / page.Height);
                var holders = rects.Where(r => x >= r.R[0] && x < r.R[0] + r.R[2] && y >= r.R[1] && y < r.R[1] + r.R[3]).Select(r => r.Id).Distinct().ToList();
                Assert.That(holders, Has.Count.EqualTo(1), $"page {pageTruth.Number}: letter '{letter.Value}' at ({x:F3},{y:F3}) lies in {holders.Count} regions");
                letterText[holders[0]].Append(letter.Value);
            }

            foreach (var owner in owners)
            {
                Assert.That(Sorted(letterText[owner.Id].ToString()), Is.EqualTo(Sorted(owner.Text)), $"page {pageTruth.Number}: text inside {owner.Id}");
            }
        }
    }

    /// <summary>The article's text in drawing order.</summary>
    public static string ArticleText(ArticleTruth a) => a.Kind == "advertisement"
        ? a.Title + string.Concat(a.Body)
        : (a.Kicker ?? "") + a.Title + (a.Subtitle ?? "") + (a.Byline ?? "") + ContentInOrder(a);

    private static string ContentInOrder(ArticleTruth a) => a.ContinuedFrom is not null
        ? (a.ContinuationMarker ?? "") + string.Concat(a.Body)
        : string.Concat(a.Captions) + string.Concat(a.Body) + (a.ContinuationMarker ?? "");

    private static string Sorted(string text) => string.Concat(Normalize(text).Order());

    private static bool Overlap(double[] a, double[] b) =>
        a[0] < b[0] + b[2] - 1e-9 && b[0] < a[0] + a[2] - 1e-9 && a[1] < b[1] + b[3] - 1e-9 && b[1] < a[1] + a[3] - 1e-9;
}
