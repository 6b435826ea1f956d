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
}
