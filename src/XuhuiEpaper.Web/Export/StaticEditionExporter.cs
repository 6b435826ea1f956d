using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using XuhuiEpaper.Core.Model;
using XuhuiEpaper.Storage;
using XuhuiEpaper.Web.Api;
using XuhuiEpaper.Web.Hosting;
using XuhuiEpaper.Web.Viewer;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace XuhuiEpaper.Web.Export;

/// <summary>
/// Writes the static edition: everything a reader needs as files that any web server or CDN serves as they are.
/// <list type="bullet">
/// <item>The viewer (<c>index.html</c>, <c>css/</c>, <c>js/</c>) with a meta tag saying it is the
/// static edition, so it reads <c>.json</c> files, hit-tests in the browser and searches the static index.</item>
/// <item>The reader's addresses as folders with an index page: the readable ones (<c>{title}/{date}/</c>,
/// <c>{title}/{date}/{版次}/</c>, <c>{title}/{date}/{版次}/{n}/</c>, with their JSON twins <c>api/papers/…json</c>), and
/// <c>issues/{id}/</c>, <c>issues/{id}/pages/{n}/</c>, <c>articles/{id}/</c>, <c>kiosk/</c>: nginx's <c>try_files $uri/index.html</c>, an S3 website endpoint and CDNs'
/// index documents all serve <c>/articles/{id}</c> from <c>articles/{id}/index.html</c> without a rewrite rule.</item>
/// <item>The API's answers, built from the same records and URL helpers as the API (the tests compare them): <c>api/issues/{id}.json</c>, <c>api/issues/latest.json</c>,
/// <c>api/issues/{id}/pages/{n}.json</c>, <c>api/articles/{id}.json</c>, and the issue list a month at a time
/// (<c>api/issues/months/{yyyy-MM}.json</c>); their <c>url</c> fields point at these files.</item>
/// <item>Images and PDFs at the live addresses (<c>images/</c>, <c>pdf/</c>); the search index (<see cref="StaticSearchIndex"/>).</item>
/// </list>
/// Exporting again writes only what changed (<see cref="ExportWriter"/>).
/// </summary>
public sealed partial class StaticEditionExporter(
    BrowseStore issues, PageTextStore texts, PagePdfExtractor pagePdfs, DataPaths paths, IOptions<JsonOptions> jsonOptions, IHostEnvironment environment,
    IEnumerable<IStaticEditionPart> parts, SharePreviews previews, AddressStore addresses, Discovery.DiscoveryDocuments discovery)
{
    /// <summary>The meta tag of the viewer's pages; the export sets it to "static".</summary>
    public const string LiveEditionMeta = """<meta name="epaper-edition" content="live">""";

    /// <summary>The live service's policy, as a meta tag (frame-ancestors cannot be set that way; a CDN can add it as a header).</summary>
    private static readonly string StaticEditionMeta =
        """<meta name="epaper-edition" content="static">""" + "\n  "
        + $"""<meta http-equiv="Content-Security-Policy" content="{SecurityHeaders.ContentSecurityPolicy.Replace("; frame-ancestors 'self'", "", StringComparison.Ordinal)}">""";

    /// <summary>Viewer files that only make sense with the API behind them.</summary>
    private static readonly HashSet<string> LiveOnlyAssets = new(StringComparer.Ordinal) { "admin.html", "js/admin.js", "index.html", "kiosk.html" };

    private readonly JsonSerializerOptions _json = FileJson(jsonOptions.Value.SerializerOptions);

    /// <summary>Exports the issues the request selects to its folder; <paramref name="progress"/> hears (issues done, issues).</summary>
    public async Task<ExportReport> ExportAsync(ExportRequest request, IProgress<(int Done, int Total)>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var clock = Stopwatch.StartNew();
        var assets = ViewerEndpoints.FindAssets((environment as IWebHostEnvironment)?.WebRootPath, environment.ApplicationName, environment.ContentRootPath)
            ?? throw new InvalidOperationException("the viewer's files (wwwroot with js/reader.js) were not found beside the program");
        var keys = new IssueKeys(issues);
        var selected = await SelectAsync(request, cancellationToken);
        progress?.Report((0, selected.Count));

        await using var writer = await ExportWriter.OpenAsync(request.Dir, TimeSpan.FromMinutes(10), cancellationToken);
        var index = new StaticSearchIndex();
        var listed = new List<IssueListItem>();
        var html = new EditionPages(assets, request.BaseUrl?.ToString());
        var exported = new List<IssueDetail>();
        var moves = (await addresses.ListMovesAsync(cancellationToken)).ToLookup(m => m.IssueId, m => ReadableUrls.Issue(m.Paper, m.Date));
        IssueDetailDto? latest = null;
        int pageCount = 0, articleCount = 0, done = 0;

        // Oldest first: the search index's document numbers then stay put when newer issues are added.
        foreach (var summary in selected.OrderBy(i => i.Date).ThenBy(i => i.Id))
        {
            if (await issues.GetIssueAsync(summary.Id, cancellationToken) is not { } stored)
            {
                continue; // deleted while the export ran
            }

            var issue = IssuesApi.ToDto(stored, keys);
            exported.Add(stored);
            var moved = new MovedFrom(issue.Address, moves[issue.Id].ToList());
            SharePreview? front = null;

            foreach (var page in issue.Pages)
            {
                foreach (var url in new[] { page.ThumbnailUrl, page.ScreenUrl, page.ZoomUrl })
                {
                    var name = url[(url.LastIndexOf('/') + 1)..];
                    await writer.CopyAsync($"images/{name}", Path.Combine(paths.ImagesDir, name), cancellationToken);
                }

                var original = Path.Combine(paths.DataDir, summary.OriginalFile);
                await writer.CopyAsync($"pdf/{summary.Sha256}/{page.Number}.pdf",
                    await pagePdfs.GetAsync(summary.Sha256, original, page.Number, cancellationToken), cancellationToken);

                var pageText = await texts.GetAsync(summary.Sha256, page.Number, cancellationToken);
                var pageRecord = await issues.GetPageAsync(issue.Id, page.Number, cancellationToken);
                var detail = pageRecord is null ? null : PageAnswer(pageRecord, summary.Sha256, pageText);
                var pagePreview = pageRecord is null ? null : previews.Page(pageRecord);
                front ??= pagePreview;
                foreach (var article in detail?.Articles ?? [])
                {
                    if (await issues.GetArticleAsync(article.Id, cancellationToken) is not { } storedArticle)
                    {
                        continue;
                    }

                    var full = ArticleAnswer(storedArticle, pageText);
                    var articlePreview = previews.Article(storedArticle, pageRecord!);

                    var articleJson = Json(full);
                    await writer.WriteAsync($"api/articles/{full.Id}.json", articleJson, cancellationToken);
                    await writer.WriteAsync($"articles/{full.Id}/index.html", html.Reader($"/api/articles/{full.Id}.json", articlePreview), cancellationToken);
                    if (full.Address is { } readable)
                    {
                        await WriteReadableAsync(writer, html, readable, articleJson, articlePreview, moved, cancellationToken);
                    }

                    index.Add(full);
                    articleCount++;
                }

                if (detail is not null)
                {
                    var pageJson = Json(detail);
                    await writer.WriteAsync($"api/issues/{issue.Id}/pages/{page.Number}.json", pageJson, cancellationToken);
                    await writer.WriteAsync($"issues/{issue.Id}/pages/{page.Number}/index.html", html.Reader($"/api/issues/{issue.Id}.json", pagePreview), cancellationToken);
                    if (detail.Address is { } readable)
                    {
                        await WriteReadableAsync(writer, html, readable, pageJson, pagePreview, moved, cancellationToken);
                    }

                    pageCount++;
                }
            }

            await writer.CopyAsync($"pdf/{summary.Sha256}.pdf", Path.Combine(paths.DataDir, summary.OriginalFile), cancellationToken);
            var issueJson = Json(issue);
            await writer.WriteAsync($"api/issues/{issue.Id}.json", issueJson, cancellationToken);
            await writer.WriteAsync($"issues/{issue.Id}/index.html", html.Reader($"/api/issues/{issue.Id}.json", front), cancellationToken);
            if (issue.Address is { } issueAddress)
            {
                await WriteReadableAsync(writer, html, issueAddress, issueJson, front, moved, cancellationToken);
            }
            listed.Add(new IssueListItem(issue.Id, issue.Paper, issue.Date, issue.Number, issue.TotalNumber, issue.PageCount, issue.ThumbnailUrl, ApiUrls.Issue(issue.Id), summary.Draft, issue.Address));
            if (latest is null || (issue.Date, issue.Id).CompareTo((latest.Date, latest.Id)) > 0)
            {
                latest = issue;
            }

            progress?.Report((++done, selected.Count));
        }

        // The calendar (往期) asks for a month at a time: GET /api/issues?from=…-01&to=…-31&pageSize=100, as one file.
        foreach (var month in listed.GroupBy(i => i.Date.ToString("yyyy-MM", CultureInfo.InvariantCulture)))
        {
            var items = month.OrderByDescending(i => i.Date).ThenByDescending(i => i.Id).ToList();
            await writer.WriteAsync($"api/issues/months/{month.Key}.json", Json(new Paged<IssueListItem>(items.Count, 1, Math.Max(ResultPages.MaxPageSize, items.Count), items)), cancellationToken);
        }

        if (latest is not null)
        {
            await writer.WriteAsync("api/issues/latest.json", Json(latest), cancellationToken);
        }

        foreach (var (path, bytes) in index.Files(_json))
        {
            await writer.WriteAsync(path, bytes, cancellationToken);
        }

        foreach (var part in parts)
        {
            await part.WriteAsync(new StaticEditionContext(request, exported), writer, cancellationToken);
        }

        // The sitemap (readable addresses), robots.txt and each title's Atom feed, of the exported issues only; their
        // URLs are absolute, so they need the address the edition is served at.
        Discovery.DiscoveryFiles? found = null;
        if (request.BaseUrl is { } site)
        {
            var ids = exported.Select(i => i.Issue.Id).ToHashSet();
            found = discovery.Build(site.ToString(), (await addresses.ListPublishedAsync(cancellationToken)).Where(r => ids.Contains(r.IssueId)).ToList());
            foreach (var (path, bytes) in found.Files)
            {
                await writer.WriteAsync(path, bytes, cancellationToken);
            }
        }

        // The viewer last: its pages appear once everything they read is in place.
        foreach (var file in Directory.EnumerateFiles(assets, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(assets, file).Replace(Path.DirectorySeparatorChar, '/');
            if (!LiveOnlyAssets.Contains(relative))
            {
                await writer.WriteAsync(relative, await File.ReadAllBytesAsync(file, cancellationToken), cancellationToken);
            }
        }

        await writer.WriteAsync("kiosk/index.html", html.Kiosk(), cancellationToken);
        await writer.WriteAsync("index.html", html.Reader("/api/issues/latest.json", head: found?.FeedLinks()), cancellationToken);
        var removed = await writer.CommitAsync(cancellationToken);
        return new ExportReport(listed.Count, pageCount, articleCount, writer.Written, writer.Unchanged, removed, writer.BytesWritten, writer.TotalBytes, clock.Elapsed);
    }

    /// <summary>
    /// A readable address (<see cref="ReadableUrls"/>) as files: the reader at <c>{address}/index.html</c> and the JSON twin at
    /// <c>api/papers{address}.json</c>, which the reader asks for first. File names are the decoded paths: servers decode
    /// the address before they look for the file (徐匯報, not %E5%BE%90…). At each address the issue had before an
    /// archivist corrected its date, the same place gets a redirect stub (a file cannot answer 301) and the same JSON.
    /// </summary>
    private static async Task WriteReadableAsync(
        ExportWriter writer, EditionPages html, string address, byte[] json, SharePreview? preview, MovedFrom moved, CancellationToken cancellationToken)
    {
        var twin = ReadableUrls.Api(address);
        await writer.WriteAsync(FilePath(twin) + ".json", json, cancellationToken);
        await writer.WriteAsync(FilePath(address) + "/index.html", html.Reader(twin + ".json", preview), cancellationToken);
        foreach (var old in moved.Olds(address))
        {
            await writer.WriteAsync(FilePath(ReadableUrls.Api(old)) + ".json", json, cancellationToken);
            await writer.WriteAsync(FilePath(old) + "/index.html", html.Redirect(address), cancellationToken);
        }
    }

    /// <summary>The issue's readable address now (null: none) and those it had before its date was corrected.</summary>
    private sealed record MovedFrom(string? Current, IReadOnlyList<string> Earlier)
    {
        /// <summary>The same place (page, article number) at each earlier address.</summary>
        public IEnumerable<string> Olds(string address) =>
            Current is { } now && address.StartsWith(now, StringComparison.Ordinal) ? Earlier.Select(e => e + address[now.Length..]) : [];
    }

    private static string FilePath(string address) => Uri.UnescapeDataString(address.TrimStart('/'));

    private async Task<List<IssueSummary>> SelectAsync(ExportRequest request, CancellationToken cancellationToken)
    {
        var selected = new List<IssueSummary>();
        for (var page = 1; ; page++)
        {
            var batch = await issues.ListIssuesAsync(request.From, request.To, page, ResultPages.MaxPageSize, cancellationToken);
            selected.AddRange(batch.Items.Where(i => request.Paper is null || i.Paper == request.Paper));
            if (batch.Items.Count < ResultPages.MaxPageSize)
            {
                return selected;
            }
        }
    }

    /// <summary>The API's JSON settings (camelCase, enums as camelCase strings) for files: CJK as itself, half the size of \u escapes.</summary>
    private static JsonSerializerOptions FileJson(JsonSerializerOptions api)
    {
        var options = new JsonSerializerOptions(api) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        if (!options.Converters.Any(c => c is JsonStringEnumConverter))
        {
            // A host without the API's services (the worker): the same converter the API adds.
            options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        }

        return options;
    }

    /// <summary>GET /api/issues/{id}/pages/{n}'s answer (as the API's page cache makes it; the export's tests compare the two).</summary>
    private static PageDetailDto PageAnswer(PageDetail page, string sha256, PageTextReport? text) => page.ToDto(sha256, text);

    /// <summary>GET /api/articles/{id}'s answer.</summary>
    private static ArticleDto ArticleAnswer(ArticleDetail a, PageTextReport? text) => ArticleDto.From(a, text?.Source == Core.Model.TextSource.Recognised);

    /// <summary>The API's JSON for the value, with its links to API answers turned into links to the files the export writes.</summary>
    private byte[] Json<T>(T value)
    {
        var node = JsonSerializer.SerializeToNode(value, _json);
        PointLinksAtFiles(node);
        return Encoding.UTF8.GetBytes(node!.ToJsonString(_json));
    }

    private static void PointLinksAtFiles(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (name, child) in o.ToList())
                {
                    if (child is JsonValue v && v.TryGetValue<string>(out var s) && (name == "url" || name.EndsWith("Url", StringComparison.Ordinal)) && ApiLink().IsMatch(s))
                    {
                        o[name] = s + ".json";
                    }
                    else
                    {
                        PointLinksAtFiles(child);
                    }
                }

                break;
            case JsonArray a:
                foreach (var child in a)
                {
                    PointLinksAtFiles(child);
                }

                break;
        }
    }

    /// <summary>An API answer's address (no file extension in its last segment).</summary>
    [GeneratedRegex(@"^/api/(?:[^/?#]+/)*[^/?#.]+$", RegexOptions.CultureInvariant)]
    private static partial Regex ApiLink();

    /// <summary>
    /// The viewer's HTML pages made static: the edition meta tag, a preload of the JSON the address needs first, and (when
    /// the export knows the address it is served at) the page's or article's canonical link and share preview.
    /// </summary>
    private sealed partial class EditionPages(string assets, string? baseUrl)
    {
        private readonly ReaderDocument _index = new(Static(File.ReadAllText(Path.Combine(assets, "index.html")), "index.html"));
        private readonly string _kiosk = Static(File.ReadAllText(Path.Combine(assets, "kiosk.html")), "kiosk.html");

        public byte[] Reader(string firstJson, SharePreview? preview = null, string? head = null)
        {
            var html = preview is { Draft: false } && baseUrl is not null ? _index.Html(preview.Head(baseUrl), preview.DocumentTitle) : _index.Html(head);
            return Encoding.UTF8.GetBytes(LatestPreload().Replace(html, $"href=\"{firstJson}\"", 1));
        }

        public byte[] Kiosk() => Encoding.UTF8.GetBytes(_kiosk);

        /// <summary>A page that sends the browser on to <paramref name="address"/> (and tells search engines it is the canonical one).</summary>
        public byte[] Redirect(string address)
        {
            var url = WebUtility.HtmlEncode((baseUrl?.TrimEnd('/') ?? "") + address);
            return Encoding.UTF8.GetBytes(
                $"""
                <!doctype html>
                <html><head><meta charset="utf-8"><title>Moved</title><link rel="canonical" href="{url}"><meta http-equiv="refresh" content="0; url={url}"></head>
                <body><a href="{url}">{url}</a></body></html>

                """);
        }

        private static string Static(string html, string name) =>
            html.Contains(LiveEditionMeta, StringComparison.Ordinal)
                ? html.Replace(LiveEditionMeta, StaticEditionMeta, StringComparison.Ordinal)
                : throw new InvalidOperationException($"the viewer's {name} has no {LiveEditionMeta}: the static edition cannot mark itself");

        [GeneratedRegex("href=\"/api/issues/latest\"", RegexOptions.CultureInvariant)]
        private static partial Regex LatestPreload();
    }
}
