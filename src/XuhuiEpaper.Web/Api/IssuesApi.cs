using Microsoft.AspNetCore.Http.HttpResults;
using XuhuiEpaper.Storage;

namespace XuhuiEpaper.Web.Api;

/// <summary>Reading issues, their pages and the regions on them; the point-to-article lookup behind a click.</summary>
public static class IssuesApi
{
    public static IEndpointRouteBuilder MapIssuesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/issues").WithTags("Issues");

        group.MapGet("/", ListIssuesAsync).WithName("ListIssues").WithSummary("Issues, newest first, optionally between two dates, one page at a time");
        group.MapGet("/latest", GetLatestAsync).WithName("GetLatestIssue").WithSummary("The newest published issue with its pages").WithJsonETag();
        group.MapGet("/{id:long}", GetIssueAsync).WithName("GetIssue").WithSummary("An issue with its pages (版次, 版名, size, image and PDF URLs)").WithJsonETag();
        group.MapGet("/{date:regex(^\\d{{4}}-\\d{{2}}-\\d{{2}}$)}", GetIssueByDateAsync).WithName("GetIssueByDate")
            .WithSummary("The issue of a date (yyyy-MM-dd), of the given paper when several papers have one that day").WithJsonETag();
        group.MapGet("/{id:long}/pages/{number:int}", GetPageAsync).WithName("GetPage").WithSummary("One page with the regions of its articles").WithJsonETag();
        group.MapGet("/{id:long}/pages/{number:int}/hit", HitAsync).WithName("HitTest")
            .WithSummary("The article under a point of the page (normalized x, y: 0..1 from the top-left), or 404");
        return app;
    }

    public static async Task<Results<Ok<Paged<IssueListItem>>, BadRequestProblem>> ListIssuesAsync(
        [AsParameters] ReadServices services, HttpContext context, DateOnly? from, DateOnly? to, string? paper, int? page, int? pageSize, CancellationToken cancellationToken)
    {
        if (Paging.Check(page, pageSize, from, to) is { } problem)
        {
            return problem;
        }

        // Admins also see the drafts, listed first: the issues waiting for their review.
        var filter = new IssueFilter(NullIfBlank(paper), IncludeDrafts: AdminAuth.IsAdmin(context));
        var result = await services.Issues.ListIssuesAsync(filter, from, to, page ?? 1, pageSize ?? Paging.DefaultPageSize, cancellationToken);
        var thumbnails = await services.Issues.GetFrontPageThumbnailsAsync(result.Items.Select(i => i.Id).ToArray(), cancellationToken);
        var items = result.Items.Select(i => new IssueListItem(
            i.Id, i.Paper, i.Date, i.Number, i.TotalNumber, i.PageCount,
            thumbnails.TryGetValue(i.Id, out var thumb) ? ApiUrls.Image(thumb) : null, ApiUrls.Issue(i.Id), i.Draft)).ToList();
        return TypedResults.Ok(new Paged<IssueListItem>(result.Total, result.Page, result.PageSize, items));
    }

    /// <summary>The newest published issue (of one paper when asked): what the reader and the kiosk open on. Drafts never.</summary>
    public static async Task<Results<Ok<IssueDetailDto>, NotFoundProblem>> GetLatestAsync([AsParameters] ReadServices services, string? paper, CancellationToken cancellationToken)
    {
        paper = NullIfBlank(paper);
        var latest = await services.Issues.GetLatestAsync(new IssueFilter(paper), cancellationToken);
        var detail = latest is null ? null : await services.Issues.GetIssueAsync(latest.Id, cancellationToken);
        return detail is null
            ? new NotFoundProblem(paper is null ? "No issue has been published yet." : $"No issue of {paper} has been published yet.")
            : TypedResults.Ok(ToDto(detail, services.Keys));
    }

    public static async Task<Results<Ok<IssueDetailDto>, NotFoundProblem>> GetIssueAsync([AsParameters] ReadServices services, HttpContext context, long id, CancellationToken cancellationToken)
    {
        var detail = await services.Issues.GetIssueAsync(id, cancellationToken);
        return detail is null || !Visible(detail.Issue.Draft, context) ? new NotFoundProblem($"There is no issue {id}.") : TypedResults.Ok(ToDto(detail, services.Keys));
    }

    public static async Task<Results<Ok<IssueDetailDto>, NotFoundProblem>> GetIssueByDateAsync(
        [AsParameters] ReadServices services, HttpContext context, DateOnly date, string? paper, CancellationToken cancellationToken)
    {
        paper = NullIfBlank(paper);
        var filter = new IssueFilter(paper, IncludeDrafts: AdminAuth.IsAdmin(context));
        var sameDay = await services.Issues.ListIssuesAsync(filter, date, date, 1, 1, cancellationToken);
        var issue = sameDay.Items.Count > 0 ? sameDay.Items[0] : null;
        var detail = issue is null ? null : await services.Issues.GetIssueAsync(issue.Id, cancellationToken);
        return detail is null
            ? new NotFoundProblem(paper is null ? $"No issue is dated {date:yyyy-MM-dd}." : $"No issue of {paper} is dated {date:yyyy-MM-dd}.")
            : TypedResults.Ok(ToDto(detail, services.Keys));
    }

    public static async Task<Results<Ok<PageDetailDto>, NotFoundProblem>> GetPageAsync(
        [AsParameters] ReadServices services, PageCache pages, HttpContext context, long id, int number, CancellationToken cancellationToken)
    {
        var page = await pages.GetAsync(id, number, cancellationToken);
        return page is null || !Visible(page.Draft, context) ? await PageNotFoundAsync(services, context, id, number, cancellationToken) : TypedResults.Ok(page.Page);
    }

    public static async Task<Results<Ok<PageArticleDto>, BadRequestProblem, NotFoundProblem>> HitAsync(
        [AsParameters] ReadServices services, PageCache pages, HttpContext context, long id, int number, double? x, double? y, CancellationToken cancellationToken)
    {
        if (x is not { } px || y is not { } py)
        {
            return new BadRequestProblem("x and y are required: the point's normalized page coordinates, each between 0 and 1 (origin top-left).");
        }

        if (!double.IsFinite(px) || !double.IsFinite(py) || px is < 0 or > 1 || py is < 0 or > 1)
        {
            return new BadRequestProblem(FormattableString.Invariant($"x and y must each be between 0 and 1 (origin top-left); got ({px}, {py})."));
        }

        var page = await pages.GetAsync(id, number, cancellationToken);
        if (page is null || !Visible(page.Draft, context))
        {
            return await PageNotFoundAsync(services, context, id, number, cancellationToken);
        }

        return page.Hit(px, py) is { } hit
            ? TypedResults.Ok(hit)
            : new NotFoundProblem(FormattableString.Invariant($"No article at ({px}, {py}) on page {number} of issue {id}."));
    }

    internal static IssueDetailDto ToDto(IssueDetail detail, IssueKeys keys)
    {
        var i = detail.Issue;
        keys.Remember(i.Id, i.Sha256);
        return new IssueDetailDto(
            i.Id, i.Paper, i.Date, i.Number, i.TotalNumber, i.PageCount, i.PublishedAt, ApiUrls.IssuePdf(i.Sha256),
            detail.Pages.Count > 0 ? ApiUrls.Image(detail.Pages[0].Images.Thumbnail) : null,
            ApiUrls.Manifest(i.Paper, i.Date),
            detail.Pages.Select(p => p.ToDto(i.Id, i.Sha256)).ToList(), i.Draft);
    }

    /// <summary>A draft is seen by admins only; to anyone else it does not exist (404, as if there were no such issue).</summary>
    internal static bool Visible(bool draft, HttpContext context) => !draft || AdminAuth.IsAdmin(context);

    internal static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static async Task<NotFoundProblem> PageNotFoundAsync(ReadServices services, HttpContext context, long id, int number, CancellationToken cancellationToken)
    {
        var issue = await services.Issues.GetIssueAsync(id, cancellationToken);
        return issue is null || !Visible(issue.Issue.Draft, context)
            ? new NotFoundProblem($"There is no issue {id}.")
            : new NotFoundProblem($"Issue {id} has no page {number}: it has {issue.Pages.Count} pages.");
    }
}

/// <summary>Checks of paging and date-range query values, with the sentence a 400 answers with.</summary>
internal static class Paging
{
    public const int DefaultPageSize = 20;

    /// <summary>Results further in than this are not served: such a page is a mistake or a probe, and costs a long scan.</summary>
    public const long MaxOffset = 100_000;

    public static BadRequestProblem? Check(int? page, int? pageSize, DateOnly? from, DateOnly? to)
    {
        if (page is < 1)
        {
            return new BadRequestProblem($"page must be 1 or more (got {page}).");
        }

        if (pageSize is < 1 or > ResultPages.MaxPageSize)
        {
            return new BadRequestProblem($"pageSize must be between 1 and {ResultPages.MaxPageSize} (got {pageSize}).");
        }

        if (page is { } p && (long)(p - 1) * (pageSize ?? DefaultPageSize) >= MaxOffset)
        {
            return new BadRequestProblem($"page {p} is out of range: with pageSize {pageSize ?? DefaultPageSize}, pages go up to {MaxOffset / (pageSize ?? DefaultPageSize)}.");
        }

        return from is { } f && to is { } t && f > t
            ? new BadRequestProblem($"from ({f:yyyy-MM-dd}) is after to ({t:yyyy-MM-dd}).")
            : null;
    }
}
