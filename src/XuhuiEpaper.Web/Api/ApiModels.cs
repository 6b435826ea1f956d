using XuhuiEpaper.Core.Geometry;
using XuhuiEpaper.Core.Model;
using XuhuiEpaper.Storage;

namespace XuhuiEpaper.Web.Api;

/// <summary>
/// One issue in a list: newest first (for admins, drafts first). <c>draft</c>: not published yet, listed to admins only.
/// <c>address</c>: its readable address in the reader (<see cref="ReadableUrls"/>).
/// </summary>
public sealed record IssueListItem(long Id, string Paper, DateOnly Date, int? Number, int? TotalNumber, int PageCount, string? ThumbnailUrl, string Url, bool Draft, string? Address = null);

/// <summary>A page of results and the total count over all pages.</summary>
public sealed record Paged<T>(int Total, int Page, int PageSize, IReadOnlyList<T> Items);

/// <summary>An issue with its pages; <c>manifestUrl</c> is its IIIF Presentation 3 manifest, <c>address</c> its readable address.</summary>
public sealed record IssueDetailDto(
    long Id, string Paper, DateOnly Date, int? Number, int? TotalNumber, int PageCount, DateTimeOffset PublishedAt,
    string PdfUrl, string? ThumbnailUrl, string ManifestUrl, IReadOnlyList<PageDto> Pages, bool Draft, string? Address = null);

/// <summary>One page: 版次 (label), 版名 (name), size in points, its image and PDF URLs and its readable address.</summary>
public sealed record PageDto(
    int Number, string? Label, string? Name, double Width, double Height,
    string ThumbnailUrl, string ScreenUrl, string ZoomUrl, int ThumbnailWidth, int ScreenWidth, int ZoomWidth,
    string PdfUrl, string Url, string? Address = null);

/// <summary>One page with the regions of its articles.</summary>
public sealed record PageDetailDto(
    long IssueId, int Number, string? Label, string? Name, double Width, double Height,
    string ThumbnailUrl, string ScreenUrl, string ZoomUrl, int ThumbnailWidth, int ScreenWidth, int ZoomWidth,
    string PdfUrl, IReadOnlyList<PageArticleDto> Articles, PageTextDto? Text = null, string? Address = null);

/// <summary>
/// An article as it sits on its page: what it is and where; <c>number</c>, its number within the page (stable over a
/// re-analysis; none for page furniture), and <c>address</c>, its readable address.
/// </summary>
public sealed record PageArticleDto(long Id, RegionKind Kind, string? Title, RegionDto Region, string Url, int? Number = null, string? Address = null)
{
    public static PageArticleDto From(ArticleSummary a, string paper, DateOnly date, string pageAddress) => new(
        a.Id, a.Kind, a.Title, RegionDto.From(a.Rects), ApiUrls.Article(a.Id), a.Number,
        a.Number is { } n ? ReadableUrls.Article(paper, date, pageAddress, n) : null);
}

/// <summary>
/// A region in normalized page coordinates (0..1, origin top-left, y down): its rectangles <c>[x, y, w, h]</c>,
/// the outline of their union as one polygon <c>[x, y]</c> (the largest ring), and every ring when the region
/// falls apart into pieces.
/// </summary>
public sealed record RegionDto(IReadOnlyList<double[]> Rects, IReadOnlyList<double[]> Polygon, IReadOnlyList<IReadOnlyList<double[]>> Polygons)
{
    public static RegionDto From(IReadOnlyList<NormRect> rects)
    {
        var usable = rects.Where(r => !r.IsEmpty).ToArray();
        var rings = usable.Length == 0 ? [] : new Region(usable).Outline();
        var polygons = rings.Select(ring => (IReadOnlyList<double[]>)ring.Select(p => new[] { Round(p.X), Round(p.Y) }).ToArray()).ToArray();
        return new RegionDto(
            rects.Select(r => new[] { Round(r.X), Round(r.Y), Round(r.Width), Round(r.Height) }).ToArray(),
            polygons.Length == 0 ? [] : polygons[0],
            polygons);
    }

    private static double Round(double v) => Math.Round(v, 5);
}

/// <summary>Where an article continues: the other part's id and page.</summary>
public sealed record ContinuationDto(long ArticleId, int? PageNumber, string Url);

