namespace XuhuiEpaper.Samples.Scoring;

/// <summary>
/// Where to click inside a truth item: a grid over each of its rectangles, a step of at most 8 pt, at least 3 points
/// across each side (so at least 9 a rectangle), kept 2 pt inside the edges so a click is never on the item's border,
/// where a one-point disagreement about an edge would decide it.
/// </summary>
public static class ClickGrid
{
    public const double StepPt = 8;
    public const double InsetPt = 2;
    public const int MinPerSide = 3;

    /// <summary>Points in normalized page coordinates, in points <paramref name="widthPt"/> x <paramref name="heightPt"/>.</summary>
    public static IEnumerable<(double X, double Y)> Points(IEnumerable<double[]> rects, double widthPt, double heightPt)
    {
        ArgumentNullException.ThrowIfNull(rects);
        var seen = new HashSet<(double, double)>();
        foreach (var r in rects)
        {
            foreach (var y in Steps(r[1] * heightPt, (r[1] + r[3]) * heightPt))
            {
                foreach (var x in Steps(r[0] * widthPt, (r[0] + r[2]) * widthPt))
                {
                    var point = (x / widthPt, y / heightPt);
                    if (seen.Add(point))
                    {
                        yield return point;
                    }
                }
            }
        }
    }

    /// <summary>Evenly spaced positions from start + inset to end - inset; the centre alone when the side is too short.</summary>
    private static IEnumerable<double> Steps(double start, double end)
    {
        var from = start + InsetPt;
        var to = end - InsetPt;
        if (to <= from)
        {
            yield return (start + end) / 2;
            yield break;
        }

        var count = Math.Max(MinPerSide, (int)Math.Ceiling((to - from) / StepPt) + 1);
        for (var k = 0; k < count; k++)
        {
            yield return from + ((to - from) * k / (count - 1));
        }
    }
}
