using System.Net;
using System.Text.RegularExpressions;

namespace XuhuiEpaper.Web.Tests;

/// <summary>
/// The void elements of an HTML document's head (<c>meta</c>, <c>link</c>) with their attributes, entity-decoded, as a
/// crawler that runs no script reads them: enough of an HTML tokenizer for the tags the server writes.
/// </summary>
internal static partial class HeadTags
{
    public static IReadOnlyList<IReadOnlyDictionary<string, string>> Parse(string html, string element)
    {
        var end = html.IndexOf("</head>", StringComparison.OrdinalIgnoreCase);
        var head = end < 0 ? html : html[..end];
        var tags = new List<IReadOnlyDictionary<string, string>>();
        foreach (Match tag in Tag().Matches(head))
        {
            if (!tag.Groups["name"].Value.Equals(element, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var attributes = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (Match a in Attribute().Matches(tag.Groups["attrs"].Value))
            {
                var value = a.Groups["dq"].Success ? a.Groups["dq"].Value : a.Groups["sq"].Success ? a.Groups["sq"].Value : a.Groups["bare"].Value;
                attributes.TryAdd(a.Groups["key"].Value, WebUtility.HtmlDecode(value));
            }

            tags.Add(attributes);
        }

        return tags;
    }

    /// <summary>The content of <c>&lt;meta property|name="<paramref name="key"/>"&gt;</c>, or null; fails when there are several.</summary>
    public static string? Meta(string html, string key)
    {
        var found = Parse(html, "meta").Where(m => m.GetValueOrDefault("property") == key || m.GetValueOrDefault("name") == key).ToList();
        Assert.That(found, Has.Count.LessThanOrEqualTo(1), $"one meta {key}");
        return found.Count == 0 ? null : found[0].GetValueOrDefault("content");
    }

    /// <summary>The href of every <c>&lt;link rel="<paramref name="rel"/>"&gt;</c> (of <paramref name="type"/> when given).</summary>
    public static IReadOnlyList<string> Links(string html, string rel, string? type = null) =>
        Parse(html, "link").Where(l => l.GetValueOrDefault("rel") == rel && (type is null || l.GetValueOrDefault("type") == type))
            .Select(l => l.GetValueOrDefault("href") ?? "").ToList();

    [GeneratedRegex(@"<(?<name>[a-zA-Z]+)(?<attrs>(?:\s+[^\s/>=]+(?:\s*=\s*(?:""[^""]*""|'[^']*'|[^\s>]+))?)*)\s*/?>", RegexOptions.CultureInvariant)]
    private static partial Regex Tag();

    [GeneratedRegex(@"(?<key>[^\s/>=]+)(?:\s*=\s*(?:""(?<dq>[^""]*)""|'(?<sq>[^']*)'|(?<bare>[^\s>]+)))?", RegexOptions.CultureInvariant)]
    private static partial Regex Attribute();
}
