using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace XuhuiEpaper.Web.Api;

/// <summary>Caching of read answers. Configuration section "Api".</summary>
public sealed class ApiOptions
{
    public const string SectionName = "Api";

    /// <summary>
    /// Issue, page and article answers are kept in memory until what readers see changes. Changes through this server
    /// drop them at once; the database's change counter, which also counts changes by another process (a CLI ingest),
    /// is read at most this often. Zero reads it before every answer. Default 1 s.
    /// </summary>
    public TimeSpan ChangeCheckInterval { get; set; } = TimeSpan.FromSeconds(1);

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

/// <summary>
/// Search answers kept for a short while, keyed by the query and its options: a popular query needs no full-text
/// query and no snippets while it is fresh. New issues show in results after at most <see cref="ApiOptions.SearchCacheDuration"/>.
/// </summary>
public sealed class SearchCache(IOptions<ApiOptions> options)
{
    private const int MaxEntries = 2_000;
    private readonly ConcurrentDictionary<(string Query, DateOnly? From, DateOnly? To, int Page, int PageSize), (long ExpiresAt, SearchResponse Response)> _entries = new();
    private readonly long _durationMs = (long)options.Value.SearchCacheDuration.TotalMilliseconds;

    public async ValueTask<SearchResponse> GetAsync(
        (string Query, DateOnly? From, DateOnly? To, int Page, int PageSize) key, Func<Task<SearchResponse>> search)
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
