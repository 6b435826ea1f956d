using XuhuiEpaper.Samples.Families;
using XuhuiEpaper.Samples.Families.Text;

namespace XuhuiEpaper.Samples.Tests;

/// <summary>
/// Every axis of variation of samples/families must show on a fair share of the tuning seeds (1-40, 120 pages);
/// the held-out seeds (101-140) are drawn the same way, so the same holds there (checked too).
/// </summary>
[TestFixture]
public class LayoutFamiliesCensusTests
{
    private const int AtLeast = 3;

    private static readonly (string Axis, Func<PageView, bool> Shows)[] Axes =
    [
        ("folio line", p => p.Notes.Features.Contains(LayoutFeature.Folio) && p.Truth.Furniture.Any(f => f.Kind == "folio")),
        ("page number only at the foot", p => p.Notes.Features.Contains(LayoutFeature.PageNumberFolio)),
        ("headline of two phrases with a full-width space", p => p.Truth.Articles.Any(a => a.Title.Contains(IssueText.PhraseSpace))),
        ("full-width space drawn as a glyph", p => p.Notes.Features.Contains(LayoutFeature.PhraseSpaceGlyph)),
        ("boxed kicker", p => p.Notes.Features.Contains(LayoutFeature.BoxedKicker)),
        ("tinted kicker", p => p.Notes.Features.Contains(LayoutFeature.TintedKicker)),
        ("kicker of two phrases", p => p.Notes.Features.Contains(LayoutFeature.TwoPhraseKicker)),
        ("subtitle", p => p.Truth.Articles.Any(a => a.Kind == "article" && a.Subtitle is not null)),
        ("subtitle with a dash", p => p.Notes.Features.Contains(LayoutFeature.DashedSubtitle)),
        ("crosshead", p => p.Notes.Features.Contains(LayoutFeature.Crosshead)),
        ("byline at the top", p => p.Notes.Features.Contains(LayoutFeature.BylineTop)),
        ("byline at the end", p => p.Notes.Features.Contains(LayoutFeature.BylineEnd)),
        ("red headline", p => p.Notes.Features.Contains(LayoutFeature.RedHeadline)),
        ("centred headline", p => p.Notes.Features.Contains(LayoutFeature.CentredHeadline)),
        ("left-aligned headline", p => p.Notes.Features.Contains(LayoutFeature.LeftHeadline)),
        ("headline of several lines", p => p.Notes.Features.Contains(LayoutFeature.MultiLineHeadline)),
        ("headline over only some columns", p => p.Notes.Features.Contains(LayoutFeature.HeadlineOverSomeColumns)),
        ("photo above a headline", p => p.Notes.Features.Contains(LayoutFeature.PhotoAboveHeadline)),
        ("photo inside a body", p => p.Notes.Features.Contains(LayoutFeature.PhotoInBody)),
        ("stand-alone photo", p => p.Notes.Features.Contains(LayoutFeature.StandalonePhoto)),
        ("photo group", p => p.Notes.Features.Contains(LayoutFeature.PhotoGroup)),
        ("multi-block advertisement", p => p.Notes.Features.Contains(LayoutFeature.MultiBlockAd)),
        ("notice", p => p.Truth.Articles.Any(a => a.Kind == "notice")),
        ("vertical headline", p => p.Notes.Features.Contains(LayoutFeature.VerticalHeadline)),
        ("L-shaped or stepped article", p => p.Truth.Articles.Any(a => a.Rects.Count >= 2)),
        ("stepped article (three blocks)", p => p.Notes.Features.Contains(LayoutFeature.SteppedArticle)),
        ("article whose last column sits beyond a rule", p => p.Notes.Features.Contains(LayoutFeature.ArticleAcrossRule)),
        ("body in two bands around a photo", p => p.Notes.Features.Contains(LayoutFeature.PhotoBetweenBands)),
        ("photo beside a headline over some columns", p => p.Notes.Features.Contains(LayoutFeature.PhotoBesideHeadline)),
        ("briefs", p => p.Notes.Features.Contains(LayoutFeature.Briefs)),
        ("jump", p => p.Truth.Articles.Any(a => a.ContinuationMarker is not null)),
        ("rules between articles", p => p.Notes.Features.Contains(LayoutFeature.RulesBetweenArticles)),
        ("column rules habit", p => p.Notes.Features.Contains(LayoutFeature.ColumnRules)),
        ("no rules habit", p => p.Notes.Features.Contains(LayoutFeature.NoRules)),
        ("horizontal rules only", p => p.Notes.Features.Contains(LayoutFeature.HorizontalRulesOnly)),
        ("blank line between paragraphs", p => p.Notes.Features.Contains(LayoutFeature.BlankLineParagraphs)),
        ("Simplified", p => p.Notes.Features.Contains(LayoutFeature.Simplified)),
        ("Traditional", p => p.Notes.Features.Contains(LayoutFeature.Traditional)),
        ("broadsheet", p => p.Truth.WidthPt > 1000),
        ("tabloid", p => p.Truth.WidthPt < 1000),
        ("1-item page", p => p.Truth.Articles.Count == 1),
        ("12 items or more", p => p.Truth.Articles.Count >= 12),
    ];

    public sealed record PageView(Truth.PageTruth Truth, PageNotes Notes);

    [TestCase(1)]
    [TestCase(101)]
    public void Every_axis_shows_on_several_pages(int firstSeed)
    {
        var pages = Enumerable.Range(firstSeed, 40)
            .Select(FamilyIssues.Get)
            .SelectMany(i => i.Issue.Truth.Pages.Zip(i.Pages, (t, n) => new PageView(t, n)))
            .ToList();
        var counts = Axes.Select(a => (a.Axis, Pages: pages.Count(a.Shows))).ToList();
        foreach (var (axis, count) in counts)
        {
            TestContext.Out.WriteLine($"{count,4} / {pages.Count} pages: {axis}");
        }

        Assert.That(counts.Where(c => c.Pages < AtLeast).Select(c => $"{c.Axis}: {c.Pages}"), Is.Empty);
    }

    [Test]
    public void Columns_type_and_gutters_cover_their_ranges()
    {
        var styles = Enumerable.Range(1, 40).Select(s => FamilyIssues.Get(s).Style).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(styles.Where(s => !s.IsBroadsheet).Select(s => s.Columns).Distinct().Order().ToArray(), Is.EqualTo(new[] { 3, 4, 5, 6 }));
            Assert.That(styles.Where(s => s.IsBroadsheet).Select(s => s.Columns).Distinct().Order().ToArray(), Is.EqualTo(new[] { 5, 6, 7, 8 }));
            Assert.That(styles.Select(s => s.BodySize), Has.All.InRange(8f, 11f));
            Assert.That(styles.Min(s => s.BodySize), Is.LessThan(8.6f));
            Assert.That(styles.Max(s => s.BodySize), Is.GreaterThan(10.4f));
            Assert.That(styles.Select(s => s.Leading / s.BodySize), Has.All.InRange(1.33f, 1.72f));
            Assert.That(styles.Select(s => s.Gutter / s.BodySize), Has.All.InRange(0.75f, 1.65f));
        });
    }
}
