using XuhuiEpaper.Samples.Families.Style;

namespace XuhuiEpaper.Samples.Families.Planning;

/// <summary>
/// Cuts a page's content area into item regions, as a make-up editor works: an advertisement at the foot, a stack
/// of briefs down one side, the lead across the top (perhaps with a narrow item beside it), and the rest cut
/// recursively along column lines and across. Neighbouring articles are then merged into L-shaped or stepped ones.
/// </summary>
public sealed class PagePlanner(ColumnGrid grid, IssueStyle style, Random rng)
{
    /// <summary>The most items a page carries (a page of briefs).</summary>
    public const int MaxItems = 15;

    private readonly List<PlannedItem> items = [];
    private readonly List<Cell> leaves = [];

    private float Gap => grid.ItemGap;

    /// <summary>Room for a two-line headline and seven lines of text.</summary>
    public float MinArticleHeight => (style.BodySize * 4.5f) + (style.Leading * 7);

    private float MinBriefHeight => (style.BodySize * 2f) + (style.Leading * 4);

    public List<PlannedItem> Plan(PageRecipe recipe)
    {
        items.Clear();
        leaves.Clear();
        var all = new Cell(0, grid.Columns, grid.Top, grid.Bottom);
        if (recipe == PageRecipe.Feature)
        {
            return [new PlannedItem(ItemKind.Article, ArticleRole.Feature, [all])];
        }

        var briefs = recipe == PageRecipe.Briefs ? rng.Next(4, 9) : 0;
        var others = recipe switch
        {
            PageRecipe.Sparse => rng.Next(2, 4),
            PageRecipe.Standard => rng.Next(4, 9),
            _ => rng.Next(4, 8),
        };
        var main = all;
        if (others >= 3 && rng.NextDouble() < style.Family.Ads)
        {
            main = CarveAdvertisement(main, ref others);
        }

        Cell? strip = null;
        var stripCols = main.Cols >= 5 && rng.NextDouble() < 0.4 ? 2 : 1;
        var stripLeft = rng.NextDouble() < 0.5;
        var stripBelowLead = rng.NextDouble() < 0.45;
        if (briefs > 0 && !stripBelowLead)
        {
            strip = Edge(main, stripCols, stripLeft);
            main = Beside(main, stripCols, stripLeft);
        }

        var rest = CarveLead(main, recipe, ref others);
        if (briefs > 0 && stripBelowLead && rest is { } below && below.Cols > stripCols + 1)
        {
            strip = Edge(below, stripCols, stripLeft);
            rest = Beside(below, stripCols, stripLeft);
        }
        else if (briefs > 0 && stripBelowLead)
        {
            // Nothing below the lead: the briefs run down beside it instead.
            var lead = items.Last(i => i.Role == ArticleRole.Lead);
            if (lead.First.Cols > stripCols + 1)
            {
                strip = Edge(lead.First, stripCols, stripLeft);
                items[items.IndexOf(lead)] = lead with { Blocks = [Beside(lead.First, stripCols, stripLeft)] };
            }
        }

        if (rest is { } r && others >= 3 && r.Cols >= 4 && r.Height >= 3.2f * MinArticleHeight && rng.NextDouble() < 0.22)
        {
            CarveStaircase(r, ref others);
        }
        else if (rest is { } region)
        {
            Split(region, Math.Max(1, others));
        }

        AssignKinds(recipe);
        if (strip is { } s)
        {
            StackBriefs(s, Math.Clamp(MaxItems - items.Count, 1, briefs));
        }

        ShapeMerger.Merge(items, grid, style, rng);
        ShapeMerger.KeepAtMost(items, MaxItems, grid.ItemGap);
        return [.. items.OrderBy(i => i.First.Top).ThenBy(i => i.First.Col)];
    }

    private Cell CarveAdvertisement(Cell main, ref int others)
    {
        var height = Math.Clamp(main.Height * new Between(0.13f, 0.24f).Pick(rng), style.Leading * 9, main.Height * 0.28f);
        var top = main.Bottom - height;
        others--;
        if (main.Cols <= 3 || rng.NextDouble() < 0.4)
        {
            items.Add(new PlannedItem(ItemKind.Advertisement, ArticleRole.Normal, [main with { Top = top }]));
        }
        else
        {
            var cols = rng.Next(Math.Max(2, (main.Cols + 2) / 3), main.Cols);
            var left = rng.NextDouble() < 0.5;
            var band = main with { Top = top };
            items.Add(new PlannedItem(ItemKind.Advertisement, ArticleRole.Normal, [Edge(band, cols, left)]));
            var neighbour = Beside(band, cols, left);
            var count = neighbour.Cols >= 4 && others >= 4 ? 2 : 1;
            Split(neighbour, count);
            others -= count;
        }

        return main with { Bottom = top - Gap };
    }

