namespace XuhuiEpaper.Core.Layout;

/// <summary>Questions about the rules of a page that several steps ask, answered on rules sorted by position.</summary>
public static class Rules
{
    /// <summary>
    /// Is there a horizontal rule inside the band <paramref name="between"/> (strictly between its top and bottom)
    /// that runs across at least <paramref name="share"/> of its width? <paramref name="sortedByY"/> is sorted by CenterY.
    /// </summary>
    public static bool Across(Box[] sortedByY, Box between, double share = 0.5)
    {
        ArgumentNullException.ThrowIfNull(sortedByY);
        for (var i = FirstAtOrAfter(sortedByY, between.Top, r => r.CenterY); i < sortedByY.Length && sortedByY[i].CenterY < between.Bottom; i++)
        {
            var rule = sortedByY[i];
            if (rule.CenterY > between.Top && rule.HorizontalOverlap(between) > share * between.Width)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Is there a vertical rule strictly between x0 and x1 that overlaps the band [top, bottom] by at least
    /// <paramref name="minOverlap"/> points? <paramref name="sortedByX"/> is sorted by CenterX.
    /// </summary>
    public static bool Between(Box[] sortedByX, double x0, double x1, double top, double bottom, double minOverlap = 0)
    {
        ArgumentNullException.ThrowIfNull(sortedByX);
        for (var i = FirstAtOrAfter(sortedByX, x0, r => r.CenterX); i < sortedByX.Length && sortedByX[i].CenterX < x1; i++)
        {
            var rule = sortedByX[i];
            if (rule.CenterX > x0 && Math.Min(rule.Bottom, bottom) - Math.Max(rule.Top, top) > minOverlap)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The index of the first box whose key is at least <paramref name="value"/>.</summary>
    public static int FirstAtOrAfter(Box[] sorted, double value, Func<Box, double> key)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        ArgumentNullException.ThrowIfNull(key);
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (key(sorted[mid]) < value)
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
}
