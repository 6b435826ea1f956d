using XuhuiEpaper.Core.Geometry;
using XuhuiEpaper.Core.Model;

namespace XuhuiEpaper.Storage;

/// <summary>
/// Outcome of a publish: the new issue; the issue it replaced; the files of an earlier issue of the same PDF that no
/// issue uses any more (to delete after the commit); the issues of other PDFs it replaced, now in the trash.
/// </summary>
public sealed record PublishResult(long IssueId, long? ReplacedIssueId, IReadOnlyList<string> ObsoleteFiles, IReadOnlyList<long> TrashedIssueIds)
{
    public PublishResult(long issueId, long? replacedIssueId, IReadOnlyList<string> obsoleteFiles)
        : this(issueId, replacedIssueId, obsoleteFiles, [])
    {
    }

    /// <summary>Pages of the replaced issue (same PDF) that archivists had edited: kept as edited rather than taken from the finder.</summary>
    public IReadOnlyList<int> KeptEditedPages { get; init; } = [];
}

/// <summary>How to publish.</summary>
public sealed record PublishOptions
{
    public static PublishOptions None { get; } = new();

    /// <summary>Replace the issue another PDF made for the same paper and date (it goes to the trash). Otherwise that is a conflict.</summary>
    public bool Replace { get; init; }

    /// <summary>The job this publish is for: it succeeds in the same commit, and nothing is published if it is no longer held under this claim.</summary>
    public JobClaim? Claim { get; init; }

    /// <summary>How long a replaced issue stays in the trash.</summary>
    public TimeSpan TrashRetention { get; init; } = TrashStore.DefaultRetention;

    /// <summary>Who asked (for the audit log of a replacement).</summary>
    public string? Client { get; init; }

    /// <summary>
    /// Store a new issue as a draft, seen only by admins until it is published (Epaper:Publishing = review). The same PDF
    /// made anew keeps the state of the issue it replaces.
    /// </summary>
    public bool Draft { get; init; }

    /// <summary>
    /// Zoom images whose IIIF tiles are still to be made: queued as tile tasks in the same commit
    /// (<see cref="TileTaskStore"/>), so the tiles follow the publish and a restart finds what is left.
    /// </summary>
    public IReadOnlyList<string> TileImages { get; init; } = [];

    /// <summary>Runs inside the transaction just before the commit (crash tests stop the process here).</summary>
    public Func<CancellationToken, Task>? BeforeCommit { get; init; }
}

/// <summary>Another PDF's issue holds the paper and date (or the PDF is published as another issue).</summary>
public sealed class IssueConflictException : Exception
{
    public IssueConflictException()
    {
    }

    public IssueConflictException(string message)
        : base(message)
    {
    }

    public IssueConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public IssueConflictException(long existingIssueId, string paper, DateOnly date)
        : base($"issue {existingIssueId} of {paper} is already dated {date:yyyy-MM-dd} and was made from another PDF; to replace it, upload with replace=true (epaper ingest --replace)")
    {
        ExistingIssueId = existingIssueId;
    }

    /// <summary>The issue in the way.</summary>
    public long ExistingIssueId { get; }
}

/// <summary>A deleted (or replaced) issue in the trash, restorable until <see cref="ExpiresAt"/>.</summary>
public sealed record TrashEntry
{
    public long IssueId { get; init; }
    public string Paper { get; init; } = "";
    public DateOnly Date { get; init; }
    public string Sha256 { get; init; } = "";
    public int PageCount { get; init; }
    public string Reason { get; init; } = "";
    public DateTimeOffset DeletedAt { get; init; }
    public DateTimeOffset ExpiresAt { get; init; }
}

/// <summary>
/// The files the archive refers to: <see cref="Published"/> (image names and originals/&lt;sha256&gt;.pdf of published
/// issues), <see cref="Trashed"/> (file → the trash entries keeping it) and the SHA-256 of PDFs of unfinished jobs.
/// </summary>
public sealed record ReferencedFiles(IReadOnlySet<string> Published, IReadOnlyDictionary<string, IReadOnlyList<long>> Trashed, IReadOnlySet<string> PendingSha256)
{
    public bool IsReferenced(string file) => Published.Contains(file) || Trashed.ContainsKey(file);
}

