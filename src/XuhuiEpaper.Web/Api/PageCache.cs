using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using XuhuiEpaper.Core.Geometry;
using XuhuiEpaper.Storage;

namespace XuhuiEpaper.Web.Api;

/// <summary>Caching of read answers. Configuration section "Api".</summary>
public sealed class ApiOptions
{
    public const string SectionName = "Api";

    /// <summary>
    /// How long a page (its answer and its regions for hit tests) is kept in memory. Edits and deletes through this
    /// server drop it at once; changes by another process (a CLI ingest replacing an issue) show after this long.
    /// Zero turns the cache off. Default 10 s.
    /// </summary>
    public TimeSpan PageCacheDuration { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a search answer is kept in memory (edits and deletes through this server drop them all). Zero turns it off. Default 10 s.</summary>
    public TimeSpan SearchCacheDuration { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Bytes of page images kept in memory (they never change: their names are their content hashes). Zero turns it off. Default 256 MB.</summary>
    public long ImageCacheBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>Longest a job's event stream stays open; the client reconnects (EventSource does) or polls. Default 10 minutes.</summary>
    public TimeSpan EventStreamMaxDuration { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Proxies whose X-Forwarded-For and X-Forwarded-Proto are believed (addresses, e.g. 127.0.0.1). Empty (the default):
    /// the headers are ignored, and every client is known by the address it connects from.
    /// </summary>
    public IList<string> KnownProxies { get; } = [];

    /// <summary>Networks of such proxies in CIDR notation (e.g. 10.0.0.0/8). Default none.</summary>
    public IList<string> KnownNetworks { get; } = [];
}

/// <summary>A page ready to answer with: its DTO, and its articles' rectangles for hit tests in memory.</summary>
public sealed record PageSnapshot(PageDetailDto Page, IReadOnlyList<PageSnapshot.Target> Targets)
{
    /// <summary>The page's issue is a draft: only admins may be answered from this snapshot.</summary>
    public bool Draft { get; init; }

    /// <summary>One article's answer to a hit, its rectangles and its area (the smallest region containing a point wins).</summary>
    public sealed record Target(PageArticleDto Article, NormRect[] Rects, double Area, int Index);

    /// <summary>The article whose region contains (x, y), the smallest if several do; the one hit test: the page's regions are few, so a scan in memory beats any index.</summary>
    public PageArticleDto? Hit(double x, double y)
    {
        Target? best = null;
        foreach (var t in Targets)
        {
            if (t.Rects.Any(r => r.Contains(x, y)) && (best is null || t.Area < best.Area || (t.Area == best.Area && t.Index < best.Index)))
            {
                best = t;
            }
        }

        return best?.Article;
    }
}

/// <summary>
/// Pages as read from the database (pooled read-only connections), kept in memory for a short while: the page
/// answer and the hit test, the two requests a reader's page turn and click make, need no query while it is fresh.
/// </summary>
public sealed class PageCache(BrowseStore issues, IssueKeys keys, IOptions<ApiOptions> options)
{
    private const int MaxEntries = 20_000;
    private readonly ConcurrentDictionary<(long IssueId, int Number), (long ExpiresAt, PageSnapshot Snapshot)> _entries = new();
    private readonly long _durationMs = (long)options.Value.PageCacheDuration.TotalMilliseconds;

    public async ValueTask<PageSnapshot?> GetAsync(long issueId, int number, CancellationToken cancellationToken)
    {
        var now = Environment.TickCount64;
        if (_entries.TryGetValue((issueId, number), out var entry) && entry.ExpiresAt > now)
        {
            return entry.Snapshot;
        }

        var snapshot = await LoadAsync(issueId, number, cancellationToken);
        if (snapshot is not null && _durationMs > 0)
        {
            if (_entries.Count >= MaxEntries)
            {
                _entries.Clear();
            }

            _entries[(issueId, number)] = (now + _durationMs, snapshot);
        }

        return snapshot;
    }

    /// <summary>Drops every cached page of an issue (after an edit, a delete, a publish or an unpublish).</summary>
    public void Forget(long issueId)
    {
        foreach (var key in _entries.Keys.Where(k => k.IssueId == issueId))
        {
            _entries.TryRemove(key, out _);
        }
    }

    private async Task<PageSnapshot?> LoadAsync(long issueId, int number, CancellationToken cancellationToken)
    {
        var page = await issues.GetPageAsync(issueId, number, cancellationToken);
        var sha = page is null ? null : await keys.Sha256Async(issueId, cancellationToken);
        if (page is null || sha is null)
        {
            return null;
        }

        var targets = page.Articles
            .Select(a => new PageSnapshot.Target(
                new PageArticleDto(a.Id, a.Kind, a.Title, RegionDto.From(a.Rects), ApiUrls.Article(a.Id)),
                a.Rects.ToArray(), a.Rects.Sum(r => r.Area), a.Index))
            .ToList();
        var p = page.Page;
        var dto = new PageDetailDto(
            issueId, p.Number, p.Label, p.Name, p.WidthPt, p.HeightPt,
            ApiUrls.Image(p.Images.Thumbnail), ApiUrls.Image(p.Images.Screen), ApiUrls.Image(p.Images.Zoom),
            p.Images.ThumbnailWidth, p.Images.ScreenWidth, p.Images.ZoomWidth, ApiUrls.PagePdf(sha, p.Number),
            targets.Select(t => t.Article).ToList());
        return new PageSnapshot(dto, targets) { Draft = page.Draft };
    }
}

/// <summary>
/// Search answers kept for a short while, keyed by the query and its options: a popular query needs no full-text
/// query and no snippets while it is fresh. New issues show in results after at most <see cref="ApiOptions.SearchCacheDuration"/>.
/// </summary>
public sealed class SearchCache(IOptions<ApiOptions> options)
{
    private const int MaxEntries = 2_000;
    private readonly ConcurrentDictionary<(string Query, DateOnly? From, DateOnly? To, string? Paper, int Page, int PageSize), (long ExpiresAt, SearchResponse Response)> _entries = new();
    private readonly long _durationMs = (long)options.Value.SearchCacheDuration.TotalMilliseconds;

    public async ValueTask<SearchResponse> GetAsync(
        (string Query, DateOnly? From, DateOnly? To, string? Paper, int Page, int PageSize) key, Func<Task<SearchResponse>> search)
    {
        var now = Environment.TickCount64;
        if (_entries.TryGetValue(key, out var entry) && entry.ExpiresAt > now)
        {
            return entry.Response;
        }

        var response = await search();
        if (_durationMs > 0)
        {
            if (_entries.Count >= MaxEntries)
            {
                _entries.Clear();
            }

            _entries[key] = (now + _durationMs, response);
        }

        return response;
    }

    /// <summary>Drops every cached answer (after an edit or a delete).</summary>
    public void Clear() => _entries.Clear();
}

/// <summary>
/// Page images in memory. Their names are content hashes, so a cached copy is never stale; a deleted issue's
/// images are dropped. When the budget is spent the cache starts over (the recent issues are the hot set).
/// </summary>
public sealed class ImageCache(IOptions<ApiOptions> options)
{
    private const long MaxFileBytes = 8L * 1024 * 1024;
    private readonly ConcurrentDictionary<string, CachedFile> _files = new(StringComparer.Ordinal);
    private readonly long _budget = options.Value.ImageCacheBytes;
    private long _bytes;

    public sealed record CachedFile(byte[] Bytes, DateTimeOffset LastModified);

    /// <summary>The file's bytes, read now if they were not cached; null if there is no such file.</summary>
    public async ValueTask<CachedFile?> GetAsync(string name, string path, CancellationToken cancellationToken)
    {
        if (_files.TryGetValue(name, out var cached))
        {
            return cached;
        }

        var info = new FileInfo(path);
        if (!info.Exists || info.Length > MaxFileBytes || _budget <= 0)
        {
            return null;
        }

        var file = new CachedFile(await File.ReadAllBytesAsync(path, cancellationToken), info.LastWriteTimeUtc);
        if (Interlocked.Add(ref _bytes, file.Bytes.Length) > _budget)
        {
            _files.Clear();
            Interlocked.Exchange(ref _bytes, file.Bytes.Length);
        }

        _files[name] = file;
        return file;
    }

    public void Forget(string name)
    {
        if (_files.TryRemove(name, out var file))
        {
            Interlocked.Add(ref _bytes, -file.Bytes.Length);
        }
    }
}
