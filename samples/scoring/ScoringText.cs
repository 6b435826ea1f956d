using System.Text;
using XuhuiEpaper.Core.Text;

namespace XuhuiEpaper.Samples.Scoring;

/// <summary>Text as scoring compares it.</summary>
public static class ScoringText
{
    private static readonly Rune SoftHyphen = new('\u00AD');

    /// <summary>
    /// Normalized (CjkText) and stripped of all whitespace: the finder joins lines with or without a space,
    /// pdftotext and the truth have their own ideas, and none of that is what is being measured. Soft hyphens go too:
    /// OCR layers end lines with them ("Pro\u00AD" over "zeß"), and a finder that joins the word drops them, rightly.
    /// </summary>
    public static string Comparable(string text)
    {
        var normalized = CjkText.Normalize(text);
        var builder = new StringBuilder(normalized.Length);
        foreach (var rune in normalized.EnumerateRunes())
        {
            if (!Rune.IsWhiteSpace(rune) && rune != SoftHyphen)
            {
                builder.Append(rune.ToString());
            }
        }

        return builder.ToString();
    }

    /// <summary>True when the text has a letter or a digit (words of punctuation alone are no test of a region).</summary>
    public static bool HasLetterOrDigit(string text) => text.EnumerateRunes().Any(Rune.IsLetterOrDigit);

    /// <summary>The first <paramref name="length"/> characters on one line, for listings.</summary>
    public static string Head(string text, int length)
    {
        var flat = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return flat.Length <= length ? flat : flat[..length] + "…";
    }
}
