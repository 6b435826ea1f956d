using System.Globalization;
using System.Text;
using XuhuiEpaper.Core.Text;

namespace XuhuiEpaper.Storage;

/// <summary>A user query translated for FTS5: the MATCH expression and the literal terms to mark in snippets.</summary>
internal sealed record FtsQuery(string Match, IReadOnlyList<string> Terms);

/// <summary>
/// Segmentation of text for the FTS5 index and of queries, done the same way on both sides.
/// <para>
/// Text is NFKC-normalized and cut into runs: a CJK run (Han, kana, hangul, bopomofo) or a word run
/// (other letters and digits); everything else separates runs. A CJK run c1..cn is indexed as its
/// bigrams c1c2 c2c3 … c(n-1)cn followed by the unigram cn, so every character starts exactly one token.
/// Word runs are indexed as they are (unicode61 lower-cases them).
/// </para>
/// <para>
/// A query CJK run of 2+ characters becomes the phrase of its bigrams (adjacent tokens, so "徐匯區" only
/// matches the three characters in a row); a 1-character run becomes the prefix query <c>"徐"*</c>, which
/// matches every bigram starting with it and the run-final unigram, i.e. every occurrence. Word runs are
/// quoted phrases. Runs are joined with AND. Only letters, digits and CJK characters ever reach the MATCH
/// expression, each run inside double quotes, so no user input can form FTS5 syntax.
/// </para>
/// </summary>
internal static class CjkSearchText
{
    private enum RunKind
    {
        Cjk,
        Word,
    }

    /// <summary>
    /// The version of the segmentation below. A change to what <see cref="ToIndexText(string?)"/> produces must raise
    /// it, so that existing indexes are rebuilt. 1: radicals folded, NFKC. 2: Traditional folded to Simplified as well.
    /// </summary>
    public const int IndexVersion = 2;

    /// <summary>
    /// The one place queries and indexed text are normalized: radicals folded, NFKC, then Traditional characters folded
    /// to Simplified, so that 徐汇 finds 徐匯 and the other way round.
    /// </summary>
    public static string Normalize(string? text) =>
        string.IsNullOrEmpty(text) ? "" : ChineseScript.ToSimplified(CjkText.Normalize(text));

    public static string ToIndexText(string? text)
    {
        var builder = new StringBuilder();
        foreach (var (kind, run) in Runs(Normalize(text)))
        {
            if (builder.Length > 0)
            {
                builder.Append(' ');
            }

            if (kind == RunKind.Word)
            {
                builder.Append(run);
                continue;
            }

            var chars = TextElements(run);
            for (var i = 0; i + 1 < chars.Count; i++)
            {
                builder.Append(chars[i]).Append(chars[i + 1]).Append(' ');
            }

            builder.Append(chars[^1]);
        }

        return builder.ToString();
    }

    public static string ToIndexText(IEnumerable<string?> parts) =>
        string.Join(" \n ", parts.Where(p => !string.IsNullOrWhiteSpace(p)).Select(ToIndexText));

    /// <summary>Translates user input; null when it contains nothing searchable.</summary>
    public static FtsQuery? ParseQuery(string? query)
    {
        var clauses = new List<string>();
        var terms = new List<string>();
        foreach (var (kind, run) in Runs(Normalize(query)))
        {
            terms.Add(run);
            if (kind == RunKind.Word)
            {
                clauses.Add(Quote(run));
                continue;
            }

            var chars = TextElements(run);
            if (chars.Count == 1)
            {
                clauses.Add(Quote(chars[0]) + "*");
                continue;
            }

            var bigrams = new List<string>(chars.Count - 1);
            for (var i = 0; i + 1 < chars.Count; i++)
            {
                bigrams.Add(chars[i] + chars[i + 1]);
            }

            clauses.Add(Quote(string.Join(' ', bigrams)));
        }

        return clauses.Count == 0 ? null : new FtsQuery(string.Join(" AND ", clauses.Distinct(StringComparer.Ordinal)), terms);
    }

    /// <summary>
    /// A short excerpt of <paramref name="text"/> around the first match of any term, matches wrapped in
    /// <c>&lt;mark&gt;</c>, everything else HTML-escaped. Matching is done on the normalized text, but the
    /// excerpt shows the original characters (whitespace collapsed), never segmented.
    /// </summary>
    public static string Snippet(string? text, IReadOnlyList<string> terms, int maxChars = 80)
    {
        // Match in the normalized text, show the original: NFKC would turn "，" into "," and so on.
        var source = CollapseWhitespace(text ?? "");
        var (normalized, map) = NormalizeWithMap(source);
        var matches = FindMatches(normalized, terms).Select(m => (Start: map[m.Start].Start, End: map[m.End - 1].End)).ToList();
        var first = matches.Count > 0 ? matches[0].Start : 0;
        var start = Math.Max(0, first - (maxChars / 4));
        var end = Math.Min(source.Length, start + maxChars);
        if (end - start < maxChars)
        {
            start = Math.Max(0, end - maxChars);
        }

        if (start > 0 && char.IsLowSurrogate(source[start]))
        {
            start--;
        }

        if (end < source.Length && char.IsLowSurrogate(source[end]))
        {
            end++;
        }

        var builder = new StringBuilder();
        if (start > 0)
        {
            builder.Append('…');
        }

        var position = start;
        foreach (var (matchStart, matchEnd) in matches)
        {
            if (matchEnd <= position || matchStart >= end)
            {
                continue;
            }

            var s = Math.Max(matchStart, position);
            var e = Math.Min(matchEnd, end);
            AppendEscaped(builder, source.AsSpan(position, s - position));
            builder.Append("<mark>");
            AppendEscaped(builder, source.AsSpan(s, e - s));
            builder.Append("</mark>");
            position = e;
        }

        AppendEscaped(builder, source.AsSpan(position, end - position));
        if (end < source.Length)
        {
            builder.Append('…');
        }

        return builder.ToString();
    }

