using System.Text;
using XuhuiEpaper.Core.Layout;
using XuhuiEpaper.Core.Text;

namespace XuhuiEpaper.Core.Recognition;

/// <summary>
/// One word (or one character) as a recogniser (tesseract) gives it: its text, its ink box and the box of its line, in
/// page points with a top-left origin, and the recogniser's confidence (0–100).
/// </summary>
public sealed record RecognisedWord(string Text, Box Box, Box Line, double Confidence);

/// <summary>
/// Recognised words as glyphs for the article finder, as a text layer gives them: one glyph a character, with an em
/// box. A recogniser boxes ink, and ink differs per character (一 is a thin stroke), so every glyph of a line takes the
/// line's top and bottom; a word's width is shared out evenly among its characters (CJK type is set square, one em a
/// character). Glyphs are marked <see cref="Glyph.Invisible"/>, as an OCR text layer is.
/// </summary>
public static class RecognisedGlyphs
{
    /// <summary>Ink of a CJK line is about this share of its em.</summary>
    private const double InkPerEm = 0.92;

    public static IReadOnlyList<Glyph> FromWords(IEnumerable<RecognisedWord> words, double minConfidence = 0)
    {
        ArgumentNullException.ThrowIfNull(words);
        var glyphs = new List<Glyph>();
        foreach (var word in words)
        {
            if (word.Confidence < minConfidence)
            {
                continue;
            }

            var characters = CjkText.Normalize(word.Text).EnumerateRunes().Where(r => !Rune.IsWhiteSpace(r)).Select(r => r.ToString()).ToArray();
            if (characters.Length == 0 || word.Box.Width <= 0)
            {
                continue;
            }

            var line = word.Line.Height > 0 ? word.Line : word.Box;
            var top = Math.Min(line.Top, word.Box.Top);
            var bottom = Math.Max(line.Bottom, word.Box.Bottom);
            var size = Math.Max(1, (bottom - top) / InkPerEm);
            var margin = ((bottom - top) / InkPerEm - (bottom - top)) / 2;
            var step = word.Box.Width / characters.Length;
            for (var i = 0; i < characters.Length; i++)
            {
                var left = word.Box.Left + (i * step);
                var right = left + step;
                if (characters[i].Length > 0 && CjkText.IsIdeograph(char.ConvertToUtf32(characters[i], 0)) && right - left < size)
                {
                    // An ideograph is set one em wide whatever its ink (一, 卜): its em box is centred on its ink.
                    var centre = (left + right) / 2;
                    (left, right) = (centre - (size / 2), centre + (size / 2));
                }

                glyphs.Add(new Glyph(characters[i], new Box(left, top - margin, right, bottom + margin), size, false, Invisible: true));
            }
        }

        return glyphs;
    }

    /// <summary>
    /// Recognised characters as a text layer would give them, for a page whose glyphs all come from recognition (a scan):
    /// a recogniser's character boxes vary in height with the ink and sometimes run on across the next characters, so
    /// every character of a line takes the line's typical size (its line box's height, or the median height of its
    /// ideographs' ink where that is smaller) and top, and ends where the next character starts; an
    /// ideograph is one em wide, centred on its ink. Headlines, kickers and body thereby get one size a line, as in a
    /// PDF, and the finder's size hierarchy holds. <paramref name="words"/> are characters in reading order, each with
    /// its line's box (as <c>TesseractHocr</c> gives them).
    /// </summary>
    public static IReadOnlyList<Glyph> Evened(IReadOnlyList<RecognisedWord> words, double minConfidence = 0)
    {
        ArgumentNullException.ThrowIfNull(words);
        var runs = new List<Run>();
        var start = 0;
        while (start < words.Count)
        {
            var end = start + 1;
            while (end < words.Count && words[end].Line == words[start].Line)
            {
                end++;
            }

            EvenLine(words, start, end, runs);
            start = end;
        }

        UnifyDisplayRows(runs);
        var glyphs = new List<Glyph>();
        foreach (var run in runs)
        {
            Emit(run, minConfidence, glyphs);
        }

        return glyphs;
    }

