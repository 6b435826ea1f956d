using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using XuhuiEpaper.Core.Model;
using XuhuiEpaper.Ingest.Images;
using XuhuiEpaper.Ingest.Pipeline;
using XuhuiEpaper.Ingest.Rendering;
using XuhuiEpaper.Ingest.Validation;
using XuhuiEpaper.Storage;

/// <summary>The measurements.</summary>
internal static partial class Bench
{
    public static async Task<TimeSpan> FloorAsync(string pdf, int width)
    {
        var info = new ProcessStartInfo("sh")
        {
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "-c", "exec pdftoppm -cropbox -scale-to-x \"$1\" -scale-to-y -1 \"$2\" > /dev/null", "sh", width.ToString(CultureInfo.InvariantCulture), pdf })
        {
            info.ArgumentList.Add(arg);
        }

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(info) ?? throw new InvalidOperationException("cannot start pdftoppm");
        await process.WaitForExitAsync();
        clock.Stop();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"pdftoppm failed with exit code {process.ExitCode}");
        }

        return clock.Elapsed;
    }

    /// <summary>
    /// One whole-issue ingest into a fresh data folder, built as the pipeline tests build it. Returns the time until the
    /// issue is published (visible to readers: the pipeline's commit), the time per stage, and the time until its IIIF
    /// tiles, made after the publish as `epaper ingest` makes them (every core), are done (the same as the first without tiles).
    /// </summary>
    public static async Task<(TimeSpan Wall, string Stages, TimeSpan TilesDone)> IngestAsync(string pdf, ImageOptions imageOptions, RenderOptions renderOptions, MetadataOverrides overrides)
    {
        var dataDir = Path.Combine(Path.GetTempPath(), $"epaper-bench-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dataDir);
        try
        {
            using var database = new EpaperDatabase(Path.Combine(dataDir, "epaper.db"));
            await database.MigrateAsync();
            var epaper = Options.Create(new EpaperOptions { DataDir = dataDir });
            var images = Options.Create(imageOptions);
            var pipeline = new IngestPipeline(
                new PdfValidator(new IngestLimits()), new PopplerRenderer(renderOptions), new PageImageDeriver(images), images,
                XuhuiEpaper.Core.Layout.ArticleFinder.Instance, new BrowseStore(database), new PublishStore(database), epaper, NullLogger<IngestPipeline>.Instance);

            var marks = new List<(IngestStage Stage, TimeSpan At)>();
            var clock = Stopwatch.StartNew();
            var progress = new StageClock(clock, marks);
            var result = await pipeline.IngestAsync(pdf, overrides, progress);
            clock.Stop();
            if (result.AlreadyPublished)
            {
                throw new InvalidOperationException("the fresh data folder already had the issue");
            }

            var published = clock.Elapsed;
            var stages = string.Join(", ", marks.Zip(marks.Skip(1).Select(m => m.At).Append(published))
                .Where(p => p.First.Stage != IngestStage.Done)
                .Select(p => $"{p.First.Stage.ToString().ToLowerInvariant()} {(p.Second - p.First.At).TotalSeconds:0.00}"));
            clock.Start();
            var tiles = new TileRunner(new TileTaskStore(database), images, epaper, NullLogger<TileRunner>.Instance);
            await tiles.RunAllAsync(Environment.ProcessorCount, CancellationToken.None);
            clock.Stop();
            return (published, stages, clock.Elapsed);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dataDir, recursive: true);
        }
    }

    /// <summary>`dotnet epaper.dll ingest file.pdf --data fresh-folder`, timed from start to exit.</summary>
    public static async Task<TimeSpan> CliIngestAsync(string epaperDll, string pdf)
    {
        var dataDir = Path.Combine(Path.GetTempPath(), $"epaper-bench-cli-{Guid.NewGuid():N}");
        try
        {
            var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var arg in new[] { epaperDll, "ingest", pdf, "--data", dataDir })
            {
                info.ArgumentList.Add(arg);
            }

            var clock = Stopwatch.StartNew();
            using var process = Process.Start(info) ?? throw new InvalidOperationException("cannot start epaper");
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            clock.Stop();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"epaper ingest failed with exit code {process.ExitCode}: {await output}{await errors}");
            }

            return clock.Elapsed;
        }
        finally
        {
            if (Directory.Exists(dataDir))
            {
                Directory.Delete(dataDir, recursive: true);
            }
        }
    }

    public static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    /// <summary>Resets this process's VmHWM to its current RSS (Linux: "5" into /proc/self/clear_refs).</summary>
    /// <returns>The resident set size at the reset.</returns>
    public static long ResetPeakMemory()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        File.WriteAllText("/proc/self/clear_refs", "5");
        return PeakMemoryBytes();
    }

    /// <summary>VmHWM of /proc/self/status: the peak resident set size since the last reset.</summary>
    public static long PeakMemoryBytes()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                return long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
            }
        }

        throw new InvalidOperationException("no VmHWM in /proc/self/status");
    }

    /// <summary>CPU seconds (user + system) of this process, and of its children that have ended (getrusage).</summary>
    public static (double Self, double Children) CpuSeconds()
    {
        return (Seconds(0), Seconds(-1));

        static double Seconds(int who)
        {
            // struct rusage begins with ru_utime and ru_stime, two struct timeval {long sec; long usec}.
            var usage = new long[18];
            if (GetRusage(who, usage) != 0)
            {
                throw new InvalidOperationException($"getrusage failed: errno {Marshal.GetLastPInvokeError()}");
            }

            return usage[0] + (usage[1] / 1e6) + usage[2] + (usage[3] / 1e6);
        }
    }

    public static string LoadAverage() => File.ReadAllText("/proc/loadavg").Split(' ')[0];

    [LibraryImport("libc", EntryPoint = "getrusage", SetLastError = true)]
    private static partial int GetRusage(int who, [Out] long[] usage);

    private sealed class StageClock(Stopwatch clock, List<(IngestStage Stage, TimeSpan At)> marks) : IProgress<IngestProgress>
    {
        public void Report(IngestProgress value)
        {
            lock (marks)
            {
                // Only the first report of a stage: Progress<T> in the pipeline may deliver a late one.
                if (!marks.Exists(m => m.Stage == value.Stage))
                {
                    marks.Add((value.Stage, clock.Elapsed));
                }
            }
        }
    }
}
