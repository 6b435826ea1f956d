using Microsoft.AspNetCore.Http.HttpResults;
using XuhuiEpaper.Ingest.Housekeeping;
using XuhuiEpaper.Storage;

namespace XuhuiEpaper.Web.Api;

/// <summary>
/// The trash and the audit log, behind the admin token: deleted (and replaced) issues can be listed, restored under
/// their own ids, or purged for good; every admin action is in the audit log.
/// </summary>
public static class TrashApi
{
    public static IEndpointRouteBuilder MapTrashApi(this IEndpointRouteBuilder app)
    {
        var trash = app.MapGroup("/api/trash").WithTags("Admin").RequireAdminToken();
        trash.MapGet("/", ListAsync).WithName("ListTrash").WithSummary("Deleted and replaced issues, newest first, with when each will be purged");
        trash.MapPost("/{id:long}/restore", RestoreAsync).WithName("RestoreIssue")
            .WithSummary("Publish a trashed issue again, under its own id (links to it and its articles work again); 409 when another issue holds its date");
        trash.MapDelete("/{id:long}", PurgeAsync).WithName("PurgeIssue").WithSummary("Remove a trashed issue for good, with the files only it used");

        app.MapGroup("/api/audit").WithTags("Admin").RequireAdminToken()
            .MapGet("/", ListAuditAsync).WithName("ListAudit")
            .WithSummary("The audit log of admin actions (upload, edit, reingest, delete, restore, purge, replace, expire), newest first");
        return app;
    }

    public static async Task<Ok<TrashListDto>> ListAsync(TrashStore trashStore, CancellationToken cancellationToken)
    {
        var entries = await trashStore.ListAsync(cancellationToken);
        return TypedResults.Ok(new TrashListDto(entries.Select(TrashEntryDto.From).ToList()));
    }

    public static async Task<Results<Ok<IssueDetailDto>, NotFoundProblem, ConflictProblem>> RestoreAsync(
        [AsParameters] ReadServices services, TrashStore trashStore, TrashBin trash, SearchCache searches, PageCache pages, HttpContext context, long id, CancellationToken cancellationToken)
    {
        if (await trashStore.GetAsync(id, cancellationToken) is null)
        {
            return new NotFoundProblem($"Issue {id} is not in the trash.");
        }

        // The original goes back before the commit: a restored issue never lacks it.
        var files = await trashStore.FilesAsync(id, cancellationToken);
        trash.PutBack(id, files);
        try
        {
            if (!await trashStore.RestoreAsync(id, new AuditEntry("restore", id, null, ClientAddress.Of(context)), cancellationToken))
            {
                return new NotFoundProblem($"Issue {id} is not in the trash.");
            }
        }
        catch (IssueConflictException ex)
        {
            trash.MoveIn(id, files);
            return new ConflictProblem($"Issue {id} cannot be restored: {ex.Message}.");
        }

        trash.RemoveFolder(id);
        pages.Forget(id);
        searches.Clear();
        var detail = await services.Issues.GetIssueAsync(id, cancellationToken);
        return detail is null ? new NotFoundProblem($"There is no issue {id}.") : TypedResults.Ok(IssuesApi.ToDto(detail, services.Keys));
    }

    public static async Task<Results<NoContent, NotFoundProblem>> PurgeAsync(
        TrashStore trashStore, TrashBin trash, ImageCache images, HttpContext context, long id, CancellationToken cancellationToken)
    {
        var files = await trashStore.PurgeAsync(id, new AuditEntry("purge", id, null, ClientAddress.Of(context)), cancellationToken);
        if (files is null)
        {
            return new NotFoundProblem($"Issue {id} is not in the trash.");
        }

        trash.Purge(id, files);
        foreach (var file in files)
        {
            images.Forget(file);
        }

        return TypedResults.NoContent();
    }

    public static async Task<Results<Ok<Paged<AuditDto>>, BadRequestProblem>> ListAuditAsync(
        AuditStore audit, long? issueId, int? page, int? pageSize, CancellationToken cancellationToken)
    {
        if (Paging.Check(page, pageSize, null, null) is { } problem)
        {
            return problem;
        }

        var result = await audit.ListAsync(issueId, page ?? 1, pageSize ?? Paging.DefaultPageSize, cancellationToken);
        return TypedResults.Ok(new Paged<AuditDto>(result.Total, result.Page, result.PageSize,
            result.Items.Select(a => new AuditDto(a.Id, a.At, a.Action, a.IssueId, a.JobId, a.Client, a.Detail)).ToList()));
    }
}

/// <summary>The caller's address as the rate limits and the audit log see it (the client's, behind a configured proxy).</summary>
public static class ClientAddress
{
    public static string Of(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Connection.RemoteIpAddress?.ToString() ?? "local";
    }
}
