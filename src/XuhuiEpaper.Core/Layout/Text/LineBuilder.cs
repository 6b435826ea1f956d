using System.Text;
using XuhuiEpaper.Core.Text;

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
    /// <summary>
    /// Between two ideographs of display type (headlines: at least <see cref="DisplaySize"/> times the page's typical
    /// glyph size), with no lines around to tell, a gap wider than this many ems ends the line: Chinese headlines are
    /// set solid or a full-width space apart, so half an em is two headlines bumping across a gutter.
    /// </summary>
    public double DisplayIdeographGap { get; init; } = 0.5;
    /// <summary>Display type is at least this many times the page's typical glyph size.</summary>
    public double DisplaySize { get; init; } = 1.5;
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

        var rules = page.VerticalRules.OrderBy(r => r.CenterX).ToArray();
        var context = RiverContext.Create(glyphs, chains, page, typical, options.WitnessSizeRatio);
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
        var near = new List<int>();
        for (var i = 0; i < glyphs.Length; i++)
        {
            var g = glyphs[i];
            var reach = options.MaxWordGap * g.Size;
            var level = Level(g, scan);
            var best = -1;
            var bestCost = double.MaxValue;
            index.Visit(new Box(g.Box.CenterX, level - g.Size, g.Box.Right + reach, level + g.Size), near);
            foreach (var j in near)
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
                if (cost < bestCost || (cost == bestCost && j < best))
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

    /// <summary>
    /// What the gutter test needs to know of the page: the glyphs, the line each is on, and the lines (chains of
    /// glyphs, left to right) in a spatial index with their type size.
    /// </summary>
    private sealed class RiverContext
    {
        private RiverContext(Glyph[] glyphs, List<List<int>> chains, int[] chainOf, Box[] boxes, double[] sizes, GridIndex<int> index, double sizeRatio, double typical)
        {
            Typical = typical;
            Glyphs = glyphs;
            Chains = chains;
            ChainOf = chainOf;
            Boxes = boxes;
            Sizes = sizes;
            Index = index;
            SizeRatio = sizeRatio;
        }

        public Glyph[] Glyphs { get; }
        public List<List<int>> Chains { get; }
        public int[] ChainOf { get; }
        public Box[] Boxes { get; }
        public double[] Sizes { get; }
        public GridIndex<int> Index { get; }
        public double SizeRatio { get; }
        /// <summary>The page's median glyph size.</summary>
        public double Typical { get; }
        public List<int> Near { get; } = [];

        public static RiverContext Create(Glyph[] glyphs, List<List<int>> chains, PageInput page, double typical, double sizeRatio)
        {
            var chainOf = new int[glyphs.Length];
            var boxes = new Box[chains.Count];
            var sizes = new double[chains.Count];
            var index = new GridIndex<int>(new Box(0, 0, page.Width, page.Height), 4 * typical);
            for (var c = 0; c < chains.Count; c++)
            {
                foreach (var g in chains[c])
                {
                    chainOf[g] = c;
                }

                boxes[c] = Box.Bounding(chains[c].Select(g => glyphs[g].Box));
                sizes[c] = TextLine.Median(chains[c].Select(g => glyphs[g].Size));
                index.Add(boxes[c], c);
            }

            return new RiverContext(glyphs, chains, chainOf, boxes, sizes, index, sizeRatio, typical);
        }
    }

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

        return IsGutter(left, right, context.ChainOf[leftIndex], context) ?? gap > LoneGap(left, right, context.Typical) * size;
    }

    private double LoneGap(Glyph left, Glyph right, double typical) =>
        Math.Min(left.Size, right.Size) >= options.DisplaySize * typical && IsIdeograph(left) && IsIdeograph(right)
            ? options.DisplayIdeographGap
            : options.LoneGap;

    private static bool IsIdeograph(Glyph glyph) =>
        Rune.TryGetRuneAt(glyph.Text, 0, out var rune) && CjkText.IsIdeograph(rune.Value);

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

        // Per side (above, below): how many neighbouring lines there are, and in how many each sample of the gap is blank.
        Span<int> lines = stackalloc int[2];
        Span<int> free = stackalloc int[2 * Samples];
        Span<bool> covered = stackalloc bool[Samples];
        context.Index.Visit(new Box(x0 - window, centre - reach, x1 + window, centre + reach), context.Near);
        foreach (var chain in context.Near)
        {
            var box = context.Boxes[chain];
            var typical = context.Sizes[chain];
            if (chain == own || typical / size > context.SizeRatio || size / typical > context.SizeRatio
                || Math.Abs(box.CenterY - centre) > reach || box.Right < x0 - window || box.Left > x1 + window)
            {
                continue;
            }

            var side = box.CenterY < centre ? 0 : 1;
            lines[side]++;
            covered.Clear();
            var glyphs = context.Chains[chain];
            for (var k = FirstReaching(glyphs, context.Glyphs, x0); k < glyphs.Count; k++)
            {
                var glyph = context.Glyphs[glyphs[k]];
                if (glyph.Box.Left >= x1)
                {
                    break;
                }

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
                free[(side * Samples) + s] += covered[s] ? 0 : 1;
            }
        }

        // A column goes on above the line or below it (a spanning caption or headline may close it on the other side):
        // the gap is a gutter when, on either side, most lines leave a strip of it blank.
        bool? verdict = null;
        for (var side = 0; side < 2; side++)
        {
            if (lines[side] < 2)
            {
                continue;
            }

            var needed = Math.Max(2, (int)Math.Ceiling(options.RiverShare * lines[side]));
            var widest = 0;
            var length = 0;
            for (var s = 0; s < Samples; s++)
            {
                length = free[(side * Samples) + s] >= needed ? length + 1 : 0;
                widest = Math.Max(widest, length);
            }

            verdict = (verdict ?? false) || widest * step >= options.MinRiverWidth * size;
        }

        return verdict;
    }

    /// <summary>The first glyph of a left-to-right chain whose right edge reaches past x (glyphs of a line do not overlap much).</summary>
    private static int FirstReaching(List<int> chain, Glyph[] glyphs, double x)
    {
        int lo = 0, hi = chain.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (glyphs[chain[mid]].Box.Right < x)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return Math.Max(0, lo - 1);
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
