namespace XuhuiEpaper.Core.Layout;

public sealed record LineBuilderOptions
{
    /// <summary>Baselines closer than this fraction of the font size are one baseline.</summary>
    public double BaselineTolerance { get; init; } = 0.25;
    /// <summary>Glyph sizes whose ratio is above this are not one line (a caption next to body text).</summary>
    public double MaxSizeRatio { get; init; } = 1.2;
    /// <summary>A gap up to this many ems never ends a line: letter and word spacing, CJK justification.</summary>
    public double MinGutter { get; init; } = 0.45;
    /// <summary>A gap wider than this many ems always ends a line.</summary>
    public double MaxWordGap { get; init; } = 2.5;
    /// <summary>
    /// A gap in between ends the line when it is a gutter: a strip at least <see cref="MinRiverWidth"/> wide that is
    /// also blank in most neighbouring lines of similar type. Without such neighbours, a gap wider than this does.
    /// </summary>
    public double LoneGap { get; init; } = 0.9;
    /// <summary>How far above and below a line, in its type size, neighbouring lines are asked about a gutter.</summary>
    public double RiverReach { get; init; } = 3.2;
    /// <summary>The share of neighbouring lines that must be blank across a gutter (a spanning caption is not).</summary>
    public double RiverShare { get; init; } = 0.7;
    /// <summary>The narrowest gutter, in ems.</summary>
    public double MinRiverWidth { get; init; } = 0.35;
}

/// <summary>
/// Groups glyphs into text lines: same baseline, same size, and no column gutter or vertical rule between
/// neighbours. A gutter is told from a wide word space by the lines around it (white-space rivers, as in Breuel's
/// whitespace analysis): a gutter is blank in the lines above and below too, a word space is not. So lines never
/// cross a column, and ragged OCR word spacing does not break a column's lines into fragments.
/// </summary>
public sealed class LineBuilder(LineBuilderOptions options)
{
    public static LineBuilder Instance { get; } = new(new LineBuilderOptions());

    public IReadOnlyList<TextLine> Build(PageInput page)
    {
        ArgumentNullException.ThrowIfNull(page);
        var bands = Bands(page.Glyphs);
        var rules = page.VerticalRules.OrderBy(r => r.CenterX).ToArray();
        var lines = new List<TextLine>();
        for (var b = 0; b < bands.Count; b++)
        {
            foreach (var run in bands[b].Runs)
            {
                lines.AddRange(SplitAtGutters(run, bands, b, rules));
            }
        }

        return lines;
    }

    private static double Baseline(Glyph g) => g.Box.Bottom - (g.Size * 0.12);

    /// <summary>Glyphs of one baseline, cut into runs of one type size, each sorted left to right.</summary>
    private sealed record Band(double Baseline, List<List<Glyph>> Runs);

    private List<Band> Bands(IReadOnlyList<Glyph> all)
    {
        var glyphs = all.Where(g => !g.IsSpace || g.Box.Width > 0).OrderBy(Baseline).ThenBy(g => g.Box.Left).ToList();
        var bands = new List<Band>();
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
            bands.Add(new Band(Baseline(band[band.Count / 2]), SplitBySize(band)));
            start = end;
        }

