using System.Globalization;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using XuhuiEpaper.Core.Model;
using XuhuiEpaper.Ingest.Housekeeping;
using XuhuiEpaper.Ingest.Originals;
using XuhuiEpaper.Ingest.Pipeline;
using XuhuiEpaper.Ingest.Validation;
using XuhuiEpaper.Storage;

namespace XuhuiEpaper.Web.Api;

/// <summary>
/// The archivists' routes, behind the admin token: upload an issue PDF (checked at once, then ingested by the worker),
/// edit an issue's metadata, ingest an issue's original anew, delete an issue with its files.
/// </summary>
public static class AdminApi
{
    public static IEndpointRouteBuilder MapAdminApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/issues").WithTags("Admin").RequireAdminToken();

        group.MapPost("/", UploadAsync).RequireUploadRateLimit().WithName("UploadIssue")
            .WithSummary("Upload an issue PDF (multipart/form-data: file, and optional date yyyy-MM-dd, number, totalNumber, paper, replace); 202 with the ingest job")
            .Accepts<UploadForm>("multipart/form-data")
            .DisableAntiforgery();
        group.MapPut("/{id:long}", EditAsync).WithName("EditIssue").WithSummary("Edit an issue's date, numbers and page names (版名)");
        group.MapPost("/{id:long}/reingest", ReingestAsync).RequireUploadRateLimit().WithName("ReingestIssue")
            .WithSummary("Analyse and render an issue's original PDF anew (after an upgrade of the article finder), keeping its metadata; 202 with the ingest job");
        group.MapDelete("/{id:long}", DeleteAsync).WithName("DeleteIssue")
            .WithSummary("Move an issue to the trash: it is no longer published; it can be restored until Epaper:TrashRetention has passed");
        return app;
    }

    /// <summary>What an upload handler needs.</summary>
    public sealed record UploadServices(PdfValidator Validator, JobStore Jobs, BrowseStore Issues, AuditStore Audit, DataPaths Paths, IOptions<IngestLimits> Limits);

    /// <summary>
    /// The upload form, for the OpenAPI document (the handler reads the multipart stream itself). <c>replace=true</c> lets
    /// the PDF replace the issue another PDF made for the same paper and date (that issue goes to the trash).
    /// </summary>
    public sealed record UploadForm(IFormFile File, string? Date, int? Number, int? TotalNumber, string? Paper, bool? Replace);

    public static async Task<Results<Accepted<UploadAccepted>, BadRequestProblem, ConflictProblem, PayloadTooLargeProblem, UnsupportedMediaTypeProblem, UnprocessableProblem>> UploadAsync(
        [AsParameters] UploadServices services, HttpRequest request, CancellationToken cancellationToken)
    {
        var limit = services.Limits.Value.MaxFileBytes;
        var tooLarge = $"The upload is larger than the {PdfSize(limit)} limit (Ingest:Limits:MaxFileBytes).";
        const long FormOverhead = 64 * 1024;
        if (request.ContentLength > limit + FormOverhead)
        {
            return new PayloadTooLargeProblem(tooLarge);
        }

        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
        {
            bodySize.MaxRequestBodySize = limit + FormOverhead;
        }

        var boundary = request.ContentType is { } type && MediaTypeHeaderValue.TryParse(type, out var media)
            && media.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            ? HeaderUtilities.RemoveQuotes(media.Boundary).Value : null;
        if (string.IsNullOrEmpty(boundary))
        {
            return new UnsupportedMediaTypeProblem("Send the issue as multipart/form-data, the PDF in the field 'file'.");
        }

        Directory.CreateDirectory(services.Paths.IncomingDir);
        var path = Path.Combine(services.Paths.IncomingDir, $"{Guid.NewGuid():N}.pdf");
        var keep = false;
        try
        {
            var form = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            var gotFile = false;
            var reader = new MultipartReader(boundary, request.Body);
            try
            {
                while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
                {
                    if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition) || !disposition.DispositionType.Equals("form-data", StringComparison.OrdinalIgnoreCase))
                    {
                        continue;
                    }

                    var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value ?? "";
                    if (name == "file" && !gotFile)
                    {
                        if (!await CopyLimitedAsync(section.Body, path, limit, cancellationToken))
                        {
                            return new PayloadTooLargeProblem(tooLarge);
                        }

                        gotFile = true;
                    }
                    else if (name is "date" or "number" or "totalNumber" or "paper" or "replace")
                    {
                        using var text = new StreamReader(section.Body);
                        var buffer = new char[256];
                        var read = await text.ReadBlockAsync(buffer, cancellationToken);
                        form[name] = new string(buffer, 0, read).Trim();
                    }
                }
            }
            catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
            {
                return new PayloadTooLargeProblem(tooLarge);
            }
            catch (InvalidDataException ex)
            {
                return new BadRequestProblem($"The multipart form is malformed: {ex.Message}");
            }
            catch (IOException ex) when (!cancellationToken.IsCancellationRequested)
            {
                // The body ended before the form did (a cut-short upload): the client's fault, not the server's.
                return new BadRequestProblem($"The multipart form is cut short: {ex.Message.ReplaceLineEndings(" ")} Send the whole form again.");
            }

            if (!gotFile)
            {
                return new BadRequestProblem("The form has no 'file' field: send the PDF in a field named 'file'.");
            }

            if (ParseOverrides(form) is not { } overrides || ParseReplace(form) is not { } replace)
            {
                return new BadRequestProblem(OverrideHelp);
            }

            try
            {
                await services.Validator.ValidateAsync(path, cancellationToken);
            }
            catch (IngestRejectedException ex)
            {
                return ex.Message.StartsWith("not a PDF", StringComparison.Ordinal)
                    ? new UnsupportedMediaTypeProblem(Sentence(ex.Message))
                    : new UnprocessableProblem(Sentence(ex.Message));
            }

            var sha = await OriginalStore.ComputeSha256Async(path, cancellationToken);
            if (!overrides.IsEmpty && await services.Issues.FindBySha256Async(sha, cancellationToken) is { } existing)
            {
                return new ConflictProblem(
                    $"This PDF is already published as issue {existing.Id} ({existing.Date:yyyy-MM-dd}); edit that issue (PUT {ApiUrls.Issue(existing.Id)}) or delete it first.");
            }

            // A date given is checked now; a date read from the PDF is checked by the publish, which fails the job the same way.
            if (!replace && overrides.Date is { } date && await SameDayAsync(services.Issues, date, overrides.Paper, sha, cancellationToken) is { } taken)
            {
                return new ConflictProblem(
                    $"Issue {taken.Id} ({taken.Paper}, {taken.Date:yyyy-MM-dd}) was made from another PDF. To replace it, upload again with replace=true "
                    + $"(it goes to the trash and can be restored); otherwise correct the date. See {ApiUrls.Issue(taken.Id)}.");
            }

            var jobId = await services.Jobs.EnqueueAsync(path, sha, overrides, replace, cancellationToken);
            keep = true;
            await services.Audit.AddAsync(new AuditEntry("upload", null, jobId, ClientAddress.Of(request.HttpContext),
                $"PDF {sha[..12]}…" + (overrides.Date is { } d ? $", date {d:yyyy-MM-dd}" : "") + (replace ? ", replace=true" : "")), CancellationToken.None);
            return TypedResults.Accepted(ApiUrls.Job(jobId), new UploadAccepted(jobId, ApiUrls.Job(jobId), ApiUrls.JobEvents(jobId), sha));
        }
        finally
        {
            if (!keep)
            {
                File.Delete(path);
            }
        }
    }

    public static async Task<Results<Ok<IssueDetailDto>, BadRequestProblem, NotFoundProblem, ConflictProblem>> EditAsync(
        [AsParameters] ReadServices services, IssueAdminStore admin, PageCache pages, SearchCache searches, AuditStore audit, HttpContext context, long id, IssueEdit edit, CancellationToken cancellationToken)
    {
        var issue = await services.Issues.GetIssueAsync(id, cancellationToken);
        if (issue is null)
        {
            return new NotFoundProblem($"There is no issue {id}.");
        }

        if (edit.Number is < 1 || edit.TotalNumber is < 1)
        {
            return new BadRequestProblem("number and totalNumber must be 1 or more.");
        }

        var names = new Dictionary<int, string?>();
        foreach (var page in edit.Pages ?? [])
        {
            if (issue.Pages.All(p => p.Number != page.Number))
            {
                return new BadRequestProblem($"Issue {id} has no page {page.Number}: it has {issue.Pages.Count} pages.");
            }

            var name = string.IsNullOrWhiteSpace(page.Name) ? null : page.Name.Trim();
            if (name is { Length: > 50 })
            {
                return new BadRequestProblem($"The name of page {page.Number} is {name.Length} characters long; at most 50 are allowed.");
            }

            names[page.Number] = name;
        }

        try
        {
            if (!await admin.UpdateIssueAsync(id, edit.Date, edit.Number, edit.TotalNumber, names, cancellationToken))
            {
                return new NotFoundProblem($"There is no issue {id}.");
            }
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode == 19)
        {
            return new ConflictProblem($"Another issue of {issue.Issue.Paper} is dated {edit.Date:yyyy-MM-dd}: an issue's paper and date must be unique.");
        }

        pages.Forget(id);
        searches.Clear();
        await audit.AddAsync(new AuditEntry("edit", id, null, ClientAddress.Of(context), DescribeEdit(edit)), CancellationToken.None);
        var updated = await services.Issues.GetIssueAsync(id, cancellationToken);
        return updated is null ? new NotFoundProblem($"There is no issue {id}.") : TypedResults.Ok(IssuesApi.ToDto(updated, services.Keys));
    }

    /// <summary>
    /// Queues the issue's kept original as a new ingest with the issue's metadata as stored (edits included): given
    /// metadata, the pipeline replaces the issue this PDF made instead of returning it unchanged.
    /// </summary>
    public static async Task<Results<Accepted<UploadAccepted>, NotFoundProblem>> ReingestAsync(
        BrowseStore issues, JobStore jobs, AuditStore audit, DataPaths paths, HttpContext context, long id, CancellationToken cancellationToken)
    {
        var detail = await issues.GetIssueAsync(id, cancellationToken);
        if (detail is null)
        {
            return new NotFoundProblem($"There is no issue {id}.");
        }

        var issue = detail.Issue;
        var original = Path.GetFullPath(Path.Combine(paths.DataDir, issue.OriginalFile));
        if (!original.StartsWith(paths.DataDir + Path.DirectorySeparatorChar, StringComparison.Ordinal) || !File.Exists(original))
        {
            return new NotFoundProblem($"The original PDF of issue {id} is missing from the data folder ({issue.OriginalFile}); upload it again.");
        }

        var overrides = detail.StoredMetadata();
        var jobId = await jobs.EnqueueAsync(original, issue.Sha256, overrides, cancellationToken);
        await audit.AddAsync(new AuditEntry("reingest", id, jobId, ClientAddress.Of(context)), CancellationToken.None);
        return TypedResults.Accepted(ApiUrls.Job(jobId), new UploadAccepted(jobId, ApiUrls.Job(jobId), ApiUrls.JobEvents(jobId), issue.Sha256));
    }

    /// <summary>
    /// Moves the issue to the trash (one transaction, with its audit entry), then its original PDF to the trash folder.
    /// Its images stay until the purge, so a restore is whole.
    /// </summary>
    public static async Task<Results<NoContent, NotFoundProblem>> DeleteAsync(
        [AsParameters] ReadServices services, IssueAdminStore admin, long id, TrashBin trash, PagePdfExtractor pdfs, PageCache pages, SearchCache searches,
        IOptions<EpaperOptions> options, HttpContext context, CancellationToken cancellationToken)
    {
        var issue = await services.Issues.GetIssueAsync(id, cancellationToken);
        var files = issue is null ? null : await admin.DeleteIssueAsync(
            id, options.Value.TrashRetention, new AuditEntry("delete", id, null, ClientAddress.Of(context), $"{issue.Issue.Paper} {issue.Issue.Date:yyyy-MM-dd}"), cancellationToken);
        if (issue is null || files is null)
        {
            return new NotFoundProblem($"There is no issue {id}.");
        }

        services.Keys.Forget(id);
        pages.Forget(id);
        searches.Clear();
        await CrashPoints.ReachedAsync(CrashPoints.Deleting);
        trash.MoveIn(id, files);
        pdfs.DeletePages(issue.Issue.Sha256);
        return TypedResults.NoContent();
    }

    private static async Task<IssueSummary?> SameDayAsync(BrowseStore issues, DateOnly date, string? paper, string sha, CancellationToken cancellationToken) =>
        (await issues.ListIssuesAsync(IssueFilter.All, date, date, 1, ResultPages.MaxPageSize, cancellationToken)).Items
            .FirstOrDefault(i => (paper is null || i.Paper == paper) && i.Sha256 != sha);

    private static string DescribeEdit(IssueEdit edit) => string.Join(", ", new[]
    {
        edit.Date is { } d ? $"date {d:yyyy-MM-dd}" : null,
        edit.Number is { } n ? $"number {n}" : null,
        edit.TotalNumber is { } t ? $"totalNumber {t}" : null,
        edit.Pages is { Count: > 0 } p ? "page names " + string.Join(" ", p.Select(x => $"{x.Number}={x.Name}")) : null,
    }.OfType<string>());

    private static bool? ParseReplace(Dictionary<string, string> form) =>
        !form.TryGetValue("replace", out var r) || r.Length == 0 ? false
        : r.ToUpperInvariant() switch { "TRUE" or "1" or "ON" or "YES" => true, "FALSE" or "0" or "OFF" or "NO" => false, _ => null };

    private const string OverrideHelp =
        "Optional fields: date as yyyy-MM-dd, number and totalNumber as whole numbers of 1 or more, paper as a name of at most 50 characters, replace as true or false.";

    private static MetadataOverrides? ParseOverrides(Dictionary<string, string> form)
    {
        DateOnly? date = null;
        int? number = null, total = null;
        string? paper = null;
        if (form.TryGetValue("date", out var d) && d.Length > 0)
        {
            if (!DateOnly.TryParseExact(d, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
            {
                return null;
            }

            date = parsed;
        }

        if (form.TryGetValue("number", out var n) && n.Length > 0)
        {
            if (!int.TryParse(n, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) || parsed < 1)
            {
                return null;
            }

            number = parsed;
        }

        if (form.TryGetValue("totalNumber", out var t) && t.Length > 0)
        {
            if (!int.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) || parsed < 1)
            {
                return null;
            }

            total = parsed;
        }

        if (form.TryGetValue("paper", out var p) && p.Length > 0)
        {
            if (p.Length > 50)
            {
                return null;
            }

            paper = p;
        }

        return new MetadataOverrides(date, number, total, paper);
    }

    /// <summary>Copies at most <paramref name="limit"/> bytes; false (and nothing kept) when there were more.</summary>
    private static async Task<bool> CopyLimitedAsync(Stream source, string path, long limit, CancellationToken cancellationToken)
    {
        await using var target = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous);
        var buffer = new byte[1 << 16];
        long total = 0;
        int read;
        while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
        {
            total += read;
            if (total > limit)
            {
                return false;
            }

            await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
        }

        return true;
    }

    private static string Sentence(string reason) => $"The file was refused: {reason}.";

    private static string PdfSize(long bytes) => bytes >= 1024 * 1024
        ? (bytes / (1024.0 * 1024)).ToString("0.#", CultureInfo.InvariantCulture) + " MB"
        : bytes.ToString(CultureInfo.InvariantCulture) + " bytes";
}
