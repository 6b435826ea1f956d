using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

/// <summary>One real ingest of a PDF, measured, and the pdftoppm floor for the same pages.</summary>
/// <param name="OwnSeconds">The ingest's own clock ("N pages in X s": from queueing the job to its end), so without
/// the process's start-up, JIT warm-up of the host and database set-up; null if it did not say.</param>
internal sealed record IngestMeasure(
    string Pdf, int Pages, double IngestSeconds, double? OwnSeconds, long EpaperPeak, IReadOnlyDictionary<string, long> ChildPeaks, long TreePeak,
    double FloorSeconds, long FloorPeak, string? Error)
{
    public double Ratio => FloorSeconds <= 0 ? 0 : IngestSeconds / FloorSeconds;
    public double? OwnRatio => FloorSeconds <= 0 || OwnSeconds is null ? null : OwnSeconds / FloorSeconds;
}

/// <summary>
/// `dotnet epaper.dll ingest X.pdf --data fresh-folder --date 1900-01-01 --paper bench` as a child process, timed
/// and sampled for memory, as an archivist runs it (start-up, JIT and database included); then the floor: pdftoppm
/// rasterizing the same pages (all of them: the ingest takes the whole PDF) at the production zoom width to /dev/null.
/// </summary>
internal static partial class IngestProbe
{
    public static async Task<IngestMeasure> MeasureAsync(string epaperDll, string pdf, int pages, int zoomWidth)
    {
        var name = Path.GetFileNameWithoutExtension(pdf);
        var dataDir = Path.Combine(Path.GetTempPath(), $"epaper-bench-score-{Guid.NewGuid():N}");
        try
        {
            var ingest = await RunAsync("dotnet", [epaperDll, "ingest", pdf, "--data", dataDir, "--date", "1900-01-01", "--paper", "bench"]);
            var floor = await RunAsync("sh", ["-c", "exec pdftoppm -r 72 -cropbox -scale-to-x \"$1\" -scale-to-y -1 \"$2\" > /dev/null", "sh", zoomWidth.ToString(CultureInfo.InvariantCulture), pdf]);
            var error = ingest.Error is not null ? $"ingest: {ingest.Error}" : floor.Error is not null ? $"floor: {floor.Error}" : null;
            var own = OwnClock().Match(ingest.Output);
            double? ownSeconds = own.Success ? double.Parse(own.Groups[1].Value, CultureInfo.InvariantCulture) : null;
            return new IngestMeasure(name, pages, ingest.Seconds, ownSeconds, ingest.RootPeak, ingest.ChildPeaks, ingest.TreePeak, floor.Seconds, floor.RootPeak, error);
        }
        finally
        {
            if (Directory.Exists(dataDir))
            {
                Directory.Delete(dataDir, recursive: true);
            }
        }
    }

    [GeneratedRegex(@"^\d+ pages? in ([0-9.]+) s$", RegexOptions.Multiline)]
    private static partial Regex OwnClock();

    private static async Task<(double Seconds, long RootPeak, IReadOnlyDictionary<string, long> ChildPeaks, long TreePeak, string Output, string? Error)> RunAsync(string program, string[] args)
    {
        var info = new ProcessStartInfo(program) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"cannot start {program}");
        using var sampler = new ProcessTreeSampler(process.Id);
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        clock.Stop();
        sampler.Dispose();
        var error = process.ExitCode == 0 ? null : $"exit code {process.ExitCode}: {Last(await output + await errors)}";
        return (clock.Elapsed.TotalSeconds, sampler.RootPeakBytes, sampler.ChildPeakBytes, sampler.TreePeakBytes, await output, error);
    }

    private static string Last(string text)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return string.Join(" / ", lines.TakeLast(3));
    }
}
