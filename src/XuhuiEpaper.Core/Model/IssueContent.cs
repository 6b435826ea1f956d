using XuhuiEpaper.Core.Geometry;

namespace XuhuiEpaper.Core.Model;

/// <summary>What a region on a page is. Stored as its lower-case name.</summary>
public enum RegionKind
{
    Article,
    Notice,
    Advertisement,
    Masthead,
    PageHeader,
    Other,
    /// <summary>A photo (or a group of photos) with its caption, printed without an article of its own.</summary>
    Photo,
    /// <summary>The folio line at the foot of a page: paper, date, 版次, page number.</summary>
    Folio,
}

/// <summary>Points at one article part inside the same issue: its page and its index among that page's articles.</summary>
public readonly record struct ArticlePartRef(int PageNumber, int Index);

/// <summary>One region found on a page, with the text that belongs to it.</summary>
public sealed record ArticleContent
{
    public required RegionKind Kind { get; init; }
    public string? Kicker { get; init; }
    public string? Title { get; init; }
    public string? Subtitle { get; init; }
    public string? Byline { get; init; }
    public IReadOnlyList<string> Body { get; init; } = [];
    public IReadOnlyList<string> Captions { get; init; } = [];
    public required IReadOnlyList<NormRect> Rects { get; init; }
    public ArticlePartRef? ContinuedFrom { get; init; }
    public ArticlePartRef? ContinuedOn { get; init; }

    /// <summary>
    /// The blocks the finder gave this region, in reading order, with their roles, boxes and text: what an
    /// archivist's edit (merge, split, move, redraw) rebuilds the region's text from.
    /// </summary>
    public IReadOnlyList<RegionBlock> Blocks { get; init; } = [];
}

/// <summary>What a block is within its region, for rebuilding the region's text after an edit.</summary>
public enum BlockPart
{
    Kicker,
    Title,
    Subtitle,
    Byline,
    Body,
    Caption,
    Photo,
    Other,
}

/// <summary>One block of a region: its part, its box (normalized) and its text as paragraphs (none for a photo).</summary>
public sealed record RegionBlock(BlockPart Part, NormRect Box, IReadOnlyList<string> Paragraphs);

/// <summary>The derived images of a page: file names relative to the data folder's image store.</summary>
public sealed record PageImages(string Thumbnail, string Screen, string Zoom, int ThumbnailWidth, int ScreenWidth, int ZoomWidth);

public sealed record PageContent
{
    public required int Number { get; init; }
    /// <summary>版次, e.g. "第1版" or "01".</summary>
    public string? Label { get; init; }
    /// <summary>版名, e.g. "要聞".</summary>
    public string? Name { get; init; }
    public required double WidthPt { get; init; }
    public required double HeightPt { get; init; }
    public required PageImages Images { get; init; }
    public required IReadOnlyList<ArticleContent> Articles { get; init; }
    /// <summary>All text of the page in reading order, NFKC and radical folded.</summary>
    public string Text { get; init; } = "";
}

/// <summary>A whole issue ready to publish: metadata, the original file and every page.</summary>
public sealed record IssueContent
{
    public required string Paper { get; init; }
    public required DateOnly Date { get; init; }
    /// <summary>期: the issue number within the year.</summary>
    public int? Number { get; init; }
    /// <summary>總第…期: the running total.</summary>
    public int? TotalNumber { get; init; }
    /// <summary>SHA-256 of the original PDF, lower-case hex.</summary>
    public required string Sha256 { get; init; }
    /// <summary>The original PDF's file name relative to the data folder.</summary>
    public required string OriginalFile { get; init; }
    public required IReadOnlyList<PageContent> Pages { get; init; }
}
