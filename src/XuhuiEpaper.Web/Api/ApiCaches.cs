using System.Collections.Concurrent;
using System.IO.Pipelines;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

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

    /// <summary>
    /// An image in memory with its answer's headers made once. A plain GET (no Range, no date preconditions), which is
    /// nearly every one, is answered from these: the headers, then the bytes in one write. Kestrel has no sendfile(2)
    /// path (its <c>SendFileAsync</c> reads the file into a buffer and copies that to the socket), so one copy from this
    /// array into the socket's buffers is the least it can do. Other requests go through the framework's file result,
    /// which implements Range and the rest of RFC 9110's preconditions.
    /// </summary>
    public sealed class CachedFile : IResult
    {
        private static readonly StringValues WebP = "image/webp";
        private static readonly StringValues Immutable = FilesApi.ImmutableCacheControl;
        private static readonly StringValues AcceptBytes = "bytes";
        private readonly StringValues _etag;
        private readonly StringValues _lastModified;

        public CachedFile(string name, byte[] bytes, DateTimeOffset lastModified)
        {
            Bytes = bytes;
            LastModified = lastModified;
            ETag = $"\"{Path.GetFileNameWithoutExtension(name)}\"";
            _etag = ETag;
            _lastModified = HeaderUtilities.FormatDate(lastModified);
        }

        public byte[] Bytes { get; }

        public DateTimeOffset LastModified { get; }

        public string ETag { get; }

        /// <summary>Whether this request is a plain one the fast path answers (GET or HEAD, no Range, no date precondition).</summary>
        public static bool IsPlain(HttpRequest request)
        {
            var headers = request.Headers;
            return headers.Range.Count == 0 && headers.IfRange.Count == 0 && headers.IfModifiedSince.Count == 0
                && headers.IfUnmodifiedSince.Count == 0 && headers.IfMatch.Count == 0;
        }

        public Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            var headers = response.Headers;
            headers.ETag = _etag;
            headers.CacheControl = Immutable;
            headers.LastModified = _lastModified;
            headers.AcceptRanges = AcceptBytes;
            var request = httpContext.Request;
            if (request.Headers.IfNoneMatch is { Count: > 0 } inm && inm.Any(v => v is not null && (v.Contains(ETag, StringComparison.Ordinal) || v.Trim() == "*")))
            {
                response.StatusCode = StatusCodes.Status304NotModified;
                return Task.CompletedTask;
            }

            headers.ContentType = WebP;
            headers.ContentLength = Bytes.Length;
            if (HttpMethods.IsHead(request.Method))
            {
                return Task.CompletedTask;
            }

            // The headers go first, so that the body's memory comes from the connection's pipe (before the response has
            // started, Kestrel lends a buffer of its own and copies it into the pipe in 4 KB blocks afterwards).
            var start = response.StartAsync();
            return start.IsCompletedSuccessfully ? WriteOneSegmentAsync(response.BodyWriter, Bytes) : StartedAsync(start, response.BodyWriter, Bytes);

            static async Task StartedAsync(Task start, PipeWriter writer, byte[] bytes)
            {
                await start;
                await WriteOneSegmentAsync(writer, bytes);
            }
        }

        /// <summary>
        /// The body as one buffer: asking the pipe for all of it at once gives one array (Kestrel's pool has 4 KB blocks;
        /// larger requests are served from the shared array pool), so the image is copied once and sent with one
        /// sendmsg, where <c>WriteAsync</c> would copy it into a hundred 4 KB blocks, each taken under the pipe's lock
        /// that the socket's sender, on the other core, takes too.
        /// </summary>
        internal static Task WriteOneSegmentAsync(PipeWriter writer, byte[] bytes)
        {
            bytes.CopyTo(writer.GetMemory(bytes.Length));
            writer.Advance(bytes.Length);
            var flush = writer.FlushAsync();
            return flush.IsCompletedSuccessfully ? Task.CompletedTask : flush.AsTask();
        }
    }

    /// <summary>The file, when it is in memory.</summary>
    public bool TryGet(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out CachedFile? file) => _files.TryGetValue(name, out file);

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

        var file = new CachedFile(name, await File.ReadAllBytesAsync(path, cancellationToken), info.LastWriteTimeUtc);
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
