using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using XuhuiEpaper.Ingest.Tests.Fixtures;

namespace XuhuiEpaper.Bench.Api;

/// <summary>
/// bench hostile [--files N] [--seed S] [--seeds DIR] [--as-generated] [--log FILE]: the whole hostile corpus (default
/// 1,024 files) through the real upload route of a real `epaper serve` into its worker, one file after another, at
/// production limits but for the job deadline (3 minutes) and attempts (1). Figures: server crashes, answers by kind,
/// jobs ended within their deadline, the server's resident memory and its children's.
/// The generator repeats some files byte for byte (a kind with few parameters, the same seed PDF), and the server
/// answers a PDF it has published with a 409 without reading it again; so each file gets a comment line of its own
/// after its last %%EOF, and every upload is a PDF the server has not seen. --as-generated sends the files unchanged.
/// </summary>
internal static class HostileBench
{
    public const string Usage = "bench hostile [--files N] [--seed S] [--seeds DIR] [--production-images] [--as-generated] [--log FILE]";

    private static readonly TimeSpan JobDeadline = TimeSpan.FromMinutes(3);

    public static async Task<int> RunAsync(string[] args)
    {
        var count = Int(args, "--files", 1024);
        var seed = Int(args, "--seed", 1);
        var root = EpaperServer.FindRepoRoot();
        var seeds = new List<byte[]> { await File.ReadAllBytesAsync(Path.Combine(root, "samples", "xuhuibao-2021-12-13.pdf")) };
        var seedsDir = Str(args, "--seeds");
        if (seedsDir is not null)
        {
            foreach (var file in Directory.GetFiles(seedsDir, "*.pdf").Order(StringComparer.Ordinal))
            {
                seeds.Add(await File.ReadAllBytesAsync(file));
            }
        }

        Console.WriteLine($"hostile: {count} files from {seeds.Count} seed PDF(s), seed {seed}; {HostilePdfs.Kinds.Length} kinds");
        var settings = new Dictionary<string, string>
        {
            ["Epaper__JobDeadline"] = JobDeadline.ToString(),
            ["Epaper__JobMaxAttempts"] = "1",
            ["Api__RateLimits__UploadsPerMinute"] = "1000000",
        };
        if (!args.Contains("--production-images"))
        {
            // The limits are production's; only the images are smaller, so the whole set runs in about half an hour.
            settings["Ingest__Images__ZoomWidth"] = "1200";
            settings["Ingest__Images__ScreenWidth"] = "800";
            settings["Ingest__Images__ThumbnailWidth"] = "200";
        }

        var asGenerated = args.Contains("--as-generated");
        Console.WriteLine($"hostile: limits as in production but a {JobDeadline.TotalMinutes:0}-minute job deadline and 1 attempt{(args.Contains("--production-images") ? "; production image sizes" : "; images 1200/800/200 px wide")}; "
            + (asGenerated ? "files as generated" : "each file made unique by a comment after its %%EOF"));
        var logPath = Str(args, "--log");
        await using var log = logPath is null ? null : new StreamWriter(logPath);
        var generatedHashes = new HashSet<string>(StringComparer.Ordinal);
        var sentHashes = new HashSet<string>(StringComparer.Ordinal);
        await using var server = await EpaperServer.StartAsync(settings);
        using var client = server.CreateClient();
        var outcomes = new List<(string Kind, int Status, string State, string Reason, double Seconds)>();
        long peakRss = 0;
        long peakChild = 0;
        long peakTree = 0;
        using var stopSampling = new CancellationTokenSource();

        // The server's children (the analysis child, pdftoppm) live only while a job runs: sampled 4 times a second.
        var sampler = Task.Run(async () =>
        {
            while (!stopSampling.IsCancellationRequested)
            {
                var (child, tree) = server.TreeMemory();
                peakChild = Math.Max(peakChild, child);
                peakTree = Math.Max(peakTree, tree);
                peakRss = Math.Max(peakRss, server.Memory().RssMb);
                try
                {
                    await Task.Delay(250, stopSampling.Token);
                }
                catch (OperationCanceledException)
                {
                }
            }
        });
        var clock = Stopwatch.StartNew();
        var start = new DateOnly(2030, 1, 1);
        for (var i = 0; i < count; i++)
        {
            var file = HostilePdfs.Make(seeds, i, seed);
            generatedHashes.Add(Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(file.Bytes)));
            if (!asGenerated)
            {
                file = file with { Bytes = [.. file.Bytes, .. System.Text.Encoding.ASCII.GetBytes($"\n% hostile corpus, seed {seed}, file {i}\n")] };
            }

            sentHashes.Add(Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(file.Bytes)));
            var one = Stopwatch.StartNew();
            var (status, state, reason) = await PushAsync(client, file, start.AddDays(i));
            outcomes.Add((file.Kind, status, state, reason, one.Elapsed.TotalSeconds));
            log?.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{file.Name}\t{file.Bytes.Length}\t{status}\t{state}\t{one.Elapsed.TotalSeconds:0.0}\t{reason.ReplaceLineEndings(" ")}"));
            if (server.HasExited)
            {
                Console.WriteLine($"hostile: the server died on {file.Name}");
                break;
            }

