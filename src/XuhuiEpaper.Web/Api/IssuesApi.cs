using Microsoft.AspNetCore.Http.HttpResults;
using XuhuiEpaper.Storage;

namespace XuhuiEpaper.Web.Api;

/// <summary>Reading issues, their pages and the regions on them; the point-to-article lookup behind a click.</summary>
public static class IssuesApi
{
    public static IEndpointRouteBuilder MapIssuesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/issues").WithTags("Issues");

        // The hot routes take their singletons here rather than from a request scope, and touch the request's
        // cancellation only when they must read the database: an answer kept in memory costs no allocation but its own.
        var answers = app.ServiceProvider.GetRequiredService<JsonAnswers>();
        var permalinks = app.ServiceProvider.GetRequiredService<PermalinkStore>();

        group.MapGet("/", ListIssuesAsync).WithName("ListIssues").WithSummary("Issues, newest first, optionally between two dates, one page at a time");
        group.MapGet("/latest", GetLatestAsync).WithName("GetLatestIssue").WithSummary("The newest published issue with its pages")
            .Produces<IssueDetailDto>().Produces(StatusCodes.Status304NotModified).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/{id:long}", (HttpContext context, long id) => GetIssueAsync(answers, permalinks, context, id)).WithName("GetIssue").WithSummary("An issue with its pages (版次, 版名, size, image and PDF URLs)")
            .Produces<IssueDetailDto>().Produces(StatusCodes.Status304NotModified).Produces(StatusCodes.Status301MovedPermanently).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/{date:regex(^\\d{{4}}-\\d{{2}}-\\d{{2}}$)}", GetIssueByDateAsync).WithName("GetIssueByDate")
            .WithSummary("The issue of a date (yyyy-MM-dd), of the given paper when several papers have one that day")
            .Produces<IssueDetailDto>().Produces(StatusCodes.Status304NotModified).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status400BadRequest);
        group.MapGet("/{id:long}/pages/{number:int}", (HttpContext context, long id, int number) => GetPageAsync(answers, permalinks, context, id, number)).WithName("GetPage").WithSummary("One page with the regions of its articles")
            .Produces<PageDetailDto>().Produces(StatusCodes.Status304NotModified).Produces(StatusCodes.Status301MovedPermanently).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/{id:long}/pages/{number:int}/hit", (HttpContext context, long id, int number, double? x, double? y) => HitAsync(answers, permalinks, context, id, number, x, y)).WithName("HitTest")
            .WithSummary("The article under a point of the page (normalized x, y: 0..1 from the top-left), or 404")
            .Produces<PageArticleDto>().Produces(StatusCodes.Status301MovedPermanently).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status400BadRequest);
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
            thumbnails.TryGetValue(i.Id, out var thumb) ? ApiUrls.Image(thumb) : null, ApiUrls.Issue(i.Id), i.Draft, ReadableUrls.Issue(i.Paper, i.Date))).ToList();
        return TypedResults.Ok(new Paged<IssueListItem>(result.Total, result.Page, result.PageSize, items));
    }

    /// <summary>The newest published issue (of one paper when asked): what the reader and the kiosk open on. Drafts never.</summary>
    public static async ValueTask<IResult> GetLatestAsync(JsonAnswers answers, string? paper, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(answers);
        paper = NullIfBlank(paper);
        return await answers.LatestAsync(paper, cancellationToken) is { } answer
            ? answer
            : new NotFoundProblem(paper is null ? "No issue has been published yet." : $"No issue of {paper} has been published yet.");
    }

    public static ValueTask<IResult> GetIssueAsync(JsonAnswers answers, PermalinkStore permalinks, HttpContext context, long id)
    {
        ArgumentNullException.ThrowIfNull(answers);
        ArgumentNullException.ThrowIfNull(context);
        return answers.TryGetIssue(id, out var kept) && !kept.Draft ? new(kept) : LoadAsync(context.RequestAborted);

        async ValueTask<IResult> LoadAsync(CancellationToken cancellationToken) =>
            await answers.IssueAsync(id, cancellationToken) is { } answer
                ? (Visible(answer.Draft, context) ? answer : new NotFoundProblem($"There is no issue {id}."))
                : await PermanentLinks.IssueMovedAsync(permalinks, id, ApiUrls.Issue, null, cancellationToken) ?? new NotFoundProblem($"There is no issue {id}.");
    }

    public static async ValueTask<IResult> GetIssueByDateAsync(JsonAnswers answers, DateOnly date, string? paper, CancellationToken cancellationToken) =>
        await answers.IssueByDateAsync(date, paper, cancellationToken) is { } answer
            ? answer
            : new NotFoundProblem(paper is null ? $"No issue is dated {date:yyyy-MM-dd}." : $"No issue of {paper} is dated {date:yyyy-MM-dd}.");

    public static ValueTask<IResult> GetPageAsync(JsonAnswers answers, PermalinkStore permalinks, HttpContext context, long id, int number)
    {
        ArgumentNullException.ThrowIfNull(answers);
        ArgumentNullException.ThrowIfNull(context);
        return answers.TryGetPage(id, number, out var kept) && !kept.Draft ? new(kept.Json) : LoadAsync(context.RequestAborted);

        async ValueTask<IResult> LoadAsync(CancellationToken cancellationToken)
        {
            var page = await answers.PageAsync(id, number, cancellationToken);
            if (page is not null && !Visible(page.Draft, context))
            {
                return new NotFoundProblem($"There is no issue {id}.");
            }

            return page is not null ? page.Json : await PageMissingAsync(answers, permalinks, id, number, null, cancellationToken);
        }
    }

    public static async ValueTask<IResult> HitAsync(
        JsonAnswers answers, PermalinkStore permalinks, HttpContext context, long id, int number, double? x, double? y)
    {
        ArgumentNullException.ThrowIfNull(answers);
        ArgumentNullException.ThrowIfNull(context);
        if (x is not { } px || y is not { } py)
        {
            return new BadRequestProblem("x and y are required: the point's normalized page coordinates, each between 0 and 1 (origin top-left).");
        }

        if (!double.IsFinite(px) || !double.IsFinite(py) || px is < 0 or > 1 || py is < 0 or > 1)
        {
            return new BadRequestProblem(FormattableString.Invariant($"x and y must each be between 0 and 1 (origin top-left); got ({px}, {py})."));
        }

        var page = answers.TryGetPage(id, number, out var kept) ? kept : await answers.PageAsync(id, number, context.RequestAborted);
        if (page is null)
        {
            return await PageMissingAsync(answers, permalinks, id, number, $"/hit{context.Request.QueryString}", context.RequestAborted);
        }

        if (!Visible(page.Draft, context))
        {
            return new NotFoundProblem($"There is no issue {id}.");
        }

        return page.Hit(px, py) is { } hit
            ? hit
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
            detail.Pages.Select(p => p.ToDto(i)).ToList(), i.Draft, ReadableUrls.Issue(i.Paper, i.Date));
    }

    internal static bool Visible(bool draft, HttpContext context) => !draft || AdminAuth.IsAdmin(context);

    internal static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    /// <summary>404 naming what is missing, or 301 to the same page of the issue that replaced this one.</summary>
    private static async Task<IResult> PageMissingAsync(
        JsonAnswers answers, PermalinkStore permalinks, long id, int number, string? suffix, CancellationToken cancellationToken)
    {
        if (await answers.PageCountAsync(id, cancellationToken) is { } count)
        {
            return new NotFoundProblem($"Issue {id} has no page {number}: it has {count} pages.");
        }

        return await PermanentLinks.IssueMovedAsync(permalinks, id, newId => ApiUrls.Page(newId, number) + suffix, null, cancellationToken)
            ?? new NotFoundProblem($"There is no issue {id}.");
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
