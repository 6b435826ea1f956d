using XuhuiEpaper.Samples.Families.Style;

namespace XuhuiEpaper.Samples.Families.Planning;

/// <summary>
/// Joins neighbouring articles into one region of several blocks: an L (header over n columns, body below in
/// fewer), an inverted L (narrow top, wider band below), a staircase when repeated, and, for papers that rule
/// between articles, an article whose last column stands beyond a rule.
/// </summary>
public static class ShapeMerger
{
    private const float Tolerance = 0.5f;

    public static void Merge(List<PlannedItem> items, ColumnGrid grid, IssueStyle style, Random rng)
    {
        var dense = items.Any(i => i.Role == ArticleRole.Brief);
        var merges = rng.NextDouble() < (dense ? 0.3 : 0.65) ? (rng.NextDouble() < 0.45 ? 2 : 1) : 0;
        var merged = merges > 0 ? MergeOneBelow(items, grid.ItemGap, rng, prefer: null) : null;
        if (merges > 1)
        {
            // A second merge prefers to extend the first into a staircase.
            var extended = rng.NextDouble() < 0.7 && merged is not null ? MergeOneBelow(items, grid.ItemGap, rng, prefer: merged, only: true) : null;
            if (extended is null)
            {
                MergeOneBelow(items, grid.ItemGap, rng, prefer: null);
            }
        }

        if (style.Family.Rules == RulesHabit.BetweenArticles && rng.NextDouble() < 0.7 && !MergeOneBeside(items, rng))
        {
            RuleOffLastColumn(items, rng);
        }
    }

    /// <summary>Joins stacked articles of the same columns (briefs first) until the page has at most <paramref name="limit"/> items.</summary>
    public static void KeepAtMost(List<PlannedItem> items, int limit, float gap)
    {
        while (items.Count > limit)
        {
            var pair = (
                from upper in items
                from lower in items
                where upper.Kind == ItemKind.Article && lower.Kind == ItemKind.Article && upper.Role == lower.Role
                    && upper.Role is ArticleRole.Brief or ArticleRole.Normal && upper.Blocks.Count == 1 && lower.Blocks.Count == 1
                    && upper.First.Col == lower.First.Col && upper.First.Cols == lower.First.Cols
                    && Math.Abs(lower.First.Top - upper.First.Bottom - gap) < Tolerance
                orderby upper.Role == ArticleRole.Brief descending
                select (upper, lower)).FirstOrDefault();
            if (pair.upper is null)
            {
                return;
            }

            items[items.IndexOf(pair.upper)] = pair.upper with { Blocks = [pair.upper.First with { Bottom = pair.lower.First.Bottom }] };
            items.Remove(pair.lower);
        }
    }

    private static PlannedItem? MergeOneBelow(List<PlannedItem> items, float gap, Random rng, PlannedItem? prefer, bool only = false)
    {
        var candidates = new List<(PlannedItem Upper, PlannedItem Lower, List<Cell> Blocks)>();
        foreach (var upper in items.Where(i => i.Kind == ItemKind.Article && i.Role is ArticleRole.Normal or ArticleRole.Lead && !i.RuleBetweenBlocks))
        {
            foreach (var lower in items.Where(i => i.Kind == ItemKind.Article && i.Role == ArticleRole.Normal && i.Blocks.Count == 1 && i != upper))
            {
                var a = upper.Blocks[^1];
                var b = lower.First;
                if (Math.Abs(b.Top - a.Bottom - gap) > Tolerance)
                {
                    continue;
                }

                var sharesEdge = b.Col == a.Col || b.End == a.End;
                if (b.Cols < a.Cols && b.Col >= a.Col && b.End <= a.End && sharesEdge)
                {
                    // L or staircase: the narrower block below rises into the gap to meet the one above.
                    candidates.Add((upper, lower, [.. upper.Blocks, b with { Top = a.Bottom }]));
                }
                else if (upper.Blocks.Count == 1 && a.Col == b.Col && a.End < b.End)
                {
                    // Inverted L: the narrow top block reaches down to the wider band below it.
                    candidates.Add((upper, lower, [a with { Bottom = b.Top }, b]));
                }
            }
        }

        if (candidates.Count == 0)
        {
            return null;
        }

        var preferred = candidates.Where(c => c.Upper == prefer).ToList();
        if (only && preferred.Count == 0)
        {
            return null;
        }

        var (up, low, blocks) = preferred.Count > 0 ? preferred[rng.Next(preferred.Count)] : candidates[rng.Next(candidates.Count)];
        var joined = up with { Blocks = blocks };
        items[items.IndexOf(up)] = joined;
        items.Remove(low);
        return joined;
    }

    /// <summary>Cuts a wide article's last column into a block of its own, with a rule between (as if it were a neighbour).</summary>
    private static void RuleOffLastColumn(List<PlannedItem> items, Random rng)
    {
        var wide = items.Where(i => i.Kind == ItemKind.Article && i.Role is ArticleRole.Normal or ArticleRole.Lead && i.Blocks.Count == 1 && i.First.Cols >= 3).ToList();
        if (wide.Count == 0)
        {
            return;
        }

        var item = wide[rng.Next(wide.Count)];
        var cell = item.First;
        items[items.IndexOf(item)] = item with { Blocks = [cell with { Cols = cell.Cols - 1 }, cell with { Col = cell.End - 1, Cols = 1 }], RuleBetweenBlocks = true };
    }

    private static bool MergeOneBeside(List<PlannedItem> items, Random rng)
    {
        var candidates = (
            from left in items
            where left.Kind == ItemKind.Article && left.Role is ArticleRole.Normal or ArticleRole.Lead && left.Blocks.Count == 1 && left.First.Cols >= 2
            from right in items
            where right.Kind == ItemKind.Article && right.Role == ArticleRole.Normal && right.Blocks.Count == 1
                && right.First.Cols <= Math.Min(2, left.First.Cols) && right.First.Col == left.First.End
                && Math.Abs(right.First.Top - left.First.Top) < Tolerance && Math.Abs(right.First.Bottom - left.First.Bottom) < Tolerance
            select (left, right)).ToList();
        if (candidates.Count == 0)
        {
            return false;
        }

        var narrowest = candidates.Min(c => c.right.First.Cols);
        var (l, r) = candidates.Where(c => c.right.First.Cols == narrowest).ElementAt(rng.Next(candidates.Count(c => c.right.First.Cols == narrowest)));
        items[items.IndexOf(l)] = l with { Blocks = [l.First, r.First], RuleBetweenBlocks = true };
        items.Remove(r);
        return true;
    }
}
