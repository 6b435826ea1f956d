using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using XuhuiEpaper.Ingest.Pipeline;
using XuhuiEpaper.Storage;

namespace XuhuiEpaper.Web.Api;

/// <summary>What the read handlers need, grouped so their signatures stay short.</summary>
public sealed record ReadServices(BrowseStore Issues, IssueKeys Keys);

/// <summary>
/// The SHA-256 of an issue's original by issue id, remembered once read: an issue id never changes its original
/// (a replaced issue gets a new id), so page answers can carry content-addressed PDF URLs without another query.
/// </summary>
public sealed class IssueKeys(BrowseStore issues)
{
    private const int MaxEntries = 100_000;
    private readonly ConcurrentDictionary<long, string> _sha = new();

    public async ValueTask<string?> Sha256Async(long issueId, CancellationToken cancellationToken)
    {
        if (_sha.TryGetValue(issueId, out var sha))
        {
            return sha;
        }

        var detail = await issues.GetIssueAsync(issueId, cancellationToken);
        if (detail is null)
        {
            return null;
        }

        Remember(issueId, detail.Issue.Sha256);
        return detail.Issue.Sha256;
    }

    public void Remember(long issueId, string sha256)
    {
        if (_sha.Count >= MaxEntries)
        {
            _sha.Clear();
        }

        _sha[issueId] = sha256;
    }

    public void Forget(long issueId) => _sha.TryRemove(issueId, out _);
}

/// <summary>The data folder's places, resolved once.</summary>
public sealed class DataPaths(IOptions<EpaperOptions> options)
{
    public string DataDir { get; } = Path.GetFullPath(options.Value.DataDir);
    public string ImagesDir { get; } = Path.GetFullPath(options.Value.ImagesDir);
    public string IncomingDir { get; } = Path.GetFullPath(options.Value.IncomingDir);
    public string PreviewsDir { get; } = Path.GetFullPath(options.Value.PreviewsDir);
    public string OriginalsDir => Path.Combine(DataDir, Ingest.Originals.OriginalStore.FolderName);

    /// <summary>Page PDFs cut from the originals, named by the original's SHA-256 and the page number.</summary>
    public string PagePdfDir => Path.Combine(DataDir, "pages");
}
