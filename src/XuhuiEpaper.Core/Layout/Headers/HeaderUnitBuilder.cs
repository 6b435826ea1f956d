namespace XuhuiEpaper.Core.Layout;

public sealed record HeaderUnitBuilderOptions
{
    /// <summary>Display lines stacked at most this many ems (of the smaller type) apart are one header.</summary>
    public double MaxStackGap { get; init; } = 1.5;
    /// <summary>
    /// Display fragments on one baseline at most this many ems apart are one headline: papers set two phrases of a
    /// headline apart with a full-width space (主题　副句), which the line builder sees as a gap.
    /// </summary>
    public double MaxPhraseGap { get; init; } = 2.2;
    /// <summary>Stacked lines overlap by at least this share of the narrower one (or one is centred over the other).</summary>
    public double MinOverlap { get; init; } = 0.3;
    /// <summary>A kicker label (a short line in a box or on a tinted band, in any type) holds at most this many characters.</summary>
    public int MaxLabelCharacters { get; init; } = 16;
}

/// <summary>
/// The header of an article as one unit: kicker (引题), one or more title lines or phrases (主题) and subtitle
/// (副题), with any vertical (竖排) title. One unit anchors one article, however many lines and phrases it has.
/// </summary>
public sealed class HeaderUnit
{
    public HeaderUnit(IReadOnlyList<TextBlock> blocks)
    {
        ArgumentNullException.ThrowIfNull(blocks);
        Blocks = blocks;
        Box = Box.Bounding(blocks.Select(b => b.Box));
        var vertical = blocks.Where(b => b.Vertical).ToList();
        var largest = blocks.Max(b => b.Size);
        Title = vertical.Count > 0 ? vertical : blocks.Where(b => b.Size >= 0.9 * largest).ToList();
        var titleBox = Box.Bounding(Title.Select(b => b.Box));
        Kicker = blocks.Where(b => !Title.Contains(b) && b.Box.Bottom <= titleBox.Top + (0.3 * b.Size)).ToList();
        Subtitle = blocks.Where(b => !Title.Contains(b) && !Kicker.Contains(b)).ToList();
        TitleSize = Title.Max(b => b.Size);
    }

    public IReadOnlyList<TextBlock> Blocks { get; }
    public IReadOnlyList<TextBlock> Title { get; }
    public IReadOnlyList<TextBlock> Kicker { get; }
    public IReadOnlyList<TextBlock> Subtitle { get; }
    public Box Box { get; }
    public double TitleSize { get; }
    public bool Vertical => Title.Any(b => b.Vertical);

    public override string ToString() => $"{TitleSize:0.#}pt [{Box.Left:0},{Box.Top:0},{Box.Right:0},{Box.Bottom:0}] {ArticleText.Join(Title)}";
}

/// <summary>
/// Groups display blocks (headline and deck type, vertical titles, and short labels right above a headline) into
/// header units: fragments on one baseline a phrase space apart, and lines stacked closely over each other, with no
/// rule between them and in the same box. The signal is typographic: a header is display type set tight, while the
/// next article's header is separated from this one by its body.
/// </summary>
public sealed class HeaderUnitBuilder(HeaderUnitBuilderOptions options)
{
    public static HeaderUnitBuilder Instance { get; } = new(new HeaderUnitBuilderOptions());

    /// <param name="blocks">The page's blocks with roles; those that join a header are taken out.</param>
    /// <param name="sameScope">Whether two boxes are in the same frame (a header never spans a box edge).</param>
    public IReadOnlyList<HeaderUnit> Build(PageInput page, List<TextBlock> blocks, TypeScale scale, Func<Box, Box, bool> sameScope)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(blocks);
        ArgumentNullException.ThrowIfNull(scale);
        ArgumentNullException.ThrowIfNull(sameScope);
        var display = blocks.Where(b => b.Role is BlockRole.Headline or BlockRole.Deck).ToList();
        if (display.Count == 0)
        {
            return [];
        }

        var candidates = display.Concat(Labels(page, blocks, display, scale)).OrderBy(b => b.Box.Top).ToList();
        var horizontalRules = page.HorizontalRules.OrderBy(r => r.CenterY).ToArray();
        var verticalRules = page.VerticalRules.OrderBy(r => r.CenterX).ToArray();
        var parent = Enumerable.Range(0, candidates.Count).ToArray();
        int Find(int i) => parent[i] == i ? i : parent[i] = Find(parent[i]);
        Join(candidates, (a, b) => Phrases(a, b, verticalRules) && sameScope(a.Box, b.Box), parent, Find);

        // Lines stack as whole display lines: a kicker centred over a headline of two phrases stands over the space
        // between them, over neither phrase.
        var lineBoxes = candidates.Select((b, i) => (b, i)).GroupBy(x => Find(x.i))
            .SelectMany(g => { var box = Box.Bounding(g.Select(x => x.b.Box)); return g.Select(x => (x.i, box)); })
            .OrderBy(x => x.i).Select(x => x.box).ToArray();
        var lineOf = candidates.Select((b, i) => (b, i)).ToDictionary(x => x.b, x => lineBoxes[x.i]);
        Join(candidates, (a, b) => Stacked(a, lineOf[a], b, lineOf[b], horizontalRules) && sameScope(a.Box, b.Box), parent, Find);

