using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using XuhuiEpaper.Core.Geometry;
using XuhuiEpaper.Core.Text;

namespace XuhuiEpaper.Web.Tests;

/// <summary>A click at the centre of every ground-truth article of the sample finds that article.</summary>
public class HitTests : SampleApiTests
{
    /// <summary>
    /// Truth articles the article finder does not yet segment so that a click at their centre finds them, as
    /// "page/truth id". The finder is being improved in parallel; these are reported, not hidden: each is marked
    /// Inconclusive with the reason, and <see cref="Known_misses_are_still_misses"/> fails once one is fixed.
    /// </summary>
    private static readonly HashSet<string> KnownMisses = [];


    public sealed record TruthArticle(int Page, string Id, string Kind, string? Title, IReadOnlyList<NormRect> Rects)
    {
        public override string ToString() => $"p{Page}/{Id}";
    }

    public static IEnumerable<TestCaseData> TruthArticles() =>
        ReadTruth().Select(a => new TestCaseData(a).SetName($"Hit_at_centre_of_{a.Page}_{a.Id}_{a.Kind}"));

    [TestCaseSource(nameof(TruthArticles))]
    public async Task Hit_at_the_centre_of_a_truth_article_finds_it(TruthArticle truth)
    {
        // The centre of the article: of its largest rectangle, so the point is inside L-shaped regions too.
        var largest = truth.Rects.MaxBy(r => r.Area);
        var (x, y) = (largest.CenterX, largest.CenterY);
        var response = await Client.GetAsync(FormattableString.Invariant($"/api/issues/{IssueId}/pages/{truth.Page}/hit?x={x}&y={y}"));
        var body = await response.Content.ReadAsStringAsync();
        var verdict = response.StatusCode != HttpStatusCode.OK
            ? $"no article at ({x:0.###}, {y:0.###}): {body}"
            : Judge(truth, JsonNode.Parse(body)!);
        if (verdict is null)
        {
            return;
        }

        if (KnownMisses.Contains(truth.ToString()))
        {
            Assert.Inconclusive($"known article-finder miss, {truth} «{truth.Title}»: {verdict}");
        }

        Assert.Fail($"{truth} «{truth.Title}»: {verdict}");
    }

    [Test]
    public async Task Known_misses_are_still_misses()
    {
        foreach (var truth in ReadTruth().Where(t => KnownMisses.Contains(t.ToString())))
        {
            var largest = truth.Rects.MaxBy(r => r.Area);
            var response = await Client.GetAsync(FormattableString.Invariant($"/api/issues/{IssueId}/pages/{truth.Page}/hit?x={largest.CenterX}&y={largest.CenterY}"));
            var fixedNow = response.StatusCode == HttpStatusCode.OK && Judge(truth, JsonNode.Parse(await response.Content.ReadAsStringAsync())!) is null;
            Assert.That(fixedNow, Is.False, $"{truth} is found now: remove it from KnownMisses");
        }
    }

    [TestCase("x=0.5", "x and y are required")]
    [TestCase("x=1.5&y=0.5", "between 0 and 1")]
    [TestCase("x=0.5&y=-0.1", "between 0 and 1")]
    [TestCase("x=NaN&y=0.5", "between 0 and 1")]
    [TestCase("x=abc&y=0.5", "\"abc\"")]
    public async Task Malformed_points_are_400(string query, string says)
    {
        var detail = await (await Client.GetAsync($"/api/issues/{IssueId}/pages/1/hit?{query}")).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(detail, Does.Contain(says));
    }

    [Test]
    public async Task A_point_on_no_article_or_page_is_404()
    {
        Assert.That(await (await Client.GetAsync($"/api/issues/{IssueId}/pages/1/hit?x=0.001&y=0.999")).ProblemAsync(HttpStatusCode.NotFound), Does.Contain("No article at"));
        Assert.That(await (await Client.GetAsync($"/api/issues/{IssueId}/pages/7/hit?x=0.5&y=0.5")).ProblemAsync(HttpStatusCode.NotFound), Does.Contain("no page 7"));
        Assert.That(await (await Client.GetAsync("/api/issues/999999/pages/1/hit?x=0.5&y=0.5")).ProblemAsync(HttpStatusCode.NotFound), Does.Contain("no issue"));
    }

    /// <summary>Null when the hit is the truth article: same title (after folding), or most of its area is the truth's region.</summary>
    private static string? Judge(TruthArticle truth, JsonNode hit)
    {
        var title = (string?)hit["title"];
        var rects = hit["region"]!["rects"]!.AsArray()
            .Select(r => r!.AsArray().Select(v => (double)v!).ToArray())
            .Select(r => new NormRect(r[0], r[1], r[2], r[3])).ToArray();
        var found = new Region(rects);
        var expected = new Region(truth.Rects);
        var iou = found.IoU(expected);
        var sameTitle = truth.Title is not null && title is not null && Fold(title) == Fold(truth.Title);
        return sameTitle || (truth.Title is null && iou >= 0.5) || iou >= 0.8
            ? null
            : string.Create(CultureInfo.InvariantCulture, $"found article {(long)hit["id"]!} «{title}» ({(string?)hit["kind"]}), IoU with the truth {iou:0.00}");
    }

    private static string Fold(string s) => new(CjkText.Normalize(s).Where(c => !char.IsWhiteSpace(c)).ToArray());

    private static List<TruthArticle> ReadTruth()
    {
        var truth = JsonNode.Parse(File.ReadAllText(EpaperApp.SampleTruth))!;
        var list = new List<TruthArticle>();
        foreach (var page in truth["pages"]!.AsArray())
        {
            foreach (var a in page!["articles"]!.AsArray())
            {
                var rects = a!["rects"]!.AsArray().Select(r => r!.AsArray().Select(v => (double)v!).ToArray()).Select(r => new NormRect(r[0], r[1], r[2], r[3])).ToList();
                list.Add(new TruthArticle((int)page["number"]!, (string)a["id"]!, (string)a["kind"]!, (string?)a["title"], rects));
            }
        }

        return list;
    }
}
