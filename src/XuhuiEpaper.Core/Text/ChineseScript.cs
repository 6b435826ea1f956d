using System.Collections.Frozen;
using System.Globalization;
using System.Text;

namespace XuhuiEpaper.Core.Text;

/// <summary>
/// Folds Traditional Chinese characters to their Simplified forms, so that a reader who types 徐汇 finds 徐匯.
/// For matching only (search index and queries): stored and displayed text keeps the script it was printed in.
/// </summary>
/// <remarks>
/// The table is Unihan's kSimplifiedVariant. A character whose variants include itself (乾 → 乾 干, 裡 → 裡 里) is
/// also a Simplified character in its own right, so it is left alone: folding it would merge two words. Folding is
/// many-to-one (發 and 髮 both become 发), which costs a little precision and is what a reader expects of search.
/// </remarks>
public static class ChineseScript
{
    private static readonly FrozenDictionary<int, int> Simplified = LoadSimplified();

    /// <summary>Simplified forms that are not Traditional characters with a Simplified form of their own (汇, 报).</summary>
    private static readonly FrozenSet<int> SimplifiedOnly = Simplified.Values.Where(v => !Simplified.ContainsKey(v)).ToFrozenSet();

    /// <summary>A Traditional character with a Simplified form of its own (匯, 報): it is not printed in Simplified text.</summary>
    public static bool IsTraditionalOnly(int codePoint) => Simplified.ContainsKey(codePoint);

    /// <summary>The Simplified form of a Traditional character (汇, 报): it is not printed in Traditional text.</summary>
    public static bool IsSimplifiedOnly(int codePoint) => SimplifiedOnly.Contains(codePoint);

    /// <summary>The text with every foldable Traditional character replaced by its Simplified form.</summary>
    public static string ToSimplified(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        StringBuilder? builder = null;
        var index = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            if (Simplified.TryGetValue(rune.Value, out var simplified))
            {
                builder ??= new StringBuilder(text.Length).Append(text, 0, index);
                builder.Append(new Rune(simplified).ToString());
            }
            else
            {
                builder?.Append(rune.ToString());
            }

            index += rune.Utf16SequenceLength;
        }

        return builder?.ToString() ?? text;
    }

    private static FrozenDictionary<int, int> LoadSimplified()
    {
        using var stream = typeof(ChineseScript).Assembly.GetManifestResourceStream("Unihan_kSimplifiedVariant.txt")
            ?? throw new InvalidOperationException("Unihan_kSimplifiedVariant.txt is not embedded in XuhuiEpaper.Core");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return ParseSimplifiedVariants(reader.ReadToEnd());
    }

    /// <summary>Parses Unihan lines such as "U+532F	kSimplifiedVariant	U+6C47" into a fold table.</summary>
    internal static FrozenDictionary<int, int> ParseSimplifiedVariants(string table)
    {
        var map = new Dictionary<int, int>();
        foreach (var rawLine in table.Split('\n'))
        {
            var fields = rawLine.Trim().Split('\t');
            if (fields.Length != 3 || fields[0].StartsWith('#') || fields[1] != "kSimplifiedVariant")
            {
                continue;
            }

            var source = CodePoint(fields[0]);
            var variants = fields[2].Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(CodePoint).ToList();
            if (variants.Count > 0 && !variants.Contains(source))
            {
                map[source] = variants[0];
            }
        }

        return map.ToFrozenDictionary();

        static int CodePoint(string field) => int.Parse(field.AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
    }
}
