using SkiaSharp;

namespace XuhuiEpaper.Samples.Layout;

/// <summary>Where a flow stopped: paragraph index and character offset inside it.</summary>
public readonly record struct FlowPosition(int Paragraph, int Offset);

/// <summary>One column of body text; Block is the index of the article rectangle it lies in.</summary>
public sealed record ColumnSlot(int Block, float X, float Top, float Width, float Bottom);

public sealed record BodyStyle(float Size, float Leading, SKColor Color)
{
    public static BodyStyle Default { get; } = new(10f, 15f, SKColors.Black);
}

public sealed record FlowResult(FlowPosition End, bool Complete, IReadOnlyList<string> DrawnParagraphs, IReadOnlyList<GlyphOp> Glyphs);

/// <summary>
/// Flows paragraphs column by column, top to bottom, the way newspaper body text runs.
/// Pure: returns the glyphs instead of drawing them, so the caller can retry with other text.
/// </summary>
public static class ColumnFlow
{
    public static FlowResult Flow(string owner, IReadOnlyList<string> paragraphs, FlowPosition start, IReadOnlyList<ColumnSlot> columns, BodyStyle style)
    {
        var glyphs = new List<GlyphOp>();
        var drawn = new List<string>();
        var position = start;
        var paragraphStartOffset = start.Offset;
        foreach (var column in columns)
        {
            var y = column.Top;
            while (position.Paragraph < paragraphs.Count && y + (style.Size * 1.15f) <= column.Bottom)
            {
                var text = paragraphs[position.Paragraph];
                var indent = position.Offset == 0 ? 2 * style.Size : 0;
                var line = TextSetter.NextLine(text, position.Offset, column.Width, style.Size, indent, justify: true);
                var baseline = y + (style.Size * 0.92f);
                for (var i = 0; i < line.Text.Length; i++)
                {
                    if (line.Text[i] == ' ')
                    {
                        continue;
                    }

                    glyphs.Add(new GlyphOp(owner, column.Block, line.Text[i], column.X + line.Offsets[i], baseline, style.Size, line.Advances[i], style.Color));
                }

                y += style.Leading;
                position = position with { Offset = position.Offset + line.Text.Length };
                if (position.Offset >= text.Length)
                {
                    drawn.Add(text[paragraphStartOffset..]);
                    position = new FlowPosition(position.Paragraph + 1, 0);
                    paragraphStartOffset = 0;
                }
            }
        }

        var complete = position.Paragraph >= paragraphs.Count;
        if (!complete && position.Offset > paragraphStartOffset)
        {
            drawn.Add(paragraphs[position.Paragraph][paragraphStartOffset..position.Offset]);
        }

        return new FlowResult(position, complete, drawn, glyphs);
    }
}
