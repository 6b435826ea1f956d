using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace XuhuiEpaper.Core.Model;

/// <summary>
/// The page segment of a readable address (<c>/{title}/{yyyy-MM-dd}/{版次}</c>): the 版次 as printed (第1版 → <c>1</c>,
/// A01 → <c>a1</c>, 第十二版 → <c>12</c>), or the page's sequence number when the labels do not give every page a segment
/// of its own. A page keeps the segment it had when its issue is analysed again, so a link to it stays valid.
/// </summary>
public static partial class PageAddresses
{
    /// <summary>The segment a 版次 label gives: ASCII letters and digits only; null when the label is not a page number.</summary>
    public static string? FromLabel(string? label)
    {
        if (string.IsNullOrWhiteSpace(label))
        {
            return null;
        }

        var text = string.Concat(label.Normalize(NormalizationForm.FormKC).Where(c => !char.IsWhiteSpace(c)));
        if (text.StartsWith('第'))
        {
            text = text[1..];
        }

        foreach (var suffix in (string[])["版面", "版"])
        {
            if (text.EndsWith(suffix, StringComparison.Ordinal))
            {
                text = text[..^suffix.Length];
                break;
            }
        }

        if (LetterAndDigits().Match(text) is { Success: true } m)
        {
            var n = int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture);
            return n == 0 ? null : m.Groups[1].Value.ToLowerInvariant() + n.ToString(CultureInfo.InvariantCulture);
        }

        return ChineseNumber(text) is { } c ? c.ToString(CultureInfo.InvariantCulture) : null;
    }

    /// <summary>
    /// Each page's segment, by page number: the one it had before (<paramref name="previous"/>, from the issue this one
    /// replaces), else its label's; when two pages would share one, or a page has none, every page takes its sequence number.
    /// </summary>
    public static IReadOnlyDictionary<int, string> Assign(IReadOnlyList<(int Number, string? Label)> pages, IReadOnlyDictionary<int, string>? previous = null)
    {
        ArgumentNullException.ThrowIfNull(pages);
        var chosen = new Dictionary<int, string>();
        foreach (var (number, label) in pages)
        {
            var segment = previous is not null && previous.TryGetValue(number, out var old) && !string.IsNullOrEmpty(old) ? old : FromLabel(label);
            if (segment is null)
            {
                return Sequence(pages);
            }

            chosen[number] = segment;
        }

        return chosen.Values.Distinct(StringComparer.Ordinal).Count() == chosen.Count ? chosen : Sequence(pages);
    }

    private static Dictionary<int, string> Sequence(IReadOnlyList<(int Number, string? Label)> pages) =>
        pages.ToDictionary(p => p.Number, p => p.Number.ToString(CultureInfo.InvariantCulture));

    /// <summary>一 … 九十九 as a number; null for anything else.</summary>
    private static int? ChineseNumber(string text)
    {
        const string Digits = "〇一二三四五六七八九";
        if (text.Length is 0 or > 3)
        {
            return null;
        }

        var ten = text.IndexOf('十', StringComparison.Ordinal);
        if (ten < 0)
        {
            return text.Length == 1 && Digits.IndexOf(text[0], StringComparison.Ordinal) is > 0 and var d ? d : null;
        }

        var tens = ten == 0 ? 1 : ten == 1 && Digits.IndexOf(text[0], StringComparison.Ordinal) is > 0 and var t ? t : -1;
        var units = ten == text.Length - 1 ? 0 : ten == text.Length - 2 && Digits.IndexOf(text[^1], StringComparison.Ordinal) is > 0 and var u ? u : -1;
        return tens < 0 || units < 0 ? null : (tens * 10) + units;
    }

    [GeneratedRegex("^([A-Za-z]{0,2})([0-9]{1,4})$", RegexOptions.CultureInvariant)]
    private static partial Regex LetterAndDigits();
}
