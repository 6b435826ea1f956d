namespace XuhuiEpaper.Core.Layout;

/// <summary>How a line sits in the column it belongs to.</summary>
public static class Alignment
{
    /// <summary>
    /// The line is centred in the column: set in from both edges by at least <paramref name="margin"/> ems, by about
    /// the same (within half a character), and not by exactly a paragraph indent of two characters (a one-line
    /// paragraph of the right length is not a heading).
    /// </summary>
    public static bool IsCentred(Box line, Box column, double size, double margin)
    {
        var left = line.Left - column.Left;
        var right = column.Right - line.Right;
        var indent = Math.Abs(left - (2 * size)) <= 0.3 * size;
        return !indent && left >= margin * size && right >= margin * size && Math.Abs(left - right) <= Math.Max(0.6 * size, 0.08 * (left + right));
    }
}
