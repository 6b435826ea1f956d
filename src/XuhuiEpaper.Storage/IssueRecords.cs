using XuhuiEpaper.Core.Geometry;
using XuhuiEpaper.Core.Model;

namespace XuhuiEpaper.Storage;

/// <summary>Outcome of a publish: the new issue, and the issue it replaced with its files that no issue uses any more.</summary>
public sealed record PublishResult(long IssueId, long? ReplacedIssueId, IReadOnlyList<string> ObsoleteFiles);

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
}

public sealed record PageSummary(long Id, int Number, string? Label, string? Name, double WidthPt, double HeightPt, PageImages Images);

public sealed record IssueDetail(IssueSummary Issue, IReadOnlyList<PageSummary> Pages)
{
    /// <summary>The metadata as stored, archivists' edits included, as overrides for ingesting the issue's PDF again.</summary>
    public MetadataOverrides StoredMetadata() => new(
        Issue.Date, Issue.Number, Issue.TotalNumber, Issue.Paper, Pages.Where(p => p.Name is not null).ToDictionary(p => p.Number, p => p.Name!));
}

public sealed record ArticleSummary(long Id, int Index, RegionKind Kind, string? Title, IReadOnlyList<NormRect> Rects);

public sealed record PageDetail(long IssueId, PageSummary Page, string Text, IReadOnlyList<ArticleSummary> Articles);

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
}

/// <summary>One search result. <see cref="Snippet"/> is HTML: matches in &lt;mark&gt;, the rest escaped.</summary>
public sealed record SearchHit(long ArticleId, long IssueId, DateOnly Date, int PageNumber, string? Title, string Snippet);

/// <summary>One page of results (1-based <see cref="Page"/>) and the total count over all pages.</summary>
public sealed record PagedResult<T>(int Total, int Page, int PageSize, IReadOnlyList<T> Items);
