using System.Collections.Frozen;
using System.Globalization;
using System.Text;

namespace XuhuiEpaper.Core.Text;

/// <summary>
/// Normalizes text taken from PDFs before it is stored or searched.
/// </summary>
/// <remarks>
/// CJK fonts in print PDFs often map glyphs to radical code points (⼤ U+2F24 for 大, ⺠ U+2EA0 for 民).
/// NFKC folds the Kangxi Radicals block but not the CJK Radicals Supplement or the CJK Strokes, so those
/// are first folded with Unicode's EquivalentUnifiedIdeograph.txt, then the whole text goes through NFKC.
/// </remarks>
public static class CjkText
{
    private static readonly FrozenDictionary<int, int> Equivalents = LoadEquivalents();

    public static string Normalize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return FoldRadicals(text).Normalize(NormalizationForm.FormKC);
    }

    /// <summary>Normalizes one character as <see cref="Normalize(string)"/> would, for code that works letter by letter.</summary>
    public static string Normalize(char c) => Normalize(c.ToString());

    /// <summary>Replaces every radical or stroke that stands for a unified ideograph by that ideograph.</summary>
    public static string FoldRadicals(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!HasCandidate(text))
        {
            return text;
        }

        var builder = new StringBuilder(text.Length);
        foreach (var rune in text.EnumerateRunes())
        {
            builder.Append(Equivalents.TryGetValue(rune.Value, out var unified) ? new Rune(unified).ToString() : rune.ToString());
        }

        return builder.ToString();
    }

    /// <summary>True for a CJK ideograph (unified, extension or compatibility).</summary>
    public static bool IsIdeograph(int codePoint) =>
        codePoint is (>= 0x3400 and <= 0x4DBF) or (>= 0x4E00 and <= 0x9FFF) or (>= 0xF900 and <= 0xFAFF)
            or (>= 0x20000 and <= 0x3FFFF) or 0x3007;

    private static bool HasCandidate(string text)
    {
        foreach (var c in text)
        {
            if (c is >= '\u2E80' and <= '\u2FDF' or >= '\u31C0' and <= '\u31EF')
            {
                return true;
            }
        }

        return false;
    }

    private static FrozenDictionary<int, int> LoadEquivalents()
    {
        using var stream = typeof(CjkText).Assembly.GetManifestResourceStream("EquivalentUnifiedIdeograph.txt")
            ?? throw new InvalidOperationException("EquivalentUnifiedIdeograph.txt is not embedded in XuhuiEpaper.Core");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return ParseEquivalents(reader.ReadToEnd());
    }

    /// <summary>Parses lines such as "2E8C..2E8D ; 5C0F # comment".</summary>
    internal static FrozenDictionary<int, int> ParseEquivalents(string table)
    {
        var map = new Dictionary<int, int>();
        foreach (var rawLine in table.Split('\n'))
        {
            var line = rawLine.Split('#')[0].Trim();
            if (line.Length == 0)
            {
                continue;
            }

            var fields = line.Split(';');
            var range = fields[0].Trim().Split("..");
            var first = int.Parse(range[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            var last = range.Length > 1 ? int.Parse(range[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture) : first;
            var unified = int.Parse(fields[1].Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            for (var cp = first; cp <= last; cp++)
            {
                map[cp] = unified;
            }
        }

        return map.ToFrozenDictionary();
    }
}