    /// <summary>Characters evened together: their ink height and top.</summary>
    private sealed class Run(List<(string Text, Box Box, double Confidence)> characters, double ink, double top)
    {
        public List<(string Text, Box Box, double Confidence)> Characters { get; } = characters;
        public double Ink { get; set; } = ink;
        public double Top { get; set; } = top;
        public double Left => Characters.Min(c => c.Box.Left);
        public double Right => Characters.Max(c => c.Box.Left + Math.Min(c.Box.Width, 1.2 * Ink / InkPerEm));
    }

    /// <summary>
    /// A headline the recogniser read in pieces (a line a few characters, each its own height) is one line of one type
    /// in print: runs of display type (well above the page's typical) side by side on one row take their common
    /// height and top, weighted by their characters, so the finder sees one headline rather than fragments.
    /// </summary>
    private static void UnifyDisplayRows(List<Run> runs)
    {
        if (runs.Count < 2)
        {
            return;
        }

        var typical = Median(runs.SelectMany(r => r.Characters.Select(_ => r.Ink)));
        var display = runs.Where(r => r.Ink >= 1.4 * typical).OrderBy(r => r.Left).ToList();
        var parent = Enumerable.Range(0, display.Count).ToArray();
        int Find(int i) => parent[i] == i ? i : parent[i] = Find(parent[i]);
        for (var i = 0; i < display.Count; i++)
        {
            for (var j = i + 1; j < display.Count; j++)
            {
                var (a, b) = (display[i], display[j]);
                var overlap = Math.Min(a.Top + a.Ink, b.Top + b.Ink) - Math.Max(a.Top, b.Top);
                var gap = Math.Max(a.Left, b.Left) - Math.Min(a.Right, b.Right);
                if (overlap >= 0.5 * Math.Min(a.Ink, b.Ink) && Math.Max(a.Ink, b.Ink) <= 1.6 * Math.Min(a.Ink, b.Ink) && gap <= 1.5 * Math.Max(a.Ink, b.Ink))
                {
                    parent[Find(i)] = Find(j);
                }
            }
        }

        foreach (var row in display.Select((r, i) => (r, i)).GroupBy(x => Find(x.i)).Select(g => g.Select(x => x.r).ToList()).Where(g => g.Count > 1))
        {
            var ink = Median(row.SelectMany(r => r.Characters.Select(_ => r.Ink)));
            var top = Median(row.SelectMany(r => r.Characters.Select(_ => r.Top)));
            foreach (var r in row)
            {
                (r.Ink, r.Top) = (ink, top);
            }
        }
    }

    private static void EvenLine(IReadOnlyList<RecognisedWord> words, int start, int end, List<Run> runs)
    {
        var characters = new List<(string Text, Box Box, double Confidence)>();
        for (var i = start; i < end; i++)
        {
            var runes = CjkText.Normalize(words[i].Text).EnumerateRunes().Where(r => !Rune.IsWhiteSpace(r)).Select(r => r.ToString()).ToArray();
            // Tesseract sometimes boxes a line's only character outside the page with no size: the line's box is its box.
            var b = words[i].Box.Width <= 0 && end - start == 1 ? words[i].Line : words[i].Box;
            if (runes.Length == 0 || b.Width <= 0 || b.Height <= 0)
            {
                continue;
            }

            var step = b.Width / runes.Length;
            for (var k = 0; k < runes.Length; k++)
            {
                characters.Add((runes[k], new Box(b.Left + (k * step), b.Top, b.Left + ((k + 1) * step), b.Bottom), words[i].Confidence));
            }
        }

        if (characters.Count == 0)
        {
            return;
        }

        // A recogniser's line sometimes runs across columns, picking up characters of lines set on other baselines (or
        // fragments of a headline): it is evened in runs, a run ending where the next character lies more than an em
        // away, back to the left, or off the run's level.
        var em = Median(Square(characters).Select(b => b.Height));
        var from = 0;
        for (var i = 1; i <= characters.Count; i++)
        {
            if (i == characters.Count || Breaks(characters[i - 1].Box, characters[i].Box, Median(characters.Skip(from).Take(i - from).Select(c => c.Box.CenterY)), em))
            {
                runs.Add(EvenRun(characters.GetRange(from, i - from), words[start].Line));
                from = i;
            }
        }
    }

