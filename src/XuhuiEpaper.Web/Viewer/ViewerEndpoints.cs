using System.Text.Json;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using XuhuiEpaper.Storage;
using XuhuiEpaper.Web.Api;

namespace XuhuiEpaper.Web.Viewer;

/// <summary>The browser viewer: static HTML/CSS/ES modules and the page routes (deep links, kiosk, admin).</summary>
public static class ViewerEndpoints
{
    /// <summary>A file every viewer asset folder holds; used to recognise one.</summary>
    private const string Marker = "js/reader.js";

    public static WebApplication MapViewer(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var root = FindAssets(app.Environment);
        if (root is null)
        {
            app.Logger.LogWarning("viewer: no wwwroot with {Marker} found; the reader, kiosk and admin pages are not served", Marker);
            return app;
        }

        var files = new PhysicalFileProvider(root);
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            // The assets are not content-addressed: revalidate every time (ETag/Last-Modified make that a 304).
            OnPrepareResponse = ctx => ctx.Context.Response.Headers.CacheControl = "no-cache",
        });

        // The reader's addresses all serve the same page; the script reads the address. Each answer's head says what the
        // address shows (canonical link), so readers and crawlers that run no script learn it too. Order -1 keeps them
        // ahead of any other endpoint that might claim the same pattern.
        var reader = ReaderDocument.Load(Path.Combine(root, "index.html"));
        var plain = reader.Answer(null);
        // The front page links every title's feed; its answer is made again only when the titles change.
        FrontPage? front = null; // a reference, so a reader never sees half of a new one
        app.MapMethods("/", GetAndHead, async (HttpContext context, CancellationToken ct) =>
            {
                var links = await Discovery.DiscoveryEndpoints.FeedLinksAsync(context, ct);
                var kept = front;
                if (kept is null || !ReferenceEquals(kept.Links, links))
                {
                    kept = new FrontPage(links, reader.Answer(links));
                    front = kept;
                }

                return kept.Page;
            })
            .WithOrder(-1).ExcludeFromDescription();

        // Deep links stay valid when an issue is analysed again or replaced: an old id answers 301 to its successor.
        app.MapMethods("/issues/{issueId:long}", GetAndHead, async (HttpContext context, JsonAnswers answers, PermalinkStore permalinks, SharePreviews previews, long issueId, CancellationToken ct) =>
                await answers.IssueAsync(issueId, ct) is null
                    ? await PermanentLinks.IssueMovedAsync(permalinks, issueId, id => $"/issues/{id}", context.Request.QueryString.Value, ct) ?? plain
                    : await ReaderAsync(context, reader, plain, c => previews.IssueAsync(issueId, c), ct))
            .WithOrder(-1).ExcludeFromDescription();
        app.MapMethods("/issues/{issueId:long}/pages/{page:int}", GetAndHead, async (HttpContext context, JsonAnswers answers, PermalinkStore permalinks, SharePreviews previews, long issueId, int page, CancellationToken ct) =>
                await answers.IssueAsync(issueId, ct) is null
                    ? await PermanentLinks.IssueMovedAsync(permalinks, issueId, id => $"/issues/{id}/pages/{page}", context.Request.QueryString.Value, ct) ?? plain
                    : await ReaderAsync(context, reader, plain, c => previews.PageAsync(issueId, page, c), ct))
            .WithOrder(-1).ExcludeFromDescription();
        app.MapMethods("/articles/{articleId:long}", GetAndHead, async (HttpContext context, JsonAnswers answers, PermalinkStore permalinks, SharePreviews previews, long articleId, CancellationToken ct) =>
            {
                if (await answers.ArticleAsync(articleId, ct) is not null)
                {
                    return await ReaderAsync(context, reader, plain, c => previews.ArticleAsync(articleId, c), ct);
                }

                var query = context.Request.QueryString.Value;
                return await PermanentLinks.ArticleSuccessorAsync(permalinks, articleId, ct) switch
                {
                    { ArticleId: { } id } => PermanentLinks.Moved($"/articles/{id}{query}"),
                    { } page => PermanentLinks.Moved($"/issues/{page.IssueId}/pages/{page.PageNumber}{query}"),
                    null => plain,
                };
            })
            .WithOrder(-1).ExcludeFromDescription();

        // Readable addresses (ReadableUrls), with the page's or article's share preview (Open Graph, Twitter card): /{title}/{yyyy-MM-dd}[/{版次}[/{n}]]. One that names nothing (or a draft, to
        // anyone: a navigation carries no admin token) is the reader with 404; the script then asks the API with the
        // archivist's token, so a reviewer still reads a draft there.
        const string Date = "{date:regex(^\\d{{4}}-\\d{{2}}-\\d{{2}}$)}";
        app.MapMethods("/{paper}/" + Date, GetAndHead, (HttpContext context, AddressResolver resolver, SharePreviews previews, string paper, string date, CancellationToken ct) =>
                ReadableAsync(context, resolver, previews, reader, plain, paper, date, null, null, ct))
            .WithOrder(-1).ExcludeFromDescription();
        app.MapMethods("/{paper}/" + Date + "/{page}", GetAndHead, (HttpContext context, AddressResolver resolver, SharePreviews previews, string paper, string date, string page, CancellationToken ct) =>
                ReadableAsync(context, resolver, previews, reader, plain, paper, date, page, null, ct))
            .WithOrder(-1).ExcludeFromDescription();
        app.MapMethods("/{paper}/" + Date + "/{page}/{number}", GetAndHead, (HttpContext context, AddressResolver resolver, SharePreviews previews, string paper, string date, string page, string number, CancellationToken ct) =>
                ReadableAsync(context, resolver, previews, reader, plain, paper, date, page, number, ct))
            .WithOrder(-1).ExcludeFromDescription();

        MapPage(app, "/kiosk", new HtmlPage(Path.Combine(root, "kiosk.html")));
        MapPage(app, "/admin", new HtmlPage(Path.Combine(root, "admin.html")));
        return app;
    }

    /// <summary>
    /// The reader with what the preview says in its head (a draft's says nothing: <paramref name="plain"/>), kept in memory
    /// by address and base URL until the archive changes.
    /// </summary>
    private static async Task<IResult> ReaderAsync(
        HttpContext context, ReaderDocument reader, IResult plain, Func<CancellationToken, Task<SharePreview?>> preview, CancellationToken ct)
    {
        var baseUrl = context.RequestServices.GetRequiredService<IOptions<PublicSiteOptions>>().Value.BaseUrl(context.Request);
        var cache = context.RequestServices.GetRequiredService<ChangeAwareCache<IResult>>();
        return await cache.GetOrMakeAsync($"{baseUrl}\n{context.Request.Path}", async c =>
                await preview(c) is { Draft: false } p ? reader.Answer(p.Head(baseUrl), p.DocumentTitle) : null, ct)
            ?? plain;
    }

    private static async Task<IResult> ReadableAsync(
        HttpContext context, AddressResolver resolver, SharePreviews previews, ReaderDocument reader, IResult plain,
        string paper, string date, string? page, string? number, CancellationToken ct)
    {
        var target = await resolver.ResolveAsync(paper, date, page, number, ct);
        if (target is null || target.Draft)
        {
            return reader.Answer(null, status: StatusCodes.Status404NotFound);
        }

        return target switch
        {
            MovedTarget moved => PermanentLinks.Moved(moved.Address + context.Request.QueryString.Value),
            IssueTarget issue => await ReaderAsync(context, reader, plain, c => previews.IssueAsync(issue.IssueId, c), ct),
            PageTarget p => await ReaderAsync(context, reader, plain, c => previews.PageAsync(p.IssueId, p.PageNumber, c), ct),
            ArticleTarget article => await ReaderAsync(context, reader, plain, c => previews.ArticleAsync(article.ArticleId, c), ct),
            _ => reader.Answer(null, status: StatusCodes.Status404NotFound),
        };
    }

    private sealed record FrontPage(string Links, IResult Page);

    private static readonly string[] GetAndHead = [HttpMethods.Get, HttpMethods.Head];

    private static void MapPage(WebApplication app, string route, IResult page)
    {
        app.MapMethods(route, GetAndHead, () => page).WithOrder(-1).ExcludeFromDescription();
    }

    /// <summary>
    /// The viewer's asset folder: a published app has it beside the binaries; a build run from elsewhere finds
    /// the project's wwwroot through the SDK's static web assets manifest; otherwise the host's web root.
    /// </summary>
    internal static string? FindAssets(IWebHostEnvironment environment) =>
        FindAssets(environment.WebRootPath, environment.ApplicationName, environment.ContentRootPath);

    /// <summary>The same search for a host without a web root (the export command).</summary>
    internal static string? FindAssets(string? webRootPath, string applicationName, string contentRootPath)
    {
        var candidates = new List<string> { Path.Combine(AppContext.BaseDirectory, "wwwroot") };
        if (!string.IsNullOrEmpty(webRootPath))
        {
            candidates.Add(webRootPath);
        }

        candidates.AddRange(ManifestContentRoots(Path.Combine(AppContext.BaseDirectory, $"{applicationName}.staticwebassets.runtime.json")));
        candidates.Add(Path.Combine(contentRootPath, "src", "XuhuiEpaper.Web", "wwwroot"));
        return candidates.FirstOrDefault(c => File.Exists(Path.Combine(c, Marker)));
    }

    private static List<string> ManifestContentRoots(string manifest)
    {
        if (!File.Exists(manifest))
        {
            return [];
        }

        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(manifest));
            return doc.RootElement.TryGetProperty("ContentRoots", out var roots) && roots.ValueKind == JsonValueKind.Array
                ? roots.EnumerateArray().Select(r => r.GetString()).OfType<string>().ToList()
                : [];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    /// <summary>An HTML page of the viewer, revalidated on every visit.</summary>
    private sealed class HtmlPage(string path) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            response.ContentType = "text/html; charset=utf-8";
            response.Headers.CacheControl = "no-cache";
            response.Headers[HeaderNames.XContentTypeOptions] = "nosniff";
            if (HttpMethods.IsHead(httpContext.Request.Method))
            {
                response.ContentLength = new FileInfo(path).Length;
                return;
            }

            await response.SendFileAsync(path, httpContext.RequestAborted);
        }
    }
}
