using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;
using XuhuiEpaper.Core.Layout;
using XuhuiEpaper.Ingest.Isolation;
using XuhuiEpaper.Ingest.Pipeline;
using XuhuiEpaper.Ingest.Recognition;
using XuhuiEpaper.Ingest.Validation;

namespace XuhuiEpaper.Ingest.Analysis;

/// <summary>The analysis was stopped or failed in its child: the PDF is refused with the reason (the detail is in the inner exception).</summary>
public sealed class AnalysisFailedException : IngestRejectedException
{
    public AnalysisFailedException()
    {
    }

    public AnalysisFailedException(string reason)
        : base(reason)
    {
    }

    public AnalysisFailedException(string reason, Exception? innerException)
        : base(reason, innerException)
    {
    }
}

/// <summary>
/// Runs <see cref="IssueAnalysis"/>: in a child process (<c>epaper analyse</c>) under an address-space limit, a CPU-time
/// limit and wall-clock deadlines per page and per issue, as <see cref="Rendering.PopplerRenderer"/> runs pdftoppm; or,
/// when no child command is configured (tests, benchmarks), in this process.
/// </summary>
public sealed class IssueAnalyser
{
    /// <summary>The child's command: the analysis of the PDF named next, its options read from stdin.</summary>
    public const string ChildVerb = "analyse";

    private readonly ArticleFinder _finder;
    private readonly int _parallelism;
    private readonly AnalysisOptions _options;
    private readonly OcrOptions _ocr;

    public IssueAnalyser(ArticleFinder finder, IOptions<EpaperOptions> epaper, IOptions<AnalysisOptions> options, IOptions<OcrOptions>? ocr = null)
        : this(finder, epaper.Value.AnalysisParallelism, options.Value, ocr?.Value)
    {
    }

    public IssueAnalyser(ArticleFinder finder, int parallelism, AnalysisOptions options, OcrOptions? ocr = null)
    {
        ArgumentNullException.ThrowIfNull(finder);
        ArgumentNullException.ThrowIfNull(options);
        _finder = finder;
        _parallelism = parallelism;
        _options = options;
        _ocr = ocr ?? new OcrOptions();
    }

    public static IssueAnalyser InProcess(ArticleFinder finder, int parallelism, OcrOptions? ocr = null) =>
        new(finder, parallelism, new AnalysisOptions { InChildProcess = false }, ocr);

    public bool InChildProcess => _options.InChildProcess && _options.Command.Count > 0;

    public AnalysisOptions Options => _options;

    public OcrOptions Ocr => _ocr;

    public Task<AnalysedIssue> AnalyseAsync(string pdfPath, CancellationToken cancellationToken) =>
        AnalyseAsync(pdfPath, null, null, cancellationToken);

    /// <summary>
    /// Analyses the PDF; pages whose text is not text are recognised (when <see cref="OcrOptions.Enabled"/>), in the
    /// languages of <paramref name="titleHint"/>'s script; <paramref name="progress"/> hears of each page recognised.
    /// </summary>
    public Task<AnalysedIssue> AnalyseAsync(string pdfPath, string? titleHint, IProgress<AnalysisProgress>? progress, CancellationToken cancellationToken)
    {
        var recognition = new RecognitionRequest(_ocr, titleHint);
        return InChildProcess
            ? AnalyseInChildAsync(pdfPath, recognition, progress, cancellationToken)
            : Task.Run(() => IssueAnalysis.Run(pdfPath, _finder, _parallelism, progress, cancellationToken, recognition), cancellationToken);
    }

    private async Task<AnalysedIssue> AnalyseInChildAsync(string pdfPath, RecognitionRequest recognition, IProgress<AnalysisProgress>? observer, CancellationToken cancellationToken)
    {
        var info = BoundedProcess.StartInfo(
            _options.PrlimitPath, _options.MemoryLimitBytes, _options.CpuSeconds, _options.Command[0], [.. _options.Command.Skip(1), ChildVerb, Path.GetFullPath(pdfPath)]);
        info.RedirectStandardInput = true;
        if (_options.HeapLimitBytes > 0)
        {
            info.Environment["DOTNET_GCHeapHardLimit"] = "0x" + _options.HeapLimitBytes.ToString("X", CultureInfo.InvariantCulture);
        }
        using var process = new Process { StartInfo = info };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException($"cannot start the analysis child {info.FileName}: {ex.Message}", ex);
        }

