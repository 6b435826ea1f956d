using System.Collections.Concurrent;
using UglyToad.PdfPig;
using XuhuiEpaper.Samples.Families;
using XuhuiEpaper.Samples.Families.Text;
using XuhuiEpaper.Samples.Truth;

namespace XuhuiEpaper.Samples.Tests;

/// <summary>The second generator (samples/families): determinism, truth invariants on both seed halves, PDF text.</summary>
[TestFixture]
public class LayoutFamiliesTests
{
    private static readonly string[] ItemKinds = ["article", "notice", "advertisement", "photo"];
    private static readonly string[] FurnitureKinds = ["masthead", "pageHeader", "folio"];

    /// <summary>Seeds 1-40 tune the finder; 101-140 are held out. Both must be sound.</summary>
    public static IEnumerable<int> TuningAndHeldOutSeeds() => Enumerable.Range(1, 40).Concat(Enumerable.Range(101, 40));

    [Test]
    public void Same_seed_gives_the_same_bytes_and_other_seeds_differ()
    {
        var a = LayoutFamilies.Generate(17);
        var b = LayoutFamilies.Generate(17);
        var c = LayoutFamilies.Generate(18);
        Assert.That(a.Pdf, Is.EqualTo(b.Pdf));
        Assert.That(IssueTruthJson.Serialize(a.Truth), Is.EqualTo(IssueTruthJson.Serialize(b.Truth)));
        Assert.That(IssueTruthJson.Serialize(a.Truth), Is.Not.EqualTo(IssueTruthJson.Serialize(c.Truth)));
    }

    [TestCaseSource(nameof(TuningAndHeldOutSeeds))]
    public void Truth_is_sound(int seed)
    {
        var composed = FamilyIssues.Get(seed);
        var issue = composed.Issue;
        Assert.That(issue.Truth.Pages, Has.Count.EqualTo(LayoutFamilies.PageCount));
        Assert.That(composed.Pages.Select(p => p.InkOverlaps), Has.All.EqualTo(0), "glyphs printed over glyphs or photos");
        foreach (var page in issue.Truth.Pages)
        {
            Assert.That(page.Articles, Has.Count.InRange(1, 15), $"page {page.Number}: items per page");
            Assert.That(page.Furniture.Select(f => f.Kind), Is.SubsetOf(FurnitureKinds));
            Assert.That(page.Furniture.Count(f => f.Kind == (page.Number == 1 ? "masthead" : "pageHeader")), Is.EqualTo(1));
            foreach (var item in page.Articles)
            {
                Assert.That(item.Kind, Is.AnyOf(ItemKinds), item.Id);
                Assert.That(item.Rects, Is.Not.Empty, item.Id);
                if (item.Kind is "article" or "notice")
                {
                    Assert.That(item.Title, Is.Not.Empty, item.Id);
                    Assert.That(item.Body, Is.Not.Empty, item.Id);
                }

                if (item.Kind == "photo")
                {
                    Assert.That((item.Title, item.Body.Count, item.Captions.Count > 0), Is.EqualTo((string.Empty, 0, true)), item.Id);
                }

                if (item.Kind == "article" && item.ContinuedOn is null)
                {
                    Assert.That(IssueText.EndsSentence(item.Body[^1]), Is.True, $"{item.Id} ends mid-sentence: …{item.Body[^1][^Math.Min(12, item.Body[^1].Length)..]}");
                }
            }
        }

        // Rects inside the page, no overlaps, every letter in exactly one item or furniture rect, and the letters of
        // each rect are exactly the text its truth lists.
        TestSupport.AssertTruthMatchesPdf(issue);
    }

    [Test]
    public void Jumping_articles_continue_with_the_rest_of_their_text()
    {
        var jumps = 0;
        foreach (var seed in Enumerable.Range(1, 40))
        {
            var articles = FamilyIssues.Get(seed).Issue.Truth.Pages.SelectMany(p => p.Articles).ToDictionary(a => a.Id);
            foreach (var source in articles.Values.Where(a => a.ContinuedOn is not null))
            {
                var rest = articles[source.ContinuedOn!];
                Assert.That(source.ContinuationMarker, Does.Match("^下[轉转]第[23]版$"), source.Id);
                Assert.That(rest.ContinuationMarker, Does.Match("^上接第[12]版$"), rest.Id);
                Assert.That(rest.Title, Is.EqualTo(source.Title));
                Assert.That(rest.Body, Is.Not.Empty, rest.Id);
                jumps++;
            }
        }

        Assert.That(jumps, Is.GreaterThanOrEqualTo(10), "jumps over seeds 1-40");
    }

    [Test]
    public void Pdf_text_reads_back_with_every_title()
    {
        foreach (var seed in new[] { 1, 2, 3, 4, 5, 6, 7, 8 })
        {
            var issue = FamilyIssues.Get(seed).Issue;
            using var pdf = PdfDocument.Open(issue.Pdf);
            foreach (var page in issue.Truth.Pages)
            {
                var letters = TestSupport.Normalize(string.Concat(pdf.GetPage(page.Number).Letters.Select(l => l.Value)));
                foreach (var item in page.Articles)
                {
                    var missing = TestSupport.Normalize(item.Title).Where(c => !letters.Contains(c)).ToList();
                    Assert.That(missing, Is.Empty, $"seed {seed} {item.Id} '{item.Title}'");
                }
            }
        }
    }

    [Test]
    public void Full_width_space_is_a_glyph_in_some_families_and_a_bare_gap_in_others()
    {
        var glyphs = new List<bool>();
        foreach (var seed in Enumerable.Range(1, 16))
        {
            var composed = FamilyIssues.Get(seed);
            if (!composed.Pages.Any(p => p.Features.Contains(LayoutFeature.PhraseSpaceHeadline)))
            {
                continue;
            }

            using var pdf = PdfDocument.Open(composed.Issue.Pdf);
            var drawn = Enumerable.Range(1, pdf.NumberOfPages).Any(n => pdf.GetPage(n).Letters.Any(l => l.Value == "\u3000"));
            if (!composed.Family.SpaceGlyph)
            {
                Assert.That(drawn, Is.False, $"seed {seed} ({composed.Family.Name}) draws U+3000");
            }

            glyphs.Add(drawn);
        }

        Assert.That(glyphs, Does.Contain(true).And.Contain(false));
    }

    [Test]
    public void Generation_is_fast()
    {
        LayoutFamilies.Generate(41);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        foreach (var seed in Enumerable.Range(42, 4))
        {
            LayoutFamilies.Generate(seed);
        }

        TestContext.Out.WriteLine($"{clock.ElapsedMilliseconds / 4} ms per issue");
        Assert.That(clock.ElapsedMilliseconds / 4, Is.LessThan(1000));
    }
}

/// <summary>Generated issues shared by the tests of this assembly (each seed is composed once).</summary>
internal static class FamilyIssues
{
    private static readonly ConcurrentDictionary<int, Lazy<FamilyIssue>> Cache = new();

    public static FamilyIssue Get(int seed) => Cache.GetOrAdd(seed, s => new Lazy<FamilyIssue>(() => LayoutFamilies.Compose(s))).Value;
}
