using XuhuiEpaper.Core.Geometry;
using XuhuiEpaper.Core.Text;
using XuhuiEpaper.Samples.Truth;

namespace XuhuiEpaper.Samples.Scoring;

/// <summary>Scores the finder's regions on one page against the page's ground truth.</summary>
public static class TruthPageScorer
{
    public const double LooseBar = 0.5;
    public const double StrictBar = 0.8;
    /// <summary>A found furniture region answers a truth furniture entry when it covers this share of it; touching is not enough.</summary>
    public const double FurnitureCover = 0.1;
    /// <summary>A non-furniture region lying more than this share on truth furniture is furniture returned as an item.</summary>
    public const double FurnitureAsItemShare = 0.5;
    /// <summary>An item with less than this share of its clicks right is listed.</summary>
    public const double ClickMissShare = 0.5;

    public static TruthPageScore Score(PageAnalysis page, PageTruth truth, string label)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(truth);
        var items = truth.Articles.Select((a, i) => new TruthItem(i, a)).ToList();
        var found = page.Items.ToList();
        var iou = new double[items.Count, found.Count];
        for (var i = 0; i < items.Count; i++)
        {
            for (var j = 0; j < found.Count; j++)
            {
                iou[i, j] = items[i].Region.IoU(found[j].Region);
            }
        }

        var loose = IoUMatching.Greedy(iou, LooseBar);
        var strict = IoUMatching.Greedy(iou, StrictBar);
        var kinds = strict.Select(m => (items[m.Item].Kind, found[m.Region].Kind)).ToList();
        var wrongKinds = strict.Where(m => items[m.Item].Kind != found[m.Region].Kind).Select(m =>
        {
            var (item, region) = (items[m.Item].Truth, found[m.Region].Content);
            return $"{label} page {page.Number} '{item.Title}': truth {items[m.Item].Kind}, found {found[m.Region].Kind} (as '{region.Title}', {(region.Byline is null ? "no byline" : "byline")}, {region.Body.Sum(p => p.Length)} body characters)";
        }).ToList();
        var misses = items.Where(t => !strict.Any(m => m.Item == t.Index)).Select(t =>
        {
            var best = found.Count == 0 ? 0 : Enumerable.Range(0, found.Count).Max(j => iou[t.Index, j]);
            return $"{label} {t.Truth.Id} '{t.Truth.Title}': best IoU {best:0.00}";
        }).ToList();

