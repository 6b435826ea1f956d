using System.Globalization;
using System.Net;
using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace XuhuiEpaper.Web.Discovery;

/// <summary>One issue in a title's feed: when it was published, where its first page is, and its lead headlines.</summary>
public sealed record FeedIssue(DateOnly Date, int? Number, int? TotalNumber, DateTimeOffset PublishedAt, string IssueAddress, string FirstPageAddress, IReadOnlyList<string> Headlines);

/// <summary>
/// A title's Atom 1.0 feed of new issues (RFC 4287), at <c>/{title}/feed.atom</c>: an entry an issue, newest first, linking
/// its first page's readable address, its lead headlines as the summary. Ids are the absolute readable addresses, which do
/// not change when an issue is analysed again.
/// </summary>
public static class AtomFeed
{
    /// <summary>How many of the newest issues a feed lists.</summary>
    public const int MaxEntries = 30;

    public const string MediaType = "application/atom+xml";

    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";

    /// <summary>The feed's path below the site, the title percent-encoded.</summary>
    public static string Path(string paper) => $"/{Uri.EscapeDataString(paper)}/feed.atom";

    /// <summary>The viewer's head link to a title's feed (HTML-escaped).</summary>
    public static string Link(string paper, string displayName) =>
        $"  <link rel=\"alternate\" type=\"{MediaType}\" title=\"{WebUtility.HtmlEncode(displayName)}\" href=\"{WebUtility.HtmlEncode(Path(paper))}\">";

    /// <summary>The feed document, its URLs absolute below <paramref name="baseUrl"/>; <paramref name="issues"/> newest first.</summary>
    public static byte[] Build(string baseUrl, string paper, string displayName, string lang, IReadOnlyList<FeedIssue> issues)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        ArgumentNullException.ThrowIfNull(issues);
        var root = baseUrl.TrimEnd('/');
        var self = root + Path(paper);
        var listed = issues.Take(MaxEntries).ToList();
        var feed = new XElement(Atom + "feed",
            new XAttribute(XNamespace.Xml + "lang", lang),
            new XElement(Atom + "id", self),
            new XElement(Atom + "title", $"{displayName} 数字报"),
            new XElement(Atom + "subtitle", $"{displayName} 每期新刊"),
            new XElement(Atom + "updated", Sitemap.W3c(listed.Count == 0 ? DateTimeOffset.UnixEpoch : listed.Max(i => i.PublishedAt))),
            new XElement(Atom + "link", new XAttribute("rel", "self"), new XAttribute("type", MediaType), new XAttribute("href", self)),
            new XElement(Atom + "link", new XAttribute("rel", "alternate"), new XAttribute("type", "text/html"), new XAttribute("href", root + "/?paper=" + Uri.EscapeDataString(paper))),
            new XElement(Atom + "author", new XElement(Atom + "name", displayName)),
            new XElement(Atom + "generator", "XuhuiEpaper"),
            listed.Select(i => new XElement(Atom + "entry",
                new XElement(Atom + "id", root + i.IssueAddress),
                new XElement(Atom + "title", Title(displayName, i)),
                new XElement(Atom + "updated", Sitemap.W3c(i.PublishedAt)),
                new XElement(Atom + "published", Sitemap.W3c(i.PublishedAt)),
                new XElement(Atom + "link", new XAttribute("rel", "alternate"), new XAttribute("type", "text/html"), new XAttribute("href", root + i.FirstPageAddress)),
                new XElement(Atom + "summary", new XAttribute("type", "text"),
                    i.Headlines.Count == 0 ? Title(displayName, i) : string.Join("；", i.Headlines)))));
        using var stream = new MemoryStream();
        using (var writer = XmlWriter.Create(stream, new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true }))
        {
            new XDocument(new XDeclaration("1.0", "utf-8", null), feed).Save(writer);
        }

        return stream.ToArray();
    }

    private static string Title(string displayName, FeedIssue issue) =>
        $"{displayName} {issue.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}"
        + (issue.Number is { } n ? string.Create(CultureInfo.InvariantCulture, $" 第{n}期") : "")
        + (issue.TotalNumber is { } t ? string.Create(CultureInfo.InvariantCulture, $"（總第{t}期）") : "");
}
