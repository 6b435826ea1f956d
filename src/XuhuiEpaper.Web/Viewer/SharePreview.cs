using System.Net;
using System.Text;
using XuhuiEpaper.Storage;
using XuhuiEpaper.Web.Api;

namespace XuhuiEpaper.Web.Viewer;

/// <summary>
/// What the reader's HTML says about the page or article an address shows, in its head, for anything that reads the HTML
/// without running the script (search engines): its canonical address, the readable one.
/// </summary>
public sealed record SharePreview(string CanonicalPath)
{
    /// <summary>Its issue is a draft: nothing is said about it (the HTML goes to anyone).</summary>
    public bool Draft { get; init; }

    /// <summary>The head fragment, with absolute URLs below <paramref name="baseUrl"/>; every value HTML-escaped.</summary>
    public string Head(string baseUrl)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        var head = new StringBuilder();
        head.Append("  <link rel=\"canonical\" href=\"").Append(Escape(baseUrl.TrimEnd('/') + CanonicalPath)).Append("\">");
        return head.ToString();
    }

    internal static string Escape(string value) => WebUtility.HtmlEncode(value);
}

/// <summary>Builds the <see cref="SharePreview"/> of an issue, a page or an article from the stores.</summary>
public sealed class SharePreviews(BrowseStore issues)
{
    /// <summary>An issue opens on its first page.</summary>
    public async Task<SharePreview?> IssueAsync(long issueId, CancellationToken cancellationToken) =>
        await issues.GetIssueAsync(issueId, cancellationToken) is { Pages.Count: > 0 } issue
            ? await PageAsync(issueId, issue.Pages[0].Number, cancellationToken)
            : null;

    public async Task<SharePreview?> PageAsync(long issueId, int pageNumber, CancellationToken cancellationToken)
    {
        if (await issues.GetPageAsync(issueId, pageNumber, cancellationToken) is not { } page)
        {
            return null;
        }

        return new SharePreview(ReadableUrls.Page(page.Paper, page.Date, page.Page.Address)) { Draft = page.Draft };
    }

    public async Task<SharePreview?> ArticleAsync(long articleId, CancellationToken cancellationToken)
    {
        if (await issues.GetArticleAsync(articleId, cancellationToken) is not { } a)
        {
            return null;
        }

        var canonical = a.Number is { } n ? ReadableUrls.Article(a.Paper, a.Date, a.PageAddress, n) : ReadableUrls.Page(a.Paper, a.Date, a.PageAddress);
        return new SharePreview(canonical) { Draft = a.Draft };
    }
}
