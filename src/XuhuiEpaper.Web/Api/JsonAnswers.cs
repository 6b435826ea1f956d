using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using XuhuiEpaper.Core.Geometry;
using XuhuiEpaper.Storage;

namespace XuhuiEpaper.Web.Api;

/// <summary>
/// A JSON answer serialized once: its UTF-8 bytes and a strong ETag (a hash of those bytes), sent as they are. A request
/// whose If-None-Match names the tag gets 304. Nothing is computed per request besides that comparison.
/// </summary>
public sealed class JsonAnswer : IResult
{
    /// <summary>
    /// Browsers and CDNs may keep the answer 10 s without asking (a burst of readers reaches the server once per edge
    /// and 10 s), then serve it up to 30 s longer while they revalidate in the background, which costs a 304. An edit
    /// shows within 10 s (40 s on a cache that serves stale copies); the viewer's own pages keep answers in memory anyway.
    /// </summary>
    public const string CacheControl = "public, max-age=10, stale-while-revalidate=30";

    private static readonly StringValues CacheControlValue = CacheControl;
    private static readonly StringValues JsonContentType = "application/json; charset=utf-8";
    private readonly StringValues _etag;

    public JsonAnswer(byte[] body)
    {
        Body = body;
        ETag = $"\"{Convert.ToHexStringLower(SHA256.HashData(body).AsSpan(0, 12))}\"";
        _etag = ETag;
    }

    public byte[] Body { get; }

    /// <summary>A draft's answer: only admins may have it (see IssuesApi.Visible).</summary>
    public bool Draft { get; init; }

    /// <summary>The strong entity tag, quoted.</summary>
    public string ETag { get; }

    public static JsonAnswer Serialize<T>(T value, JsonSerializerOptions options) => new(JsonSerializer.SerializeToUtf8Bytes(value, options));

    public Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        var headers = response.Headers;
        headers.ETag = _etag;
        headers.CacheControl = CacheControlValue;
        var request = httpContext.Request;
        if (Matches(request.Headers.IfNoneMatch))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return Task.CompletedTask;
        }

        headers.ContentType = JsonContentType;
        headers.ContentLength = Body.Length;
        // No cancellation token: Kestrel ends the write itself when the connection goes, and RequestAborted's first use allocates.
        return HttpMethods.IsHead(request.Method) ? Task.CompletedTask : response.BodyWriter.WriteAsync(Body).AsTask();
    }

    /// <summary>If-None-Match uses the weak comparison (RFC 9110 13.1.2): W/"x" matches "x"; * matches anything.</summary>
    private bool Matches(StringValues ifNoneMatch)
    {
        foreach (var value in ifNoneMatch)
        {
            foreach (var part in (value ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                var tag = part.StartsWith("W/", StringComparison.Ordinal) ? part[2..] : part;
                if (tag == "*" || tag == ETag)
                {
                    return true;
                }
            }
        }

        return false;
    }
}

/// <summary>A page's answer and its articles' regions for hit tests, each article's hit answer serialized too.</summary>
public sealed class PageAnswer(JsonAnswer json, IReadOnlyList<PageAnswer.Target> targets)
{
    /// <summary>One article's hit answer, its rectangles and its area (the smallest region containing a point wins).</summary>
    public sealed record Target(PageArticleDto Article, JsonAnswer Hit, NormRect[] Rects, double Area, int Index);

    public JsonAnswer Json { get; } = json;

    public bool Draft => Json.Draft;

    public IReadOnlyList<Target> Targets { get; } = targets;

    /// <summary>The hit answer of the article whose region contains (x, y), the smallest if several do.</summary>
    public JsonAnswer? Hit(double x, double y) => Find(x, y)?.Hit;

    /// <summary>
    /// The article whose region contains (x, y), the smallest if several do (the earlier on the page if equal): the one hit
    /// test; a page's regions are few, so a scan in memory beats any index.
    /// </summary>
    public Target? Find(double x, double y)
    {
        Target? best = null;
        foreach (var t in Targets)
        {
            if (Contains(t.Rects, x, y) && (best is null || t.Area < best.Area || (t.Area == best.Area && t.Index < best.Index)))
            {
                best = t;
            }
        }

        return best;
    }