    /// <summary>Places the lead at the top of <paramref name="main"/>; returns what is left below it.</summary>
    private Cell? CarveLead(Cell main, PageRecipe recipe, ref int others)
    {
        var fraction = recipe == PageRecipe.Sparse ? new Between(0.5f, 0.7f) : new Between(0.3f, 0.5f);
        var height = Math.Max(MinArticleHeight * 1.8f, main.Height * fraction.Pick(rng));
        Cell? rest = null;
        if (others > 1 && main.Height - height - Gap >= MinArticleHeight)
        {
            rest = main with { Top = main.Top + height + Gap };
        }
        else
        {
            height = main.Height;
        }

        var lead = main with { Bottom = main.Top + height };
        others--;
        if (main.Cols >= 4 && others >= 2 && rng.NextDouble() < 0.45)
        {
            var sideCols = main.Cols >= 6 && rng.NextDouble() < 0.5 ? 2 : 1;
            var sideLeft = rng.NextDouble() < 0.3;
            var side = Edge(lead, sideCols, sideLeft);
            lead = Beside(lead, sideCols, sideLeft);
            var count = others >= 3 && side.Height >= (2 * MinArticleHeight) + Gap && rng.NextDouble() < 0.5 ? 2 : 1;
            Split(side, count);
            others -= count;
        }

        items.Add(new PlannedItem(ItemKind.Article, ArticleRole.Lead, [lead]));
        return rest;
    }

    /// <summary>
    /// A stepped article: full width at the top of the region, then narrower, then narrower still, each step down
    /// leaving columns to an item that stands beside the steps below it.
    /// </summary>
    private void CarveStaircase(Cell region, ref int others)
    {
        var stepOne = rng.Next(1, Math.Max(2, (region.Cols - 1) / 2) + 1);
        var stepTwo = rng.Next(1, Math.Max(2, (region.Cols - stepOne) / 2) + 1);
        var middle = region.Cols - stepOne;
        var bottom = middle - stepTwo;
        var keepLeft = rng.NextDouble() < 0.5;
        var y1 = region.Top + Math.Max(MinArticleHeight * 0.8f, region.Height * new Between(0.22f, 0.32f).Pick(rng));
        var y2 = y1 + Math.Max(MinArticleHeight * 0.6f, region.Height * new Between(0.22f, 0.3f).Pick(rng));
        if (bottom < 1 || region.Bottom - y2 - Gap < MinArticleHeight)
        {
            Split(region, Math.Max(1, others));
            return;
        }

        Cell Step(int cols, float top, float bottomEdge) =>
            new(keepLeft ? region.Col : region.End - cols, cols, top, bottomEdge);

        items.Add(new PlannedItem(ItemKind.Article, ArticleRole.Normal, [Step(region.Cols, region.Top, y1), Step(middle, y1, y2), Step(bottom, y2, region.Bottom)]));
        others--;
        var besideMiddle = new Cell(keepLeft ? region.Col + middle : region.Col, stepOne, y1 + Gap, region.Bottom);
        var besideBottom = new Cell(keepLeft ? region.Col + bottom : region.Col + stepOne, stepTwo, y2 + Gap, region.Bottom);
        var count = others >= 3 && besideMiddle.Height >= (2 * MinArticleHeight) + Gap ? 2 : 1;
        Split(besideMiddle, count);
        Split(besideBottom, Math.Max(1, others - count));
        others -= count + 1;
    }

    /// <summary>Guillotine cuts: along column lines when the region is wide, across when it is tall.</summary>
    private void Split(Cell region, int count)
    {
        count = Math.Min(count, Capacity(region));
        var canCutAcross = region.Height >= (2 * MinArticleHeight) + Gap;
        var canCutDown = region.Cols >= 2;
        if (count <= 1 || (!canCutAcross && !canCutDown))
        {
            leaves.Add(region);
            return;
        }

        var widthPt = grid.Width(region.Cols);
        var down = canCutDown && (!canCutAcross || rng.NextDouble() < widthPt / (widthPt + region.Height));
        var parts = down ? SplitColumns(region, count >= 3 && region.Cols >= 3 && rng.NextDouble() < 0.35 ? 3 : 2) : SplitRows(region, count);
        var shares = Distribute(parts, count);
        for (var i = 0; i < parts.Count; i++)
        {
            Split(parts[i], shares[i]);
        }
    }

    private int Capacity(Cell region) =>
        Math.Max(1, region.Cols * (int)((region.Height + Gap) / (MinArticleHeight + Gap)));

    private List<Cell> SplitColumns(Cell region, int parts)
    {
        var minimum = region.Cols >= parts * 2 ? 2 : 1;
        var spans = Enumerable.Repeat(minimum, parts).ToList();
        for (var left = region.Cols - (minimum * parts); left > 0; left--)
        {
            spans[rng.Next(parts)]++;
        }

        var cells = new List<Cell>();
        var col = region.Col;
        foreach (var span in spans)
        {
            cells.Add(region with { Col = col, Cols = span });
            col += span;
        }

        return cells;
    }

