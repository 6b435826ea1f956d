using SkiaSharp;
using XuhuiEpaper.Samples.Families.Text;
using XuhuiEpaper.Samples.Layout;

namespace XuhuiEpaper.Samples.Families.Composition;

/// <summary>Turns lines of text into one glyph op per character. A line's top is the top of its glyph boxes.</summary>
public static class Lettering
{
    /// <summary>Baseline below a line's top, matching <see cref="GlyphOp.Bounds"/>.</summary>
    public const float Ascent = 0.92f;

    /// <summary>Height a line of glyphs occupies, top of the box to the bottom of the descent.</summary>
    public const float Depth = 1.14f;

    public static float Width(string text, float size) => TextSetter.Measure(text, size);

    /// <summary>
    /// Sets a line at its natural spacing. Ordinary spaces advance without a glyph; the full-width phrase space is
    /// drawn as a U+3000 glyph only when <paramref name="spaceGlyph"/>, otherwise it stays a bare 1-em gap.
    /// </summary>
    public static void Line(List<DrawOp> ops, string owner, string text, float x, float top, float size, SKColor color, bool spaceGlyph = false)
    {
        var baseline = top + (size * Ascent);
        foreach (var c in text)
        {
            var advance = TextSetter.UnitAdvance(c) * size;
            if (c != ' ' && (c != IssueText.PhraseSpace || spaceGlyph))
            {
                ops.Add(new GlyphOp(owner, 0, c, x, baseline, size, advance, color));
            }

            x += advance;
        }
    }

    /// <summary>Sets a line broken by <see cref="TextSetter"/>, at the offsets it chose (justified or not).</summary>
    public static void Set(List<DrawOp> ops, string owner, SetLine line, float x, float top, float size, SKColor color)
    {
        var baseline = top + (size * Ascent);
        for (var i = 0; i < line.Text.Length; i++)
        {
            if (line.Text[i] != ' ')
            {
                ops.Add(new GlyphOp(owner, 0, line.Text[i], x + line.Offsets[i], baseline, size, line.Advances[i], color));
            }
        }
    }

    /// <summary>Greedy lines of at most <paramref name="width"/>, with the setter's kinsoku rules, not justified.</summary>
    public static List<string> Break(string text, float size, float width)
    {
        var lines = new List<string>();
        var start = 0;
        while (start < text.Length)
        {
            var line = TextSetter.NextLine(text, start, width, size, 0, justify: false);
            lines.Add(line.Text.Trim());
            start += line.Text.Length;
        }

        return lines;
    }

    /// <summary>As few lines as greedy breaking needs, but of even length (no one-character last line).</summary>
    public static List<string> BreakEvenly(string text, float size, float width)
    {
        var greedy = Break(text, size, width);
        if (greedy.Count < 2)
        {
            return greedy;
        }

        for (var narrower = Width(text, size) / greedy.Count; narrower < width; narrower += size * 0.5f)
        {
            var lines = Break(text, size, narrower);
            if (lines.Count == greedy.Count)
            {
                return lines;
            }
        }

        return greedy;
    }
}
