namespace XuhuiEpaper.Core.Layout;

/// <summary>
/// The page's body type: the size most characters are set in, and the distance from one body baseline to the next.
/// Every other step measures against these, so one set of ratios serves 8 pt dailies and 11 pt weeklies alike.
/// </summary>
public sealed record TypeScale(double BodySize, double BodyPitch)
{
    /// <summary>When a page has no body text to measure (a photo page), the ratios still need a unit.</summary>
    public static readonly TypeScale Default = new(10, 13);

    public static TypeScale Measure(IReadOnlyList<TextLine> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var size = MeasureBodySize(lines);
        if (size <= 0)
        {
            return Default;
        }

        // Baseline to baseline between lines of body size that follow each other in one column.
        var body = lines.Where(l => !l.Vertical && Math.Abs(l.Size - size) <= 0.12 * size)
            .OrderBy(l => Math.Round(l.Box.Left / size)).ThenBy(l => l.Box.Bottom).ToList();
        var pitches = new List<double>();
        for (var i = 1; i < body.Count; i++)
        {
            var d = body[i].Box.Bottom - body[i - 1].Box.Bottom;
            if (Math.Abs(body[i].Box.Left - body[i - 1].Box.Left) < 0.5 * size && d > 0.9 * size && d < 2.5 * size)
            {
                pitches.Add(d);
            }
        }

        var pitch = pitches.Count >= 3 ? TextLine.Median(pitches) : 1.35 * size;
        return new TypeScale(size, pitch);
    }

    /// <summary>
    /// The size that most characters are set in, in half points. The count of a size is smoothed with its
    /// neighbours, because OCR layers give each word a slightly different size.
    /// </summary>
    public static double MeasureBodySize(IEnumerable<TextLine> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var counts = new Dictionary<double, int>();
        foreach (var line in lines)
        {
            var key = Math.Round(line.Size * 2) / 2;
            counts[key] = counts.GetValueOrDefault(key) + line.Glyphs.Count;
        }

        if (counts.Count == 0)
        {
            return 0;
        }

        return counts.Keys
            .Select(k => (Size: k, Count: (2 * counts[k]) + counts.GetValueOrDefault(k - 0.5) + counts.GetValueOrDefault(k + 0.5)))
            .OrderByDescending(s => s.Count).ThenBy(s => s.Size)
            .First().Size;
    }
}
