using XuhuiEpaper.Core.Layout;
using XuhuiEpaper.Core.Recognition;

namespace XuhuiEpaper.Ingest.Recognition;

/// <summary>
/// Boxes drawn as strokes (a PDF's stroked rectangles) among the rules found on a raster: two horizontal rules of the
/// same extent and two vertical rules joining their ends. A PDF gives such a box as one frame, not four rules, so the
/// rules that make a frame are taken out of the rules.
/// </summary>
public static class StrokedFrames
{
    public static (IReadOnlyList<Box> Frames, FoundRules Rules) Find(FoundRules rules, double tolerancePt = 4, double minSidePt = 24)
    {
        ArgumentNullException.ThrowIfNull(rules);
        var frames = new List<Box>();
        var used = new HashSet<Box>();
        var horizontal = rules.Horizontal.OrderBy(r => r.Top).ToArray();
        for (var i = 0; i < horizontal.Length; i++)
        {
            var top = horizontal[i];
            if (used.Contains(top))
            {
                continue;
            }

            for (var j = i + 1; j < horizontal.Length; j++)
            {
                var bottom = horizontal[j];
                if (used.Contains(bottom) || bottom.Top - top.Bottom < minSidePt
                    || Math.Abs(bottom.Left - top.Left) > tolerancePt || Math.Abs(bottom.Right - top.Right) > tolerancePt)
                {
                    continue;
                }

                var span = top.Union(bottom);
                var left = Side(rules.Vertical, span.Left, span, tolerancePt, used);
                var right = Side(rules.Vertical, span.Right, span, tolerancePt, used);
                if (left is { } l && right is { } r)
                {
                    frames.Add(span.Union(l).Union(r));
                    used.UnionWith([top, bottom, l, r]);
                    break;
                }
            }
        }

        return (frames, new FoundRules(rules.Horizontal.Where(r => !used.Contains(r)).ToArray(), rules.Vertical.Where(r => !used.Contains(r)).ToArray()));
    }

    /// <summary>
    /// A vertical rule at <paramref name="x"/> that joins the top and bottom of <paramref name="span"/>, about as long as
    /// it is high: a column rule running on past both is a rule beside two separators, not the side of a box.
    /// </summary>
    private static Box? Side(IReadOnlyList<Box> vertical, double x, Box span, double tolerance, HashSet<Box> used)
    {
        var slack = tolerance + (0.1 * span.Height);
        return vertical.Where(v => !used.Contains(v) && Math.Abs(v.CenterX - x) <= tolerance
                && v.Top <= span.Top + slack && v.Bottom >= span.Bottom - slack && v.Top >= span.Top - slack && v.Bottom <= span.Bottom + slack)
            .Cast<Box?>().FirstOrDefault();
    }
}
