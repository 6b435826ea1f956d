using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using XuhuiEpaper.Storage;
using XuhuiEpaper.Web.Api;
using XuhuiEpaper.Web.Viewer;

namespace XuhuiEpaper.Web.Discovery;

/// <summary>
/// The discovery documents for one base URL: the sitemap files and robots.txt (<see cref="Sitemap"/>) and each title's
/// Atom feed (<see cref="AtomFeed"/>), by path below the site, decoded (<c>徐匯報/feed.atom</c>); and the titles with their
/// display names, for the viewer's feed links.
/// </summary>
public sealed record DiscoveryFiles(IReadOnlyDictionary<string, byte[]> Files, IReadOnlyList<(string Paper, string DisplayName)> Titles)
{
    /// <summary>The viewer's head links to every title's feed.</summary>
    public string FeedLinks() => string.Join('\n', Titles.Select(t => AtomFeed.Link(t.Paper, t.DisplayName)));
}

/// <summary>
/// Builds the discovery documents from the published issues (<see cref="AddressStore.ListPublishedAsync"/>: drafts never),
/// for the live service and for the static export (its issues only). The live ones are kept until the archive's change
/// counter moves, which is read at most once per <see cref="ApiOptions.ChangeCheckInterval"/>, as the JSON answers do.
/// </summary>
public sealed class DiscoveryDocuments(AddressStore addresses, PaperStore papers, PermalinkStore permalinks, IOptions<TitlesOptions> titles, IOptions<ApiOptions> api)
{
    private readonly Lock _sync = new();
    private (long Version, string BaseUrl, DiscoveryFiles Files)? _kept;
    private (long Version, string Links)? _links;
    private long _version = -1;
    private long _freshUntil;

    /// <summary>The documents of every published issue, built once per change of the archive and base URL.</summary>
    public async Task<DiscoveryFiles> GetAsync(string baseUrl, CancellationToken cancellationToken)
    {
        var version = await VersionAsync(cancellationToken);
        lock (_sync)
        {
            if (_kept is { } kept && kept.Version == version && kept.BaseUrl == baseUrl)
            {
                return kept.Files;
            }
        }

        var files = Build(baseUrl, await addresses.ListPublishedAsync(cancellationToken));
        lock (_sync)
        {
            _kept = (version, baseUrl, files);
        }

        return files;
    }

    /// <summary>The viewer front page's head links to every title's feed: from the list of titles alone, not the documents.</summary>
    public async Task<string> FeedLinksAsync(CancellationToken cancellationToken)
    {
        var version = await VersionAsync(cancellationToken);
        lock (_sync)
        {
            if (_links is { } kept && kept.Version == version)
            {
                return kept.Links;
            }
        }

        var links = string.Join('\n', (await papers.ListAsync(IssueFilter.Public, cancellationToken))
            .Select(p => AtomFeed.Link(p.Name, PapersApi.Describe(p.Name, titles.Value.Titles.FirstOrDefault(t => t.Name == p.Name), null).DisplayName)));
        lock (_sync)
        {
            _links = (version, links);
        }

        return links;
    }

    private async ValueTask<long> VersionAsync(CancellationToken cancellationToken)
    {
        if (Environment.TickCount64 < Volatile.Read(ref _freshUntil))
        {
            return Volatile.Read(ref _version);
        }

        var version = await permalinks.ContentVersionAsync(cancellationToken);
        Volatile.Write(ref _version, version);
        Volatile.Write(ref _freshUntil, Environment.TickCount64 + (long)api.Value.ChangeCheckInterval.TotalMilliseconds);
        return version;
    }

    /// <summary>The documents of the issues <paramref name="rows"/> hold (rows as <see cref="AddressStore.ListPublishedAsync"/> orders them).</summary>
    public DiscoveryFiles Build(string baseUrl, IReadOnlyList<PublishedAddress> rows, int maxPerSitemap = Sitemap.MaxAddressesPerFile)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var entries = new List<SitemapEntry>();
        if (rows.Count > 0)
        {
            entries.Add(new SitemapEntry("/", rows.Max(r => r.PublishedAt)));
        }