    private static bool Contains(NormRect[] rects, double x, double y)
    {
        foreach (var r in rects)
        {
            if (r.Contains(x, y))
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>
/// The issue, page and article answers, serialized once per change and kept in memory. What readers see changes only
/// when the database's change counter (<see cref="PermalinkStore.ContentVersionAsync"/>, kept by triggers, so changes by
/// the CLI's ingest count too) moves: it is read at most once per <see cref="ApiOptions.ChangeCheckInterval"/>, and every
/// answer is dropped when it has moved. Changes made through this server drop them at once (<see cref="Clear"/>).
/// </summary>
public sealed class JsonAnswers
{
    private const int MaxEntries = 20_000;
    private readonly BrowseStore _issues;
    private readonly IssueKeys _keys;
    private readonly PermalinkStore _permalinks;
    private readonly PageTextStore _texts;
    private readonly JsonSerializerOptions _json;
    private readonly long _intervalMs;
    private readonly ConcurrentDictionary<long, JsonAnswer> _issueAnswers = new();
    private readonly ConcurrentDictionary<(long IssueId, int Number), PageAnswer> _pageAnswers = new();
    private readonly ConcurrentDictionary<long, JsonAnswer> _articleAnswers = new();
    private readonly ConcurrentDictionary<(DateOnly Date, string Paper), long> _issueByDate = new();
    private long _latestId; // 0: not known yet
    private long _generation;
    private long _seenVersion = -1;
    private long _freshUntil;
    private int _checking;

    public JsonAnswers(BrowseStore issues, IssueKeys keys, PermalinkStore permalinks, PageTextStore texts, IOptions<JsonOptions> json, IOptions<ApiOptions> options)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(options);
        _issues = issues;
        _keys = keys;
        _permalinks = permalinks;
        _texts = texts;
        _json = json.Value.SerializerOptions;
        _intervalMs = (long)options.Value.ChangeCheckInterval.TotalMilliseconds;
    }

    /// <summary>Drops every answer (after a change made through this server).</summary>
    public void Clear()
    {
        Interlocked.Increment(ref _generation);
        _issueAnswers.Clear();
        _pageAnswers.Clear();
        _articleAnswers.Clear();
        _issueByDate.Clear();
        Volatile.Write(ref _latestId, 0);
    }

    /// <summary>The answers kept in memory, without touching the request's cancellation (whose first use allocates).</summary>
    public bool TryGetPage(long issueId, int number, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out PageAnswer? answer)
    {
        answer = null;
        return IsFresh() && _pageAnswers.TryGetValue((issueId, number), out answer);
    }

    public bool TryGetIssue(long issueId, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out JsonAnswer? answer)
    {
        answer = null;
        return IsFresh() && _issueAnswers.TryGetValue(issueId, out answer);
    }

    public bool TryGetArticle(long articleId, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out JsonAnswer? answer)
    {
        answer = null;
        return IsFresh() && _articleAnswers.TryGetValue(articleId, out answer);
    }

    public ValueTask<PageAnswer?> PageAsync(long issueId, int number, CancellationToken cancellationToken) =>
        IsFresh() && _pageAnswers.TryGetValue((issueId, number), out var hit) ? new(hit) : LoadPageAsync(issueId, number, cancellationToken);

    public ValueTask<JsonAnswer?> IssueAsync(long issueId, CancellationToken cancellationToken) =>
        IsFresh() && _issueAnswers.TryGetValue(issueId, out var hit) ? new(hit) : LoadIssueAsync(issueId, cancellationToken);

    public ValueTask<JsonAnswer?> ArticleAsync(long articleId, CancellationToken cancellationToken) =>
        IsFresh() && _articleAnswers.TryGetValue(articleId, out var hit) ? new(hit) : LoadArticleAsync(articleId, cancellationToken);

    public async ValueTask<JsonAnswer?> LatestAsync(string? paper, CancellationToken cancellationToken)
    {
        await RefreshAsync(cancellationToken);
        if (paper is not null)
        {
            // One paper's newest: looked up each time (rarer than the plain newest), its answer kept as any issue's.
            var newest = await _issues.GetLatestAsync(new IssueFilter(paper), cancellationToken);
            return newest is null ? null : await IssueAsync(newest.Id, cancellationToken);
        }

        var generation = Volatile.Read(ref _generation);
        var id = Volatile.Read(ref _latestId);
        if (id == 0)
        {
            id = (await _issues.GetLatestAsync(new IssueFilter(null), cancellationToken))?.Id ?? 0;
            if (id == 0)
            {
                return null;
            }

            if (Volatile.Read(ref _generation) == generation)
            {
                Volatile.Write(ref _latestId, id);
            }
        }

        return await IssueAsync(id, cancellationToken);
    }

    public async ValueTask<JsonAnswer?> IssueByDateAsync(DateOnly date, string? paper, CancellationToken cancellationToken)
    {
        await RefreshAsync(cancellationToken);
        if (!_issueByDate.TryGetValue((date, paper ?? ""), out var id))
        {
            var generation = Volatile.Read(ref _generation);
            var sameDay = await _issues.ListIssuesAsync(new IssueFilter(paper), date, date, 1, ResultPages.MaxPageSize, cancellationToken);
            var issue = sameDay.Items.FirstOrDefault(i => paper is null || i.Paper == paper);
            if (issue is null)
            {
                return null;
            }

            id = issue.Id;
            Store(_issueByDate, (date, paper ?? ""), id, generation);
        }

        return await IssueAsync(id, cancellationToken);
    }

    /// <summary>The number of pages of a published issue; null when there is no such issue (for 404s: not cached).</summary>
    public async Task<int?> PageCountAsync(long issueId, CancellationToken cancellationToken) =>
        (await _issues.GetIssueAsync(issueId, cancellationToken))?.Pages.Count;

    private bool IsFresh() => Environment.TickCount64 < Volatile.Read(ref _freshUntil);

    /// <summary>Reads the change counter when the last reading is older than the interval; one request does it, the others go on.</summary>
    private async ValueTask RefreshAsync(CancellationToken cancellationToken)
    {
        if (IsFresh() || Interlocked.Exchange(ref _checking, 1) == 1)
        {
            return;
        }

        try
        {
            var version = await _permalinks.ContentVersionAsync(cancellationToken);
            if (version != Interlocked.Exchange(ref _seenVersion, version))
            {
                Clear();
            }

            Volatile.Write(ref _freshUntil, Environment.TickCount64 + _intervalMs);
        }
        finally
        {
            Volatile.Write(ref _checking, 0);
        }
    }

    /// <summary>Keeps an answer unless the answers were dropped while it was being made (it may predate the change).</summary>
    private void Store<TKey, TValue>(ConcurrentDictionary<TKey, TValue> map, TKey key, TValue value, long generation)
        where TKey : notnull
    {
        if (Volatile.Read(ref _generation) != generation)
        {
            return;
        }

        if (map.Count >= MaxEntries)
        {
            map.Clear();
        }

        map[key] = value;
    }

    /// <summary>
    /// Every load's shape: the change counter read, the answers looked at again (another request may have made this one
    /// meanwhile), the answer made (null: no such thing, not kept) and kept unless the answers were dropped while it was made.
    /// </summary>
    private async ValueTask<TValue?> LoadAsync<TKey, TValue>(
        ConcurrentDictionary<TKey, TValue> map, TKey key, Func<CancellationToken, Task<TValue?>> make, CancellationToken cancellationToken)
        where TKey : notnull
        where TValue : class
    {
        await RefreshAsync(cancellationToken);
        if (map.TryGetValue(key, out var cached))
        {
            return cached;
        }

        var generation = Volatile.Read(ref _generation);
        var answer = await make(cancellationToken);
        if (answer is not null)
        {
            Store(map, key, answer, generation);
        }

        return answer;
    }

    private ValueTask<PageAnswer?> LoadPageAsync(long issueId, int number, CancellationToken cancellationToken) =>
        LoadAsync(_pageAnswers, (issueId, number), async ct =>
        {
            var page = await _issues.GetPageAsync(issueId, number, ct);
            var sha = page is null ? null : await _keys.Sha256Async(issueId, ct);
            if (page is null || sha is null)
            {
                return null;
            }

            var dto = page.ToDto(sha, await _texts.GetAsync(sha, page.Page.Number, ct));
            var articles = dto.Articles;
            var targets = page.Articles
                .Select((a, i) => new PageAnswer.Target(articles[i], JsonAnswer.Serialize(articles[i], _json), a.Rects.ToArray(), a.Rects.Sum(r => r.Area), a.Index))
                .ToList();
            return new PageAnswer(new JsonAnswer(JsonSerializer.SerializeToUtf8Bytes(dto, _json)) { Draft = page.Draft }, targets);
        }, cancellationToken);

    private ValueTask<JsonAnswer?> LoadIssueAsync(long issueId, CancellationToken cancellationToken) =>
        LoadAsync(_issueAnswers, issueId, async ct =>
        {
            var detail = await _issues.GetIssueAsync(issueId, ct);
            return detail is null
                ? null
                : new JsonAnswer(JsonSerializer.SerializeToUtf8Bytes(IssuesApi.ToDto(detail, _keys), _json)) { Draft = detail.Issue.Draft };
        }, cancellationToken);

    private ValueTask<JsonAnswer?> LoadArticleAsync(long articleId, CancellationToken cancellationToken) =>
        LoadAsync(_articleAnswers, articleId, async ct =>
        {
            var a = await _issues.GetArticleAsync(articleId, ct);
            if (a is null)
            {
                return null;
            }

            var sha = await _keys.Sha256Async(a.IssueId, ct);
            var pageText = sha is null ? null : await _texts.GetAsync(sha, a.PageNumber, ct);
            return new JsonAnswer(JsonSerializer.SerializeToUtf8Bytes(ArticleDto.From(a, pageText?.Source == Core.Model.TextSource.Recognised), _json)) { Draft = a.Draft };
        }, cancellationToken);
}