        var units = candidates.Select((b, i) => (b, i)).GroupBy(x => Find(x.i))
            .Select(g => g.Select(x => x.b).ToList())
            .Where(g => g.Any(b => b.Role is BlockRole.Headline or BlockRole.Deck))
            .Select(g => new HeaderUnit(g))
            .ToList();
        var taken = units.SelectMany(u => u.Blocks).ToHashSet();
        blocks.RemoveAll(taken.Contains);
        return units;
    }

    private void Join(List<TextBlock> candidates, Func<TextBlock, TextBlock, bool> together, int[] parent, Func<int, int> find)
    {
        for (var i = 0; i < candidates.Count; i++)
        {
            var a = candidates[i];
            for (var j = i + 1; j < candidates.Count; j++)
            {
                var b = candidates[j];
                if (b.Box.Top > a.Box.Bottom + (options.MaxStackGap * Math.Max(a.Size, b.Size)))
                {
                    break;
                }

                if (together(a, b))
                {
                    parent[find(i)] = find(j);
                }
            }
        }
    }

    /// <summary>Short one-line blocks standing alone right above a display block: kicker labels in any type.</summary>
    private IEnumerable<TextBlock> Labels(PageInput page, List<TextBlock> blocks, List<TextBlock> display, TypeScale scale)
    {
        var index = new GridIndex<TextBlock>(new Box(0, 0, page.Width, page.Height), 8 * scale.BodySize);
        foreach (var block in blocks)
        {
            index.Add(block.Box, block);
        }

        var near = new List<TextBlock>();
        foreach (var block in blocks)
        {
            if (block.Role is BlockRole.Headline or BlockRole.Deck or BlockRole.Byline or BlockRole.JumpLine
                || block.Lines.Count != 1 || block.CharacterCount > options.MaxLabelCharacters)
            {
                continue;
            }

            index.Visit(new Box(block.Box.Left - scale.BodySize, block.Box.Top - (1.5 * scale.BodyPitch), block.Box.Right + scale.BodySize, block.Box.Bottom + (options.MaxStackGap * block.Size * 4)), near);
            var under = near.Any(d => d.Role is BlockRole.Headline or BlockRole.Deck
                && d.Box.Top >= block.Box.Bottom - (0.3 * block.Size)
                && d.Box.Top - block.Box.Bottom <= options.MaxStackGap * block.Size
                && block.Box.Left >= d.Box.Left - d.Size && block.Box.Right <= d.Box.Right + d.Size);
            var alone = !near.Any(o => o != block && o.Role is BlockRole.Body
                && o.Box.Bottom <= block.Box.Top + (0.3 * block.Size) && block.Box.Top - o.Box.Bottom <= 1.5 * scale.BodyPitch
                && o.Box.HorizontalOverlap(block.Box) > 0.5 * block.Box.Width);
            if (under && alone)
            {
                yield return block;
            }
        }
    }

    /// <summary>Two fragments of one display line: same baseline and size, a phrase space apart, no rule between.</summary>
    private bool Phrases(TextBlock a, TextBlock b, Box[] verticalRules)
    {
        if (a.Lines.Count != 1 || b.Lines.Count != 1 || a.Vertical || b.Vertical)
        {
            return false;
        }

        var size = Math.Max(a.Size, b.Size);
        var (left, right) = a.Box.Left <= b.Box.Left ? (a.Box, b.Box) : (b.Box, a.Box);
        var gap = right.Left - left.Right;
        return Math.Abs(a.Box.Bottom - b.Box.Bottom) <= 0.25 * Math.Min(a.Size, b.Size)
            && size / Math.Min(a.Size, b.Size) <= 1.15
            && gap >= -0.2 * size && gap <= options.MaxPhraseGap * size
            && !Rules.Between(verticalRules, left.Right - 1, right.Left + 1, left.Top, left.Bottom);
    }

    /// <summary>Lines of one header stacked closely, overlapping or centred on each other, with no rule between them.</summary>
    /// <remarks>Overlap and centring are judged on the whole display lines (<paramref name="lineA"/>, <paramref name="lineB"/>).</remarks>
    private bool Stacked(TextBlock a, Box lineA, TextBlock b, Box lineB, Box[] horizontalRules)
    {
        var (upper, lower) = a.Box.Top <= b.Box.Top ? (a, b) : (b, a);
        var gap = lower.Box.Top - upper.Box.Bottom;
        var small = Math.Min(a.Size, b.Size);
        if (gap < -0.3 * small || gap > options.MaxStackGap * small)
        {
            return false;
        }

        var narrow = Math.Min(lineA.Width, lineB.Width);
        var (narrower, wider) = lineA.Width <= lineB.Width ? (lineA, lineB) : (lineB, lineA);
        var centred = narrower.CenterX >= wider.Left && narrower.CenterX <= wider.Right;
        if (lineA.HorizontalOverlap(lineB) < options.MinOverlap * narrow && !centred)
        {
            return false;
        }

        var between = new Box(narrower.Left, upper.Box.Bottom - 0.5, narrower.Right, lower.Box.Top + 0.5);
        return !Rules.Across(horizontalRules, between);
    }
}