/// <summary>A whole article: its parts (引题 kicker, title, 副题 subtitle, byline, paragraphs, captions) and its region.</summary>
public sealed record ArticleDto(
    long Id, long IssueId, DateOnly Date, int PageNumber, RegionKind Kind, string? Kicker, string? Title, string? Subtitle, string? Byline,
    IReadOnlyList<string> Body, IReadOnlyList<string> Captions, RegionDto Region, ContinuationDto? ContinuedFrom, ContinuationDto? ContinuedOn,
    string PageUrl, bool Recognised = false, int? Number = null, string? Address = null, string? PageAddress = null)
{
    /// <summary>GET /api/articles/{id}'s answer (the API's cache and the static export both make it here).</summary>
    public static ArticleDto From(ArticleDetail a, bool recognised) => new(
        a.Id, a.IssueId, a.Date, a.PageNumber, a.Kind, a.Kicker, a.Title, a.Subtitle, a.Byline, a.Body, a.Captions,
        RegionDto.From(a.Rects),
        a.ContinuedFromId is { } from ? new ContinuationDto(from, a.ContinuedFromPage, ApiUrls.Article(from)) : null,
        a.ContinuedOnId is { } on ? new ContinuationDto(on, a.ContinuedOnPage, ApiUrls.Article(on)) : null,
        ApiUrls.Page(a.IssueId, a.PageNumber), recognised, a.Number,
        a.Number is { } n ? ReadableUrls.Article(a.Paper, a.Date, a.PageAddress, n) : null,
        ReadableUrls.Page(a.Paper, a.Date, a.PageAddress));
}

/// <summary>One search result; <see cref="Snippet"/> is HTML with the matches in &lt;mark&gt; and everything else escaped.</summary>
public sealed record SearchResultDto(long ArticleId, long IssueId, string Paper, DateOnly Date, int PageNumber, string? Title, string Snippet, string Url, string? Address = null);

/// <summary>Search results: the total over all pages and one page of results, best first.</summary>
public sealed record SearchResponse(string Query, int Total, int Page, int PageSize, IReadOnlyList<SearchResultDto> Results);

/// <summary>Progress of an ingest job: pages done out of total.</summary>
public sealed record JobProgressDto(int Done, int Total);

/// <summary>
/// An ingest job: <c>state</c> is queued, running, succeeded or failed. <c>error</c> says why it failed (or why its last
/// attempt failed) in words anyone may read; <c>errorDetail</c>, the full error, is shown to admins only.
/// </summary>
public sealed record JobDto(
    long Id, JobState State, JobProgressDto Progress, int Attempts, long? IssueId, string? IssueUrl, string? Error, string? ErrorDetail,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? NotBefore, DateTimeOffset? FinishedAt, string StatusUrl, string EventsUrl,
    IReadOnlyList<string>? TextWarnings = null)
{
    public bool Finished => State is JobState.Succeeded or JobState.Failed;

    public static JobDto From(JobRecord job, bool admin = false) => new(
        job.Id, job.State, new JobProgressDto(job.ProgressDone, job.ProgressTotal), job.Attempts, job.IssueId,
        job.IssueId is { } issueId ? ApiUrls.Issue(issueId) : null, job.Error, admin ? job.ErrorDetail : null,
        job.CreatedAt, job.UpdatedAt, job.NotBefore, job.FinishedAt, ApiUrls.Job(job.Id), ApiUrls.JobEvents(job.Id));
}

/// <summary>A trashed issue: restorable until <c>expiresAt</c>.</summary>
public sealed record TrashEntryDto(long IssueId, string Paper, DateOnly Date, string Sha256, int PageCount, string Reason, DateTimeOffset DeletedAt, DateTimeOffset ExpiresAt, string RestoreUrl)
{
    public static TrashEntryDto From(TrashEntry e) => new(e.IssueId, e.Paper, e.Date, e.Sha256, e.PageCount, e.Reason, e.DeletedAt, e.ExpiresAt, $"/api/trash/{e.IssueId}/restore");
}

/// <summary>The trash.</summary>
public sealed record TrashListDto(IReadOnlyList<TrashEntryDto> Items);

/// <summary>One admin action: what, on which issue or job, when, from which address.</summary>
public sealed record AuditDto(long Id, DateTimeOffset At, string Action, long? IssueId, long? JobId, string? Client, string? Detail);

/// <summary>The answer to an accepted upload.</summary>
public sealed record UploadAccepted(long JobId, string StatusUrl, string EventsUrl, string Sha256);

