namespace XuhuiEpaper.Core.Layout;

public sealed record BlockBuilderOptions
{
    /// <summary>Lines whose vertical gap is at most this fraction of the type size belong to one block.</summary>
    public double MaxLineGap { get; init; } = 1.0;
    /// <summary>Lines of one block share at least this share of the narrower line's width.</summary>
    public double MinHorizontalOverlap { get; init; } = 0.5;
    /// <summary>Type sizes whose ratio is above this are not one block.</summary>
    public double MaxSizeRatio { get; init; } = 1.15;
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
        var open = new List<List<TextLine>>();
        var closed = new List<List<TextLine>>();
        foreach (var line in lines.OrderBy(l => l.Box.Top).ThenBy(l => l.Box.Left))
        {
            List<TextLine>? home = null;
            foreach (var block in open)
            {
                if (Continues(block[^1], line, rules))
                {
                    home = block;
                    break;
                }
            }

            if (home is null)
            {
                open.Add([line]);
            }
            else
            {
                home.Add(line);
            }

            // Blocks whose last line is far above cannot grow any more.
            for (var i = open.Count - 1; i >= 0; i--)
            {
                var last = open[i][^1];
                if (line.Box.Top - last.Box.Bottom > 3 * Math.Max(last.Size, line.Size))
                {
                    closed.Add(open[i]);
                    open.RemoveAt(i);
                }
            }
        }

        closed.AddRange(open);
        return closed.Select(b => new TextBlock(b)).OrderBy(b => b.Box.Top).ThenBy(b => b.Box.Left).ToArray();
    }

    private bool Continues(TextLine above, TextLine below, Box[] rules)
    {
        if (above.Vertical || below.Vertical)
        {
            return false;
        }

        var ratio = Math.Max(above.Size, below.Size) / Math.Min(above.Size, below.Size);
        if (ratio > options.MaxSizeRatio)
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

        var between = new Box(Math.Max(above.Box.Left, below.Box.Left), above.Box.Bottom, Math.Min(above.Box.Right, below.Box.Right), below.Box.Top);
        return !Rules.Across(rules, between);
    }
}
