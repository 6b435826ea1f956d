namespace XuhuiEpaper.Core.Layout;

public sealed record HeadingRefinerOptions
{
    /// <summary>A short line set at least this many ems in from both edges of its column, and centred, is a heading.</summary>
    public double CentredMargin { get; init; } = 1.5;
    /// <summary>A centred heading has at most this many lines.</summary>
    public int MaxCentredLines { get; init; } = 3;
    /// <summary>
    /// On a scan, display type with body text closer than this many ems on its own row, or lying over body text, is
    /// an OCR size error (a word measured by a blot or by the next line's ink), not a heading.
    /// </summary>
    public double CrowdedGap { get; init; } = 0.6;
    /// <summary>A line in capitals is a heading from this many letters (fewer: an initialism, a name in the text).</summary>
    public int MinCapitalLetters { get; init; } = 10;
}

/// <summary>
/// Corrects the roles that type size alone gets wrong. Headings set in body type but centred in their column (old
/// papers' decks, centred crossheads, the line under a notice's title) are display type; on scans, words that OCR
/// sized as display type but that sit inside a line of running text are body text.
/// </summary>
public sealed class HeadingRefiner(HeadingRefinerOptions options)
{
    public static HeadingRefiner Instance { get; } = new(new HeadingRefinerOptions());

    public void Refine(PageInput page, IReadOnlyList<TextBlock> blocks, TypeScale scale)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(blocks);
        ArgumentNullException.ThrowIfNull(scale);
        var index = new GridIndex<TextBlock>(new Box(0, 0, page.Width, page.Height), 8 * scale.BodySize);
        foreach (var block in blocks)
        {
            index.Add(block.Box, block);
        }

        var demoted = page.IsScan
            ? blocks.Where(b => b.Role is BlockRole.Headline or BlockRole.Deck && !b.Vertical && !CapitalsLine(b) && Crowded(b, index, scale)).ToList()
            : [];
        var centred = blocks.Where(b => b.Role == BlockRole.Body && Centred(b, index, scale)).ToList();
        foreach (var block in demoted)
        {
            block.Role = BlockRole.Body;
        }

        foreach (var block in centred)
        {
            block.Role = BlockRole.Deck;
        }
    }

    /// <summary>
    /// Words in capitals across a line (WORK IN THE LEGISLATURE) are a Latin paper's heading whatever OCR made of
    /// their size or of the specks around them: capitals survive OCR, sizes do not.
    /// </summary>
    private bool CapitalsLine(TextBlock block) =>
        block.Lines.Count <= 2 && RoleClassifier.IsCapitals(block.Text) && block.Text.Count(char.IsLetter) >= options.MinCapitalLetters
        && block.Text.Trim().Contains(' ', StringComparison.Ordinal);

    private bool Crowded(TextBlock block, GridIndex<TextBlock> index, TypeScale scale)
    {
        var gap = options.CrowdedGap * scale.BodySize;
        var row = new Box(block.Box.Left - gap, block.Box.Top, block.Box.Right + gap, block.Box.Bottom);
        return index.Any(row, (box, other) => other != block && other.Role is BlockRole.Body or BlockRole.Caption
            && box.VerticalOverlap(block.Box) >= 0.3 * Math.Min(box.Height, block.Box.Height)
            && other.Size < 0.8 * block.Size);
    }

    /// <summary>Centred over the column of body text right below it (or above it), with room on both sides.</summary>
    private bool Centred(TextBlock block, GridIndex<TextBlock> index, TypeScale scale)
    {
        if (block.Lines.Count > options.MaxCentredLines || block.Vertical)
        {
            return false;
        }

        var reach = 3 * scale.BodyPitch;
        var near = index.Query(new Box(block.Box.Left, block.Box.Top - reach, block.Box.Right, block.Box.Bottom + reach))
            .Where(o => o != block && o.Role == BlockRole.Body && o.Lines.Count >= 2 && o.Box.HorizontalOverlap(block.Box) >= 0.9 * block.Box.Width)
            .ToList();
        var column = near.Where(o => o.Box.Top >= block.Box.Bottom - 1).MinBy(o => o.Box.Top)
            ?? near.Where(o => o.Box.Bottom <= block.Box.Top + 1).MaxBy(o => o.Box.Bottom);
        if (column is null)
        {
            return false;
        }

        return block.Lines.All(line => Alignment.IsCentred(line.Box, column.Box, line.Size, options.CentredMargin));
    }
}