        foreach (var page in rows.GroupBy(r => (r.IssueId, r.PageNumber)))
        {
            var first = page.First();
            entries.Add(new SitemapEntry(ReadableUrls.Page(first.Paper, first.Date, first.PageAddress), first.PublishedAt));
            entries.AddRange(page.Where(r => r.ArticleNumber is not null)
                .Select(r => new SitemapEntry(ReadableUrls.Article(r.Paper, r.Date, r.PageAddress, r.ArticleNumber!.Value), r.PublishedAt)));
        }

        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var (path, bytes) in Sitemap.Files(baseUrl, entries, maxPerSitemap))
        {
            files[path] = bytes;
        }

        var shown = new List<(string, string)>();
        foreach (var title in rows.GroupBy(r => r.Paper, StringComparer.Ordinal))
        {
            var settings = PapersApi.Describe(title.Key, titles.Value.Titles.FirstOrDefault(t => t.Name == title.Key), null);
            var issues = title.GroupBy(r => r.IssueId).OrderByDescending(g => g.First().Date).ThenByDescending(g => g.Key).Select(issue =>
            {
                var front = issue.Where(r => r.PageNumber == issue.Min(x => x.PageNumber)).ToList();
                var r0 = front[0];
                return new FeedIssue(r0.Date, r0.IssueNumber, r0.TotalNumber, r0.PublishedAt, ReadableUrls.Issue(r0.Paper, r0.Date),
                    ReadableUrls.Page(r0.Paper, r0.Date, r0.PageAddress),
                    front.Where(r => !string.IsNullOrWhiteSpace(r.Title)).Select(r => r.Title!.Trim()).Take(5).ToList());
            }).ToList();
            files[Uri.UnescapeDataString(AtomFeed.Path(title.Key)).TrimStart('/')] = AtomFeed.Build(baseUrl, title.Key, settings.DisplayName, settings.Lang, issues);
            shown.Add((title.Key, settings.DisplayName));
        }

        return new DiscoveryFiles(files, shown);
    }
}

/// <summary>The live routes: <c>/sitemap.xml</c>, <c>/sitemaps/{n}.xml</c>, <c>/robots.txt</c> and <c>/{title}/feed.atom</c>.</summary>
public static class DiscoveryEndpoints
{
    /// <summary>Crawlers and feed readers may keep them five minutes: a new issue shows within that.</summary>
    private const string CacheControl = "public, max-age=300";

    public static IEndpointRouteBuilder MapDiscovery(this IEndpointRouteBuilder app)
    {
        app.MapGet("/sitemap.xml", (HttpContext context, DiscoveryDocuments documents, CancellationToken ct) => ServeAsync(context, documents, "sitemap.xml", "application/xml", ct))
            .WithName("Sitemap").WithTags("Discovery").WithSummary("The sitemap of every published page and article at its readable address (an index past 50,000)");
        app.MapGet("/sitemaps/{name:regex(^[0-9]+\\.xml$)}", (HttpContext context, DiscoveryDocuments documents, string name, CancellationToken ct) => ServeAsync(context, documents, "sitemaps/" + name, "application/xml", ct))
            .WithName("SitemapPart").WithTags("Discovery").WithSummary("One file of a sitemap index");
        app.MapGet("/robots.txt", (HttpContext context, DiscoveryDocuments documents, CancellationToken ct) => ServeAsync(context, documents, "robots.txt", "text/plain", ct))
            .WithName("Robots").WithTags("Discovery").WithSummary("robots.txt, naming the sitemap");
        app.MapGet("/{paper}/feed.atom", (HttpContext context, DiscoveryDocuments documents, string paper, CancellationToken ct) =>
                ServeAsync(context, documents, ReadableUrls.Segment(paper) + "/feed.atom", AtomFeed.MediaType, ct))
            .WithName("Feed").WithTags("Discovery").WithSummary("A title's Atom feed of new issues");
        return app;
    }

    private static async Task<IResult> ServeAsync(HttpContext context, DiscoveryDocuments documents, string path, string type, CancellationToken ct)
    {
        var baseUrl = context.RequestServices.GetRequiredService<IOptions<PublicSiteOptions>>().Value.BaseUrl(context.Request);
        var files = await documents.GetAsync(baseUrl, ct);
        if (!files.Files.TryGetValue(path, out var bytes))
        {
            return new NotFoundProblem($"Nothing is published at {context.Request.Path}.");
        }

        context.Response.Headers[HeaderNames.CacheControl] = CacheControl;
        return Results.Bytes(bytes, $"{type}; charset=utf-8");
    }

    /// <summary>The head links of the viewer's front page: every title's feed.</summary>
    public static Task<string> FeedLinksAsync(HttpContext context, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.RequestServices.GetRequiredService<DiscoveryDocuments>().FeedLinksAsync(ct);
    }
}
