using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using XuhuiEpaper.Core.Layout;
using XuhuiEpaper.Core.Metadata;
using XuhuiEpaper.Core.Model;
using XuhuiEpaper.Ingest.Analysis;
using XuhuiEpaper.Ingest.Images;
using XuhuiEpaper.Ingest.Originals;
using XuhuiEpaper.Ingest.Recognition;
using XuhuiEpaper.Ingest.Rendering;
using XuhuiEpaper.Ingest.Validation;
using XuhuiEpaper.Storage;

namespace XuhuiEpaper.Ingest.Pipeline;

/// <summary>
/// One issue PDF in, one published issue out: validate, keep the original, analyse the text and find the
/// articles, render and derive images, then publish in one transaction. Nothing is visible before the
/// transaction commits; images are written to a temporary folder and moved into place just before it. The IIIF tiles
/// are not waited for: the commit queues them (<see cref="TileRunner"/> makes them afterwards).
/// </summary>
public sealed partial class IngestPipeline(
    PdfValidator validator,
    PopplerRenderer renderer,
    PageImageDeriver imageDeriver,
    IOptions<ImageOptions> imageOptions,
    ArticleFinder finder,
    BrowseStore issues,
    PublishStore publisher,
    IOptions<EpaperOptions> options,
    ILogger<IngestPipeline> logger,
    IssueAnalyser? analyser = null,
    PageTextStore? pageTexts = null,
    IOptions<OcrOptions>? ocr = null)
{
    private readonly EpaperOptions _options = options.Value;

    /// <summary>PdfPig and the article finder: in a bounded child process as the program configures it, else here.</summary>
    private readonly IssueAnalyser _analyser = analyser ?? IssueAnalyser.InProcess(finder, options.Value.AnalysisParallelism, ocr?.Value);

    public Task<IngestResult> IngestAsync(string pdfPath, MetadataOverrides overrides, IProgress<IngestProgress>? progress = null, CancellationToken cancellationToken = default) =>
        IngestAsync(pdfPath, overrides, IngestRequest.None, progress, cancellationToken);

    /// <summary>
    /// Ingests for a job: the publish commits only while the job is still held under <see cref="IngestRequest.Claim"/>,
    /// and marks the job succeeded in the same commit; another PDF's issue of the same paper and date is replaced only
    /// when <see cref="IngestRequest.Replace"/> says so (else <see cref="IssueConflictException"/>).
    /// </summary>
    public async Task<IngestResult> IngestAsync(string pdfPath, MetadataOverrides overrides, IngestRequest request, IProgress<IngestProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(overrides);
        ArgumentNullException.ThrowIfNull(request);
        var clock = Stopwatch.StartNew();
        progress?.Report(new IngestProgress(IngestStage.Validating, 0, 0));
        await CrashPoints.ReachedAsync(CrashPoints.Validating);
        var info = await validator.ValidateAsync(pdfPath, cancellationToken);
        var pageCount = info.Pages.Count;

        var original = await new OriginalStore(_options.DataDir).StoreAsync(pdfPath, cancellationToken);
        var existing = await issues.FindBySha256Async(original.Sha256, cancellationToken);
        if (existing is not null && overrides.IsEmpty)
        {
            LogAlreadyPublished(original.Sha256, existing.Id);
            progress?.Report(new IngestProgress(IngestStage.Done, pageCount, pageCount));
            var detail = await issues.GetIssueAsync(existing.Id, cancellationToken);
            var counts = new List<int>();
            foreach (var page in detail?.Pages ?? [])
            {
                counts.Add((await issues.GetPageAsync(existing.Id, page.Number, cancellationToken))?.Articles.Count ?? 0);
            }

            var known = pageTexts is null ? [] : await pageTexts.GetAsync(original.Sha256, cancellationToken);
            return new IngestResult(existing.Id, existing.Paper, existing.Date, existing.Number, existing.TotalNumber, counts, true, clock.Elapsed)
            {
                TextWarnings = TextWarnings(known.Select(k => k.Report).ToArray()),
            };
        }

        progress?.Report(new IngestProgress(IngestStage.Analysing, 0, pageCount));
        Directory.CreateDirectory(_options.ImagesDir);
        var staging = Path.Combine(_options.ImagesDir, $"{StagingSweeper.Prefix}{Guid.NewGuid():N}");
        Directory.CreateDirectory(staging);
        try
        {
            // The text analysis (CPU in this process) runs while the first pages render (CPU in pdftoppm children):
            // started one after the other, the analysis would delay every render. A failure of either stops the other.
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            // Recognition (when pages need it) outlasts the rendering by far: once it has started, its pages are the progress.
            var recognising = 0;
            var recognitionProgress = new Progress<AnalysisProgress>(p =>
            {
                if (p.PagesToRecognise > 0)
                {
                    Volatile.Write(ref recognising, 1);
                    progress?.Report(new IngestProgress(IngestStage.Recognising, p.PagesRecognised, p.PagesToRecognise));
                }
            });
            var analysing = StopOthersOnFailure(AnalyseAsync(original.FullPath, overrides, recognitionProgress, stop.Token), stop);
            progress?.Report(new IngestProgress(IngestStage.Rendering, 0, pageCount));
            var renderProgress = new Progress<PageProgress>(p =>
            {
                if (Volatile.Read(ref recognising) == 0)
                {
                    progress?.Report(new IngestProgress(IngestStage.Rendering, p.Completed, p.Total));
                }
            });
            var rendering = StopOthersOnFailure(
                renderer.RenderPagesAsync(
                    original.FullPath, pageCount, imageOptions.Value.ZoomWidth,
                    (page, bitmap, _) =>
                    {
                        if (page == 1)
                        {
                            CrashPoints.Reached(CrashPoints.Rendering);
                        }

                        var derived = imageDeriver.Derive(bitmap, staging);
                        if (page == 1)
                        {
                            CrashPoints.Reached(CrashPoints.Deriving);
                        }

                        return ValueTask.FromResult(derived);
                    },
                    renderProgress, stop.Token),
                stop);
            await Task.WhenAll(analysing, rendering);
            var (analysis, metadata) = await analysing;
            var images = await rendering;

            progress?.Report(new IngestProgress(IngestStage.Publishing, pageCount, pageCount));
            var linked = ContinuationLinker.Link(analysis.Pages.Select(a => a.Articles).ToArray());
            var content = new IssueContent
            {
                Paper = metadata.Paper,
                Date = metadata.Date,
                Number = metadata.Number,
                TotalNumber = metadata.TotalNumber,
                Sha256 = original.Sha256,
                OriginalFile = original.RelativePath,
                Pages = analysis.Pages.Select((a, i) => new PageContent
                {
                    Number = i + 1,
                    Label = a.Heading.Label ?? $"第{i + 1}版",
                    Name = overrides.PageNames?.GetValueOrDefault(i + 1) ?? a.Heading.Name,
                    WidthPt = a.Width,
                    HeightPt = a.Height,
                    Images = images[i],
                    Articles = linked[i],
                    Text = ReadingText(linked[i]),
                }).ToArray(),
            };

            var reports = analysis.Pages.Select(p => p.Text ?? PageTextReport.Readable(Core.Text.TextFigures.None)).ToArray();
            var warnings = TextWarnings(reports);
            foreach (var warning in warnings)
            {
                LogTextWarning(original.Sha256, warning);
            }

            if (pageTexts is not null)
            {
                // Before the publish: a reader never sees the issue without its pages' verdicts.
                await pageTexts.SaveAsync(original.Sha256, reports, cancellationToken);
            }

            MoveIntoPlace(staging, _options.ImagesDir);
            var published = await publisher.PublishAsync(content, new PublishOptions
            {
                Claim = request.Claim,
                Replace = request.Replace,
                TrashRetention = request.TrashRetention,
                Client = request.Client,
                Draft = _options.Publishing == PublishingMode.Review,
                // The IIIF tiles follow the publish (TileRunner): queued in its commit, made once it is visible.
                TileImages = imageOptions.Value.IiifTiles
                    ? content.Pages.Select(p => p.Images.Zoom).Where(z => !IiifTileWriter.IsComplete(_options.ImagesDir, z)).ToArray()
                    : [],
                BeforeCommit = _ => CrashPoints.ReachedAsync(CrashPoints.Committing),
            }, cancellationToken);
            await CrashPoints.ReachedAsync(CrashPoints.Committed);
            DeleteObsolete(published.ObsoleteFiles);
            progress?.Report(new IngestProgress(IngestStage.Done, pageCount, pageCount));
            LogPublished(published.IssueId, metadata.Paper, metadata.Date, pageCount, clock.ElapsedMilliseconds);
            return new IngestResult(published.IssueId, metadata.Paper, metadata.Date, metadata.Number, metadata.TotalNumber,
                content.Pages.Select(p => p.Articles.Count(a => a.Kind is not (RegionKind.Masthead or RegionKind.PageHeader or RegionKind.Folio))).ToArray(), false, clock.Elapsed)
            {
                TextWarnings = warnings,
            };
        }
        finally
        {
            TryDeleteDirectory(staging);
        }
    }

    /// <summary>The page's text in reading order: region by region, each from kicker to captions.</summary>
    private static string ReadingText(IReadOnlyList<ArticleContent> articles) =>
        string.Join("\n\n", articles.Select(a => string.Join('\n',
            new[] { a.Kicker, a.Title, a.Subtitle, a.Byline }.OfType<string>().Concat(a.Body).Concat(a.Captions))));

    private static async Task<T> StopOthersOnFailure<T>(Task<T> task, CancellationTokenSource stop)
    {
        try
        {
            return await task;
        }
        catch
        {
            await stop.CancelAsync();
            throw;
        }
    }

    private sealed record ResolvedMetadata(string Paper, DateOnly Date, int? Number, int? TotalNumber);

    /// <summary>
    /// One line a page whose text is not what the PDF says: published as an image (why), or recognised (how). Empty when
    /// every page's text is the PDF's own and readable.
    /// </summary>
    public static IReadOnlyList<string> TextWarnings(IReadOnlyList<PageTextReport> reports)
    {
        ArgumentNullException.ThrowIfNull(reports);
        var lines = new List<string>();
        for (var i = 0; i < reports.Count; i++)
        {
            var r = reports[i];
            if (r.ImageOnly)
            {
                lines.Add($"page {i + 1}: published as an image, its text not indexed: {r.Reason}");
            }
            else if (r.Source == TextSource.Recognised)
            {
                lines.Add($"page {i + 1}: text recognised: {r.Reason}");
            }
            else if (r.UnreadableFonts.Count > 0)
            {
                lines.Add($"page {i + 1}: {r.Reason}");
            }
        }

        return lines;
    }

    private async Task<(AnalysedIssue Analysis, ResolvedMetadata Metadata)> AnalyseAsync(
        string pdfPath, MetadataOverrides overrides, IProgress<AnalysisProgress> progress, CancellationToken cancellationToken)
    {
        var analysis = await _analyser.AnalyseAsync(pdfPath, overrides.Paper ?? _options.Paper, progress, cancellationToken);
        var front = analysis.Pages.Count > 0 ? analysis.Pages[0].Text : null;
        return (analysis, ResolveMetadata(analysis.Front, overrides, front is { ImageOnly: true } ? " (its text cannot be read: " + front.Reason + ")" : ""));
    }

    private ResolvedMetadata ResolveMetadata(IssueMetadata read, MetadataOverrides overrides, string why)
    {
        var date = overrides.Date ?? read.Date
            ?? throw new IngestRejectedException($"no issue date: none could be read from the front page{why}; give one (--date yyyy-MM-dd, or the date field)");
        var paper = overrides.Paper ?? read.Paper ?? _options.Paper
            ?? throw new IngestRejectedException($"no paper name: no masthead could be read from the front page{why}; give one (--paper, or the paper field), or configure Epaper:Paper");
        return new ResolvedMetadata(paper, date, overrides.Number ?? read.Number, overrides.TotalNumber ?? read.TotalNumber);
    }

    /// <summary>
    /// Content-addressed names: a file already in place has the same bytes, and is replaced by the new copy all the same
    /// (a rename, atomic), so that every file this issue names is fresh: the sweep of unreferenced images spares files
    /// younger than a lease, and this issue refers to them only once it commits. The files were flushed to the disk when
    /// written; the folder is flushed after the renames, before the commit.
    /// </summary>
    private static void MoveIntoPlace(string staging, string imagesDir)
    {
        var now = DateTime.UtcNow;
        var moved = 0;
        foreach (var file in Directory.EnumerateFiles(staging))
        {
            File.SetLastWriteTimeUtc(file, now);
            File.Move(file, Path.Combine(imagesDir, Path.GetFileName(file)), overwrite: true);
            if (++moved == 2)
            {
                CrashPoints.Reached(CrashPoints.Moving);
            }
        }

        Housekeeping.Durable.FlushDirectory(imagesDir);
    }

    private void DeleteObsolete(IReadOnlyList<string> files)
    {
        // Originals stay: the archive keeps every PDF it was given, even one whose issue was replaced.
        foreach (var file in files.Where(f => !f.EndsWith(".pdf", StringComparison.OrdinalIgnoreCase)))
        {
            var path = Path.Combine(_options.ImagesDir, file);
            try
            {
                File.Delete(path);
            }
            catch (IOException ex)
            {
                LogDeleteFailed(ex, path);
            }
        }
    }

    private static void TryDeleteDirectory(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "The PDF {Sha256} is already published as issue {IssueId}")]
    private partial void LogAlreadyPublished(string sha256, long issueId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Published issue {IssueId}: {Paper} {Date}, {Pages} pages in {Milliseconds} ms")]
    private partial void LogPublished(long issueId, string paper, DateOnly date, int pages, long milliseconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The PDF {Sha256}: {Warning}")]
    private partial void LogTextWarning(string sha256, string warning);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not delete the obsolete file {Path}")]
    private partial void LogDeleteFailed(Exception exception, string path);
}