            if ((i + 1) % 64 == 0)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"hostile: {i + 1}/{count} in {clock.Elapsed.TotalMinutes:0.0} min; server RSS {server.Memory().RssMb} MB (peak {server.Memory().PeakMb} MB); largest child so far {peakChild} MB"));
            }
        }

        await stopSampling.CancelAsync();
        await sampler;
        var health = JsonNode.Parse(await client.GetStringAsync("/healthz"))!;
        Console.WriteLine();
        Console.WriteLine("| kind | files | refused at upload | published | failed with a reason | other | slowest job |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
        foreach (var kind in outcomes.GroupBy(o => o.Kind))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {kind.Key} | {kind.Count()} | {string.Join(", ", kind.Where(o => o.Status != 202).GroupBy(o => o.Status).OrderBy(g => g.Key).Select(g => $"{g.Count()}×{g.Key}").DefaultIfEmpty("0"))} | {kind.Count(o => o.State == "succeeded")} | {kind.Count(o => o.State == "failed" && o.Reason.Length > 0)} | "
                + $"{kind.Count(o => o.Status == 202 && o.State is not ("succeeded" or "failed"))} | {kind.Where(o => o.Status == 202).Select(o => o.Seconds).DefaultIfEmpty(0).Max():0.0} s |"));
        }

        var serverErrors = outcomes.Count(o => o.Status >= 500);
        var unfinished = outcomes.Count(o => o.Status == 202 && o.State is not ("succeeded" or "failed"));
        var internalErrors = outcomes.Count(o => o.Reason.StartsWith("internal error", StringComparison.Ordinal));
        var overDeadline = outcomes.Count(o => o.Status == 202 && o.Seconds > JobDeadline.TotalSeconds + 10);
        var (rss, hwm) = server.Memory();
        Console.WriteLine();
        Console.WriteLine($"hostile: {generatedHashes.Count} distinct files as generated, {sentHashes.Count} distinct files sent");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"hostile: {outcomes.Count} files in {clock.Elapsed.TotalMinutes:0.0} min; server crashes {server.Crashes}; 5xx answers {serverErrors}; jobs not ended {unfinished}; "
            + $"past the deadline {overDeadline}; internal errors {internalErrors}; refused at upload {outcomes.Count(o => o.Status != 202)}, published {outcomes.Count(o => o.State == "succeeded")}, "
            + $"failed with a reason {outcomes.Count(o => o.State == "failed")}; server RSS now {rss} MB, peak sampled {peakRss} MB, VmHWM {hwm} MB; "
            + $"largest child sampled {peakChild} MB, server and children together at most {peakTree} MB; health {health["status"]}"));
        foreach (var reason in outcomes.Where(o => o.Reason.Length > 0).GroupBy(o => Shorten(o.Reason)).OrderByDescending(g => g.Count()).Take(25))
        {
            Console.WriteLine($"  {reason.Count(),5} × {reason.Key}");
        }

        return server.Crashes == 0 && serverErrors == 0 && unfinished == 0 && overDeadline == 0 && internalErrors == 0 ? 0 : 1;
    }

    private static async Task<(int Status, string State, string Reason)> PushAsync(HttpClient client, HostileFile file, DateOnly date)
    {
        using var form = new MultipartFormDataContent();
        var content = new ByteArrayContent(file.Bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        form.Add(content, "file", file.Name);
        form.Add(new StringContent(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), "date");
        form.Add(new StringContent("徐匯報"), "paper");
        HttpResponseMessage response;
        try
        {
            response = await client.PostAsync("/api/issues", form);
        }
        catch (HttpRequestException ex)
        {
            return (599, "no answer", ex.Message);
        }

        using (response)
        {
            var body = await response.Content.ReadAsStringAsync();
            JsonNode? json = null;
            try
            {
                json = JsonNode.Parse(body);
            }
            catch (System.Text.Json.JsonException)
            {
            }

            if (response.StatusCode != HttpStatusCode.Accepted)
            {
                return ((int)response.StatusCode, "refused", (string?)json?["detail"] ?? body);
            }

            var statusUrl = (string)json!["statusUrl"]!;
            var deadline = DateTime.UtcNow + JobDeadline + TimeSpan.FromSeconds(30);
            while (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
                var job = JsonNode.Parse(await client.GetStringAsync(statusUrl))!;
                var state = (string?)job["state"] ?? "";
                if (state is "succeeded" or "failed")
                {
                    return (202, state, (string?)job["error"] ?? "");
                }
            }

            return (202, "unfinished", "");
        }
    }

    private static string Shorten(string reason)
    {
        var s = System.Text.RegularExpressions.Regex.Replace(reason, @"\d+", "N");
        return s.Length > 140 ? s[..140] + "…" : s;
    }

    private static int Int(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var v) ? v : fallback;
    }

    private static string? Str(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