    private List<Cell> SplitRows(Cell region, int count)
    {
        var parts = count >= 3 && region.Height >= (3 * MinArticleHeight) + (2 * Gap) && rng.NextDouble() < 0.3 ? 3 : 2;
        var room = region.Height - ((parts - 1) * Gap) - (parts * MinArticleHeight);
        var weights = Enumerable.Range(0, parts).Select(_ => 0.4 + rng.NextDouble()).ToList();
        var cells = new List<Cell>();
        var top = region.Top;
        for (var i = 0; i < parts; i++)
        {
            var height = i == parts - 1 ? region.Bottom - top : MinArticleHeight + (float)(room * weights[i] / weights.Sum());
            cells.Add(region with { Top = top, Bottom = top + height });
            top += height + Gap;
        }

        return cells;
    }

    /// <summary>Shares <paramref name="count"/> items among the parts by area, at least one each.</summary>
    private List<int> Distribute(List<Cell> parts, int count)
    {
        var areas = parts.Select(p => p.Cols * p.Height).ToList();
        var shares = parts.Select(_ => 1).ToList();
        for (var left = count - parts.Count; left > 0; left--)
        {
            var best = Enumerable.Range(0, parts.Count)
                .Where(i => shares[i] < Capacity(parts[i]))
                .OrderByDescending(i => areas[i] / shares[i] * (0.8 + (0.4 * rng.NextDouble())))
                .DefaultIfEmpty(-1).First();
            if (best < 0)
            {
                break;
            }

            shares[best]++;
        }

        return shares;
    }

    private void StackBriefs(Cell strip, int count)
    {
        var stacks = strip.Cols == 2 && rng.NextDouble() < 0.5
            ? [strip with { Cols = 1 }, strip with { Col = strip.Col + 1, Cols = 1 }]
            : new List<Cell> { strip };
        var perStack = Math.Max(1, (count + stacks.Count - 1) / stacks.Count);
        foreach (var stack in stacks)
        {
            var fit = (int)((stack.Height + Gap) / ((MinBriefHeight * 1.4f) + Gap));
            var n = Math.Max(1, Math.Min(perStack, fit));
            var weights = Enumerable.Range(0, n).Select(_ => 0.7 + (0.6 * rng.NextDouble())).ToList();
            var room = stack.Height - ((n - 1) * Gap);
            var top = stack.Top;
            for (var i = 0; i < n; i++)
            {
                var height = i == n - 1 ? stack.Bottom - top : (float)(room * weights[i] / weights.Sum());
                items.Add(new PlannedItem(ItemKind.Article, ArticleRole.Brief, [stack with { Top = top, Bottom = top + height }]));
                top += height + Gap;
            }
        }
    }

    /// <summary>Turns general leaves into a stand-alone photo, a notice and articles.</summary>
    private void AssignKinds(PageRecipe recipe)
    {
        var pool = leaves.ToList();
        var photoChance = recipe == PageRecipe.Sparse ? 0.35 : 0.55;
        // Prefer a leaf of at most half the page's columns: a photo wider than that would dwarf the text.
        var photoLeaf = pool.Where(c => (c.Cols >= 2 || c.Height > grid.ColumnWidth * 1.3f) && c.Height - (style.CaptionSize * 5) > grid.Width(c.Cols) * 0.25f)
            .OrderBy(c => c.Cols > Math.Max(2, grid.Columns / 2)).ThenBy(_ => rng.Next()).FirstOrDefault();
        if (pool.Count >= 2 && photoLeaf != default && rng.NextDouble() < photoChance)
        {
            pool.Remove(photoLeaf);
            var photoHeight = (grid.Width(photoLeaf.Cols) * new Between(0.5f, 0.8f).Pick(rng)) + (style.CaptionSize * 6);
            if (photoLeaf.Height - photoHeight - Gap >= MinArticleHeight && photoLeaf.Height > photoHeight * 1.6f)
            {
                // A tall leaf would stretch the photo: the photo takes what it needs and an article the rest.
                var photoOnTop = rng.NextDouble() < 0.5;
                var photoCell = photoOnTop ? photoLeaf with { Bottom = photoLeaf.Top + photoHeight } : photoLeaf with { Top = photoLeaf.Bottom - photoHeight };
                pool.Add(photoOnTop ? photoLeaf with { Top = photoCell.Bottom + Gap } : photoLeaf with { Bottom = photoCell.Top - Gap });
                photoLeaf = photoCell;
            }

            items.Add(new PlannedItem(ItemKind.Photo, ArticleRole.Normal, [photoLeaf]));
        }

        var noticeLeaf = pool.Where(c => c.Cols <= 3 && c.Height >= MinArticleHeight).OrderBy(_ => rng.Next()).FirstOrDefault();
        if (pool.Count >= 2 && noticeLeaf != default && rng.NextDouble() < 0.35)
        {
            pool.Remove(noticeLeaf);
            items.Add(new PlannedItem(ItemKind.Notice, ArticleRole.Normal, [noticeLeaf]));
        }

        items.AddRange(pool.Select(c => new PlannedItem(ItemKind.Article, ArticleRole.Normal, [c])));
    }

    private static Cell Edge(Cell region, int cols, bool left) =>
        region with { Col = left ? region.Col : region.End - cols, Cols = cols };

    private static Cell Beside(Cell region, int cols, bool left) =>
        region with { Col = left ? region.Col + cols : region.Col, Cols = region.Cols - cols };
}
