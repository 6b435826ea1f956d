using XuhuiEpaper.Core.Geometry;

namespace XuhuiEpaper.Core.Layout;

public sealed record RegionPainterOptions
{
    /// <summary>
    /// How far, in body sizes, a region reaches from its nearest element into the white space around it. Three
    /// quarters of an em is more than half a gutter, so neighbouring regions still meet in the gutter, while a small
    /// article (a headline over a few lines) keeps close to its print.
    /// </summary>
    public double MaxGrowth { get; init; } = 0.75;
    /// <summary>
    /// The grid holds at most this many cells. On dense pages (OCR layers with jittery word boxes) nearby edges are
    /// snapped together, so painting costs the page's area, not the square of its elements.
    /// </summary>
    public int MaxCells { get; init; } = 500_000;
    /// <summary>Edges of the grid closer than this (points) are taken as one: thinner cells carry no clickable area.</summary>
    public double MinSliver { get; init; } = 1.5;
}

/// <summary>
/// Turns each article's element boxes into a region that also covers the gutters and gaps between them.
/// The page is cut into a grid along every element edge; a cell inside an element belongs to its article;
/// empty cells between two cells of the same article, along a row or a column, join that article. Cells
/// have one owner, so regions never overlap. Then regions grow into the white space around them (the blank end
/// of a short column, the margin above a headline) until they meet a rule, another region or the edge of the
/// printed area, but no further than the growth limit from their elements: a reader who clicks there still means
/// that article, while the blank under a short article belongs to nobody. Every pass touches each cell a bounded
/// number of times.
/// </summary>
public sealed class RegionPainter(RegionPainterOptions options)
{
    public static RegionPainter Instance { get; } = new(new RegionPainterOptions());

    private const int Free = -1;
    private const int Wall = -2;

    /// <summary>A cell that starts right at the growth limit (within rounding) lies beyond it.</summary>
    private const double GrowthSlack = 1e-6;

    /// <param name="articles">Each article's ink: the boxes whose cells are its own (lines, photos, its frame).</param>
    /// <param name="outlines">
    /// Each article's parts as a reader sees them (blocks, photos, frame), or null to use the ink boxes: the growth
    /// limit cuts the grid around these, so a column of many lines costs a few cuts, not two a line.
    /// </param>
    public IReadOnlyList<IReadOnlyList<NormRect>> Paint(IReadOnlyList<IReadOnlyList<Box>> articles, PageInput page, double bodySize, IReadOnlyList<IReadOnlyList<Box>>? outlines = null)
    {
        ArgumentNullException.ThrowIfNull(articles);
        ArgumentNullException.ThrowIfNull(page);
        var maxGrowth = options.MaxGrowth * bodySize;
        var clamp = new Box(0, 0, page.Width, page.Height);
        Box[][] Clamp(IReadOnlyList<IReadOnlyList<Box>> lists) =>
            lists.Select(list => list.Select(b => b.Intersect(clamp)).Where(b => b.Width > 0 && b.Height > 0).ToArray()).ToArray();
        var boxes = Clamp(articles);
        var cuts = outlines is null ? boxes : Clamp(outlines);
        var rules = page.HorizontalRules.Concat(page.VerticalRules)
            .Select(b => Thicken(b, 1.25 * options.MinSliver).Intersect(clamp))
            .Where(b => b.Width > 0 && b.Height > 0)
            .ToArray();
        var grid = CellGrid.Build(boxes, cuts, rules, maxGrowth, options.MaxCells, options.MinSliver);

        // Smaller boxes first, so an element inside another article's frame keeps its own cells.
        foreach (var (box, k) in boxes.SelectMany((list, k) => list.Select(b => (b, k))).OrderBy(x => x.b.Area))
        {
            grid.Fill(box, k, onlyFree: true);
        }

        grid.FillRows();
        grid.FillColumns();
        grid.FillRows();
        foreach (var rule in rules)
        {
            grid.Fill(rule, Wall, onlyFree: true);
        }

        Grow(grid, cuts, maxGrowth, page);
        grid.FillPockets();
        grid.FillRows();
        grid.FillColumns();
        return grid.Rectangles(articles.Count, page);
    }

    /// <summary>
    /// A hairline rule (0.5 pt is the usual stroke) is thinner than a sliver: its two edges would snap into one and no
    /// cell would lie in it, so growth would cross it. Thickened about its centre line, it keeps a row of wall cells.
    /// </summary>
    private static Box Thicken(Box rule, double thickness)
    {
        var cx = (rule.Left + rule.Right) / 2;
        var cy = (rule.Top + rule.Bottom) / 2;
        return rule.Width >= rule.Height
            ? rule with { Top = Math.Min(rule.Top, cy - (thickness / 2)), Bottom = Math.Max(rule.Bottom, cy + (thickness / 2)) }
            : rule with { Left = Math.Min(rule.Left, cx - (thickness / 2)), Right = Math.Max(rule.Right, cx + (thickness / 2)) };
    }