        var (clicks, clickMisses) = ScoreClicks(page, truth, items, label);
        return new TruthPageScore
        {
            Label = label,
            Page = page.Number,
            Items = items.Count,
            Regions = found.Count,
            FurnitureRegions = page.Furniture.Count(),
            Loose = new MatchFigures(LooseBar, loose.Count, items.Count, found.Count),
            Strict = new MatchFigures(StrictBar, strict.Count, items.Count, found.Count),
            Clicks = clicks,
            BodyCharacters = ScoreBodies(items, found),
            Kinds = kinds,
            Furniture = CheckFurniture(page, truth),
            FurnitureAsItems = FurnitureAsItems(page, truth, found, label),
            Misses = misses,
            WrongKinds = wrongKinds,
            ClickMisses = clickMisses,
            Overlaps = Overlaps(page, found, label),
        };
    }

    /// <summary>
    /// Clicks on a grid inside each item, answered by the API's rule over every region (furniture included). A click
    /// is right when the region answering is one whose largest-overlap truth item is the item clicked; a click
    /// answered by furniture or by nothing is wrong. Where truth items overlap, a point belongs to the smallest
    /// item holding it, by the same rule.
    /// </summary>
    private static (Share Clicks, List<string> Misses) ScoreClicks(PageAnalysis page, PageTruth truth, List<TruthItem> items, string label)
    {
        var owners = page.Regions.ToDictionary(r => r, r => r.IsFurniture ? null : items
            .Select(t => (Item: t, Overlap: t.Region.IntersectionArea(r.Region)))
            .Where(x => x.Overlap > 0)
            .OrderByDescending(x => x.Overlap).ThenBy(x => x.Item.Index)
            .Select(x => x.Item).FirstOrDefault());
        var total = new Share(0, 0);
        var misses = new List<string>();
        foreach (var item in items)
        {
            var right = 0;
            var count = 0;
            var answers = new Dictionary<string, int>();
            foreach (var (x, y) in ClickGrid.Points(item.Truth.Rects, truth.WidthPt, truth.HeightPt))
            {
                var holder = items.Where(t => t.Region.Contains(x, y)).OrderBy(t => t.Area).ThenBy(t => t.Index).FirstOrDefault();
                if (holder != item)
                {
                    continue;
                }

                count++;
                var hit = RegionHitTest.Hit(page.Regions, x, y);
                if (hit is not null && owners[hit] == item)
                {
                    right++;
                }
                else
                {
                    var answer = hit?.Describe() ?? "nothing";
                    answers[answer] = answers.GetValueOrDefault(answer) + 1;
                }
            }

            total += new Share(right, count);
            if (count > 0 && right < ClickMissShare * count)
            {
                var most = answers.OrderByDescending(a => a.Value).First();
                misses.Add($"{label} page {page.Number} {item.Truth.Id} {item.Kind} '{item.Truth.Title}': {right}/{count} clicks right, {most.Value} answered by {most.Key}");
            }
        }

        return (total, misses);
    }

    /// <summary>Body characters are right when the region that overlaps the truth item most holds them as body text (counted as a multiset).</summary>
    private static Share ScoreBodies(List<TruthItem> items, List<FoundRegion> found)
    {
        long all = 0;
        long right = 0;
        foreach (var item in items)
        {
            var truthChars = Characters(item.Truth.Body);
            all += truthChars.Values.Sum();
            var owner = found.Select(f => (Region: f, Overlap: f.Region.IntersectionArea(item.Region))).OrderByDescending(x => x.Overlap).FirstOrDefault();
            if (owner.Region is not null && owner.Overlap > 0)
            {
                var got = Characters(owner.Region.Content.Body);
                right += truthChars.Sum(kv => Math.Min(kv.Value, got.GetValueOrDefault(kv.Key)));
            }
        }

        return new Share(right, all);
    }

    private static Dictionary<string, int> Characters(IEnumerable<string> paragraphs)
    {
        var counts = new Dictionary<string, int>();
        foreach (var rune in CjkText.Normalize(string.Concat(paragraphs)).EnumerateRunes())
        {
            if (!System.Text.Rune.IsWhiteSpace(rune))
            {
                var key = rune.ToString();
                counts[key] = counts.GetValueOrDefault(key) + 1;
            }
        }

        return counts;
    }

    private static List<FurnitureCheck> CheckFurniture(PageAnalysis page, PageTruth truth) =>
        truth.Furniture.Select(f =>
        {
            var region = TruthRegions.From(f.Rects);
            var by = page.Furniture
                .Select(r => (Region: r, Cover: r.Region.IntersectionArea(region)))
                .Where(x => x.Cover >= FurnitureCover * region.Area && x.Cover > 0)
                .OrderByDescending(x => x.Cover).Select(x => x.Region).FirstOrDefault();
            return new FurnitureCheck(f.Kind, ScoringText.Head(f.Text, 30), by);
        }).ToList();

    private static List<string> FurnitureAsItems(PageAnalysis page, PageTruth truth, List<FoundRegion> found, string label)
    {
        if (truth.Furniture.Count == 0)
        {
            return [];
        }

        var furniture = TruthRegions.From(truth.Furniture.SelectMany(f => f.Rects));
        var kinds = string.Join("/", truth.Furniture.Select(f => f.Kind).Distinct());
        return found
            .Select(r => (Region: r, Share: r.Region.Area <= 0 ? 0 : furniture.IntersectionArea(r.Region) / r.Region.Area))
            .Where(x => x.Share > FurnitureAsItemShare)
            .Select(x => $"{label} page {page.Number}: {x.Region.Describe()} lies {x.Share:P0} on truth furniture ({kinds})")
            .ToList();
    }

    private static List<string> Overlaps(PageAnalysis page, List<FoundRegion> found, string label)
    {
        var overlaps = new List<string>();
        for (var i = 0; i < found.Count; i++)
        {
            for (var j = i + 1; j < found.Count; j++)
            {
                if (found[i].Region.IntersectionArea(found[j].Region) > 1e-9)
                {
                    overlaps.Add($"{label} page {page.Number}: '{found[i].Content.Title}' and '{found[j].Content.Title}'");
                }
            }
        }

        return overlaps;
    }
}
