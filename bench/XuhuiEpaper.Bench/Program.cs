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

// bench ingest [file.pdf] [--runs N] [--cli path/to/epaper.dll]
//   The floor: pdftoppm rasterizing every page once, one after another (one process), at the zoom width, raw PPM
//   to /dev/null. Then the whole-issue ingest through the real IngestPipeline (production image sizes) into a fresh
//   temporary data folder. Floor and ingest alternate, so both see the same machine load; the ratio is of medians.
//   With --cli, each run also times `epaper ingest` as a new process (start-up, JIT and database included), as an
//   archivist runs it.
var arguments = args.ToList();
if (arguments.Count == 0 || arguments[0] != "ingest")
{
    Console.Error.WriteLine("usage: bench ingest [file.pdf] [--runs N] [--cli path/to/epaper.dll]");
    return 2;
}

arguments.RemoveAt(0);
string? cli = null;
var cliAt = arguments.IndexOf("--cli");
if (cliAt >= 0)
{
    if (cliAt + 1 >= arguments.Count || !File.Exists(arguments[cliAt + 1]))
    {
        Console.Error.WriteLine("bench: --cli needs the path of an existing epaper.dll");
        return 2;
    }

    cli = Path.GetFullPath(arguments[cliAt + 1]);
    arguments.RemoveRange(cliAt, 2);
}

var runs = 7;
var runsAt = arguments.IndexOf("--runs");
if (runsAt >= 0)
{
    if (runsAt + 1 >= arguments.Count || !int.TryParse(arguments[runsAt + 1], CultureInfo.InvariantCulture, out runs) || runs < 1)
    {
        Console.Error.WriteLine("bench: --runs needs a positive number");
        return 2;
    }

    arguments.RemoveRange(runsAt, 2);
}

var pdf = Path.GetFullPath(arguments.Count > 0 ? arguments[0] : Path.Combine(Bench.FindRoot(), "samples", "xuhuibao-2021-12-13.pdf"));
if (!File.Exists(pdf))
{
    Console.Error.WriteLine($"bench: {pdf}: no such file");
    return 1;
}

var imageOptions = new ImageOptions();
var renderOptions = new RenderOptions();
var pages = new PdfValidator(new IngestLimits()).Validate(pdf).Pages.Count;
Console.WriteLine($"file        {pdf}");
Console.WriteLine($"pages       {pages}, zoom width {imageOptions.ZoomWidth} px, screen {imageOptions.ScreenWidth}, thumb {imageOptions.ThumbnailWidth}, WebP method {imageOptions.WebpMethod}");
Console.WriteLine($"machine     {Environment.ProcessorCount} cores, render parallelism {renderOptions.MaxParallelism}, libwebp {LibWebp.Version}, load average {Bench.LoadAverage()}");
Console.WriteLine();

var floors = new List<double>();
var ingests = new List<double>();
var clis = new List<double>();
var peaks = new List<long>();
var floorCpus = new List<double>();
var ingestCpus = new List<double>();
for (var run = 1; run <= runs; run++)
{
    var floorCpuBefore = Bench.CpuSeconds().Children;
    var floor = await Bench.FloorAsync(pdf, imageOptions.ZoomWidth);
    var floorCpu = Bench.CpuSeconds().Children - floorCpuBefore;
    floors.Add(floor.TotalSeconds);
    floorCpus.Add(floorCpu);
    Console.WriteLine($"run {run}  floor   {floor.TotalSeconds,6:0.000} s  {floor.TotalSeconds / pages,6:0.000} s/page  (pdftoppm cpu {floorCpu:0.00} s)");

    var rssBefore = Bench.ResetPeakMemory();
    var cpuBefore = Bench.CpuSeconds();
    var (wall, stages) = await Bench.IngestAsync(pdf, imageOptions, renderOptions);
    var peak = Bench.PeakMemoryBytes();
    var cpuAfter = Bench.CpuSeconds();
    ingests.Add(wall.TotalSeconds);
    ingestCpus.Add(cpuAfter.Self - cpuBefore.Self + cpuAfter.Children - cpuBefore.Children);
    peaks.Add(peak);
    Console.WriteLine($"run {run}  ingest  {wall.TotalSeconds,6:0.000} s  {wall.TotalSeconds / pages,6:0.000} s/page  {wall.TotalSeconds / floor.TotalSeconds:0.00}x this run's floor  peak {peak >> 20} MB (from {rssBefore >> 20} MB, managed heap {GC.GetTotalMemory(false) >> 20} MB, GC committed {GC.GetGCMemoryInfo().TotalCommittedBytes >> 20} MB)");
    Console.WriteLine($"        stages  {stages}; cpu: this process {cpuAfter.Self - cpuBefore.Self:0.00} s, pdftoppm {cpuAfter.Children - cpuBefore.Children:0.00} s");
    if (cli is not null)
    {
        var cliCpuBefore = Bench.CpuSeconds().Children;
        var cliWall = await Bench.CliIngestAsync(cli, pdf);
        var cliCpu = Bench.CpuSeconds().Children - cliCpuBefore;
        clis.Add(cliWall.TotalSeconds);
        Console.WriteLine($"run {run}  cli     {cliWall.TotalSeconds,6:0.000} s  {cliWall.TotalSeconds / pages,6:0.000} s/page  {cliWall.TotalSeconds / floor.TotalSeconds:0.00}x this run's floor  (epaper ingest in a new process, cpu {cliCpu:0.00} s with its pdftoppm)");
    }
}