    /// <summary>
    /// Free cells join the neighbouring region they share the longest edge with, front by front, while they stay
    /// within the growth limit of that region's elements; walls (rules) stop the growth.
    /// </summary>
    private static void Grow(CellGrid grid, Box[][] boxes, double maxGrowth, PageInput page)
    {
        var reach = new GridIndex<int>(new Box(0, 0, page.Width, page.Height), Math.Max(4 * maxGrowth, 8));
        for (var k = 0; k < boxes.Length; k++)
        {
            foreach (var box in boxes[k])
            {
                reach.Add(box.Inflate(maxGrowth), k);
            }
        }

        var frontier = new List<int>();
        for (var cell = 0; cell < grid.Owner.Length; cell++)
        {
            if (grid.Owner[cell] == Free && grid.HasOwnedNeighbour(cell))
            {
                frontier.Add(cell);
            }
        }

        var changes = new List<(int Cell, int Owner)>();
        var queued = new bool[grid.Owner.Length];
        Span<int> around = stackalloc int[4];
        while (frontier.Count > 0)
        {
            changes.Clear();
            foreach (var cell in frontier)
            {
                queued[cell] = false;
                if (grid.Owner[cell] != Free)
                {
                    continue;
                }

                var best = grid.LongestEdgeOwner(cell);
                if (best >= 0 && Within(grid.CellBox(cell), best, reach, maxGrowth))
                {
                    changes.Add((cell, best));
                }
            }

            frontier.Clear();
            foreach (var (cell, owner) in changes)
            {
                grid.Owner[cell] = owner;
            }

            foreach (var (cell, _) in changes)
            {
                var count = grid.Neighbours(cell, around);
                for (var n = 0; n < count; n++)
                {
                    var next = around[n];
                    if (grid.Owner[next] == Free && !queued[next])
                    {
                        queued[next] = true;
                        frontier.Add(next);
                    }
                }
            }
        }
    }

    private static bool Within(Box cell, int article, GridIndex<int> reach, double maxGrowth) =>
        reach.Any(cell, (inflated, k) => k == article && Distance(inflated.Inflate(-maxGrowth), cell) < maxGrowth - GrowthSlack);

    private static double Distance(Box a, Box b) =>
        Math.Max(Math.Max(0, Math.Max(a.Left - b.Right, b.Left - a.Right)), Math.Max(0, Math.Max(a.Top - b.Bottom, b.Top - a.Bottom)));

    /// <summary>The page cut along the elements' edges, each cell owned by an article, a wall, or free.</summary>
    private sealed class CellGrid
    {
        private CellGrid(double[] xs, double[] ys)
        {
            Xs = xs;
            Ys = ys;
            Columns = Math.Max(0, xs.Length - 1);
            Rows = Math.Max(0, ys.Length - 1);
            Owner = new int[Columns * Rows];
            Array.Fill(Owner, Free);
        }

        public double[] Xs { get; }
        public double[] Ys { get; }
        public int Columns { get; }
        public int Rows { get; }
        /// <summary>Row-major: cell (i, j) is at j * Columns + i.</summary>
        public int[] Owner { get; }

        public static CellGrid Build(Box[][] boxes, Box[][] cuts, Box[] rules, double maxGrowth, int maxCells, double minSliver)
        {
            var all = boxes.SelectMany(l => l).ToArray();
            var outline = cuts.SelectMany(l => l).ToArray();
            // The grid is also cut where growth must stop (maxGrowth out from every box): a cell is claimed whole, so a
            // coarse cell next to a short article would otherwise carry its region far into the white space below it.
            // Those cuts stay inside the printed area (what the elements and rules span), so regions keep off the margins.
            var printed = Box.Bounding(all.Concat(rules));
            var edges = all.Concat(rules).Concat(outline).Concat(outline.Select(b => b.Inflate(maxGrowth).Intersect(printed))).ToArray();
            // Edges closer than a sliver are one edge: a cell thinner than that carries no clickable area, and a region
            // must not lose one (a hole where a reader clicks) nor another region gain one.
            var xs = Snap(edges.SelectMany(b => new[] { b.Left, b.Right }).Distinct().Order().ToArray(), minSliver);
            var ys = Snap(edges.SelectMany(b => new[] { b.Top, b.Bottom }).Distinct().Order().ToArray(), minSliver);
            for (var quantum = 2 * minSliver; (long)xs.Length * ys.Length > maxCells; quantum *= 2)
            {
                xs = Snap(xs, quantum);
                ys = Snap(ys, quantum);
            }

            return new CellGrid(xs, ys);
        }

