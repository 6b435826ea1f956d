using Microsoft.AspNetCore.Http.HttpResults;
using XuhuiEpaper.Core.Model;
using XuhuiEpaper.Core.Text;
using XuhuiEpaper.Ingest.Pipeline;
using XuhuiEpaper.Storage;

namespace XuhuiEpaper.Web.Api;

/// <summary>
/// Where a page's text comes from, for readers: <c>source</c> is <c>pdf</c>, <c>recognised</c> (OCR: the reader notes
/// 本版文字由图像识别生成) or <c>none</c> (<c>imageOnly</c>: the page is an image and none of its text is indexed);
/// <c>verdict</c> is the judgement of the PDF's own text layer (readable, unreadable, scan, notext).
/// </summary>
public sealed record PageTextDto(string Source, string Verdict, bool Recognised, bool ImageOnly, string Reason)
{
    public static PageTextDto From(PageTextReport r) =>
        new(Name(r.Source), Name(r.Verdict), r.Source == TextSource.Recognised, r.ImageOnly, r.Reason);

    public static string Name<T>(T value) where T : struct, Enum => value.ToString().ToLowerInvariant();
}

/// <summary>One page's text report for archivists: the verdict and its figures, the fonts left out, how it was recognised.</summary>
public sealed record PageTextReportDto(
    int Number, string Verdict, string Source, string? Route, bool ImageOnly, string Reason,
    TextFigures Figures, TextFigures? RecognisedFigures, IReadOnlyList<string> UnreadableFonts, double? RecognitionSeconds);

/// <summary>An issue's text reports, page by page, and the lines the job showed.</summary>
public sealed record IssueTextDto(long IssueId, string Sha256, IReadOnlyList<PageTextReportDto> Pages, IReadOnlyList<string> Warnings);

/// <summary>The archivists' view of what each page's text is worth (issue 13).</summary>
public static class PageTextApi
{
    public static IEndpointRouteBuilder MapPageTextApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/issues").WithTags("Admin").RequireAdminToken()
            .MapGet("/{id:long}/text", GetIssueTextAsync).WithName("GetIssueText")
            .WithSummary("Each page's text verdict (readable, unreadable, scan, notext), its figures, where the published text comes from (pdf, recognised, none) and why");
        return app;
    }

    public static async Task<Results<Ok<IssueTextDto>, NotFoundProblem>> GetIssueTextAsync(
        [AsParameters] ReadServices services, PageTextStore texts, long id, CancellationToken cancellationToken)
    {
        var sha = await services.Keys.Sha256Async(id, cancellationToken);
        if (sha is null)
        {
            return new NotFoundProblem($"There is no issue {id}.");
        }

        var stored = await texts.GetAsync(sha, cancellationToken);
        var pages = stored.Select(s => new PageTextReportDto(
            s.PageNumber, PageTextDto.Name(s.Report.Verdict), PageTextDto.Name(s.Report.Source), s.Report.Route, s.Report.ImageOnly, s.Report.Reason,
            s.Report.Figures, s.Report.RecognisedFigures, s.Report.UnreadableFonts, s.Report.RecognitionSeconds)).ToArray();
        return TypedResults.Ok(new IssueTextDto(id, sha, pages, IngestPipeline.TextWarnings(stored.Select(s => s.Report).ToArray())));
    }

    /// <summary>The job's lines about pages published as images or recognised, once it has succeeded; null before.</summary>
    public static async Task<IReadOnlyList<string>?> JobWarningsAsync(PageTextStore texts, JobRecord job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(texts);
        ArgumentNullException.ThrowIfNull(job);
        if (job.State != JobState.Succeeded)
        {
            return null;
        }

        var stored = await texts.GetAsync(job.Sha256, cancellationToken);
        return IngestPipeline.TextWarnings(stored.Select(s => s.Report).ToArray());
    }
}
