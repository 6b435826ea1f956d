namespace XuhuiEpaper.Core.Layout;

/// <summary>What a block is doing on the page; decided from type size, position and wording.</summary>
public enum BlockRole
{
    Body,
    Headline,
    /// <summary>Type between body and headline size: a kicker (引题) above a headline or a subtitle (副题) below it.</summary>
    Deck,
    Byline,
    Caption,
    JumpLine,
    Furniture,
    /// <summary>A small heading between paragraphs of one article (小标题): part of its body, not a new article.</summary>
    Crosshead,
}

/// <summary>Consecutive lines of one column and one type size: a column segment of a paragraph run, a headline, a caption.</summary>
public sealed class TextBlock(IReadOnlyList<TextLine> lines)
{
    public IReadOnlyList<TextLine> Lines { get; } = lines;
    public Box Box { get; } = Box.Bounding(lines.Select(l => l.Box));
    public double Size { get; } = TextLine.Median(lines.Select(l => l.Size));
    public string Text => string.Concat(Lines.Select(l => l.Text));
    public bool Vertical => Lines.Count == 1 && Lines[0].Vertical;
    public int CharacterCount => Lines.Sum(l => l.Glyphs.Count(g => !g.IsSpace));
    public BlockRole Role { get; set; } = BlockRole.Body;

    public override string ToString() => $"{Role} {Size:0.#}pt [{Box.Left:0},{Box.Top:0},{Box.Right:0},{Box.Bottom:0}] {Text[..Math.Min(20, Text.Length)]}";
}
