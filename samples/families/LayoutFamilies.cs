using XuhuiEpaper.Samples.Families.Composition;
using XuhuiEpaper.Samples.Families.Planning;
using XuhuiEpaper.Samples.Families.Style;
using XuhuiEpaper.Samples.Families.Text;
using XuhuiEpaper.Samples.Layout;
using XuhuiEpaper.Samples.Truth;

namespace XuhuiEpaper.Samples.Families;

/// <summary>A generated issue with its family, the style picked for it, and notes on each page.</summary>
public sealed record FamilyIssue(GeneratedIssue Issue, Family Family, IssueStyle Style, IReadOnlyList<PageNotes> Pages);

/// <summary>
/// The second layout generator: seed s picks a house-style family (see <see cref="FamilyCatalog"/>) and composes a
/// three-page issue in it (front page with masthead, two inside pages), with exact ground truth.
/// Independent of <see cref="LayoutVariants"/>: it shares only drawing ops, the PDF renderer, the text setter,
/// the photo synthesizer, the seed text and the truth records.
/// </summary>
public static class LayoutFamilies
{
    public const int PageCount = 3;

    public static GeneratedIssue Generate(int seed) => Compose(seed).Issue;

    /// <summary>The issue with what was decided on the way: family, picked style, and per-page notes.</summary>
    public static FamilyIssue Compose(int seed)
    {
        var rng = new Random(Scramble(seed));
        var family = FamilyCatalog.ForSeed(seed);
        var style = IssueStyle.Realize(family, FamilyCatalog.Round(seed), rng);
        var text = IssueText.For(style.Simplified);
        var facts = IssueFacts.Pick(rng);
        var desk = new CopyDesk(text, rng);
        var insideNames = text.InsidePageNames.OrderBy(_ => rng.Next()).Take(PageCount - 1);
        string[] names = [text.FrontPageName, .. insideNames];

        // A front-page article may jump to page 2 or 3; page 2 may send one of its own to page 3.
        int? frontJump = rng.NextDouble() < 0.5 ? (rng.NextDouble() < 0.6 ? 2 : 3) : null;
        int? secondJump = frontJump != 3 && rng.NextDouble() < 0.3 ? 3 : null;

        var builder = new PageBuilder(style, desk, facts, rng);
        var waiting = new Dictionary<int, Continuation>();
        var pages = new List<ComposedPage>();
        for (var number = 1; number <= PageCount; number++)
        {
            var jumpTo = number switch { 1 => frontJump, 2 => secondJump, _ => null };
            var from = waiting.GetValueOrDefault(number);
            var recipe = Recipe(family, number, rng, constrained: from is not null || jumpTo is not null);
            var page = builder.Build(new PageOrder(number, names[number - 1], recipe, jumpTo, from));
            if (page.Jump is { } jump && jumpTo is int target)
            {
                waiting[target] = jump;
            }

            pages.Add(page);
        }

        LinkJumps(pages);
        var truth = new IssueTruth(text.Paper, facts.IsoDate, facts.Number, facts.TotalNumber,
            pages.Select((p, i) => new PageTruth(i + 1, $"第{i + 1}版", names[i], style.Page.Width, style.Page.Height, p.Furniture, p.Articles)).ToList());
        var pdf = PdfRenderer.Render(pages.Select(p => p.Drawing).ToList(), $"{text.Paper} {facts.IsoDate} ({family.Name}, seed {seed})");
        return new FamilyIssue(new GeneratedIssue(pdf, truth), family, style, pages.Select(p => p.Notes).ToList());
    }

    /// <summary>
    /// System.Random's early draws are correlated for neighbouring seeds (seeds 1, 2, 3 would all start alike), so
    /// the seed is hashed first (the splitmix64 finalizer).
    /// </summary>
    private static int Scramble(int seed)
    {
        var z = (ulong)seed + 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return (int)((z ^ (z >> 31)) & 0x7FFFFFFF);
    }

    private static PageRecipe Recipe(Family family, int number, Random rng, bool constrained)
    {
        if (number > 1 && !constrained && rng.NextDouble() < family.FeaturePages)
        {
            return PageRecipe.Feature;
        }

        var roll = rng.NextDouble();
        return roll < family.BriefPages ? PageRecipe.Briefs : roll < family.BriefPages + 0.14 ? PageRecipe.Sparse : PageRecipe.Standard;
    }

    /// <summary>Fills ContinuedOn of each jumping article with the id of the part that continues it.</summary>
    private static void LinkJumps(List<ComposedPage> pages)
    {
        var continued = pages.SelectMany(p => p.Articles).Where(a => a.ContinuedFrom is not null).ToDictionary(a => a.ContinuedFrom!, a => a.Id);
        foreach (var page in pages)
        {
            for (var i = 0; i < page.Articles.Count; i++)
            {
                if (continued.TryGetValue(page.Articles[i].Id, out var next))
                {
                    page.Articles[i] = page.Articles[i] with { ContinuedOn = next };
                }
            }
        }
    }
}