        return bands;
    }

    private List<List<Glyph>> SplitBySize(List<Glyph> band)
    {
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

        foreach (var group in groups)
        {
            group.Sort((a, b) => a.Box.Left.CompareTo(b.Box.Left));
        }

        return groups;
    }

    private IEnumerable<TextLine> SplitAtGutters(List<Glyph> run, List<Band> bands, int band, Box[] rules)
    {
        var current = new List<Glyph>();
        Glyph? lastInk = null;
        foreach (var glyph in run)
        {
            if (!glyph.IsSpace && lastInk is not null && Separated(lastInk, glyph, bands, band, rules))
            {
                if (Trim(current) is { } line)
                {
                    yield return line;
                }

                current = [];
            }

            current.Add(glyph);
            if (!glyph.IsSpace)
            {
                lastInk = glyph;
            }
        }

        if (Trim(current) is { } last)
        {
            yield return last;
        }
    }

    private bool Separated(Glyph left, Glyph right, List<Band> bands, int band, Box[] rules)
    {
        var size = Math.Max(left.Size, right.Size);
        var gap = right.Box.Left - left.Box.Right;
        if (RuleBetween(left, right, rules))
        {
            return true;
        }

        if (gap <= options.MinGutter * size)
        {
            return false;
        }

        if (gap > options.MaxWordGap * size)
        {
            return true;
        }

        return IsGutter(left.Box.Right, right.Box.Left, Math.Min(left.Size, right.Size), bands, band) ?? gap > options.LoneGap * size;
    }

    private static bool RuleBetween(Glyph left, Glyph right, Box[] rules)
    {
        var y = (left.Box.Top + left.Box.Bottom) / 2;
        var from = LowerBound(rules, left.Box.CenterX);
        for (var i = from; i < rules.Length && rules[i].CenterX <= right.Box.CenterX; i++)
        {
            if (rules[i].Top <= y && rules[i].Bottom >= y)
            {
                return true;
            }
        }

        return false;
    }

    private static int LowerBound(Box[] rules, double x)
    {
        int lo = 0, hi = rules.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (rules[mid].CenterX < x)
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

    /// <summary>
    /// Is the gap (x0, x1) a gutter? Looks at the neighbouring lines of similar type that have ink near the gap: true
    /// when a strip of the gap is blank in most of them, false when none is, null when too few lines tell.
    /// </summary>
    private bool? IsGutter(double x0, double x1, double size, List<Band> bands, int band)
    {
        var reach = options.RiverReach * size;
        var window = 3 * size;
        const int Samples = 24;
        var step = (x1 - x0) / Samples;
        var free = new int[Samples];
        var witnesses = 0;
        for (var direction = -1; direction <= 1; direction += 2)
        {
            for (var b = band + direction; b >= 0 && b < bands.Count && Math.Abs(bands[b].Baseline - bands[band].Baseline) <= reach; b += direction)
            {
                foreach (var run in bands[b].Runs)
                {
                    if (run[0].Size / size > options.MaxSizeRatio * 1.1 || size / run[0].Size > options.MaxSizeRatio * 1.1)
                    {
                        continue;
                    }

                    var first = LowerBound(run, x0 - window);
                    if (first >= run.Count || run[first].Box.Left > x1 + window)
                    {
                        continue;
                    }

                    witnesses++;
                    var covered = new bool[Samples];
                    for (var i = first; i < run.Count && run[i].Box.Left < x1; i++)
                    {
                        var glyph = run[i];
                        if (glyph.IsSpace || glyph.Box.Right <= x0)
                        {
                            continue;
                        }

                        var s0 = Math.Max(0, (int)Math.Floor((glyph.Box.Left - x0) / step));
                        var s1 = Math.Min(Samples - 1, (int)Math.Floor((glyph.Box.Right - x0) / step));
                        for (var s = s0; s <= s1; s++)
                        {
                            covered[s] = true;
                        }
                    }

                    for (var s = 0; s < Samples; s++)
                    {
                        free[s] += covered[s] ? 0 : 1;
                    }
                }
            }
        }

        if (witnesses < 2)
        {
            return null;
        }

        var needed = Math.Max(2, (int)Math.Ceiling(options.RiverShare * witnesses));
        var widest = 0;
        var length = 0;
        foreach (var count in free)
        {
            length = count >= needed ? length + 1 : 0;
            widest = Math.Max(widest, length);
        }

        return widest * step >= options.MinRiverWidth * size;
    }

    /// <summary>The first glyph of a left-to-right run whose right edge reaches past x.</summary>
    private static int LowerBound(List<Glyph> run, double x)
    {
        int lo = 0, hi = run.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (run[mid].Box.Right < x)
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

    private static TextLine? Trim(List<Glyph> glyphs)
    {
        var first = glyphs.FindIndex(g => !g.IsSpace);
        if (first < 0)
        {
            return null;
        }

        var last = glyphs.FindLastIndex(g => !g.IsSpace);
        return new TextLine(glyphs.GetRange(first, last - first + 1));
    }
}
