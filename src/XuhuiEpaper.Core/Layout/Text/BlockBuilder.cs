namespace XuhuiEpaper.Core.Layout;

public sealed record BlockBuilderOptions
{
    /// <summary>Lines whose vertical gap is at most this fraction of the type size belong to one block.</summary>
    public double MaxLineGap { get; init; } = 1.0;
    /// <summary>Lines of one block share at least this share of the narrower line's width.</summary>
    public double MinHorizontalOverlap { get; init; } = 0.5;
    /// <summary>A line set at least this many ems in from both ends of the next line, and centred on it, is a heading.</summary>
    public double CentredMargin { get; init; } = 1.5;
    /// <summary>Type sizes whose ratio is above this are not one block.</summary>
    public double MaxSizeRatio { get; init; } = 1.15;
    /// <summary>On a scan, where OCR sizes each word by its own ink, lines of one block differ in size up to this ratio.</summary>
    public double ScanSizeRatio { get; init; } = 1.4;
}

/// <summary>
/// Stacks lines into blocks: same column, same type size, normal leading and no rule between them.
/// A block never spans two columns, so a paragraph that flows into the next column is two blocks.
/// </summary>
public sealed class BlockBuilder(BlockBuilderOptions options)
{
    public static BlockBuilder Instance { get; } = new(new BlockBuilderOptions());

    public IReadOnlyList<TextBlock> Build(IReadOnlyList<TextLine> lines, PageInput page)
    {
        ArgumentNullException.ThrowIfNull(lines);
        ArgumentNullException.ThrowIfNull(page);
        var rules = page.HorizontalRules.OrderBy(r => r.CenterY).ToArray();
        var sizeRatio = page.IsScan ? options.ScanSizeRatio : options.MaxSizeRatio;
        var open = new List<OpenBlock>();
        var closed = new List<OpenBlock>();
        foreach (var line in lines.OrderBy(l => l.Box.Top).ThenBy(l => l.Box.Left))
        {
            // Of the blocks the line could continue, the one it sits most squarely under.
            OpenBlock? home = null;
            var best = 0.0;
            foreach (var block in open)
            {
                var fit = Continues(block, line, rules, sizeRatio) ? block.Row.HorizontalOverlap(line.Box) / Math.Max(1e-6, Math.Min(block.Row.Width, line.Box.Width)) : 0;
                if (fit > best)
                {
                    home = block;
                    best = fit;
                }
            }

            if (home is null)
            {
                open.Add(new OpenBlock(line));
            }
            else
            {
                home.Add(line);
            }

            // Blocks whose last line is far above cannot grow any more.
            for (var i = open.Count - 1; i >= 0; i--)
            {
                if (line.Box.Top - open[i].Row.Bottom > 3 * Math.Max(open[i].RowSize, line.Size))
                {
                    closed.Add(open[i]);
                    open.RemoveAt(i);
                }
            }
        }

        closed.AddRange(open);
        return closed.Select(b => new TextBlock(b.Lines)).OrderBy(b => b.Box.Top).ThenBy(b => b.Box.Left).ToArray();
    }

    /// <summary>A block being stacked; its last line is the one the next line must continue.</summary>
    private sealed class OpenBlock(TextLine first)
    {
        public List<TextLine> Lines { get; } = [first];
        public Box Row => Lines[^1].Box;
        public double RowSize => Lines[^1].Size;
        public bool Vertical { get; } = first.Vertical;

        public void Add(TextLine line) => Lines.Add(line);
    }

    private bool Continues(OpenBlock block, TextLine below, Box[] rules, double sizeRatio)
    {
        if (block.Vertical || below.Vertical)
        {
            return false;
        }

        var above = (Box: block.Row, Size: block.RowSize);
        var ratio = Math.Max(above.Size, below.Size) / Math.Min(above.Size, below.Size);
        if (ratio > sizeRatio)
        {
            return false;
        }

        var gap = below.Box.Top - above.Box.Bottom;
        if (gap < -0.3 * above.Size || gap > options.MaxLineGap * above.Size)
        {
            return false;
        }

        var overlap = above.Box.HorizontalOverlap(below.Box);
        if (overlap < options.MinHorizontalOverlap * Math.Min(above.Box.Width, below.Box.Width))
        {
            return false;
        }

        // Body lines of one column start at the same x (give or take a paragraph indent of two characters).
        if (above.Size < 14 && Math.Abs(above.Box.Left - below.Box.Left) > 2.6 * above.Size
            && Math.Abs(above.Box.Right - below.Box.Right) > 2.6 * above.Size)
        {
            return false;
        }

        // A line centred over a full line, with room on both sides, is a heading, not a line of the paragraph; so is one
        // centred under it when white space sets it off (a paragraph's last line follows at the paragraph's leading).
        if (Alignment.IsCentred(above.Box, below.Box, above.Size, options.CentredMargin)
            || (gap > 0.5 * above.Size && Alignment.IsCentred(below.Box, above.Box, above.Size, options.CentredMargin)))
        {
            return false;
        }

        var between = new Box(Math.Max(above.Box.Left, below.Box.Left), above.Box.Bottom, Math.Min(above.Box.Right, below.Box.Right), below.Box.Top);
        return !Rules.Across(rules, between);
    }
}
