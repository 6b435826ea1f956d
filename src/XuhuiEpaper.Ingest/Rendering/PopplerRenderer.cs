using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;
using SkiaSharp;
using XuhuiEpaper.Ingest.Validation;

namespace XuhuiEpaper.Ingest.Rendering;

/// <summary>Progress of a multi-page render: <paramref name="Completed"/> of <paramref name="Total"/> pages are done; the last was <paramref name="PageNumber"/>.</summary>
public readonly record struct PageProgress(int Completed, int Total, int PageNumber);

/// <summary>
/// Rasterizes PDF pages with poppler's <c>pdftoppm</c> in a child process (under <c>prlimit --as</c>), reading the
/// PPM it writes on stdout straight into an <see cref="SKBitmap"/>. A page that takes too long or too much memory
/// only kills its own child process.
/// </summary>
public sealed class PopplerRenderer
{
    private const int MaxStderrChars = 4000;
    private readonly RenderOptions _options;

    public PopplerRenderer(IOptions<RenderOptions> options)
        : this(options.Value)
    {
    }

    public PopplerRenderer(RenderOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
    }

    public RenderOptions Options => _options;

    /// <summary>
    /// Renders page <paramref name="pageNumber"/> (1-based) <paramref name="widthPx"/> pixels wide (height follows the
    /// page's aspect ratio). The caller owns and disposes the bitmap. Throws <see cref="PageRenderException"/>.
    /// </summary>
    public async Task<SKBitmap> RenderPageAsync(string pdfPath, int pageNumber, int widthPx, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(pdfPath);
        ArgumentOutOfRangeException.ThrowIfLessThan(pageNumber, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(widthPx, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(widthPx, _options.MaxRasterSidePx);

        using var process = new Process { StartInfo = CreateStartInfo(pdfPath, pageNumber, widthPx) };
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            throw new PageRenderException(
                pageNumber, PageRenderFailure.Failed, $"page {pageNumber}: cannot start {process.StartInfo.FileName}: {ex.Message}");
        }

        var stderrTask = ReadLimitedAsync(process.StandardError);
        using var timeout = new CancellationTokenSource(_options.PageTimeout);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);

        // Killing the child closes its stdout, which ends any pending read; no reliance on pipe read cancellation.
        await using var killOnCancel = linked.Token.UnsafeRegister(static state => KillTree((Process)state!), process);

        SKBitmap? bitmap = null;
        Exception? readError = null;
        try
        {
            var stdout = process.StandardOutput.BaseStream;
            var (width, height) = await PpmReader.ReadHeaderAsync(stdout, CancellationToken.None);
            if (width < 1 || height < 1 || width > _options.MaxRasterSidePx || height > _options.MaxRasterSidePx)
            {
                throw new InvalidDataException($"pdftoppm produced a {width} x {height} px image, outside the {_options.MaxRasterSidePx} px limit");
            }

            bitmap = await PpmReader.ReadPixelsAsync(stdout, width, height, CancellationToken.None);
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or ObjectDisposedException)
        {
            readError = ex;
            KillTree(process);
        }

        try
        {
            // Bounded by the same deadline: if pdftoppm keeps running after its output, the token kills it.
            await process.WaitForExitAsync(linked.Token);
        }
        catch (OperationCanceledException)
        {
            KillTree(process);
            await process.WaitForExitAsync(CancellationToken.None);
        }

        var stderr = (await stderrTask).Trim();
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (timeout.IsCancellationRequested)
            {
                throw new PageRenderException(
                    pageNumber,
                    PageRenderFailure.TimedOut,
                    $"page {pageNumber}: rendering timed out after {FormatDuration(_options.PageTimeout)}; pdftoppm was killed",
                    stderr);
            }

            if (stderr.Contains("Out of memory", StringComparison.OrdinalIgnoreCase)
                || stderr.Contains("bad_alloc", StringComparison.Ordinal))
            {
                throw new PageRenderException(
                    pageNumber,
                    PageRenderFailure.OutOfMemory,
                    $"page {pageNumber}: rendering ran out of memory (limit {PdfValidator.FormatBytes(_options.MemoryLimitBytes)})",
                    stderr);
            }

            if (process.ExitCode != 0)
            {
                throw new PageRenderException(
                    pageNumber,
                    PageRenderFailure.Failed,
                    $"page {pageNumber}: pdftoppm failed with {DescribeExit(process.ExitCode)}{Detail(stderr)}",
                    stderr);
            }

            if (readError is not null || bitmap is null)
            {
                throw new PageRenderException(
                    pageNumber,
                    PageRenderFailure.BadOutput,
                    $"page {pageNumber}: pdftoppm gave no usable image ({readError?.Message ?? "no output"}){Detail(stderr)}",
                    stderr);
            }

            var result = bitmap;
            bitmap = null;
            return result;
        }
        finally
        {
            bitmap?.Dispose();
        }
    }

    /// <summary>
    /// Renders pages 1..<paramref name="pageCount"/> at <paramref name="widthPx"/>, at most
    /// <see cref="RenderOptions.MaxParallelism"/> at a time, and hands each bitmap to <paramref name="processPage"/>
    /// (which must not keep it: it is disposed when the callback returns). Results come back in page order.
    /// The first failure cancels the rest and is thrown.
    /// </summary>
    public async Task<IReadOnlyList<T>> RenderPagesAsync<T>(
        string pdfPath,
        int pageCount,
        int widthPx,
        Func<int, SKBitmap, CancellationToken, ValueTask<T>> processPage,
        IProgress<PageProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(processPage);
        ArgumentOutOfRangeException.ThrowIfLessThan(pageCount, 1);
        var results = new T[pageCount];
        var completed = 0;
        var parallel = new ParallelOptions
        {
            MaxDegreeOfParallelism = Math.Max(1, _options.MaxParallelism),
            CancellationToken = cancellationToken,
        };
        await Parallel.ForEachAsync(Enumerable.Range(1, pageCount), parallel, async (page, ct) =>
        {
            using (var bitmap = await RenderPageAsync(pdfPath, page, widthPx, ct))
            {
                results[page - 1] = await processPage(page, bitmap, ct);
            }

            progress?.Report(new PageProgress(Interlocked.Increment(ref completed), pageCount, page));
        });
        return results;
    }

    private ProcessStartInfo CreateStartInfo(string pdfPath, int pageNumber, int widthPx)
    {
        var page = pageNumber.ToString(CultureInfo.InvariantCulture);
        string[] pdftoppmArgs =
        [
            "-f", page, "-l", page,
            "-cropbox",
            "-scale-to-x", widthPx.ToString(CultureInfo.InvariantCulture),
            "-scale-to-y", "-1",
            Path.GetFullPath(pdfPath),
        ];

        ProcessStartInfo info;
        if (string.IsNullOrEmpty(_options.PrlimitPath))
        {
            info = new ProcessStartInfo(_options.PdftoppmPath);
        }
        else
        {
            // prlimit sets the limit on itself and execs pdftoppm: one process, same pid.
            info = new ProcessStartInfo(_options.PrlimitPath);
            info.ArgumentList.Add("--as=" + _options.MemoryLimitBytes.ToString(CultureInfo.InvariantCulture));
            info.ArgumentList.Add("--core=0");
            info.ArgumentList.Add("--");
            info.ArgumentList.Add(_options.PdftoppmPath);
        }

        foreach (var arg in pdftoppmArgs)
        {
            info.ArgumentList.Add(arg);
        }

        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.RedirectStandardInput = false;
        info.UseShellExecute = false;
        info.CreateNoWindow = true;
        info.StandardErrorEncoding = Encoding.UTF8;
        return info;
    }

    private static void KillTree(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        catch (Win32Exception)
        {
            // Already gone, or exiting.
        }
    }

    private static async Task<string> ReadLimitedAsync(StreamReader reader)
    {
        var sb = new StringBuilder();
        var buffer = new char[1024];
        int read;
        while ((read = await reader.ReadAsync(buffer)) > 0)
        {
            // Keep draining so the child never blocks on a full stderr pipe, but keep only the start.
            if (sb.Length < MaxStderrChars)
            {
                sb.Append(buffer, 0, Math.Min(read, MaxStderrChars - sb.Length));
            }
        }

        return sb.ToString();
    }

    private static string Detail(string stderr)
    {
        if (stderr.Length == 0)
        {
            return "";
        }

        var line = stderr.ReplaceLineEndings(" | ");
        return ": " + (line.Length > 300 ? line[..300] + "…" : line);
    }

    private static string DescribeExit(int code) => code > 128
        ? $"signal {code - 128} (exit code {code})"
        : $"exit code {code}";

    private static string FormatDuration(TimeSpan span) => span.TotalSeconds >= 1
        ? span.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture) + " s"
        : span.TotalMilliseconds.ToString("0.###", CultureInfo.InvariantCulture) + " ms";
}
