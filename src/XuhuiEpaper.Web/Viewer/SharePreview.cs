using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.Extensions.Options;
using XuhuiEpaper.Core.Model;
using XuhuiEpaper.Storage;
using XuhuiEpaper.Web.Api;

namespace XuhuiEpaper.Web.Viewer;

/// <summary>
/// What the reader's HTML says about the page or article an address shows, in its head, for anything that reads the HTML
/// without running the script (search engines, the link previews of chat apps and social networks): its canonical
/// address (the readable one), and Open Graph and Twitter card tags (title, first sentence, the page image).
/// </summary>
public sealed record SharePreview(string CanonicalPath, string Title, string? Description, string ImagePath, int ImageWidth, int ImageHeight, string ImageAlt)
{
    /// <summary>Its issue is a draft: nothing is said about it (the HTML goes to anyone).</summary>
    public bool Draft { get; init; }

    /// <summary>An article (og:type article) rather than a page (website).</summary>
    public bool IsArticle { get; init; }

    /// <summary>The paper's name as stored (its feed's address).</summary>
    public string Paper { get; init; } = "";

    /// <summary>The paper's name as shown (og:site_name).</summary>
    public string SiteName { get; init; } = "";

    /// <summary>The language of the paper's text, as a tag (zh-Hant, zh-Hans).</summary>
    public string Lang { get; init; } = "zh-Hant";

    /// <summary>The document's title: what it shows, then the paper.</summary>
    public string DocumentTitle => string.IsNullOrEmpty(SiteName) || Title.StartsWith(SiteName, StringComparison.Ordinal) ? Title : $"{Title} · {SiteName}";

    /// <summary>The head fragment, with absolute URLs below <paramref name="baseUrl"/>; every value HTML-escaped.</summary>
    public string Head(string baseUrl)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        var root = baseUrl.TrimEnd('/');
        var url = root + CanonicalPath;
        var image = root + ImagePath;
        var head = new StringBuilder();
        head.Append("  <link rel=\"canonical\" href=\"").Append(Escape(url)).Append("\">\n");
        if (Description is not null)
        {
            Meta(head, "name", "description", Description);
        }

        Meta(head, "property", "og:type", IsArticle ? "article" : "website");
        Meta(head, "property", "og:site_name", SiteName);
        Meta(head, "property", "og:locale", Lang == "zh-Hans" ? "zh_CN" : "zh_TW");
        Meta(head, "property", "og:title", Title);
        if (Description is not null)
        {
            Meta(head, "property", "og:description", Description);
        }

        Meta(head, "property", "og:url", url);
        Meta(head, "property", "og:image", image);
        Meta(head, "property", "og:image:type", ImagePath.EndsWith(".webp", StringComparison.OrdinalIgnoreCase) ? "image/webp" : "image/jpeg");
        Meta(head, "property", "og:image:width", ImageWidth.ToString(CultureInfo.InvariantCulture));
        Meta(head, "property", "og:image:height", ImageHeight.ToString(CultureInfo.InvariantCulture));
        Meta(head, "property", "og:image:alt", ImageAlt);
        Meta(head, "name", "twitter:card", "summary_large_image");
        Meta(head, "name", "twitter:title", Title);
        if (Description is not null)
        {
            Meta(head, "name", "twitter:description", Description);
        }

        Meta(head, "name", "twitter:image", image);
        Meta(head, "name", "twitter:image:alt", ImageAlt);
        head.Append(Discovery.AtomFeed.Link(Paper, SiteName));
        return head.ToString();
    }

    /// <summary>
    /// The first sentence of an article's text (its first paragraph up to 。！？!? or a line's end), at most
    /// <paramref name="max"/> characters (cut with …): what a link preview shows under the title.
    /// </summary>
    public static string? FirstSentence(IEnumerable<string?> paragraphs, int max = 120)
    {
        ArgumentNullException.ThrowIfNull(paragraphs);
        var text = paragraphs.Select(p => p?.Trim()).FirstOrDefault(p => !string.IsNullOrEmpty(p));
        if (text is null)
        {
            return null;
        }

        var end = text.IndexOfAny(['。', '！', '？', '!', '?', '\n']);
        var sentence = (end < 0 ? text : text[..(text[end] == '\n' ? end : end + 1)]).Trim();
        var info = new StringInfo(sentence);
        return info.LengthInTextElements <= max ? sentence : info.SubstringByTextElements(0, max - 1) + "…";
    }

    private static void Meta(StringBuilder head, string attribute, string key, string content) =>
        head.Append("  <meta ").Append(attribute).Append("=\"").Append(key).Append("\" content=\"").Append(Escape(content)).Append("\">\n");

    internal static string Escape(string value) => WebUtility.HtmlEncode(value);
}