        // Until the child says it has started, the clock is the start-up's; then each page's.
        using var pageDeadline = new CancellationTokenSource(_options.StartupTimeout);
        var started = false;
        using var totalDeadline = new CancellationTokenSource(_options.Timeout);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, pageDeadline.Token, totalDeadline.Token);
        await using var kill = stop.Token.UnsafeRegister(static p => BoundedProcess.Kill((Process)p!), process);

        var progress = new AnalysisProgress(0, 0, 0);
        var stderrLines = new List<string>();
        var stdout = BoundedProcess.ReadLimitedAsync(process.StandardOutput, _options.MaxResultChars + 1);
        var stderr = Task.Run(async () =>
        {
            while (await process.StandardError.ReadLineAsync(CancellationToken.None) is { } line)
            {
                if (AnalysisChild.ParseProgress(line) is { } p)
                {
                    if (p.PagesToRecognise > 0 && progress.PagesToRecognise == 0)
                    {
                        // Recognition takes far longer than reading a page: the issue's clock grows by its pages' deadlines.
                        var lanes = Math.Max(1, Math.Min(_ocr.Parallelism, p.PagesToRecognise));
                        totalDeadline.CancelAfter(_options.Timeout + (_ocr.PageTimeout * Math.Ceiling((double)p.PagesToRecognise / lanes)));
                    }

                    progress = p;
                    started = true;
                    pageDeadline.CancelAfter(p.PagesToRecognise > 0 && p.PagesRecognised < p.PagesToRecognise
                        ? _options.PageTimeout + (_ocr.PageTimeout * 2)
                        : _options.PageTimeout);
                    observer?.Report(p);
                }
                else if (stderrLines.Count < 50)
                {
                    stderrLines.Add(line);
                }
            }
        }, CancellationToken.None);

        try
        {
            await process.StandardInput.WriteAsync(JsonSerializer.Serialize(new AnalysisChild.Request(_finder.Options, _parallelism, recognition), IssueAnalysis.Json));
            await process.StandardInput.FlushAsync(CancellationToken.None);
            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // The child ended before it read its request: its exit code and stderr say why.
        }

        await process.WaitForExitAsync(CancellationToken.None);
        var output = await stdout;
        await stderr;
        cancellationToken.ThrowIfCancellationRequested();
        var detail = new InvalidOperationException(
            $"analysis child exit code {process.ExitCode}, {progress.PagesRead} page(s) read and {progress.PagesFound} analysed of {progress.PageCount}: "
            + string.Join(" | ", stderrLines));
        if (pageDeadline.IsCancellationRequested && !started)
        {
            throw new InvalidOperationException($"the analysis child did not start within {Seconds(_options.StartupTimeout)}", detail);
        }

        if (pageDeadline.IsCancellationRequested)
        {
            var page = progress.PagesRead < progress.PageCount || progress.PageCount == 0 ? progress.PagesRead + 1 : progress.PagesFound + 1;
            var step = progress.PagesRead < progress.PageCount || progress.PageCount == 0 ? "reading the text of page" : "finding the articles of a page, the";
            throw new AnalysisFailedException($"the text analysis was stopped: {step} {page} took longer than {Seconds(_options.PageTimeout)}", detail);
        }

        if (totalDeadline.IsCancellationRequested)
        {
            throw new AnalysisFailedException($"the text analysis was stopped: it took longer than {Seconds(_options.Timeout)}", detail);
        }

        switch (process.ExitCode)
        {
            case 0 when output.Length <= _options.MaxResultChars:
                return JsonSerializer.Deserialize<AnalysedIssue>(output, IssueAnalysis.Json)
                    ?? throw new AnalysisFailedException("the text analysis gave no result", detail);
            case 0:
                throw new AnalysisFailedException($"the text analysis gave a result larger than {_options.MaxResultChars} characters", detail);
            case AnalysisChild.Rejected:
                throw new AnalysisFailedException(stderrLines.FirstOrDefault(l => l.StartsWith(AnalysisChild.RejectedPrefix, StringComparison.Ordinal))?[AnalysisChild.RejectedPrefix.Length..]
                    ?? "the text analysis refused the PDF", detail);
            case AnalysisChild.OutOfMemory:
            case 134 when stderrLines.Any(l => l.Contains("OutOfMemory", StringComparison.Ordinal) || l.Contains("out of memory", StringComparison.OrdinalIgnoreCase)):
                throw new AnalysisFailedException($"the text analysis ran out of memory (limit {PdfValidator.FormatBytes(_options.HeapLimitBytes > 0 ? _options.HeapLimitBytes : _options.MemoryLimitBytes)})", detail);
            case 128 + 24: // SIGXCPU: the CPU-time limit
                throw new AnalysisFailedException($"the text analysis used more than its {_options.CpuSeconds} s of CPU time", detail);
            case > 128:
                throw new AnalysisFailedException($"the text analysis crashed (signal {(process.ExitCode - 128).ToString(CultureInfo.InvariantCulture)}) on this PDF", detail);
            default:
                throw new AnalysisFailedException($"the text analysis failed on this PDF (exit code {process.ExitCode.ToString(CultureInfo.InvariantCulture)})", detail);
        }
    }

    private static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture) + " s";
}
