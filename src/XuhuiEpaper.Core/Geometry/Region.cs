namespace XuhuiEpaper.Core.Geometry;

/// <summary>
/// A rectilinear region: the union of axis-aligned rectangles in normalized page coordinates.
/// Articles on a printed page are rarely rectangles (an L around a photo, a step where a headline
/// spans more columns than the body), so every region is a set of rectangles.
/// </summary>
public sealed class Region
{
    public Region(IEnumerable<NormRect> rects)
    {
        ArgumentNullException.ThrowIfNull(rects);
        Rects = rects.Where(r => !r.IsEmpty).ToArray();
        Bounds = Rects.Aggregate(default(NormRect), (acc, r) => acc.Union(r));
    }

    public IReadOnlyList<NormRect> Rects { get; }
    public NormRect Bounds { get; }
    public bool IsEmpty => Rects.Count == 0;

    /// <summary>The area covered, counting overlaps once.</summary>
    public double Area => UnionArea(Rects);

    public bool Contains(double x, double y) => Bounds.Contains(x, y) && Rects.Any(r => r.Contains(x, y));

    public double IntersectionArea(Region other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (Bounds.Intersect(other.Bounds).IsEmpty)
        {
            return 0;
        }

        var pieces = new List<NormRect>();
        foreach (var a in Rects)
        {
            foreach (var b in other.Rects)
            {
                var piece = a.Intersect(b);
                if (!piece.IsEmpty)
                {
                    pieces.Add(piece);
                }
            }
        }

        return UnionArea(pieces);
    }

    /// <summary>Intersection over union, 0 when either region is empty.</summary>
    public double IoU(Region other)
    {
        var intersection = IntersectionArea(other);
        var union = Area + other.Area - intersection;
        return union <= 0 ? 0 : intersection / union;
    }

    /// <summary>
    /// The outline of the region as closed rings of corner points (clockwise on screen, first point
    /// not repeated), largest ring first. A connected region without holes has exactly one ring.
    /// </summary>
    public IReadOnlyList<IReadOnlyList<(double X, double Y)>> Outline() => RectilinearOutline.Trace(Rects);

    /// <summary>Area of a union of rectangles by coordinate compression: exact, and fast for the few rectangles of a region.</summary>
    public static double UnionArea(IReadOnlyList<NormRect> rects)
    {
        ArgumentNullException.ThrowIfNull(rects);
        if (rects.Count == 0)
        {
            return 0;
        }

        if (rects.Count == 1)
        {
            return rects[0].Area;
        }

        var grid = CellGrid.Build(rects);
        var area = 0.0;
        for (var i = 0; i < grid.Columns; i++)
        {
            for (var j = 0; j < grid.Rows; j++)
            {
                if (grid.Filled[i, j])
                {
                    area += (grid.Xs[i + 1] - grid.Xs[i]) * (grid.Ys[j + 1] - grid.Ys[j]);
                }
            }
        }

        return area;
    }
}

/// <summary>The rectangles' edges cut the plane into cells; a cell is filled when a rectangle covers it.</summary>
internal sealed class CellGrid
{
    private CellGrid(double[] xs, double[] ys, bool[,] filled) => (Xs, Ys, Filled) = (xs, ys, filled);

    public double[] Xs { get; }
    public double[] Ys { get; }
    public bool[,] Filled { get; }
    public int Columns => Xs.Length - 1;
    public int Rows => Ys.Length - 1;

    public bool IsFilled(int i, int j) => i >= 0 && j >= 0 && i < Columns && j < Rows && Filled[i, j];

    public static CellGrid Build(IReadOnlyList<NormRect> rects)
    {
        var xs = rects.SelectMany(r => new[] { r.X, r.Right }).Distinct().Order().ToArray();
        var ys = rects.SelectMany(r => new[] { r.Y, r.Bottom }).Distinct().Order().ToArray();
        var filled = new bool[Math.Max(0, xs.Length - 1), Math.Max(0, ys.Length - 1)];
        foreach (var r in rects)
        {
            var i0 = Array.BinarySearch(xs, r.X);
            var i1 = Array.BinarySearch(xs, r.Right);
            var j0 = Array.BinarySearch(ys, r.Y);
            var j1 = Array.BinarySearch(ys, r.Bottom);
            for (var i = i0; i < i1; i++)
            {
                for (var j = j0; j < j1; j++)
                {
                    filled[i, j] = true;
                }
            }
        }

        return new CellGrid(xs, ys, filled);
    }
}

/// <summary>Traces the boundary of a union of rectangles into rings of corner points.</summary>
internal static class RectilinearOutline
{
    public static IReadOnlyList<IReadOnlyList<(double X, double Y)>> Trace(IReadOnlyList<NormRect> rects)
    {
        if (rects.Count == 0)
        {
            return [];
        }

        var grid = CellGrid.Build(rects);

        // Directed boundary edges between grid points, clockwise on screen (y down): the filled cell is
        // always on the right-hand side of its edge, so rings close consistently.
        var next = new Dictionary<(int, int), List<(int, int)>>();
        void Edge((int, int) from, (int, int) to)
        {
            if (!next.TryGetValue(from, out var list))
            {
                next[from] = list = [];
            }

            list.Add(to);
        }

        for (var i = 0; i < grid.Columns; i++)
        {
            for (var j = 0; j < grid.Rows; j++)
            {
                if (!grid.Filled[i, j])
                {
                    continue;
                }

                if (!grid.IsFilled(i, j - 1)) Edge((i, j), (i + 1, j));
                if (!grid.IsFilled(i + 1, j)) Edge((i + 1, j), (i + 1, j + 1));
                if (!grid.IsFilled(i, j + 1)) Edge((i + 1, j + 1), (i, j + 1));
                if (!grid.IsFilled(i - 1, j)) Edge((i, j + 1), (i, j));
            }
        }

        var rings = new List<IReadOnlyList<(double X, double Y)>>();
        while (next.Count > 0)
        {
            var start = next.Keys.Min();
            var ring = new List<(int, int)>();
            var at = start;
            do
            {
                ring.Add(at);
                var outgoing = next[at];
                var to = outgoing[^1];
                outgoing.RemoveAt(outgoing.Count - 1);
                if (outgoing.Count == 0)
                {
                    next.Remove(at);
                }

                at = to;
            }
            while (at != start && next.ContainsKey(at));

            rings.Add(DropCollinear(ring).Select(p => (grid.Xs[p.Item1], grid.Ys[p.Item2])).ToArray());
        }

        return rings.OrderByDescending(r => Math.Abs(SignedArea(r))).ToArray();
    }

    private static List<(int, int)> DropCollinear(List<(int, int)> ring)
    {
        var corners = new List<(int, int)>();
        for (var k = 0; k < ring.Count; k++)
        {
            var prev = ring[(k + ring.Count - 1) % ring.Count];
            var here = ring[k];
            var after = ring[(k + 1) % ring.Count];
            var straight = (prev.Item1 == here.Item1 && here.Item1 == after.Item1) || (prev.Item2 == here.Item2 && here.Item2 == after.Item2);
            if (!straight)
            {
                corners.Add(here);
            }
        }

        return corners;
    }

    private static double SignedArea(IReadOnlyList<(double X, double Y)> ring)
    {
        var sum = 0.0;
        for (var k = 0; k < ring.Count; k++)
        {
            var (x1, y1) = ring[k];
            var (x2, y2) = ring[(k + 1) % ring.Count];
            sum += (x1 * y2) - (x2 * y1);
        }

        return sum / 2;
    }
}