        /// <summary>Edges closer than the quantum become one: the first of a run stands for the rest.</summary>
        private static double[] Snap(double[] sorted, double quantum)
        {
            var kept = new List<double>(sorted.Length);
            foreach (var x in sorted)
            {
                if (kept.Count == 0 || x - kept[^1] >= quantum)
                {
                    kept.Add(x);
                }
            }

            return [.. kept];
        }

        /// <summary>The cells a box covers (those whose centre lies inside it).</summary>
        public void Fill(Box box, int owner, bool onlyFree)
        {
            var (i0, i1) = Range(Xs, box.Left, box.Right);
            var (j0, j1) = Range(Ys, box.Top, box.Bottom);
            for (var j = j0; j < j1; j++)
            {
                for (var i = i0; i < i1; i++)
                {
                    var cell = (j * Columns) + i;
                    if (!onlyFree || Owner[cell] == Free)
                    {
                        Owner[cell] = owner;
                    }
                }
            }
        }

        /// <summary>The cell indexes [from, to) whose centres lie within [low, high].</summary>
        private static (int From, int To) Range(double[] edges, double low, double high)
        {
            var cells = edges.Length - 1;
            int FirstCentre(double value, bool inclusive)
            {
                int lo = 0, hi = cells;
                while (lo < hi)
                {
                    var mid = (lo + hi) / 2;
                    var centre = (edges[mid] + edges[mid + 1]) / 2;
                    if (inclusive ? centre < value : centre <= value)
                    {
                        lo = mid + 1;
                    }
                    else
                    {
                        hi = mid;
                    }
                }

                return lo;
            }

            return (FirstCentre(low, inclusive: true), FirstCentre(high, inclusive: false));
        }

        public Box CellBox(int cell)
        {
            var i = cell % Columns;
            var j = cell / Columns;
            return new Box(Xs[i], Ys[j], Xs[i + 1], Ys[j + 1]);
        }

        public bool HasOwnedNeighbour(int cell)
        {
            var i = cell % Columns;
            return (i > 0 && Owner[cell - 1] >= 0) || (i < Columns - 1 && Owner[cell + 1] >= 0)
                || (cell >= Columns && Owner[cell - Columns] >= 0) || (cell + Columns < Owner.Length && Owner[cell + Columns] >= 0);
        }

        /// <summary>Fills <paramref name="into"/> with the up to four cells sharing an edge with this one; returns how many.</summary>
        public int Neighbours(int cell, Span<int> into)
        {
            var i = cell % Columns;
            var count = 0;
            if (i > 0) into[count++] = cell - 1;
            if (i < Columns - 1) into[count++] = cell + 1;
            if (cell >= Columns) into[count++] = cell - Columns;
            if (cell + Columns < Owner.Length) into[count++] = cell + Columns;
            return count;
        }

        /// <summary>The owner of the neighbouring cell that shares the longest edge with this one, or -1.</summary>
        public int LongestEdgeOwner(int cell)
        {
            var i = cell % Columns;
            var j = cell / Columns;
            var best = Free;
            var bestEdge = 0.0;
            void Consider(int other, double edge)
            {
                if (Owner[other] >= 0 && edge > bestEdge)
                {
                    best = Owner[other];
                    bestEdge = edge;
                }
            }

            var height = Ys[j + 1] - Ys[j];
            var width = Xs[i + 1] - Xs[i];
            if (i > 0) Consider(cell - 1, height);
            if (i < Columns - 1) Consider(cell + 1, height);
            if (j > 0) Consider(cell - Columns, width);
            if (j < Rows - 1) Consider(cell + Columns, width);
            return best;
        }

        public void FillRows()
        {
            for (var j = 0; j < Rows; j++)
            {
                var row = j * Columns;
                var last = -1;
                for (var i = 0; i < Columns; i++)
                {
                    var owner = Owner[row + i];
                    if (owner < 0)
                    {
                        continue;
                    }

                    if (last >= 0 && last < i - 1 && Owner[row + last] == owner)
                    {
                        Array.Fill(Owner, owner, row + last + 1, i - last - 1);
                    }

                    last = i;
                }
            }
        }

        public void FillColumns()
        {
            for (var i = 0; i < Columns; i++)
            {
                var last = -1;
                for (var j = 0; j < Rows; j++)
                {
                    var owner = Owner[(j * Columns) + i];
                    if (owner < 0)
                    {
                        continue;
                    }

                    if (last >= 0 && last < j - 1 && Owner[(last * Columns) + i] == owner)
                    {
                        for (var g = last + 1; g < j; g++)
                        {
                            Owner[(g * Columns) + i] = owner;
                        }
                    }

                    last = j;
                }
            }
        }

