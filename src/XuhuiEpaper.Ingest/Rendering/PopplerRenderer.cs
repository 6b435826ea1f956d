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
        ArgumentOutOfRangeException.ThrowIfLessThan(pageNumber, 1);
        var bitmap = await RenderRangeAsync(pdfPath, pageNumber, pageNumber, widthPx, null, cancellationToken);
        return bitmap!;
    }

    /// <summary>
    /// Renders pages 1..<paramref name="pageCount"/> at <paramref name="widthPx"/> and hands each bitmap to
    /// <paramref name="processPage"/> (which must not keep it: it is disposed when the callback returns). Results come
    /// back in page order. The first failure cancels the rest and is thrown.
    /// </summary>
    /// <remarks>
    /// Up to <see cref="RenderOptions.MaxParallelism"/> pdftoppm processes run at once, each rendering a run of
    /// consecutive pages (<see cref="RenderOptions.PagesPerProcess"/> at most) and streaming them one after another:
    /// while a page is being processed here, its pdftoppm already renders the next one. A process also costs its
    /// start-up (loading the PDF and its fonts) once per run instead of once per page.
    /// </remarks>
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
        var processes = Math.Clamp(_options.MaxParallelism, 1, pageCount);
        var runLength = Math.Clamp((pageCount + processes - 1) / processes, 1, Math.Max(1, _options.PagesPerProcess));
        var runs = Enumerable.Range(0, (pageCount + runLength - 1) / runLength)
            .Select(i => (First: (i * runLength) + 1, Last: Math.Min(pageCount, (i + 1) * runLength)));
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = processes, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(runs, parallel, async (run, ct) =>
        {
            using var none = await RenderRangeAsync(pdfPath, run.First, run.Last, widthPx, async (page, bitmap, token) =>
            {
                results[page - 1] = await processPage(page, bitmap, token);
                progress?.Report(new PageProgress(Interlocked.Increment(ref completed), pageCount, page));
            }, ct);
        });
        return results;
    }

    /// <summary>
    /// One pdftoppm process renders pages <paramref name="first"/>..<paramref name="last"/> to its stdout, one PPM after
    /// another; each is read into a bitmap and handed to <paramref name="onPage"/>, then disposed. Each page has
    /// <see cref="RenderOptions.PageTimeout"/> from the moment it is waited for until its last byte is read; the clock
    /// stops while <paramref name="onPage"/> runs. On a timeout or a failure the process is killed and the page that was
    /// awaited is named in the <see cref="PageRenderException"/>. Without <paramref name="onPage"/>, the bitmap of the
    /// last page is returned instead (the caller owns it); with one, null is returned.
    /// </summary>
    private async Task<SKBitmap?> RenderRangeAsync(
        string pdfPath, int first, int last, int widthPx, Func<int, SKBitmap, CancellationToken, ValueTask>? onPage, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(pdfPath);
        ArgumentOutOfRangeException.ThrowIfLessThan(first, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(last, first);
        ArgumentOutOfRangeException.ThrowIfLessThan(widthPx, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(widthPx, _options.MaxRasterSidePx);

        using var process = new Process { StartInfo = CreateStartInfo(pdfPath, first, last, widthPx) };
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            throw new PageRenderException(
                first, PageRenderFailure.Failed, $"page {first}: cannot start {process.StartInfo.FileName}: {ex.Message}");
        }

        var stderrTask = ReadLimitedAsync(process.StandardError);
        using var deadline = new CancellationTokenSource();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);

        // Killing the child closes its stdout, which ends any pending read; no reliance on pipe read cancellation.
        await using var killOnCancel = linked.Token.UnsafeRegister(static state => KillTree((Process)state!), process);

        var page = first;
        Exception? readError = null;
        SKBitmap? kept = null;

        // A page's bitmap is refilled by the next page of the same size: a zoom render is tens of MB, and fresh memory
        // costs a page fault per 4 KB on first touch.
        SKBitmap? spare = null;
        try
        {
            var stdout = process.StandardOutput.BaseStream;
            for (; page <= last; page++)
            {
                deadline.CancelAfter(_options.PageTimeout);
                SKBitmap bitmap;
                try
                {
                    var (width, height) = await PpmReader.ReadHeaderAsync(stdout, CancellationToken.None);
                    if (width < 1 || height < 1 || width > _options.MaxRasterSidePx || height > _options.MaxRasterSidePx)
                    {
                        throw new InvalidDataException($"pdftoppm produced a {width} x {height} px image, outside the {_options.MaxRasterSidePx} px limit");
                    }

                    var reuse = spare is not null && spare.Width == width && spare.Height == height ? spare : null;
                    if (reuse is null)
                    {
                        spare?.Dispose();
                    }

                    spare = null;
                    bitmap = await PpmReader.ReadPixelsAsync(stdout, width, height, reuse, CancellationToken.None);
                }
                catch (Exception ex) when (ex is IOException or InvalidDataException or ObjectDisposedException)
                {
                    readError = ex;
                    KillTree(process);
                    break;
                }

                // The clock is pdftoppm's: it stops while this page is processed (pdftoppm renders the next meanwhile).
                deadline.CancelAfter(Timeout.InfiniteTimeSpan);
                if (deadline.IsCancellationRequested)
                {
                    bitmap.Dispose();
                    break;
                }

                if (onPage is null)
                {
                    kept?.Dispose();
                    kept = bitmap;
                    continue;
                }

                try
                {
                    await onPage(page, bitmap, cancellationToken);
                }
                catch
                {
                    bitmap.Dispose();
                    throw;
                }

                spare = bitmap;
            }

            if (page > last)
            {
                // Bounded by the same deadline: if pdftoppm keeps running after its output, the token kills it.
                deadline.CancelAfter(_options.PageTimeout);
            }

            try
            {
                await process.WaitForExitAsync(linked.Token);
            }
            catch (OperationCanceledException)
            {
                KillTree(process);
                await process.WaitForExitAsync(CancellationToken.None);
            }
        }
        catch
        {
            kept?.Dispose();
            throw;
        }
        finally
        {
            spare?.Dispose();

            // onPage failed, or the caller cancelled: no pdftoppm outlives this call.
            if (!process.HasExited)
            {
                KillTree(process);
                await process.WaitForExitAsync(CancellationToken.None);
            }
        }

        try
        {
            ThrowIfFailed(process, (await stderrTask).Trim(), page, first, last, readError, deadline.IsCancellationRequested, cancellationToken);
        }
        catch
        {
            kept?.Dispose();
            throw;
        }

        return kept;
    }

    private void ThrowIfFailed(Process process, string stderr, int page, int first, int last, Exception? readError, bool timedOut, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var failedPage = Math.Clamp(page, first, last);
        if (timedOut)
        {
            throw new PageRenderException(
                failedPage,
                PageRenderFailure.TimedOut,
                $"page {failedPage}: rendering timed out after {FormatDuration(_options.PageTimeout)}; pdftoppm was killed",
                stderr);
        }

        if (stderr.Contains("Out of memory", StringComparison.OrdinalIgnoreCase)
            || stderr.Contains("bad_alloc", StringComparison.Ordinal))
        {
            throw new PageRenderException(
                failedPage,
                PageRenderFailure.OutOfMemory,
                $"page {failedPage}: rendering ran out of memory (limit {PdfValidator.FormatBytes(_options.MemoryLimitBytes)})",
                stderr);
        }

        if (process.ExitCode != 0)
        {
            throw new PageRenderException(
                failedPage,
                PageRenderFailure.Failed,
                $"page {failedPage}: pdftoppm failed with {DescribeExit(process.ExitCode)}{Detail(stderr)}",
                stderr);
        }

        if (readError is not null || page <= last)
        {
            throw new PageRenderException(
                failedPage,
                PageRenderFailure.BadOutput,
                $"page {failedPage}: pdftoppm gave no usable image ({readError?.Message ?? "no output"}){Detail(stderr)}",
                stderr);
        }
    }

    private ProcessStartInfo CreateStartInfo(string pdfPath, int first, int last, int widthPx)
    {
        string[] pdftoppmArgs =
        [
            "-f", first.ToString(CultureInfo.InvariantCulture), "-l", last.ToString(CultureInfo.InvariantCulture),
            "-cropbox",

            // Without it, a page with /Rotate 90 or 270 is scaled by its unrotated width: a portrait page drawn sideways
            // came out 283 px wide when 400 were asked for.
            "-scale-dimension-before-rotation",
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
