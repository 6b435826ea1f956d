using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;
using XuhuiEpaper.Storage;

namespace XuhuiEpaper.Web.Api;

/// <summary>
/// Page images and PDFs at content-addressed URLs: a URL always means the same bytes, so answers carry a strong
/// ETag and may be cached for a year; If-None-Match gives 304 and Range requests are served.
/// </summary>
public static partial class FilesApi
{
    public const string ImmutableCacheControl = "public, max-age=31536000, immutable";

    public static IEndpointRouteBuilder MapFilesApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/images/{name}", GetImageAsync).WithTags("Files").WithName("GetImage")
            .WithSummary("A page image (WebP: thumbnail, screen or zoom size), named by its content hash");
        app.MapGet("/pdf/{sha256}.pdf", GetIssuePdfAsync).WithTags("Files").WithName("GetIssuePdf")
            .WithSummary("The whole issue as it was printed: the original PDF, named by its SHA-256");
        app.MapGet("/pdf/{sha256}/{number:int}.pdf", GetPagePdfAsync).WithTags("Files").WithName("GetPagePdf")
            .WithSummary("One page of the original PDF");
        return app;
    }

    public static async Task<Results<FileContentHttpResult, PhysicalFileHttpResult, NotFoundProblem>> GetImageAsync(
        string name, DataPaths paths, ImageCache cache, HttpContext context, CancellationToken cancellationToken)
    {
        if (!ImageName().IsMatch(name))
        {
            return new NotFoundProblem($"There is no image '{name}'.");
        }

        var path = Path.Combine(paths.ImagesDir, name);
        var tag = new EntityTagHeaderValue($"\"{Path.GetFileNameWithoutExtension(name)}\"");
        if (await cache.GetAsync(name, path, cancellationToken) is { } cached)
        {
            context.Response.Headers.CacheControl = ImmutableCacheControl;
            return TypedResults.Bytes(cached.Bytes, "image/webp", null, enableRangeProcessing: true, cached.LastModified, tag);
        }

        var file = new FileInfo(path);
        return file.Exists
            ? Immutable(context, file, "image/webp", Path.GetFileNameWithoutExtension(name), null)
            : new NotFoundProblem($"There is no image '{name}'.");
    }

    public static async Task<Results<PhysicalFileHttpResult, NotFoundProblem>> GetIssuePdfAsync(
        string sha256, BrowseStore issues, DataPaths paths, HttpContext context, CancellationToken cancellationToken)
    {
        var issue = await FindVisibleAsync(issues, sha256, context, cancellationToken);
        var file = issue is null ? null : new FileInfo(Path.Combine(paths.DataDir, issue.OriginalFile));
        return issue is null || file is not { Exists: true }
            ? new NotFoundProblem($"No issue has the PDF '{sha256}'.")
            : Private(issue, Immutable(context, file, "application/pdf", sha256, $"{issue.Paper}-{issue.Date:yyyy-MM-dd}.pdf"), context);
    }

    public static async Task<Results<PhysicalFileHttpResult, NotFoundProblem>> GetPagePdfAsync(
        string sha256, int number, BrowseStore issues, DataPaths paths, PagePdfExtractor extractor, HttpContext context, CancellationToken cancellationToken)
    {
        var issue = await FindVisibleAsync(issues, sha256, context, cancellationToken);
        var original = issue is null ? null : Path.Combine(paths.DataDir, issue.OriginalFile);
        if (issue is null || !File.Exists(original))
        {
            return new NotFoundProblem($"No issue has the PDF '{sha256}'.");
        }

        if (number < 1 || number > issue.PageCount)
        {
            return new NotFoundProblem($"The issue of {issue.Date:yyyy-MM-dd} has no page {number}: it has {issue.PageCount} pages.");
        }

        var path = await extractor.GetAsync(sha256, original, number, cancellationToken);
        return Private(issue, Immutable(context, new FileInfo(path), "application/pdf", $"{sha256}-{number}", $"{issue.Paper}-{issue.Date:yyyy-MM-dd}-{number}.pdf"), context);
    }

    /// <summary>The issue made from the PDF, unless it is a draft and the caller no admin (then, as for no issue, null).</summary>
    private static async Task<IssueSummary?> FindVisibleAsync(BrowseStore issues, string sha256, HttpContext context, CancellationToken cancellationToken)
    {
        var issue = Sha256().IsMatch(sha256) ? await issues.FindBySha256Async(sha256, cancellationToken) : null;
        return issue is not null && IssuesApi.Visible(issue.Draft, context) ? issue : null;
    }

    /// <summary>A draft's file, sent to an admin, is kept by no shared cache (it is not public yet).</summary>
    private static PhysicalFileHttpResult Private(IssueSummary issue, PhysicalFileHttpResult result, HttpContext context)
    {
        if (issue.Draft)
        {
            context.Response.Headers.CacheControl = "private, no-cache";
        }

        return result;
    }

    private static PhysicalFileHttpResult Immutable(HttpContext context, FileInfo file, string contentType, string tag, string? downloadName)
    {
        context.Response.Headers.CacheControl = ImmutableCacheControl;
        return TypedResults.PhysicalFile(file.FullName, contentType, downloadName, file.LastWriteTimeUtc,
            new EntityTagHeaderValue($"\"{tag}\""), enableRangeProcessing: true);
    }

    [GeneratedRegex("^[0-9a-f]{8,64}-[a-z]+\\.webp$", RegexOptions.CultureInvariant)]
    private static partial Regex ImageName();

    [GeneratedRegex("^[0-9a-f]{64}$", RegexOptions.CultureInvariant)]
    private static partial Regex Sha256();
}
