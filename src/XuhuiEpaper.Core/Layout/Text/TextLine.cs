using System.Text;

namespace XuhuiEpaper.Core.Layout;

/// <summary>Glyphs of one size on one baseline (or, set vertically, one above the other), with no gutter or rule between them.</summary>
public sealed class TextLine
{
    public TextLine(IReadOnlyList<Glyph> glyphs, bool vertical = false)
    {
        ArgumentNullException.ThrowIfNull(glyphs);
        if (glyphs.Count == 0)
        {
            throw new ArgumentException("A line needs at least one glyph.", nameof(glyphs));
        }

        Glyphs = glyphs;
        Box = Box.Bounding(glyphs.Select(g => g.Box));
        Size = Median(glyphs.Select(g => g.Size));
        Bold = glyphs.Count(g => g.Bold) * 2 > glyphs.Count;
        Vertical = vertical;
        Text = vertical ? string.Concat(glyphs.Select(g => g.Text)) : Join(glyphs);
    }

    public IReadOnlyList<Glyph> Glyphs { get; }
    public Box Box { get; }
    public double Size { get; }
    public bool Bold { get; }
    /// <summary>Set top to bottom (竖排), one character under the other, as some headlines are.</summary>
    public bool Vertical { get; }
    public string Text { get; }

    public override string ToString() => $"{Size:0.#}pt {Box.Left:0},{Box.Top:0} {Text}";

    private static string Join(IReadOnlyList<Glyph> glyphs)
    {
        var text = new StringBuilder();
        for (var i = 0; i < glyphs.Count; i++)
        {
            // A gap the PDF did not fill with a space glyph is still a space: between Latin letters or digits a
            // narrow one will do; between CJK characters only a wide one, as justification spreads them a little.
            if (i > 0 && !glyphs[i].IsSpace && !glyphs[i - 1].IsSpace)
            {
                var gap = glyphs[i].Box.Left - glyphs[i - 1].Box.Right;
                var latin = char.IsAsciiLetterOrDigit(glyphs[i].Text[0]) && char.IsAsciiLetterOrDigit(glyphs[i - 1].Text[^1]);
                if (gap > glyphs[i].Size * (latin ? 0.2 : 0.25))
                {
                    text.Append(' ');
                }
            }

            text.Append(glyphs[i].Text);
        }

        return text.ToString();
    }

    internal static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? 0 : sorted[sorted.Length / 2];
    }
}