        /// <summary>
        /// White space that one region borders on two or more sides (more than any other region) belongs to it (the
        /// blank end of a short last column, beside the article's full columns); white space that a region only tops
        /// (the blank under a short article that fills its whole width) stays unclaimed.
        /// </summary>
        public void FillPockets()
        {
            var seen = new int[4][];
            for (var d = 0; d < 4; d++)
            {
                seen[d] = new int[Owner.Length];
            }

            for (var round = 0; round < 8; round++)
            {
                Look(seen);
                var changes = new List<(int, int)>();
                for (var cell = 0; cell < Owner.Length; cell++)
                {
                    if (Owner[cell] != Free)
                    {
                        continue;
                    }

                    var (owner, sides, runnerUp) = Majority(seen[0][cell], seen[1][cell], seen[2][cell], seen[3][cell]);
                    if (owner >= 0 && sides >= 2 && runnerUp < sides)
                    {
                        changes.Add((cell, owner));
                    }
                }

                if (changes.Count == 0)
                {
                    return;
                }

                foreach (var (cell, owner) in changes)
                {
                    Owner[cell] = owner;
                }
            }
        }

        private static (int Owner, int Sides, int RunnerUp) Majority(int a, int b, int c, int d)
        {
            Span<int> sides = [a, b, c, d];
            var best = Free;
            var bestCount = 0;
            var second = 0;
            for (var x = 0; x < 4; x++)
            {
                if (sides[x] < 0)
                {
                    continue;
                }

                var count = 0;
                for (var y = 0; y < 4; y++)
                {
                    count += sides[y] == sides[x] ? 1 : 0;
                }

                if (count > bestCount)
                {
                    if (best != sides[x])
                    {
                        second = bestCount;
                    }

                    best = sides[x];
                    bestCount = count;
                }
                else if (sides[x] != best)
                {
                    second = Math.Max(second, count);
                }
            }

            return (best, bestCount, second);
        }

        /// <summary>For every cell, the first owner met walking left, right, up and down over free cells (a wall or the edge: Wall).</summary>
        private void Look(int[][] seen)
        {
            for (var j = 0; j < Rows; j++)
            {
                var row = j * Columns;
                var carry = Wall;
                for (var i = 0; i < Columns; i++)
                {
                    seen[0][row + i] = carry;
                    carry = Owner[row + i] == Free ? carry : Owner[row + i];
                }

                carry = Wall;
                for (var i = Columns - 1; i >= 0; i--)
                {
                    seen[1][row + i] = carry;
                    carry = Owner[row + i] == Free ? carry : Owner[row + i];
                }
            }

            for (var i = 0; i < Columns; i++)
            {
                var carry = Wall;
                for (var j = 0; j < Rows; j++)
                {
                    var cell = (j * Columns) + i;
                    seen[2][cell] = carry;
                    carry = Owner[cell] == Free ? carry : Owner[cell];
                }

                carry = Wall;
                for (var j = Rows - 1; j >= 0; j--)
                {
                    var cell = (j * Columns) + i;
                    seen[3][cell] = carry;
                    carry = Owner[cell] == Free ? carry : Owner[cell];
                }
            }
        }

        /// <summary>Runs of cells along each row, stacked into rectangles while the next row has the same run.</summary>
        public List<NormRect>[] Rectangles(int count, PageInput page)
        {
            var result = new List<NormRect>[count];
            for (var k = 0; k < count; k++)
            {
                result[k] = [];
            }

            var open = new Dictionary<(int K, int I0, int I1), int>();
            var runs = new HashSet<(int K, int I0, int I1)>();
            for (var j = 0; j <= Rows; j++)
            {
                runs.Clear();
                if (j < Rows)
                {
                    var i = 0;
                    while (i < Columns)
                    {
                        var k = Owner[(j * Columns) + i];
                        var start = i;
                        while (i < Columns && Owner[(j * Columns) + i] == k)
                        {
                            i++;
                        }

                        if (k >= 0)
                        {
                            runs.Add((k, start, i));
                        }
                    }
                }

                foreach (var run in open.Keys.Where(r => !runs.Contains(r)).ToArray())
                {
                    var rect = new Box(Xs[run.I0], Ys[open[run]], Xs[run.I1], Ys[j]);
                    if (rect.Width > 0 && rect.Height > 0)
                    {
                        result[run.K].Add(rect.Normalize(page.Width, page.Height));
                    }

                    open.Remove(run);
                }

                foreach (var run in runs)
                {
                    open.TryAdd(run, j);
                }
            }

            return result;
        }
    }
}
