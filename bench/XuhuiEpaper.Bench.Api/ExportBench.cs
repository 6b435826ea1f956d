using System.Diagnostics;
using System.Globalization;

namespace XuhuiEpaper.Bench.Api;

/// <summary>
/// bench export [--issues N] [--small-images]: the static edition of the sample (N copies of it, dated a day apart, as
/// different PDFs), exported by `epaper export` into an empty folder, then again with nothing changed. Figures: wall
/// time of each command, files and bytes by kind, and the floors measured in the same run: copying the same tree with
/// `cp -r` (the bytes written), and `epaper --help` (starting the program).
/// </summary>
internal static class ExportBench
{
    public const string Usage = "bench export [--issues N] [--small-images]";

    private static readonly string[] TimedShell = ["-c", "\"$@\"; code=$?; times >&2; exit $code", "bash"];

    public static async Task<int> RunAsync(string[] args)
    {
        var issues = args.SkipWhile(a => a != "--issues").Skip(1).Select(a => int.Parse(a, CultureInfo.InvariantCulture)).FirstOrDefault(1);
        var root = EpaperServer.FindRepoRoot();
        var epaper = Path.Combine(root, "src", "XuhuiEpaper.Web", "bin", "Release", "net10.0", "epaper.dll");
        if (!File.Exists(epaper))
        {
            Console.Error.WriteLine($"bench export: {epaper} is missing; run with `dotnet run -c Release --project bench/XuhuiEpaper.Bench.Api -- export`");
            return 1;
        }

        var work = Directory.CreateTempSubdirectory("epaper-export-bench-").FullName;
        try
        {
            var data = Path.Combine(work, "data");
            var env = new Dictionary<string, string> { ["Epaper__DataDir"] = data, ["Logging__LogLevel__Default"] = "Warning" };
            if (args.Contains("--small-images"))
            {
                env["Ingest__Images__ZoomWidth"] = "1200";
                env["Ingest__Images__ScreenWidth"] = "800";
                env["Ingest__Images__ThumbnailWidth"] = "200";
            }

            var sample = await File.ReadAllBytesAsync(Path.Combine(root, "samples", "xuhuibao-2021-12-13.pdf"));
            for (var i = 0; i < issues; i++)
            {
                var pdf = Path.Combine(work, $"issue-{i}.pdf");
                await File.WriteAllBytesAsync(pdf, i == 0 ? sample : [.. sample, .. System.Text.Encoding.ASCII.GetBytes($"% copy {i}\n")]);
                var date = new DateOnly(2021, 12, 13).AddDays(i).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                var (code, output, _) = await RunAsync(["dotnet", epaper, "ingest", pdf, "--date", date], env);
                if (code != 0)
                {
                    Console.Error.WriteLine($"bench export: ingest failed:\n{output}");
                    return 1;
                }
            }

            Console.WriteLine($"export: {issues} issue(s) of the sample ingested ({(args.Contains("--small-images") ? "images 1200/800/200 px" : "production image sizes")}) into {data}");
            var dir = Path.Combine(work, "edition");
            var (_, first, firstTime) = await RunAsync(["dotnet", epaper, "export", "--out", dir], env);
            var (_, again, againTime) = await RunAsync(["dotnet", epaper, "export", "--out", dir], env);
            var (_, _, copyTime) = await RunAsync(["cp", "-r", dir, Path.Combine(work, "copy")], env);
            var (_, _, startTime) = await RunAsync(["dotnet", epaper, "--help"], env);
            var load = File.Exists("/proc/loadavg") ? (await File.ReadAllTextAsync("/proc/loadavg")).Split(' ')[0] : "?";

            var files = Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories).Select(f => new FileInfo(f)).ToList();
            Console.WriteLine($"export: {files.Count} files, {files.Sum(f => f.Length) / 1e6:0.00} MB");
            Console.WriteLine("| Kind | files | MB |");
            Console.WriteLine("|---|---|---|");
            foreach (var kind in files.GroupBy(f => Kind(Path.GetRelativePath(dir, f.FullName))).OrderByDescending(g => g.Sum(f => f.Length)))
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {kind.Key} | {kind.Count()} | {kind.Sum(f => f.Length) / 1e6:0.000} |"));
            }

            Console.WriteLine();
            Console.WriteLine($"(wall s and CPU s, user + system, of each command; load average {load} at the end)");
            Console.WriteLine("| Run | wall s | CPU s | floor | floor wall s | floor CPU s | ratio (wall) |");
            Console.WriteLine("|---|---|---|---|---|---|---|");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| first export, empty folder | {firstTime.Wall:0.00} | {firstTime.Cpu:0.00} | cp -r of the export | {copyTime.Wall:0.00} | {copyTime.Cpu:0.00} | {firstTime.Wall / copyTime.Wall:0.0}× |"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| again, nothing changed | {againTime.Wall:0.00} | {againTime.Cpu:0.00} | epaper --help (program start) | {startTime.Wall:0.00} | {startTime.Cpu:0.00} | {againTime.Wall / startTime.Wall:0.0}× |"));
            Console.WriteLine($"export (first): {Summary(first)}");
            Console.WriteLine($"export (again): {Summary(again)}");
            return 0;
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static string Kind(string path) => path.Split('/')[0] switch
    {
        "images" => "images (WebP)",
        "pdf" => "PDFs (issue and pages)",
        "api" => "API answers (.json)",
        "search" => "search index",
        "issues" or "articles" => "deep-link pages (.html)",
        _ => "viewer (html, css, js)",
    };

    private static string Summary(string output) =>
        output.Split('\n').FirstOrDefault(l => l.StartsWith("Exported", StringComparison.Ordinal))?.Trim() ?? output.Trim();

    /// <summary>Runs the command under bash, whose <c>times</c> gives the CPU time (user + system) of its children.</summary>
    private static async Task<(int Code, string Output, (double Wall, double Cpu) Seconds)> RunAsync(string[] command, Dictionary<string, string> env)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in TimedShell.Concat(command))
        {
            start.ArgumentList.Add(a);
        }

        foreach (var (k, v) in env)
        {
            start.Environment[k] = v;
        }

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var wall = clock.Elapsed.TotalSeconds;
        var errors = await stderr;

        // `times`: two lines, the shell's own user and system time, then its children's ("0m1.234s 0m0.120s").
        var children = errors.TrimEnd().Split('\n')[^1].Split(' ');
        var cpu = children.Sum(t => Seconds(t));
        return (process.ExitCode, await stdout + errors, (wall, cpu));
    }

    private static double Seconds(string time)
    {
        var m = time.IndexOf('m', StringComparison.Ordinal);
        return m < 0 ? 0 : (double.Parse(time[..m], CultureInfo.InvariantCulture) * 60) + double.Parse(time[(m + 1)..].TrimEnd('s'), CultureInfo.InvariantCulture);
    }
}
