using XuhuiEpaper.Core.Geometry;

namespace XuhuiEpaper.Core.Layout;

/// <summary>
/// Turns each article's element boxes into a region that also covers the gutters and gaps between them.
/// The page is cut into a grid along every element edge; a cell inside an element belongs to its article;
/// empty cells between two cells of the same article, along a row or a column, join that article. Cells
/// have one owner, so regions never overlap. Then regions grow into the white space around them (the blank end
/// of a short column, the margin above a headline) until they meet a rule, another region or the edge of the
/// printed area, but no further than maxGrowth from their elements: a reader who clicks there still means that
/// article, while the blank under a short article belongs to nobody.
/// </summary>
public static class RegionPainter
{
    /// <param name="maxGrowth">How far (points) a region may grow from its elements into white space.</param>
    public static IReadOnlyList<IReadOnlyList<NormRect>> Paint(IReadOnlyList<IReadOnlyList<Box>> articles, PageInput page, double maxGrowth)
    {
        ArgumentNullException.ThrowIfNull(articles);
        ArgumentNullException.ThrowIfNull(page);
        var clamp = new Box(0, 0, page.Width, page.Height);
        var boxes = articles.Select(list => list.Select(b => b.Intersect(clamp)).Where(b => b.Width > 0 && b.Height > 0).ToArray()).ToArray();
        var rules = page.HorizontalRules.Concat(page.VerticalRules).Select(b => b.Intersect(clamp)).Where(b => b.Width > 0 && b.Height > 0).ToArray();
        // The grid is also cut where growth must stop (maxGrowth out from every box): a cell is claimed whole, so a
        // coarse cell next to a short article would otherwise carry its region far into the white space below it.
        // Those cuts stay inside the printed area (what the elements and rules span), so regions keep off the margins.
        var printed = Box.Bounding(boxes.SelectMany(l => l).Concat(rules));
        var edges = boxes.SelectMany(l => l).Concat(rules).Concat(boxes.SelectMany(l => l).Select(b => b.Inflate(maxGrowth).Intersect(printed))).ToArray();
        var xs = edges.SelectMany(b => new[] { b.Left, b.Right }).Distinct().Order().ToArray();
        var ys = edges.SelectMany(b => new[] { b.Top, b.Bottom }).Distinct().Order().ToArray();
        var columns = Math.Max(0, xs.Length - 1);
        var rows = Math.Max(0, ys.Length - 1);
        var owner = new int[columns, rows];
        for (var i = 0; i < columns; i++)
        {
            for (var j = 0; j < rows; j++)
            {
                owner[i, j] = -1;
            }
        }

        // Smaller boxes first, so an element inside another article's frame keeps its own cells.
        foreach (var (box, k) in boxes.SelectMany((list, k) => list.Select(b => (b, k))).OrderBy(x => x.b.Area))
        {
            var i0 = Array.BinarySearch(xs, box.Left);
            var i1 = Array.BinarySearch(xs, box.Right);
            var j0 = Array.BinarySearch(ys, box.Top);
            var j1 = Array.BinarySearch(ys, box.Bottom);
            for (var i = i0; i < i1; i++)
            {
                for (var j = j0; j < j1; j++)
                {
                    if (owner[i, j] < 0)
                    {
                        owner[i, j] = k;
                    }
                }
            }
        }

        FillRows(owner, columns, rows);
        FillColumns(owner, columns, rows);
        FillRows(owner, columns, rows);

        foreach (var rule in rules)
        {
            var i0 = Array.BinarySearch(xs, rule.Left);
            var i1 = Array.BinarySearch(xs, rule.Right);
            var j0 = Array.BinarySearch(ys, rule.Top);
            var j1 = Array.BinarySearch(ys, rule.Bottom);
            for (var i = i0; i < i1; i++)
            {
                for (var j = j0; j < j1; j++)
                {
                    if (owner[i, j] == Free)
                    {
                        owner[i, j] = Rule;
                    }
                }
            }
        }

        Grow(owner, xs, ys, boxes, maxGrowth);
        FillPockets(owner, columns, rows);
        FillRows(owner, columns, rows);
        FillColumns(owner, columns, rows);

        var result = new List<NormRect>[articles.Count];
        for (var k = 0; k < result.Length; k++)
        {
            result[k] = [];
        }

        // Runs of cells along each row, stacked into rectangles while the next row has the same run.
        var open = new Dictionary<(int K, int I0, int I1), int>();
        var startRow = new Dictionary<(int K, int I0, int I1), int>();
        for (var j = 0; j <= rows; j++)
        {
            var runs = new HashSet<(int, int, int)>();
            if (j < rows)
            {
                var i = 0;
                while (i < columns)
                {
                    var k = owner[i, j];
                    var start = i;
                    while (i < columns && owner[i, j] == k)
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
                var top = startRow[run];
                var rect = new Box(xs[run.I0], ys[top], xs[run.I1], ys[j]);
                if (rect.Width >= MinSliver && rect.Height >= MinSliver)
                {
                    result[run.K].Add(rect.Normalize(page.Width, page.Height));
                }

                open.Remove(run);
                startRow.Remove(run);
            }

            foreach (var run in runs.Where(r => !open.ContainsKey(r)))
            {
                open[run] = j;
                startRow[run] = j;
            }
        }

        return result;
    }

    /// <summary>Cells thinner than this (points) come from nearly equal edges; they carry no clickable area.</summary>
    private const double MinSliver = 1.5;

    /// <summary>A cell that starts right at the growth limit (within rounding) lies beyond it.</summary>
    private const double GrowthSlack = 1e-6;

    private const int Free = -1;
    private const int Rule = -2;

    /// <summary>Free cells join the neighbouring region they share the longest edge with, round by round; rules stop the growth.</summary>
    private static double Distance(Box a, Box b) =>
        Math.Max(Math.Max(0, Math.Max(a.Left - b.Right, b.Left - a.Right)), Math.Max(0, Math.Max(a.Top - b.Bottom, b.Top - a.Bottom)));

    private static void Grow(int[,] owner, double[] xs, double[] ys, Box[][] boxes, double maxGrowth)
    {
        var columns = xs.Length - 1;
        var rows = ys.Length - 1;
        var changes = new List<(int I, int J, int K)>();
        for (var round = 0; round < columns + rows; round++)
        {
            changes.Clear();
            for (var i = 0; i < columns; i++)
            {
                for (var j = 0; j < rows; j++)
                {
                    if (owner[i, j] != Free)
                    {
                        continue;
                    }

                    var best = Free;
                    var bestEdge = 0.0;
                    void Consider(int ni, int nj, double edge)
                    {
                        if (ni >= 0 && nj >= 0 && ni < columns && nj < rows && owner[ni, nj] >= 0 && edge > bestEdge)
                        {
                            best = owner[ni, nj];
                            bestEdge = edge;
                        }
                    }

                    Consider(i - 1, j, ys[j + 1] - ys[j]);
                    Consider(i + 1, j, ys[j + 1] - ys[j]);
                    Consider(i, j - 1, xs[i + 1] - xs[i]);
                    Consider(i, j + 1, xs[i + 1] - xs[i]);
                    if (best >= 0 && boxes[best].Any(b => Distance(b, new Box(xs[i], ys[j], xs[i + 1], ys[j + 1])) < maxGrowth - GrowthSlack))
                    {
                        changes.Add((i, j, best));
                    }
                }
            }

            if (changes.Count == 0)
            {
                return;
            }

            foreach (var (i, j, k) in changes)
            {
                owner[i, j] = k;
            }
        }
    }

    /// <summary>
    /// White space that one region borders on two or more sides (more than any other region) (the blank end of a short last column, beside
    /// the article's full columns) belongs to it; white space that a region only tops (the blank under a short
    /// article that fills its whole width) stays unclaimed.
    /// </summary>
    private static void FillPockets(int[,] owner, int columns, int rows)
    {
        bool changed;
        var rounds = 0;
        do
        {
            changed = false;
            for (var i = 0; i < columns; i++)
            {
                for (var j = 0; j < rows; j++)
                {
                    if (owner[i, j] != Free)
                    {
                        continue;
                    }

                    var sides = new[] { Look(owner, i, j, -1, 0, columns, rows), Look(owner, i, j, 1, 0, columns, rows), Look(owner, i, j, 0, -1, columns, rows), Look(owner, i, j, 0, 1, columns, rows) };
                    var counts = sides.Where(k => k >= 0).GroupBy(k => k).Select(g => (Owner: g.Key, Sides: g.Count())).OrderByDescending(g => g.Sides).ToArray();
                    if (counts.Length > 0 && counts[0].Sides >= 2 && (counts.Length == 1 || counts[1].Sides < counts[0].Sides))
                    {
                        owner[i, j] = counts[0].Owner;
                        changed = true;
                    }
                }
            }
        }
        while (changed && ++rounds < 8);
    }

    /// <summary>The first owner met walking from a cell in one direction over free cells; a rule or the page edge is a wall (-2).</summary>
    private static int Look(int[,] owner, int i, int j, int di, int dj, int columns, int rows)
    {
        for (i += di, j += dj; i >= 0 && j >= 0 && i < columns && j < rows; i += di, j += dj)
        {
            if (owner[i, j] != Free)
            {
                return owner[i, j];
            }
        }

        return Rule;
    }

    private static void FillRows(int[,] owner, int columns, int rows)
    {
        for (var j = 0; j < rows; j++)
        {
            var last = -1;
            for (var i = 0; i < columns; i++)
            {
                if (owner[i, j] < 0)
                {
                    continue;
                }

                if (last >= 0 && last < i - 1 && owner[last, j] == owner[i, j])
                {
                    for (var g = last + 1; g < i; g++)
                    {
                        owner[g, j] = owner[i, j];
                    }
                }

                last = i;
            }
        }
    }

    private static void FillColumns(int[,] owner, int columns, int rows)
    {
        for (var i = 0; i < columns; i++)
        {
            var last = -1;
            for (var j = 0; j < rows; j++)
            {
                if (owner[i, j] < 0)
                {
                    continue;
                }

                if (last >= 0 && last < j - 1 && owner[i, last] == owner[i, j])
                {
                    for (var g = last + 1; g < j; g++)
                    {
                        owner[i, g] = owner[i, j];
                    }
                }

                last = j;
            }
        }
    }
}