    private static bool Breaks(Box previous, Box next, double level, double em) =>
        next.Left - previous.Right > em || next.Left < previous.Left - (0.5 * em) || Math.Abs(next.CenterY - level) > 0.5 * em;

    /// <summary>The square, full-height characters (ideographs) whose ink tells the type's height; all, if none.</summary>
    private static List<Box> Square(List<(string Text, Box Box, double Confidence)> characters)
    {
        var square = characters.Where(c => IsIdeograph(c.Text)).Select(c => c.Box).ToList();
        return square.Count > 0 ? square : characters.Select(c => c.Box).ToList();
    }

    private static Run EvenRun(List<(string Text, Box Box, double Confidence)> characters, Box line)
    {
        var square = Square(characters);

        // A recogniser's line box holds every character's ink, the misboxed ones too, so it can be too tall (a headline
        // character boxed over two lines, a line across columns); the characters' median can be too (half a line's
        // boxes run 1.5 times too tall). The smaller of the two is the line's type.
        var median = Median(square.Select(b => b.Height));
        var (ink, top) = line.Height > 0 && line.Height <= median
            ? (line.Height, line.Top)
            : (median, Median(square.Where(b => Math.Abs(b.Height - median) <= 0.15 * median).Select(b => b.Top)));
        return new Run(characters, ink, top);
    }

    private static void Emit(Run run, double minConfidence, List<Glyph> glyphs)
    {
        var (characters, ink, top) = (run.Characters, run.Ink, run.Top);
        var first = glyphs.Count;
        var size = Math.Max(1, ink / InkPerEm);
        var margin = (size - ink) / 2;
        for (var i = 0; i < characters.Count; i++)
        {
            var (text, box, confidence) = characters[i];
            if (confidence < minConfidence)
            {
                continue;
            }

            var left = box.Left;
            // A box that runs on over the next characters ends where the next begins, and is never wider than its type.
            var right = Math.Min(box.Right, left + (1.2 * size));
            if (i + 1 < characters.Count && characters[i + 1].Box.Left > left)
            {
                right = Math.Min(right, Math.Max(characters[i + 1].Box.Left, left + (0.3 * size)));
            }

            if (IsIdeograph(text) && right - left < size)
            {
                var centre = (left + right) / 2;
                (left, right) = (centre - (size / 2), centre + (size / 2));
            }

            glyphs.Add(new Glyph(text, new Box(left, top - margin, right, top + ink + margin), size, false, Invisible: true));
        }

        // A text layer advances from one character to the next: a gap of less than an em inside a run (a quotation mark or
        // a character the recogniser missed) is closed, so a headline is not cut there; wider gaps ended the run.
        for (var i = first + 1; i < glyphs.Count; i++)
        {
            var (previous, next) = (glyphs[i - 1].Box, glyphs[i].Box);
            if (next.Left > previous.Right && next.Left - previous.Right < size)
            {
                glyphs[i - 1] = glyphs[i - 1] with { Box = previous with { Right = next.Left } };
            }
            else if (next.Left < previous.Right && next.Left > previous.Left + (0.3 * size))
            {
                // Nor do a text layer's characters overlap: an ideograph widened to its em ends where the next begins.
                glyphs[i - 1] = glyphs[i - 1] with { Box = previous with { Right = next.Left } };
            }
        }
    }

    private static bool IsIdeograph(string text) => text.Length > 0 && CjkText.IsIdeograph(char.ConvertToUtf32(text, 0));

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? 0 : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
