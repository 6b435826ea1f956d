using XuhuiEpaper.Core.Geometry;

namespace XuhuiEpaper.Core.Editing;

/// <summary>Rectilinear regions as lists of rectangles: difference, disjoint union, snapping. Pure functions.</summary>
public static class RectSet
{
    /// <summary>Pieces thinner than this (a tenth of a point on a broadsheet) are dropped.</summary>
    public const double MinSide = 1e-4;

    /// <summary>a minus b: up to four rectangles (above, below, left and right of the cut).</summary>
    public static IEnumerable<NormRect> Subtract(NormRect a, NormRect b)
    {
        var cut = a.Intersect(b);
        if (cut.IsEmpty || cut.Width < MinSide || cut.Height < MinSide)
        {
            yield return a;
            yield break;
        }

        var pieces = new[]
        {
            NormRect.FromEdges(a.X, a.Y, a.Right, cut.Y),
            NormRect.FromEdges(a.X, cut.Bottom, a.Right, a.Bottom),
            NormRect.FromEdges(a.X, cut.Y, cut.X, cut.Bottom),
            NormRect.FromEdges(cut.Right, cut.Y, a.Right, cut.Bottom),
        };
        foreach (var piece in pieces.Where(Usable))
        {
            yield return piece;
        }
    }

    /// <summary>The rectangles minus every cut.</summary>
    public static IReadOnlyList<NormRect> Subtract(IEnumerable<NormRect> rects, IEnumerable<NormRect> cuts)
    {
        var result = rects.Where(Usable).ToList();
        foreach (var cut in cuts)
        {
            result = result.SelectMany(r => Subtract(r, cut)).ToList();
        }

        return result;
    }

    /// <summary>The same area as non-overlapping rectangles (each later one minus those before it).</summary>
    public static IReadOnlyList<NormRect> Disjoint(IEnumerable<NormRect> rects)
    {
        var result = new List<NormRect>();
        foreach (var r in rects.Where(Usable))
        {
            result.AddRange(Subtract([r], result));
        }

        return result;
    }

    public static double Area(IEnumerable<NormRect> rects) => Disjoint(rects).Sum(r => r.Area);

    /// <summary>The area the two shapes share.</summary>
    public static double Overlap(IReadOnlyList<NormRect> a, IReadOnlyList<NormRect> b) =>
        Disjoint(a).Sum(x => Disjoint(b).Sum(y => Math.Max(0, x.Intersect(y).Area)));

    public static bool Contains(IEnumerable<NormRect> rects, double x, double y) => rects.Any(r => r.Contains(x, y));

    /// <summary>Clamped to the page (0..1).</summary>
    public static NormRect Clamp(NormRect r) =>
        NormRect.FromEdges(Math.Clamp(r.X, 0, 1), Math.Clamp(r.Y, 0, 1), Math.Clamp(r.Right, 0, 1), Math.Clamp(r.Bottom, 0, 1));

    /// <summary>A block's box grown a little, so a region drawn around its text covers the glyphs' edges.</summary>
    public static NormRect Pad(NormRect r, double by = 0.002) => Clamp(NormRect.FromEdges(r.X - by, r.Y - by, r.Right + by, r.Bottom + by));

    /// <summary>
    /// Each edge of a drawn rectangle moved to the nearest edge of a block under it when that edge is within
    /// <paramref name="tolerance"/>, so a region drawn by hand lines up with the text it holds.
    /// </summary>
    public static NormRect Snap(NormRect drawn, IEnumerable<NormRect> blocks, double tolerance = 0.012)
    {
        var near = blocks.Select(b => Pad(b)).Where(b => !drawn.Intersect(b).IsEmpty).ToList();
        double SnapTo(double value, IEnumerable<double> edges) =>
            edges.Where(e => Math.Abs(e - value) <= tolerance).OrderBy(e => Math.Abs(e - value)).Select(e => (double?)e).FirstOrDefault() ?? value;
        var xs = near.SelectMany(b => new[] { b.X, b.Right }).ToList();
        var ys = near.SelectMany(b => new[] { b.Y, b.Bottom }).ToList();
        return Clamp(NormRect.FromEdges(SnapTo(drawn.X, xs), SnapTo(drawn.Y, ys), SnapTo(drawn.Right, xs), SnapTo(drawn.Bottom, ys)));
    }

    private static bool Usable(NormRect r) => r.Width >= MinSide && r.Height >= MinSide;
}