/// <summary>Metadata edits; absent fields stay as they are.</summary>
public sealed record IssueEdit(DateOnly? Date, int? Number, int? TotalNumber, IReadOnlyList<PageNameEdit>? Pages);

/// <summary>A new 版名 for one page.</summary>
public sealed record PageNameEdit(int Number, string? Name);

/// <summary>The URLs the API hands out, in one place.</summary>
public static class ApiUrls
{
    public static string Issue(long id) => $"/api/issues/{id}";
    public static string Page(long issueId, int number) => $"/api/issues/{issueId}/pages/{number}";
    public static string Article(long id) => $"/api/articles/{id}";

    /// <summary>An article's link preview image; with its content <paramref name="key"/>, an address that may be cached for good.</summary>
    public static string ArticlePreview(long id, string? key = null) => key is null ? $"/api/articles/{id}/preview.jpg" : $"/api/articles/{id}/preview.jpg?v={key}";
    public static string Job(long id) => $"/api/jobs/{id}";
    public static string JobEvents(long id) => $"/api/jobs/{id}/events";
    public static string Image(string name) => $"/images/{name}";
    public static string IssuePdf(string sha256) => $"/pdf/{sha256}.pdf";
    public static string PagePdf(string sha256, int number) => $"/pdf/{sha256}/{number}.pdf";

    /// <summary>An issue's IIIF manifest, root-relative (the manifest's own id is absolute).</summary>
    public static string Manifest(string paper, DateOnly date) => Iiif.IiifLinks.ManifestPath(paper, date);

    public static PageDto ToDto(this PageSummary page, IssueSummary issue) => new(
        page.Number, page.Label, page.Name, page.WidthPt, page.HeightPt,
        Image(page.Images.Thumbnail), Image(page.Images.Screen), Image(page.Images.Zoom),
        page.Images.ThumbnailWidth, page.Images.ScreenWidth, page.Images.ZoomWidth,
        PagePdf(issue.Sha256, page.Number), Page(issue.Id, page.Number), ReadableUrls.Page(issue.Paper, issue.Date, page.Address));

    /// <summary>GET /api/issues/{id}/pages/{n}'s answer (the API's cache and the static export both make it here).</summary>
    public static PageDetailDto ToDto(this PageDetail page, string sha256, PageTextReport? text)
    {
        var p = page.Page;
        return new PageDetailDto(
            page.IssueId, p.Number, p.Label, p.Name, p.WidthPt, p.HeightPt,
            Image(p.Images.Thumbnail), Image(p.Images.Screen), Image(p.Images.Zoom),
            p.Images.ThumbnailWidth, p.Images.ScreenWidth, p.Images.ZoomWidth, PagePdf(sha256, p.Number),
            page.Articles.Select(a => PageArticleDto.From(a, page.Paper, page.Date, p.Address)).ToList(),
            text is null ? null : PageTextDto.From(text), ReadableUrls.Page(page.Paper, page.Date, p.Address));
    }
}

/// <summary>
/// Readable addresses that do not depend on database ids (as Open ONI's <c>/lccn/{id}/{date}/ed-1/seq-1/</c>): an issue
/// <c>/{title}/{yyyy-MM-dd}</c>, a page <c>/{title}/{yyyy-MM-dd}/{版次}</c> and an article <c>/{title}/{yyyy-MM-dd}/{版次}/{n}</c>,
/// n its number within the page. The title is the paper's name, percent-encoded as a path segment. They open the reader;
/// the same path under <c>/api/papers</c> is the JSON (the issue, page or article answer).
/// </summary>
public static class ReadableUrls
{
    /// <summary>The prefix of the readable addresses' JSON twins.</summary>
    public const string ApiPrefix = "/api/papers";

    public static string Issue(string paper, DateOnly date) =>
        $"/{Uri.EscapeDataString(paper)}/{date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)}";

    public static string Page(string paper, DateOnly date, string page) => $"{Issue(paper, date)}/{Uri.EscapeDataString(page)}";

    public static string Article(string paper, DateOnly date, string page, int number) =>
        $"{Page(paper, date, page)}/{number.ToString(System.Globalization.CultureInfo.InvariantCulture)}";

    /// <summary>The JSON twin of a readable address.</summary>
    public static string Api(string address) => ApiPrefix + address;

    /// <summary>A title as routing gives it: decoded, but for %2F (a slash in the name), which routing leaves encoded.</summary>
    public static string Segment(string routeValue) => routeValue.Replace("%2F", "/", StringComparison.OrdinalIgnoreCase);
}
