using System.Globalization;
using System.Text;
using XuhuiEpaper.Core.Model;

namespace XuhuiEpaper.Storage;

/// <summary>
/// The search segmentation for indexes kept outside SQLite (the static edition's shards): the tokens article_fts holds
/// for a text, in order, as its unicode61 tokenizer sees them (lower case, diacritics removed). A CJK run gives its
/// bigrams and its last character, so every character starts one token and a phrase is a run of adjacent positions.
/// </summary>
public static class SearchTokens
{
    /// <summary>The version of the segmentation (<see cref="CjkSearchText.IndexVersion"/>); an index records it.</summary>
    public static int Version => CjkSearchText.IndexVersion;

    /// <summary>Whether the live search indexes articles of this kind (page furniture is not).</summary>
    public static bool IsSearchable(RegionKind kind) => !SearchStore.NotSearchable.Contains(kind);

    /// <summary>The text as queries and the index see it: radicals folded, NFKC, Traditional folded to Simplified.</summary>
    public static string Normalize(string? text) => CjkSearchText.Normalize(text);

    public static IReadOnlyList<string> Of(string? text) => Split(CjkSearchText.ToIndexText(text));

    /// <summary>The tokens of several parts read as one column (the deck: kicker, subtitle, byline).</summary>
    public static IReadOnlyList<string> Of(IEnumerable<string?> parts) => Split(CjkSearchText.ToIndexText(parts));

    private static List<string> Split(string indexText)
    {
        var tokens = new List<string>();
        foreach (var token in indexText.Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries))
        {
            tokens.Add(token.Length > 0 && token[0] < 0x2E80 ? WithoutDiacritics(token) : token);
        }

        return tokens;
    }

    /// <summary>unicode61's remove_diacritics for a word token: decomposed, marks dropped, lower case.</summary>
    private static string WithoutDiacritics(string token)
    {
        var decomposed = token.Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                builder.Append(c);
            }
        }

        return builder.ToString().ToLowerInvariant();
    }
}
