using SkiaSharp;

namespace XuhuiEpaper.Samples.Layout;

/// <summary>A line of text with the x offset of each character relative to the line start.</summary>
public sealed record SetLine(string Text, IReadOnlyList<float> Offsets, IReadOnlyList<float> Advances, float Width);

/// <summary>
/// Breaks CJK text into justified lines. Characters are placed one by one so that the slack of a
/// line is spread evenly between them, as in print; digits and Latin words are kept together and
/// closing punctuation never starts a line (kinsoku).
/// </summary>
public static class TextSetter
{
    private const string NoLineStart = "，。、；：？！”’）》」』…·%,.;:?!)";
    private const string NoLineEnd = "“‘（《「『(";
    private static readonly Dictionary<char, float> UnitAdvances = [];
    private static readonly Lock CacheLock = new();

    /// <summary>Advance of a character at size 1.</summary>
    public static float UnitAdvance(char c)
    {
        lock (CacheLock)
        {
            if (!UnitAdvances.TryGetValue(c, out var advance))
            {
                using var font = new SKFont(FontSource.Typeface, 100);
                advance = font.MeasureText(c.ToString()) / 100f;
                UnitAdvances[c] = advance;
            }

            return advance;
        }
    }

    public static float Measure(string text, float size) => text.Sum(c => UnitAdvance(c)) * size;

    /// <summary>True when the font has a real glyph (not .notdef) for the character.</summary>
    public static bool HasGlyph(char c)
    {
        using var font = new SKFont(FontSource.Typeface, 10);
        return font.ContainsGlyph(c);
    }

    /// <summary>
    /// Takes as many characters from <paramref name="text"/> (from <paramref name="start"/>) as fit in
    /// <paramref name="width"/> after <paramref name="indent"/>; justifies unless it is the last line.
    /// </summary>
    public static SetLine NextLine(string text, int start, float width, float size, float indent, bool justify)
    {
        var end = start;
        var used = indent;
        while (end < text.Length && used + (UnitAdvance(text[end]) * size) <= width + 0.01f)
        {
            used += UnitAdvance(text[end]) * size;
            end++;
        }

        if (end == start && start < text.Length)
        {
            end++; // a line always takes at least one character
        }

        if (end < text.Length)
        {
            end = AdjustBreak(text, start, end);
        }

        var lineText = text[start..end];
        var advances = lineText.Select(c => UnitAdvance(c) * size).ToList();
        var natural = advances.Sum();
        var isLast = end >= text.Length;
        var gaps = lineText.Length - 1;
        var extra = justify && !isLast && gaps > 0 ? Math.Max(0, (width - indent - natural) / gaps) : 0;
        var offsets = new List<float>(lineText.Length);
        var x = indent;
        for (var i = 0; i < lineText.Length; i++)
        {
            offsets.Add(x);
            x += advances[i] + extra;
        }

        return new SetLine(lineText, offsets, advances, x - extra);
    }

    private static int AdjustBreak(string text, int start, int end)
    {
        var candidate = end;
        for (var guard = 0; guard < 6 && candidate - start > 1; guard++)
        {
            var next = text[candidate];
            var last = text[candidate - 1];
            var splitsWord = IsWordChar(next) && IsWordChar(last);
            if (NoLineStart.Contains(next, StringComparison.Ordinal) || NoLineEnd.Contains(last, StringComparison.Ordinal) || splitsWord)
            {
                candidate--;
                continue;
            }

            return candidate;
        }

        return end;
    }

    private static bool IsWordChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '.';
}
