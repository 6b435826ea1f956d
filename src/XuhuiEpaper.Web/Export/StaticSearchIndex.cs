using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using XuhuiEpaper.Core.Text;
using XuhuiEpaper.Storage;
using XuhuiEpaper.Web.Api;

namespace XuhuiEpaper.Web.Export;

/// <summary>
/// The static edition's search index: the live search's tokens (<see cref="SearchTokens"/>: CJK bigrams, Traditional
/// and Simplified folded) as an inverted index with positions, split into shards by a hash of each token's first
/// character, so that a query loads only the shards of its characters (a one-character query's tokens all start with
/// it, so they sit in one shard). The browser ranks as FTS5's bm25 does (title 10, deck 3, body 1).
/// <list type="bullet">
/// <item><c>search/index.json</c>: counts, the shard and document-chunk file names, the fold table's name.</item>
/// <item><c>search/shards/{bucket}-{hash}.json</c>: <c>{token: [doc, count, position, +delta, …, doc, count, …]}</c>;
/// positions run through title, deck and body in turn.</item>
/// <item><c>search/docs/{chunk}-{hash}.json</c>: <c>[[articleId, issueId, date, pageNumber, title, titleEnd, deckEnd, tokens], …]</c>,
/// <see cref="DocsPerChunk"/> a file, oldest first, so a new issue leaves the earlier chunks as they were.</item>
/// <item><c>search/fold-{hash}.json</c>: the radical and Traditional→Simplified tables the browser folds queries with.</item>
/// </list>
/// Shard and chunk names carry their content hash: they can be cached for good, and <c>index.json</c> says which are current.
/// </summary>
internal sealed class StaticSearchIndex
{
    public const int DocsPerChunk = 512;
    public const int Format = 1;

    /// <summary>About this many numbers a shard before the index is split further.</summary>
    private const int TargetShardNumbers = 16_384;

    private static readonly JsonSerializerOptions FoldJson = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly Lazy<byte[]> FoldTable = new(BuildFoldTable);

    private readonly List<object?[]> _docs = [];
    private readonly Dictionary<string, List<int>> _postings = new(StringComparer.Ordinal);
    private long _tokens;

    public int Documents => _docs.Count;

    /// <summary>Adds an article; articles must come oldest first.</summary>
    public void Add(ArticleDto article)
    {
        ArgumentNullException.ThrowIfNull(article);
        if (!SearchTokens.IsSearchable(article.Kind))
        {
            return;
        }

        var title = SearchTokens.Of(article.Title);
        var deck = SearchTokens.Of([article.Kicker, article.Subtitle, article.Byline]);
        var body = SearchTokens.Of(article.Body.Concat(article.Captions));
        var doc = _docs.Count;
        var positions = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        var position = 0;
        foreach (var token in title.Concat(deck).Concat(body))
        {
            if (!positions.TryGetValue(token, out var list))
            {
                positions[token] = list = [];
            }

            list.Add(position++);
        }

        foreach (var (token, list) in positions)
        {
            if (!_postings.TryGetValue(token, out var postings))
            {
                _postings[token] = postings = [];
            }

            postings.Add(doc);
            postings.Add(list.Count);
            var last = 0;
            foreach (var p in list)
            {
                postings.Add(p - last);
                last = p;
            }
        }

        _tokens += position;
        _docs.Add([article.Id, article.IssueId, article.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), article.PageNumber, article.Title,
            title.Count, title.Count + deck.Count, position]);
    }

    /// <summary>The index's files, paths relative to the export's root.</summary>
    public IEnumerable<(string Path, byte[] Bytes)> Files(JsonSerializerOptions json)
    {
        var numbers = _postings.Values.Sum(p => (long)p.Count);
        var bits = Math.Clamp((int)Math.Ceiling(Math.Log2(Math.Max(1, numbers) / (double)TargetShardNumbers)), 4, 12);
        var shards = new string?[1 << bits];
        foreach (var group in _postings.GroupBy(p => Bucket(char.ConvertToUtf32(p.Key, 0), bits)).OrderBy(g => g.Key))
        {
            var content = new SortedDictionary<string, List<int>>(group.ToDictionary(p => p.Key, p => p.Value), StringComparer.Ordinal);
            var bytes = JsonSerializer.SerializeToUtf8Bytes(content, json);
            var name = $"{group.Key:x}-{ShortHash(bytes)}.json";
            shards[group.Key] = name;
            yield return ($"search/shards/{name}", bytes);
        }

        var chunks = new List<string>();
        for (var start = 0; start < _docs.Count; start += DocsPerChunk)
        {
            var bytes = JsonSerializer.SerializeToUtf8Bytes(_docs.Skip(start).Take(DocsPerChunk).ToList(), json);
            var name = $"{start / DocsPerChunk}-{ShortHash(bytes)}.json";
            chunks.Add(name);
            yield return ($"search/docs/{name}", bytes);
        }

        var fold = FoldTable.Value;
        var foldName = $"fold-{ShortHash(fold)}.json";
        yield return ($"search/{foldName}", fold);

        var manifest = new
        {
            format = Format,
            segmentation = SearchTokens.Version,
            documents = _docs.Count,
            tokens = _tokens,
            bits,
            shards,
            docsPerChunk = DocsPerChunk,
            docChunks = chunks,
            fold = foldName,
        };
        yield return ("search/index.json", JsonSerializer.SerializeToUtf8Bytes(manifest, json));
    }

    /// <summary>The shard of a token by its first code point: a multiplicative hash the browser computes the same way (Math.imul).</summary>
    public static int Bucket(int codePoint, int bits) => (int)(unchecked((uint)codePoint * 0x9E3779B1u) >> (32 - bits));

    private static string ShortHash(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes))[..10];

    /// <summary>
    /// The two tables <see cref="SearchTokens.Normalize"/> folds with besides NFKC: radicals and strokes to the unified
    /// ideograph (before NFKC), Traditional to Simplified (after it). The browser applies them in the same order.
    /// </summary>
    private static byte[] BuildFoldTable()
    {
        var radicals = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (from, to) in new[] { (0x2E80, 0x2FDF), (0x31C0, 0x31EF) })
        {
            for (var cp = from; cp <= to; cp++)
            {
                var s = char.ConvertFromUtf32(cp);
                var folded = CjkText.FoldRadicals(s);
                if (folded != s)
                {
                    radicals[s] = folded;
                }
            }
        }

        var simplified = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (from, to) in new[] { (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x323AF) })
        {
            for (var cp = from; cp <= to; cp++)
            {
                var s = char.ConvertFromUtf32(cp);
                var folded = ChineseScript.ToSimplified(s);
                if (folded != s)
                {
                    simplified[s] = folded;
                }
            }
        }

        return Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { radicals, simplified }, FoldJson));
    }
}
