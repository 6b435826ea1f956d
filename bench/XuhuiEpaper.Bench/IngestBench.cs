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
using XuhuiEpaper.Samples.Scoring;
using XuhuiEpaper.Storage;

/// <summary>
/// `bench ingest [file.pdf] [--runs N] [--cli path/to/epaper.dll]`:
/// The floor: pdftoppm rasterizing every page once, one after another (one process), at the zoom width, raw PPM
/// to /dev/null. Then the whole-issue ingest through the real IngestPipeline (production image sizes) into a fresh
/// temporary data folder, timed until the issue is published (its commit: readers see it); the IIIF tiles follow the
/// publish, and the time until they are done is printed beside it. Floor and ingest alternate, so both see the same machine load; the ratio is of medians.
/// With --cli, each run also times `epaper ingest` as a new process (start-up, JIT and database included), as an
/// archivist runs it.
/// </summary>
internal static class IngestBench
{
    public const string Usage = "bench ingest [file.pdf|dir]... [--runs N] [--cli path/to/epaper.dll] [--date yyyy-MM-dd] [--paper NAME] [--no-tiles]";

    public static async Task<int> RunAsync(string[] args)
    {
        var arguments = args.ToList();
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

        // --no-tiles: each run also ingests without the IIIF tiles (Ingest:Images:IiifTiles=false), and the cost of the
        // tiles is printed as the difference of the medians, wall and CPU, measured in the same runs.
        var compareTiles = arguments.Remove("--no-tiles");
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

        var overrides = new MetadataOverrides();
        var dateAt = arguments.IndexOf("--date");
        if (dateAt >= 0)
        {
            if (dateAt + 1 >= arguments.Count || !DateOnly.TryParseExact(arguments[dateAt + 1], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                Console.Error.WriteLine("bench: --date needs yyyy-MM-dd");
                return 2;
            }

            overrides = overrides with { Date = date };
            arguments.RemoveRange(dateAt, 2);
        }

        var paperAt = arguments.IndexOf("--paper");
        if (paperAt >= 0)
        {
            if (paperAt + 1 >= arguments.Count)
            {
                Console.Error.WriteLine("bench: --paper needs a name");
                return 2;
            }

            overrides = overrides with { Paper = arguments[paperAt + 1] };
            arguments.RemoveRange(paperAt, 2);
        }

        var inputs = arguments.Count > 0 ? arguments : [Path.Combine(RepositoryRoot.Find(), "samples", "xuhuibao-2021-12-13.pdf")];
        var pdfs = inputs.SelectMany(a => Directory.Exists(a) ? Directory.GetFiles(a, "*.pdf").Order(StringComparer.Ordinal).ToArray() : [a]).Select(Path.GetFullPath).ToList();
        if (pdfs.FirstOrDefault(p => !File.Exists(p)) is { } missing)
        {
            Console.Error.WriteLine($"bench: {missing}: no such file");
            return 1;
        }

        var summary = new List<string>();
        foreach (var pdf in pdfs)
        {
            if (await RunFileAsync(pdf, runs, cli, overrides, compareTiles) is { } row)
            {
                summary.Add(row);
            }
        }

        if (pdfs.Count > 1)
        {
            Console.WriteLine();
            Console.WriteLine($"{"pdf",-46} {"pages",5} {"floor s",8} {"ingest s",9} {"ratio",7} {"per run",8} {"peak MB",8} {"pdftoppm MB",12}");
            foreach (var row in summary)
            {
                Console.WriteLine(row);
            }
        }

        return 0;
    }

    /// <summary>Floor and ingest runs for one PDF; the summary row, or null when the ingest refused the file.</summary>
    private static async Task<string?> RunFileAsync(string pdf, int runs, string? cli, MetadataOverrides overrides, bool compareTiles)
    {
        var imageOptions = new ImageOptions();
        var noTiles = new ImageOptions { IiifTiles = false };
        var plainIngests = new List<double>();
        var plainCpus = new List<double>();
        var renderOptions = new RenderOptions();
        int pages;
        try
        {
            pages = new PdfValidator(new IngestLimits()).Validate(pdf).Pages.Count;
        }
        catch (IngestRejectedException ex)
        {
            Console.WriteLine($"file        {pdf}: refused ({ex.Message})");
            return null;
        }

        Console.WriteLine($"file        {pdf}");
        Console.WriteLine($"pages       {pages}, zoom width {imageOptions.ZoomWidth} px, screen {imageOptions.ScreenWidth}, thumb {imageOptions.ThumbnailWidth}, WebP method {imageOptions.WebpMethod}, IIIF tiles {(imageOptions.IiifTiles ? $"JPEG q{imageOptions.TileQuality}" : "off")}");
        Console.WriteLine($"machine     {Environment.ProcessorCount} cores, render parallelism {renderOptions.MaxParallelism}, libwebp {LibWebp.Version}, load average {Bench.LoadAverage()}");
        Console.WriteLine();

        var floors = new List<double>();
        var ingests = new List<double>();
        var clis = new List<double>();
        var peaks = new List<long>();
        var floorCpus = new List<double>();
        var ingestCpus = new List<double>();
        var tilesDone = new List<double>();
        for (var run = 1; run <= runs; run++)
        {
            var floorCpuBefore = Bench.CpuSeconds().Children;
            var floor = await Bench.FloorAsync(pdf, imageOptions.ZoomWidth);
            var floorCpu = Bench.CpuSeconds().Children - floorCpuBefore;
            floors.Add(floor.TotalSeconds);
            floorCpus.Add(floorCpu);
            Console.WriteLine($"run {run}  floor   {floor.TotalSeconds,6:0.000} s  {floor.TotalSeconds / pages,6:0.000} s/page  (pdftoppm cpu {floorCpu:0.00} s)");

            // With --no-tiles, even runs ingest without tiles first: the machine's state after one ingest (caches, dirty pages
            // being written back) would otherwise always fall on the same one of the two.
            if (compareTiles && run % 2 == 0)
            {
                await WithoutTilesAsync(run);
            }

            var rssBefore = Bench.ResetPeakMemory();
            var cpuBefore = Bench.CpuSeconds();
            var (wall, stages, tiled) = await Bench.IngestAsync(pdf, imageOptions, renderOptions, overrides);
            var peak = Bench.PeakMemoryBytes();
            var cpuAfter = Bench.CpuSeconds();
            ingests.Add(wall.TotalSeconds);
            tilesDone.Add(tiled.TotalSeconds);
            ingestCpus.Add(cpuAfter.Self - cpuBefore.Self + cpuAfter.Children - cpuBefore.Children);
            peaks.Add(peak);
            Console.WriteLine($"run {run}  ingest  {wall.TotalSeconds,6:0.000} s  {wall.TotalSeconds / pages,6:0.000} s/page  {wall.TotalSeconds / floor.TotalSeconds:0.00}x this run's floor  (published; tiles done at {tiled.TotalSeconds:0.000} s)  peak {peak >> 20} MB (from {rssBefore >> 20} MB, managed heap {GC.GetTotalMemory(false) >> 20} MB, GC committed {GC.GetGCMemoryInfo().TotalCommittedBytes >> 20} MB)");
            Console.WriteLine($"        stages  {stages}, tiles {(tiled - wall).TotalSeconds:0.00}; cpu (tiles included): this process {cpuAfter.Self - cpuBefore.Self:0.00} s, pdftoppm {cpuAfter.Children - cpuBefore.Children:0.00} s");
            if (compareTiles && run % 2 == 1)
            {
                await WithoutTilesAsync(run);
            }

            if (cli is not null)
            {
                var cliCpuBefore = Bench.CpuSeconds().Children;
                var cliWall = await Bench.CliIngestAsync(cli, pdf);
                var cliCpu = Bench.CpuSeconds().Children - cliCpuBefore;
                clis.Add(cliWall.TotalSeconds);
                Console.WriteLine($"run {run}  cli     {cliWall.TotalSeconds,6:0.000} s  {cliWall.TotalSeconds / pages,6:0.000} s/page  {cliWall.TotalSeconds / floor.TotalSeconds:0.00}x this run's floor  (epaper ingest in a new process, cpu {cliCpu:0.00} s with its pdftoppm)");
            }
        }

        async Task WithoutTilesAsync(int run)
        {
            // The same start as the ingest with tiles: a full collection (and the peak reset) just before, not timed.
            Bench.ResetPeakMemory();
            var plainCpuBefore = Bench.CpuSeconds();
            var (plainWall, _, _) = await Bench.IngestAsync(pdf, noTiles, renderOptions, overrides);
            var plainCpuAfter = Bench.CpuSeconds();
            plainIngests.Add(plainWall.TotalSeconds);
            plainCpus.Add(plainCpuAfter.Self - plainCpuBefore.Self + plainCpuAfter.Children - plainCpuBefore.Children);
            Console.WriteLine($"run {run}  no tiles {plainWall.TotalSeconds,5:0.000} s  {plainWall.TotalSeconds / pages,6:0.000} s/page  cpu {plainCpus[^1]:0.00} s (with pdftoppm)");
        }

        // pdftoppm's memory is sampled from /proc in one more ingest, not timed: scanning /proc takes CPU from the ingest.
        long childPeak;
        using (var sampler = new ChildPeakSampler("pdftoppm"))
        {
            await Bench.IngestAsync(pdf, imageOptions, renderOptions, overrides);
            childPeak = sampler.PeakBytes;
        }

        var floorMedian = Bench.Median(floors);
        var ingestMedian = Bench.Median(ingests);
        Console.WriteLine();
        Console.WriteLine($"floor       median {floorMedian:0.000} s ({floorMedian / pages:0.000} s/page), best {floors.Min():0.000} s");
        Console.WriteLine($"ingest      median {ingestMedian:0.000} s ({ingestMedian / pages:0.000} s/page), best {ingests.Min():0.000} s: time to published (the commit; readers see the issue)");
        Console.WriteLine($"ratio       {ingestMedian / floorMedian:0.00}x the floor (medians, time to published; goal at most 1.5x)");
        var tilesMedian = Bench.Median(tilesDone);
        Console.WriteLine($"tiles done  median {tilesMedian:0.000} s, {tilesMedian / floorMedian:0.00}x the floor: the IIIF tiles, made after the publish with {Environment.ProcessorCount} cores (as epaper ingest does; the worker of serve makes them a page at a time when idle)");
        // The machine's speed drifts (shared host): a run's ingest and the floor just before it see nearly the same machine.
        var paired = ingests.Zip(floors, (i, f) => i / f).ToList();
        Console.WriteLine($"per run     {Bench.Median(paired):0.00}x the floor just before it (median), from {paired.Min():0.00}x to {paired.Max():0.00}x; run 1 includes JIT compilation");
        // What the wall times would be with the cores to ourselves: the floor is one process on one core, the ingest can
        // use every core. Not a measurement: a bound from the CPU times, shown because other work on the machine skews both.
        if (compareTiles)
        {
            var plainMedian = Bench.Median(plainIngests);
            Console.WriteLine($"iiif tiles  ingest without tiles median {plainMedian:0.000} s ({plainMedian / floorMedian:0.00}x the floor); with them the time to published differs by {ingestMedian - plainMedian:+0.000;-0.000} s ({ingestMedian / plainMedian:0.00}x), the tiles are done {tilesMedian - plainMedian:+0.000;-0.000} s after an ingest without them would be, and they cost {Bench.Median(ingestCpus) - Bench.Median(plainCpus):+0.00;-0.00} s CPU (medians: {Bench.Median(ingestCpus):0.00} s against {Bench.Median(plainCpus):0.00} s)");
        }

        if (clis.Count > 0)
        {
            var cliMedian = Bench.Median(clis);
            Console.WriteLine($"cli         median {cliMedian:0.000} s, {cliMedian / floorMedian:0.00}x the floor (a new process per ingest: start-up and JIT included)");
        }

        var cores = Math.Min(Environment.ProcessorCount, renderOptions.MaxParallelism);
        var cpuRatio = Math.Max(Bench.Median(ingestCpus) / cores, 0) / Bench.Median(floorCpus);
        Console.WriteLine($"cpu         floor {Bench.Median(floorCpus):0.00} s, ingest {Bench.Median(ingestCpus):0.00} s (this process with its tiles, and pdftoppm, medians): on {cores} idle cores at best {cpuRatio:0.00}x the floor");
        Console.WriteLine($"peak memory ingest process {peaks.Max() >> 20} MB (VmHWM, largest run), pdftoppm {childPeak >> 20} MB (its VmHWM, sampled)");
        Console.WriteLine();
        var name = Path.GetFileNameWithoutExtension(pdf);
        name = name.Length > 46 ? "…" + name[^45..] : name;
        return $"{name,-46} {pages,5} {floorMedian,8:0.000} {ingestMedian,9:0.000} {ingestMedian / floorMedian,6:0.00}x {Bench.Median(paired),7:0.00}x {peaks.Max() >> 20,8} {childPeak >> 20,12}";
    }
}
