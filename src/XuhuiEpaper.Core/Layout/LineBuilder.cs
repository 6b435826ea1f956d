namespace XuhuiEpaper.Core.Layout;

public sealed record LineBuilderOptions
{
    /// <summary>Baselines closer than this fraction of the font size are one baseline.</summary>
    public double BaselineTolerance { get; init; } = 0.25;
    /// <summary>A horizontal gap wider than this fraction of the font size ends a line (a column gutter).</summary>
    public double MaxGap { get; init; } = 0.9;
    /// <summary>Glyph sizes whose ratio is above this are not one line (a caption next to body text).</summary>
    public double MaxSizeRatio { get; init; } = 1.2;
}

/// <summary>
/// Groups glyphs into text lines: same baseline, same size, and no column gutter or vertical rule between
/// neighbours. Lines never cross a column, so the columns of a page come out as separate lines.
/// </summary>
public sealed class LineBuilder(LineBuilderOptions options)
{
    public static LineBuilder Instance { get; } = new(new LineBuilderOptions());

    public IReadOnlyList<TextLine> Build(PageInput page)
    {
        ArgumentNullException.ThrowIfNull(page);
        var glyphs = page.Glyphs.Where(g => !g.IsSpace || g.Box.Width > 0).OrderBy(Baseline).ThenBy(g => g.Box.Left).ToList();
        var lines = new List<TextLine>();

        // Sweep down the page collecting glyphs of one baseline band, then cut each band at gaps.
        var start = 0;
        while (start < glyphs.Count)
        {
            var end = start + 1;
            var reference = glyphs[start];
            while (end < glyphs.Count && Baseline(glyphs[end]) - Baseline(reference) <= options.BaselineTolerance * Math.Min(reference.Size, glyphs[end].Size))
            {
                end++;
            }

            var band = glyphs.GetRange(start, end - start);
            foreach (var sizeGroup in SplitBySize(band))
            {
                lines.AddRange(SplitAtGaps(sizeGroup, page.VerticalRules));
            }

            start = end;
        }

        return lines;
    }

    private static double Baseline(Glyph g) => g.Box.Bottom - (g.Size * 0.12);

    private IEnumerable<List<Glyph>> SplitBySize(List<Glyph> band)
    {
        // Clusters of similar size, each sorted left to right.
        var groups = new List<List<Glyph>>();
        foreach (var glyph in band.OrderBy(g => g.Size))
        {
            var last = groups.Count > 0 ? groups[^1] : null;
            if (last is not null && glyph.Size / last[0].Size <= options.MaxSizeRatio)
            {
                last.Add(glyph);
            }
            else
            {
                groups.Add([glyph]);
            }
        }

        return groups.Select(g => g.OrderBy(x => x.Box.Left).ToList());
    }

    private IEnumerable<TextLine> SplitAtGaps(List<Glyph> glyphs, IReadOnlyList<Box> verticalRules)
    {
        var current = new List<Glyph>();
        foreach (var glyph in glyphs)
        {
            if (current.Count > 0 && Separated(current[^1], glyph, verticalRules))
            {
                if (current.Any(g => !g.IsSpace))
                {
                    yield return new TextLine(Trim(current));
                }

                current = [];
            }

            current.Add(glyph);
        }

        if (current.Any(g => !g.IsSpace))
        {
            yield return new TextLine(Trim(current));
        }
    }

    private bool Separated(Glyph left, Glyph right, IReadOnlyList<Box> verticalRules)
    {
        var gap = right.Box.Left - left.Box.Right;
        if (gap > options.MaxGap * Math.Max(left.Size, right.Size) && !left.IsSpace && !right.IsSpace)
        {
            return true;
        }

        if (gap > options.MaxGap * 2.5 * Math.Max(left.Size, right.Size))
        {
            return true; // even across a run of spaces: that is a gutter
        }

        var y = (left.Box.Top + left.Box.Bottom) / 2;
        return verticalRules.Any(r => r.CenterX >= left.Box.CenterX && r.CenterX <= right.Box.CenterX && r.Top <= y && r.Bottom >= y);
    }

    private static List<Glyph> Trim(List<Glyph> glyphs)
    {
        var first = glyphs.FindIndex(g => !g.IsSpace);
        var last = glyphs.FindLastIndex(g => !g.IsSpace);
        return glyphs.GetRange(first, last - first + 1);
    }
}