    internal static bool ContainsAny(string? text, IReadOnlyList<string> terms) => FindMatches(Normalize(text), terms).Count > 0;

    public static string HtmlEscape(string text)
    {
        var builder = new StringBuilder(text.Length);
        AppendEscaped(builder, text);
        return builder.ToString();
    }

    /// <summary>Non-overlapping [start, end) ranges of term occurrences, in order; case-insensitive.</summary>
    private static List<(int Start, int End)> FindMatches(string source, IReadOnlyList<string> terms)
    {
        var ranges = new List<(int Start, int End)>();
        foreach (var term in terms.Where(t => t.Length > 0))
        {
            var at = 0;
            while (at < source.Length && (at = source.IndexOf(term, at, StringComparison.OrdinalIgnoreCase)) >= 0)
            {
                ranges.Add((at, at + term.Length));
                at += term.Length;
            }
        }

        ranges.Sort((a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : b.End.CompareTo(a.End));
        var merged = new List<(int Start, int End)>();
        foreach (var range in ranges)
        {
            if (merged.Count > 0 && range.Start <= merged[^1].End)
            {
                merged[^1] = (merged[^1].Start, Math.Max(merged[^1].End, range.End));
            }
            else
            {
                merged.Add(range);
            }
        }

        return merged;
    }

    private static void AppendEscaped(StringBuilder builder, ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            _ = c switch
            {
                '&' => builder.Append("&amp;"),
                '<' => builder.Append("&lt;"),
                '>' => builder.Append("&gt;"),
                '"' => builder.Append("&quot;"),
                '\'' => builder.Append("&#39;"),
                _ => builder.Append(c),
            };
        }
    }

    /// <summary>Normalizes one text element at a time, recording for each output char the original element it came from.</summary>
    private static (string Normalized, List<(int Start, int End)> Map) NormalizeWithMap(string source)
    {
        var builder = new StringBuilder(source.Length);
        var map = new List<(int Start, int End)>(source.Length);
        var enumerator = StringInfo.GetTextElementEnumerator(source);
        while (enumerator.MoveNext())
        {
            var element = enumerator.GetTextElement();
            var start = enumerator.ElementIndex;
            var normalized = Normalize(element);
            builder.Append(normalized);
            for (var i = 0; i < normalized.Length; i++)
            {
                map.Add((start, start + element.Length));
            }
        }

        return (builder.ToString(), map);
    }

    private static string CollapseWhitespace(string text)
    {
        var builder = new StringBuilder(text.Length);
        var space = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                space = builder.Length > 0;
                continue;
            }

            if (space)
            {
                builder.Append(' ');
                space = false;
            }

            builder.Append(c);
        }

        return builder.ToString();
    }

    private static string Quote(string token) => "\"" + token.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static List<string> TextElements(string run)
    {
        var result = new List<string>(run.Length);
        foreach (var rune in run.EnumerateRunes())
        {
            result.Add(rune.ToString());
        }

        return result;
    }

    private static IEnumerable<(RunKind Kind, string Text)> Runs(string text)
    {
        var builder = new StringBuilder();
        RunKind? current = null;
        foreach (var rune in text.EnumerateRunes())
        {
            RunKind? kind = IsCjk(rune) ? RunKind.Cjk : IsWordChar(rune) ? RunKind.Word : null;
            if (kind != current && builder.Length > 0)
            {
                yield return (current!.Value, builder.ToString());
                builder.Clear();
            }

            current = kind;
            if (kind is not null)
            {
                builder.Append(kind == RunKind.Word ? Rune.ToLowerInvariant(rune).ToString() : rune.ToString());
            }
        }

        if (builder.Length > 0 && current is { } last)
        {
            yield return (last, builder.ToString());
        }
    }

    private static bool IsWordChar(Rune rune) => Rune.GetUnicodeCategory(rune) switch
    {
        UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
            or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter
            or UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber => true,
        _ => false,
    };

    private static bool IsCjk(Rune rune)
    {
        var v = rune.Value;
        return v is (>= 0x3400 and <= 0x4DBF) or (>= 0x4E00 and <= 0x9FFF) or (>= 0xF900 and <= 0xFAFF)
            or (>= 0x20000 and <= 0x3FFFF)
            or (>= 0x3040 and <= 0x30FF) or (>= 0x31F0 and <= 0x31FF)
            or (>= 0x3100 and <= 0x312F) or (>= 0x31A0 and <= 0x31BF)
            or (>= 0xAC00 and <= 0xD7AF) or (>= 0x1100 and <= 0x11FF)
            or 0x3005 or 0x3007;
    }
}