// pdftoppm's memory is sampled from /proc in one more ingest, not timed: scanning /proc takes CPU from the ingest.
long childPeak;
using (var sampler = new ChildPeakSampler("pdftoppm"))
{
    await Bench.IngestAsync(pdf, imageOptions, renderOptions);
    childPeak = sampler.PeakBytes;
}

var floorMedian = Bench.Median(floors);
var ingestMedian = Bench.Median(ingests);
Console.WriteLine();
Console.WriteLine($"floor       median {floorMedian:0.000} s ({floorMedian / pages:0.000} s/page), best {floors.Min():0.000} s");
Console.WriteLine($"ingest      median {ingestMedian:0.000} s ({ingestMedian / pages:0.000} s/page), best {ingests.Min():0.000} s");
Console.WriteLine($"ratio       {ingestMedian / floorMedian:0.00}x the floor (medians; goal at most 1.5x)");
// The machine's speed drifts (shared host): a run's ingest and the floor just before it see nearly the same machine.
var paired = ingests.Zip(floors, (i, f) => i / f).ToList();
Console.WriteLine($"per run     {Bench.Median(paired):0.00}x the floor just before it (median), from {paired.Min():0.00}x to {paired.Max():0.00}x; run 1 includes JIT compilation");
// What the wall times would be with the cores to ourselves: the floor is one process on one core, the ingest can
// use every core. Not a measurement: a bound from the CPU times, shown because other work on the machine skews both.
if (clis.Count > 0)
{
    var cliMedian = Bench.Median(clis);
    Console.WriteLine($"cli         median {cliMedian:0.000} s, {cliMedian / floorMedian:0.00}x the floor (a new process per ingest: start-up and JIT included)");
}

var cores = Math.Min(Environment.ProcessorCount, renderOptions.MaxParallelism);
var cpuRatio = Math.Max(Bench.Median(ingestCpus) / cores, 0) / Bench.Median(floorCpus);
Console.WriteLine($"cpu         floor {Bench.Median(floorCpus):0.00} s, ingest {Bench.Median(ingestCpus):0.00} s (this process and pdftoppm, medians): on {cores} idle cores at best {cpuRatio:0.00}x the floor");
Console.WriteLine($"peak memory ingest process {peaks.Max() >> 20} MB (VmHWM, largest run), pdftoppm {childPeak >> 20} MB (its VmHWM, sampled)");
return 0;

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

    /// <summary>One whole-issue ingest into a fresh data folder, built as the pipeline tests build it; returns the wall time and the time per stage.</summary>
    public static async Task<(TimeSpan Wall, string Stages)> IngestAsync(string pdf, ImageOptions imageOptions, RenderOptions renderOptions)
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
                XuhuiEpaper.Core.Layout.ArticleFinder.Instance, new IssueStore(database), epaper, NullLogger<IngestPipeline>.Instance);

            var marks = new List<(IngestStage Stage, TimeSpan At)>();
            var clock = Stopwatch.StartNew();
            var progress = new StageClock(clock, marks);
            var result = await pipeline.IngestAsync(pdf, new MetadataOverrides(), progress);
            clock.Stop();
            if (result.AlreadyPublished)
            {
                throw new InvalidOperationException("the fresh data folder already had the issue");
            }

            var stages = string.Join(", ", marks.Zip(marks.Skip(1).Select(m => m.At).Append(clock.Elapsed))
                .Where(p => p.First.Stage != IngestStage.Done)
                .Select(p => $"{p.First.Stage.ToString().ToLowerInvariant()} {(p.Second - p.First.At).TotalSeconds:0.00}"));
            return (clock.Elapsed, stages);
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

    public static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "XuhuiEpaper.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("XuhuiEpaper.sln not found above the program");
    }

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

/// <summary>
/// Samples the VmHWM of this process's live children with a given name every 50 ms and keeps the largest.
/// (getrusage's ru_maxrss of children is no use here: a child forked from a large process inherits its high-water mark.)
/// </summary>
internal sealed class ChildPeakSampler : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private long _peak;

    public ChildPeakSampler(string name)
    {
        _loop = Task.Run(async () =>
        {
            var self = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
            while (!_stop.IsCancellationRequested)
            {
                foreach (var dir in Directory.EnumerateDirectories("/proc"))
                {
                    try
                    {
                        // stat: "pid (comm) state ppid ..."; read status only for our children of that name.
                        var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                        var close = stat.LastIndexOf(')');
                        if (close < 0 || stat[(stat.IndexOf('(') + 1)..close] != name || stat[(close + 2)..].Split(' ')[1] != self)
                        {
                            continue;
                        }

                        foreach (var line in File.ReadLines(Path.Combine(dir, "status")))
                        {
                            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                            {
                                InterlockedMax(ref _peak, long.Parse(line[6..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024);
                            }
                        }
                    }
                    catch (IOException)
                    {
                        // Gone while we looked, or not a process folder.
                    }
                    catch (UnauthorizedAccessException)
                    {
                    }
                }

                try
                {
                    await Task.Delay(50, _stop.Token);
                }
                catch (OperationCanceledException)
                {
                }
            }
        });
    }

    public long PeakBytes => Interlocked.Read(ref _peak);

    public void Dispose()
    {
        _stop.Cancel();
        _loop.GetAwaiter().GetResult();
        _stop.Dispose();
    }

    private static void InterlockedMax(ref long target, long value)
    {
        long current;
        while ((current = Interlocked.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
