namespace XuhuiEpaper.Core.Layout;

public sealed record LineBuilderOptions
{
    /// <summary>Baselines closer than this fraction of the font size are one baseline.</summary>
    public double BaselineTolerance { get; init; } = 0.25;
    /// <summary>Glyph sizes whose ratio is above this are not one line (a caption next to body text).</summary>
    public double MaxSizeRatio { get; init; } = 1.2;
    /// <summary>A gap up to this many ems never ends a line: letter and word spacing, CJK justification.</summary>
    public double MinGutter { get; init; } = 0.3;
    /// <summary>A gap wider than this many ems always ends a line.</summary>
    public double MaxWordGap { get; init; } = 2.5;
    /// <summary>
    /// A gap in between ends the line when it is a gutter: a strip at least <see cref="MinRiverWidth"/> wide that is
    /// also blank in most neighbouring lines of similar type. Without such neighbours, a gap wider than this does.
    /// </summary>
    public double LoneGap { get; init; } = 0.9;
    /// <summary>How far above and below a line, in its type size, neighbouring lines are asked about a gutter.</summary>
    public double RiverReach { get; init; } = 4.5;
    /// <summary>Only lines of about the same type witness a gutter (not a spanning caption, not a headline).</summary>
    public double WitnessSizeRatio { get; init; } = 1.3;
    /// <summary>The share of neighbouring lines that must be blank across a gutter (a spanning caption is not).</summary>
    public double RiverShare { get; init; } = 0.7;
    /// <summary>The narrowest gutter, in ems.</summary>
    public double MinRiverWidth { get; init; } = 0.3;
    /// <summary>On a scan, OCR sizes each word by its own ink: words of one line differ in size up to this ratio.</summary>
    public double ScanSizeRatio { get; init; } = 1.8;
    /// <summary>On a scan, words whose vertical centres are closer than this fraction of their size are one line.</summary>
    public double ScanCentreTolerance { get; init; } = 0.4;
}

/// <summary>
/// Groups glyphs into text lines. Each glyph is chained to its nearest neighbour on the right at the same level
/// (baseline, or on a scan the centre of the OCR word box) and of a similar size, so lines follow their own column
/// even where the columns of a page are not set on one baseline grid. A chain is then cut at every vertical rule
/// and every gutter, told from a wide word space by the lines around it (white-space rivers, as in Breuel's
/// whitespace analysis): a gutter is blank in the lines above and below too, a word space is not.
/// </summary>
public sealed class LineBuilder(LineBuilderOptions options)
{
    public static LineBuilder Instance { get; } = new(new LineBuilderOptions());

    public IReadOnlyList<TextLine> Build(PageInput page)
    {
        ArgumentNullException.ThrowIfNull(page);
        var scan = page.IsScan;
        var glyphs = page.Glyphs.Where(g => !g.IsSpace || g.Box.Width > 0).OrderBy(g => g.Box.CenterX).ToArray();
        if (glyphs.Length == 0)
        {
            return [];
        }

        var sizeRatio = scan ? options.ScanSizeRatio : options.MaxSizeRatio;
        var typical = TextLine.Median(glyphs.Select(g => g.Size));
        var index = new GridIndex<int>(new Box(0, 0, page.Width, page.Height), 2 * typical);
        for (var i = 0; i < glyphs.Length; i++)
        {
            index.Add(glyphs[i].Box, i);
        }

        var chains = Chain(glyphs, index, scan, sizeRatio);
        var chainOf = new int[glyphs.Length];
        for (var c = 0; c < chains.Count; c++)
        {
            foreach (var g in chains[c])
            {
                chainOf[g] = c;
            }
        }

        var rules = page.VerticalRules.OrderBy(r => r.CenterX).ToArray();
        var context = new RiverContext(glyphs, index, chainOf, options.WitnessSizeRatio);
        var lines = new List<TextLine>();
        foreach (var chain in chains)
        {
            lines.AddRange(SplitAtGutters(chain, context, rules));
        }

        return lines;
    }

    private static double Level(Glyph g, bool scan) => scan ? (g.Box.Top + g.Box.Bottom) / 2 : g.Box.Bottom - (g.Size * 0.12);

    /// <summary>Links each glyph to its nearest right neighbour on its line when they are each other's nearest.</summary>
    private List<List<int>> Chain(Glyph[] glyphs, GridIndex<int> index, bool scan, double sizeRatio)
    {
        var tolerance = scan ? options.ScanCentreTolerance : options.BaselineTolerance;
        var right = new int[glyphs.Length];
        var left = new int[glyphs.Length];
        Array.Fill(right, -1);
        Array.Fill(left, -1);
        var bestLeftCost = new double[glyphs.Length];
        Array.Fill(bestLeftCost, double.MaxValue);
        var candidates = new int[glyphs.Length];
        Array.Fill(candidates, -1);
        for (var i = 0; i < glyphs.Length; i++)
        {
            var g = glyphs[i];
            var reach = options.MaxWordGap * g.Size;
            var level = Level(g, scan);
            var best = -1;
            var bestCost = double.MaxValue;
            foreach (var j in index.Query(new Box(g.Box.CenterX, level - g.Size, g.Box.Right + reach, level + g.Size)))
            {
                var o = glyphs[j];
                if (j == i || o.Box.CenterX <= g.Box.CenterX || (o.Box.CenterX == g.Box.CenterX && j < i))
                {
                    continue;
                }

                var gap = o.Box.Left - g.Box.Right;
                var drift = Math.Abs(Level(o, scan) - level);
                if (gap > reach || gap < -0.5 * Math.Min(g.Box.Width, o.Box.Width) - (0.1 * g.Size)
                    || drift > tolerance * Math.Min(g.Size, o.Size)
                    || Math.Max(g.Size, o.Size) / Math.Min(g.Size, o.Size) > sizeRatio)
                {
                    continue;
                }

                var cost = Math.Max(0, gap) + (2 * drift);
                if (cost < bestCost)
                {
                    best = j;
                    bestCost = cost;
                }
            }

            candidates[i] = best;
            if (best >= 0 && bestCost < bestLeftCost[best])
            {
                bestLeftCost[best] = bestCost;
                left[best] = i;
            }
        }

        for (var i = 0; i < glyphs.Length; i++)
        {
            if (candidates[i] >= 0 && left[candidates[i]] == i)
            {
                right[i] = candidates[i];
            }
        }

        var chains = new List<List<int>>();
        for (var i = 0; i < glyphs.Length; i++)
        {
            if (left[i] >= 0 && right[left[i]] == i)
            {
                continue; // not the start of a chain
            }

            var chain = new List<int>();
            for (var k = i; k >= 0; k = right[k])
            {
                chain.Add(k);
            }

            chains.Add(chain);
        }

        return chains;
    }

