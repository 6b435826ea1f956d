using Microsoft.AspNetCore.Http.HttpResults;
using XuhuiEpaper.Storage;

namespace XuhuiEpaper.Web.Api;

/// <summary>
/// Review before publishing (Epaper:Publishing = review): an ingested issue is a draft that only admins see until it
/// is published here; an issue can be withdrawn to a draft again. Both are audited, and the page and search caches
/// follow at once.
/// </summary>
public static class PublishingApi
{
    public static IEndpointRouteBuilder MapPublishingApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/issues").WithTags("Admin").RequireAdminToken();
        group.MapPost("/{id:long}/publish", PublishAsync).WithName("PublishIssue")
            .WithSummary("Publish a draft issue: readers, kiosks, search and the public API see it from now on");
        group.MapPost("/{id:long}/unpublish", UnpublishAsync).WithName("UnpublishIssue")
            .WithSummary("Withdraw an issue to a draft: only admins see it until it is published again");
        return app;
    }

    public static Task<Results<Ok<IssueDetailDto>, NotFoundProblem>> PublishAsync(
        [AsParameters] PublishingServices services, HttpContext context, long id, CancellationToken cancellationToken) =>
        SetAsync(services, context, id, publish: true, cancellationToken);

    public static Task<Results<Ok<IssueDetailDto>, NotFoundProblem>> UnpublishAsync(
        [AsParameters] PublishingServices services, HttpContext context, long id, CancellationToken cancellationToken) =>
        SetAsync(services, context, id, publish: false, cancellationToken);

    /// <summary>What the publishing handlers need.</summary>
    public sealed record PublishingServices(BrowseStore Issues, DraftStore Drafts, IssueKeys Keys, PageCache Pages, SearchCache Searches);

    private static async Task<Results<Ok<IssueDetailDto>, NotFoundProblem>> SetAsync(
        PublishingServices services, HttpContext context, long id, bool publish, CancellationToken cancellationToken)
    {
        var issue = await services.Issues.GetIssueAsync(id, cancellationToken);
        if (issue is null)
        {
            return new NotFoundProblem($"There is no issue {id}.");
        }

        var audit = new AuditEntry(publish ? "publish" : "unpublish", id, null, ClientAddress.Of(context), $"{issue.Issue.Paper} {issue.Issue.Date:yyyy-MM-dd}");
        if (await services.Drafts.SetPublishedAsync(id, publish, audit, cancellationToken) is null)
        {
            return new NotFoundProblem($"There is no issue {id}.");
        }

        // Cached pages carry the draft flag and search answers the drafts' absence: both follow the change now.
        services.Pages.Forget(id);
        services.Searches.Clear();
        var updated = await services.Issues.GetIssueAsync(id, cancellationToken);
        return updated is null ? new NotFoundProblem($"There is no issue {id}.") : TypedResults.Ok(IssuesApi.ToDto(updated, services.Keys));
    }
}
