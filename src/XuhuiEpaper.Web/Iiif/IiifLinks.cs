using System.Globalization;

namespace XuhuiEpaper.Web.Iiif;

/// <summary>
/// The IIIF ids: absolute URLs below <see cref="BaseUrl"/>, readable and independent of database ids (title, date,
/// the page's segment in its readable address, an article's stable number within its page), so they stay the same when an issue is analysed again. No id is
/// a path prefix of another document's id, so each can be a plain file in a static export.
/// </summary>
public sealed record IiifLinks
{
    public IiifLinks(string baseUrl)
    {
        ArgumentException.ThrowIfNullOrEmpty(baseUrl);
        BaseUrl = baseUrl.TrimEnd('/');
    }

    /// <summary>Scheme, host and any path prefix, without a trailing slash, e.g. <c>https://epaper.example.org</c>.</summary>
    public string BaseUrl { get; }

    public const string Root = "/iiif";

    /// <summary>The collection of every title.</summary>
    public string Titles() => $"{BaseUrl}{Root}/collection.json";

    /// <summary>A title's collection: its issues by date.</summary>
    public string Title(string paper) => $"{BaseUrl}{TitlePath(paper)}/collection.json";

    public string Manifest(string paper, DateOnly date) => BaseUrl + ManifestPath(paper, date);

    /// <summary>A manifest's path below the base URL.</summary>
    public static string ManifestPath(string paper, DateOnly date) =>
        $"{TitlePath(paper)}/{date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}/manifest.json";

    public string Canvas(string paper, DateOnly date, string page) => $"{IssueBase(paper, date)}/canvas/{P(page)}";

    public string PaintingPage(string paper, DateOnly date, string page) => $"{IssueBase(paper, date)}/page/{P(page)}/painting";

    public string PaintingAnnotation(string paper, DateOnly date, string page) => $"{IssueBase(paper, date)}/annotation/{P(page)}-image";

    /// <summary>The annotation page with the text of a page's articles.</summary>
    public string TextPage(string paper, DateOnly date, string page) => $"{IssueBase(paper, date)}/page/{P(page)}/text";

    /// <summary>An article's text: <paramref name="number"/> is its stable number within its page (as in its readable address).</summary>
    public string TextAnnotation(string paper, DateOnly date, string page, int number) => $"{IssueBase(paper, date)}/annotation/{P(page)}-{N(number)}";

    /// <summary>The range of one page (版) in the table of contents.</summary>
    public string PageRange(string paper, DateOnly date, string page) => $"{IssueBase(paper, date)}/range/{P(page)}";

    /// <summary>The range of one article: <paramref name="number"/> is its stable number within its page (as in its readable address).</summary>
    public string ArticleRange(string paper, DateOnly date, string page, int number) => $"{IssueBase(paper, date)}/range/{P(page)}-{N(number)}";

    /// <summary>A level-0 image service: the page image's content hash.</summary>
    public string ImageService(string hash) => $"{BaseUrl}{Root}/image/{hash}";

    /// <summary>A file the API serves, from its root-relative path (<c>/images/…</c>, <c>/pdf/…</c>, <c>/api/…</c>).</summary>
    public string Absolute(string path) => BaseUrl + path;

    /// <summary>The path of an id below <see cref="BaseUrl"/> (with its leading slash); null for an id elsewhere.</summary>
    public string? PathOf(string id) =>
        id.StartsWith(BaseUrl + "/", StringComparison.Ordinal) ? id[BaseUrl.Length..] : null;

    private string IssueBase(string paper, DateOnly date) => $"{BaseUrl}{TitlePath(paper)}/{date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}";

    private static string TitlePath(string paper) => $"{Root}/{Uri.EscapeDataString(paper)}";

    private static string N(int n) => n.ToString(CultureInfo.InvariantCulture);

    /// <summary>A page as in its readable address (its 版次 segment), so the ids and the reader's addresses agree.</summary>
    private static string P(string page) => Uri.EscapeDataString(page);
}
