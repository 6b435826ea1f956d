using System.Diagnostics;
using System.Globalization;

namespace XuhuiEpaper.Web.Api;

/// <summary>
/// Cuts one page out of an original PDF with poppler's <c>pdfseparate</c> and keeps it under
/// <c>pages/&lt;sha256&gt;-&lt;n&gt;.pdf</c>, so each page is cut once. Writes go to a temporary name and are renamed into place.
/// </summary>
public sealed class PagePdfExtractor(DataPaths paths) : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly SemaphoreSlim _gate = new(Math.Max(1, Environment.ProcessorCount / 2));

    public string CachedPath(string sha256, int pageNumber) =>
        Path.Combine(paths.PagePdfDir, string.Create(CultureInfo.InvariantCulture, $"{sha256}-{pageNumber}.pdf"));

    /// <summary>The path of the page's PDF, cut now if it was not cut before.</summary>
    public async Task<string> GetAsync(string sha256, string originalPath, int pageNumber, CancellationToken cancellationToken)
    {
        var target = CachedPath(sha256, pageNumber);
        if (File.Exists(target))
        {
            return target;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (File.Exists(target))
            {
                return target;
            }

            Directory.CreateDirectory(paths.PagePdfDir);
            var temp = Path.Combine(paths.PagePdfDir, $".{Guid.NewGuid():N}.tmp");
            try
            {
                await RunAsync(originalPath, pageNumber, temp, cancellationToken);
                File.Move(temp, target, overwrite: true);
            }
            finally
            {
                File.Delete(temp);
            }

            return target;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    /// <summary>Deletes the cut pages of an original (when its issue is deleted).</summary>
    public void DeletePages(string sha256)
    {
        if (!Directory.Exists(paths.PagePdfDir))
        {
            return;
        }

        foreach (var file in Directory.EnumerateFiles(paths.PagePdfDir, sha256 + "-*.pdf"))
        {
            File.Delete(file);
        }
    }

    private static async Task RunAsync(string original, int pageNumber, string output, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("pdfseparate")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        var page = pageNumber.ToString(CultureInfo.InvariantCulture);
        foreach (var arg in new[] { "-f", page, "-l", page, original, output })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("pdfseparate could not be started (is poppler-utils installed?)");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        if (process.ExitCode != 0 || !File.Exists(output))
        {
            throw new InvalidOperationException($"pdfseparate failed on page {pageNumber} (exit {process.ExitCode}): {(await error).Trim()}");
        }
    }
}