public sealed record IssueSummary
{
    public long Id { get; init; }
    public string Paper { get; init; } = "";
    public DateOnly Date { get; init; }
    public int? Number { get; init; }
    public int? TotalNumber { get; init; }
    public string Sha256 { get; init; } = "";
    public string OriginalFile { get; init; } = "";
    public int PageCount { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset PublishedAt { get; init; }

    /// <summary>Not published yet: only admins see it (review before publishing).</summary>
    public bool Draft { get; init; }
}

public sealed record PageSummary(long Id, int Number, string? Label, string? Name, double WidthPt, double HeightPt, PageImages Images)
{
    /// <summary>The page's segment in readable addresses (its 版次, or its sequence number): <c>/{title}/{date}/{Address}</c>.</summary>
    public string Address { get; init; } = Number.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

public sealed record IssueDetail(IssueSummary Issue, IReadOnlyList<PageSummary> Pages)
{
    /// <summary>The metadata as stored, archivists' edits included, as overrides for ingesting the issue's PDF again.</summary>
    public MetadataOverrides StoredMetadata() => new(
        Issue.Date, Issue.Number, Issue.TotalNumber, Issue.Paper, Pages.Where(p => p.Name is not null).ToDictionary(p => p.Number, p => p.Name!));
}

public sealed record ArticleSummary(long Id, int Index, RegionKind Kind, string? Title, IReadOnlyList<NormRect> Rects)
{
    /// <summary>Its number within its page in readable addresses, stable over a re-analysis; null for page furniture.</summary>
    public int? Number { get; init; }
}

public sealed record PageDetail(long IssueId, PageSummary Page, string Text, IReadOnlyList<ArticleSummary> Articles)
{
    /// <summary>The page's issue is a draft.</summary>
    public bool Draft { get; init; }

    /// <summary>The paper (title) of its issue.</summary>
    public string Paper { get; init; } = "";

    /// <summary>The date of its issue.</summary>
    public DateOnly Date { get; init; }
}

public sealed record ArticleDetail
{
    public long Id { get; init; }
    public long IssueId { get; init; }
    public DateOnly Date { get; init; }
    public long PageId { get; init; }
    public int PageNumber { get; init; }
    public int Index { get; init; }
    public RegionKind Kind { get; init; }
    public string? Kicker { get; init; }
    public string? Title { get; init; }
    public string? Subtitle { get; init; }
    public string? Byline { get; init; }
    public IReadOnlyList<string> Body { get; init; } = [];
    public IReadOnlyList<string> Captions { get; init; } = [];
    public IReadOnlyList<NormRect> Rects { get; init; } = [];
    public long? ContinuedFromId { get; init; }
    public int? ContinuedFromPage { get; init; }
    public long? ContinuedOnId { get; init; }
    public int? ContinuedOnPage { get; init; }

    /// <summary>The paper (title) of its issue.</summary>
    public string Paper { get; init; } = "";

    /// <summary>Its page's segment in readable addresses.</summary>
    public string PageAddress { get; init; } = "";

    /// <summary>Its number within its page in readable addresses; null for page furniture.</summary>
    public int? Number { get; init; }

    /// <summary>The article's issue is a draft.</summary>
    public bool Draft { get; init; }
}

/// <summary>One search result. <see cref="Snippet"/> is HTML: matches in &lt;mark&gt;, the rest escaped.</summary>
public sealed record SearchHit(long ArticleId, long IssueId, DateOnly Date, int PageNumber, string? Title, string Snippet)
{
    /// <summary>The paper (title) of the article's issue.</summary>
    public string Paper { get; init; } = "";

    /// <summary>The page's 版次 in readable addresses.</summary>
    public string PageAddress { get; init; } = "";

    /// <summary>The article's stable number within its page; null for one without (page furniture).</summary>
    public int? ArticleNumber { get; init; }
}

/// <summary>One page of results (1-based <see cref="Page"/>) and the total count over all pages.</summary>
public sealed record PagedResult<T>(int Total, int Page, int PageSize, IReadOnlyList<T> Items);