    /// <summary>What the gutter test needs to know of the page: the glyphs, where they are and which line each is on.</summary>
    private sealed record RiverContext(Glyph[] Glyphs, GridIndex<int> Index, int[] ChainOf, double SizeRatio);

    private IEnumerable<TextLine> SplitAtGutters(List<int> chain, RiverContext context, Box[] rules)
    {
        var current = new List<Glyph>();
        var lastInk = -1;
        foreach (var g in chain)
        {
            var glyph = context.Glyphs[g];
            if (!glyph.IsSpace && lastInk >= 0 && Separated(lastInk, g, context, rules))
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
                lastInk = g;
            }
        }

        if (Trim(current) is { } last)
        {
            yield return last;
        }
    }

    private bool Separated(int leftIndex, int rightIndex, RiverContext context, Box[] rules)
    {
        var left = context.Glyphs[leftIndex];
        var right = context.Glyphs[rightIndex];
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

        return IsGutter(left, right, context.ChainOf[leftIndex], context) ?? gap > options.LoneGap * size;
    }

    private static bool RuleBetween(Glyph left, Glyph right, Box[] rules)
    {
        var y = (left.Box.Top + left.Box.Bottom) / 2;
        for (var i = Rules.FirstAtOrAfter(rules, left.Box.CenterX, r => r.CenterX); i < rules.Length && rules[i].CenterX <= right.Box.CenterX; i++)
        {
            if (rules[i].Top <= y && rules[i].Bottom >= y)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Is the gap between two glyphs of a line a gutter? Looks at the other lines of similar type that have ink near
    /// the gap, within a few lines above and below: true when a strip of the gap is blank in most of those above, or of
    /// those below; false when not; null when too few lines tell.
    /// </summary>
    private bool? IsGutter(Glyph left, Glyph right, int own, RiverContext context)
    {
        var x0 = left.Box.Right;
        var x1 = right.Box.Left;
        var size = Math.Min(left.Size, right.Size);
        var reach = options.RiverReach * size;
        var window = 3 * size;
        var centre = (left.Box.Top + left.Box.Bottom) / 2;
        const int Samples = 24;
        var step = (x1 - x0) / Samples;

        // Per neighbouring line: which samples of the gap its ink covers, and whether it lies above or below.
        var covered = new Dictionary<int, (bool Above, bool[] Samples)>();
        foreach (var j in context.Index.Query(new Box(x0 - window, centre - reach, x1 + window, centre + reach)))
        {
            var glyph = context.Glyphs[j];
            var chain = context.ChainOf[j];
            if (chain == own || glyph.IsSpace || glyph.Size / size > context.SizeRatio || size / glyph.Size > context.SizeRatio)
            {
                continue;
            }

            if (!covered.TryGetValue(chain, out var line))
            {
                covered[chain] = line = ((glyph.Box.Top + glyph.Box.Bottom) / 2 < centre, new bool[Samples]);
            }

            if (glyph.Box.Right <= x0 || glyph.Box.Left >= x1)
            {
                continue;
            }

            var s0 = Math.Max(0, (int)Math.Floor((glyph.Box.Left - x0) / step));
            var s1 = Math.Min(Samples - 1, (int)Math.Floor((glyph.Box.Right - x0) / step));
            for (var s = s0; s <= s1; s++)
            {
                line.Samples[s] = true;
            }
        }

        // A column goes on above the line or below it (a spanning caption or headline may close it on the other side):
        // the gap is a gutter when, on either side, most lines leave a strip of it blank.
        bool? verdict = null;
        foreach (var side in new[] { true, false })
        {
            var lines = covered.Values.Where(c => c.Above == side).Select(c => c.Samples).ToList();
            if (lines.Count < 2)
            {
                continue;
            }

            var needed = Math.Max(2, (int)Math.Ceiling(options.RiverShare * lines.Count));
            var widest = 0;
            var length = 0;
            for (var s = 0; s < Samples; s++)
            {
                var free = lines.Count(c => !c[s]);
                length = free >= needed ? length + 1 : 0;
                widest = Math.Max(widest, length);
            }

            var river = widest * step >= options.MinRiverWidth * size;
            verdict = (verdict ?? false) || river;
        }

        return verdict;
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
