using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Net.Http.Headers;

namespace XuhuiEpaper.Web.Viewer;

/// <summary>The public address of the site (<c>Epaper:PublicBaseUrl</c>), for absolute URLs in canonical links, share previews, the sitemap and feeds.</summary>
public sealed class PublicSiteOptions
{
    public const string SectionName = "Epaper";

    /// <summary>Scheme and host (and any path prefix), e.g. <c>https://epaper.example.org</c>; unset: the request's own.</summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>The configured base URL, else the request's scheme, host and path base; never with a trailing slash.</summary>
    public string BaseUrl(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return (string.IsNullOrWhiteSpace(PublicBaseUrl) ? $"{request.Scheme}://{request.Host}{request.PathBase}" : PublicBaseUrl).TrimEnd('/');
    }
}

/// <summary>
/// The reader's HTML (index.html) with a fragment of its own in the head for each address: the canonical link, the share
/// preview's meta tags (<see cref="SharePreview"/>), the feed links. Read once; each answer is the file with the fragment
/// inserted before <c>&lt;/head&gt;</c>, revalidated on every visit like the viewer's other pages.
/// </summary>
public sealed partial class ReaderDocument
{
    private const string HeadEnd = "</head>";
    private readonly string _before;
    private readonly string _after;

    public ReaderDocument(string html)
    {
        ArgumentNullException.ThrowIfNull(html);
        var at = html.IndexOf(HeadEnd, StringComparison.OrdinalIgnoreCase);
        if (at < 0)
        {
            throw new InvalidOperationException("the reader's index.html has no </head>");
        }

        _before = html[..at];
        _after = html[at..];
    }

    public static ReaderDocument Load(string path) => new(File.ReadAllText(path));

    /// <summary>
    /// The document with <paramref name="head"/> (already HTML, escaped by its maker) in its head, and <paramref name="title"/>
    /// (plain text) as its title when given.
    /// </summary>
    public string Html(string? head, string? title = null)
    {
        var before = title is null ? _before : Title().Replace(_before, $"<title>{SharePreview.Escape(title)}</title>", 1);
        return string.IsNullOrEmpty(head) ? before + _after : $"{before}{head}\n{_after}";
    }

    /// <summary>The answer: the document as <see cref="Html"/> makes it, with <paramref name="status"/> (404 for an address that names nothing).</summary>
    public IResult Answer(string? head, string? title = null, int status = StatusCodes.Status200OK) => new Page(Encoding.UTF8.GetBytes(Html(head, title)), status);

    [GeneratedRegex("<title>[^<]*</title>", RegexOptions.CultureInvariant)]
    private static partial Regex Title();

    private sealed class Page(byte[] body, int status) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            response.StatusCode = status;
            response.ContentType = "text/html; charset=utf-8";
            response.Headers.CacheControl = "no-cache";
            response.Headers[HeaderNames.XContentTypeOptions] = "nosniff";
            response.ContentLength = body.Length;
            return HttpMethods.IsHead(httpContext.Request.Method) ? Task.CompletedTask : response.Body.WriteAsync(body, httpContext.RequestAborted).AsTask();
        }
    }
}
