using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using XuhuiEpaper.Web.Hosting;
using XuhuiEpaper.Storage;

namespace XuhuiEpaper.Web.Api;

/// <summary>
/// Ingest jobs started by uploads: their state and progress, once or as server-sent events. Open to all (a browser's
/// EventSource cannot send a bearer token); a job shows no more than its state, progress, issue and a reason for a
/// failure that names no server paths; a caller with the admin token also gets the full error. Event streams are
/// limited per client address (Api:RateLimits:EventStreamsPerClient at once) and in duration (Api:EventStreamMaxDuration).
/// </summary>
public static class JobsApi
{
    /// <summary>How often the event stream looks at the job.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);

    public static IEndpointRouteBuilder MapJobsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/jobs").WithTags("Jobs");
        group.MapGet("/{id:long}", GetJobAsync).WithName("GetJob").WithSummary("An ingest job: state (queued, running, succeeded, failed), progress, issue, error");
        group.MapGet("/{id:long}/events", GetJobEventsAsync).WithName("GetJobEvents").RequireEventStreamLimit().WithMetadata(NoHead.Instance)
            .WithSummary("Server-sent events: a 'job' event each time the job's state or progress changes, until it has finished");
        return app;
    }

    public static async Task<Results<Ok<JobDto>, NotFoundProblem>> GetJobAsync(JobStore jobs, PageTextStore texts, HttpContext context, long id, CancellationToken cancellationToken)
    {
        var job = await jobs.GetAsync(id, cancellationToken);
        return job is null
            ? new NotFoundProblem($"There is no job {id}.")
            : TypedResults.Ok(JobDto.From(job, AdminAuth.IsAdmin(context)) with { TextWarnings = await PageTextApi.JobWarningsAsync(texts, job, cancellationToken) });
    }

    public static async Task<Results<ServerSentEventsResult<JobDto>, NotFoundProblem>> GetJobEventsAsync(
        JobStore jobs, PageTextStore texts, IOptions<ApiOptions> options, HttpContext context, long id, CancellationToken cancellationToken)
    {
        var job = await jobs.GetAsync(id, cancellationToken);
        var admin = AdminAuth.IsAdmin(context);
        return job is null
            ? new NotFoundProblem($"There is no job {id}.")
            : TypedResults.ServerSentEvents(FollowAsync(jobs, texts, JobDto.From(job, admin) with { TextWarnings = await PageTextApi.JobWarningsAsync(texts, job, cancellationToken) }, admin, options.Value.EventStreamMaxDuration, cancellationToken));
    }

    private static async IAsyncEnumerable<SseItem<JobDto>> FollowAsync(
        JobStore jobs, PageTextStore texts, JobDto first, bool admin, TimeSpan maxDuration, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var last = first;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        yield return new SseItem<JobDto>(last, "job");
        while (!last.Finished && clock.Elapsed < maxDuration)
        {
            await Task.Delay(PollInterval, cancellationToken);
            var job = await jobs.GetAsync(last.Id, cancellationToken);
            if (job is null)
            {
                yield break;
            }

            var now = JobDto.From(job, admin) with { TextWarnings = await PageTextApi.JobWarningsAsync(texts, job, cancellationToken) };
            if (now.State != last.State || now.Progress != last.Progress)
            {
                last = now;
                yield return new SseItem<JobDto>(last, "job");
            }
        }
    }
}