/// <summary>Builds the <see cref="SharePreview"/> of an issue, a page or an article, from the stores (routes) or from records (the export).</summary>
public sealed class SharePreviews(BrowseStore issues, IOptions<TitlesOptions> titles)
{
    /// <summary>An issue opens on its first page.</summary>
    public async Task<SharePreview?> IssueAsync(long issueId, CancellationToken cancellationToken) =>
        await issues.GetIssueAsync(issueId, cancellationToken) is { Pages.Count: > 0 } issue
            ? await PageAsync(issueId, issue.Pages[0].Number, cancellationToken)
            : null;

    public async Task<SharePreview?> PageAsync(long issueId, int pageNumber, CancellationToken cancellationToken) =>
        await issues.GetPageAsync(issueId, pageNumber, cancellationToken) is { } page ? Page(page) : null;

    public async Task<SharePreview?> ArticleAsync(long articleId, CancellationToken cancellationToken)
    {
        if (await issues.GetArticleAsync(articleId, cancellationToken) is not { } a
            || await issues.GetPageAsync(a.IssueId, a.PageNumber, cancellationToken) is not { } page)
        {
            return null;
        }

        return Article(a, page, cropped: true);
    }

    /// <summary>A page: the paper, date and 版次 版名; its headlines as the description; its screen image.</summary>
    public SharePreview Page(PageDetail page)
    {
        ArgumentNullException.ThrowIfNull(page);
        var (name, lang) = Paper(page.Paper);
        var label = PageLabel(page.Page);
        var headlines = page.Articles.Where(a => a.Number is not null && !string.IsNullOrWhiteSpace(a.Title)).Select(a => a.Title!.Trim()).Take(4).ToList();
        var title = $"{name} {page.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)} {label}";
        return new SharePreview(ReadableUrls.Page(page.Paper, page.Date, page.Page.Address), title,
            headlines.Count == 0 ? null : string.Join("；", headlines), ApiUrls.Image(page.Page.Images.Screen), page.Page.Images.ScreenWidth,
            ImageHeight(page.Page), $"{name} {label}")
        {
            Draft = page.Draft, Paper = page.Paper, SiteName = name, Lang = lang,
        };
    }

    /// <summary>
    /// An article: its title (else its kicker, else its page's), its first sentence, and its page's screen image, or,
    /// <paramref name="cropped"/>, its own preview image (<see cref="ArticlePreview"/>) when it has a region.
    /// </summary>
    public SharePreview Article(ArticleDetail a, PageDetail page, bool cropped = false)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(page);
        var (name, lang) = Paper(a.Paper);
        var label = PageLabel(page.Page);
        var title = new[] { a.Title, a.Kicker, a.Subtitle }.FirstOrDefault(t => !string.IsNullOrWhiteSpace(t))?.Trim()
            ?? $"{name} {a.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)} {label}";
        var canonical = a.Number is { } n ? ReadableUrls.Article(a.Paper, a.Date, a.PageAddress, n) : ReadableUrls.Page(a.Paper, a.Date, a.PageAddress);
        var crop = cropped ? ArticlePreview.Of(a, page.Page) : null;
        return new SharePreview(canonical, title, SharePreview.FirstSentence(a.Body.Concat(a.Captions)),
            crop is null ? ApiUrls.Image(page.Page.Images.Screen) : ApiUrls.ArticlePreview(a.Id, crop.Key),
            crop?.Crop.Width ?? page.Page.Images.ScreenWidth, crop?.Crop.Height ?? ImageHeight(page.Page),
            $"{name} {a.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)} {label}")
        {
            Draft = a.Draft, IsArticle = true, Paper = a.Paper, SiteName = name, Lang = lang,
        };
    }

    private (string Name, string Lang) Paper(string paper)
    {
        var shown = PapersApi.Describe(paper, titles.Value.Titles.FirstOrDefault(t => t.Name == paper), null);
        return (shown.DisplayName, shown.Lang);
    }

    private static string PageLabel(PageSummary page) =>
        string.Join(' ', new[] { page.Label ?? $"第{page.Number.ToString(CultureInfo.InvariantCulture)}版", page.Name }.Where(s => !string.IsNullOrWhiteSpace(s)));

    private static int ImageHeight(PageSummary page) =>
        page.WidthPt > 0 ? (int)Math.Round(page.Images.ScreenWidth * page.HeightPt / page.WidthPt) : page.Images.ScreenWidth;
}
