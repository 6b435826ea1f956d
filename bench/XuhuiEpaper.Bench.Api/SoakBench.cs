using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace XuhuiEpaper.Bench.Api;

/// <summary>
/// bench soak [--minutes M] [--connections C]: mixed load on a real `epaper serve` (pages, hits, images, articles,
/// searches from C closed-loop connections) with one upload a minute ingested by its worker. Figures: answers by status
/// (429 from the search limit expected, nothing else), latency by route, and the server's resident memory over time.
/// </summary>
internal static class SoakBench
{
    public const string Usage = "bench soak [--minutes M] [--connections C]";

    public static async Task<int> RunAsync(string[] args)
    {
        var minutes = Double(args, "--minutes", 10);
        var connections = (int)Double(args, "--connections", 64);
        var root = EpaperServer.FindRepoRoot();
        var sample = await File.ReadAllBytesAsync(Path.Combine(root, "samples", "xuhuibao-2021-12-13.pdf"));
        await using var server = await EpaperServer.StartAsync(new Dictionary<string, string> { ["Api__RateLimits__UploadsPerMinute"] = "60" });
        using var admin = server.CreateClient();

        // The sample, published through the upload route.
        var first = await UploadAsync(admin, sample, null);
        if (first.State != "succeeded")
        {
            Console.Error.WriteLine($"soak: the sample was not published: {first.State} {first.Error}");
            return 1;
        }

        var issue = JsonNode.Parse(await admin.GetStringAsync($"/api/issues/{first.IssueId}"))!;
        var routes = new List<(string Kind, string Url)>();
        foreach (var page in issue["pages"]!.AsArray())
        {
            var pageUrl = (string)page!["url"]!;
            routes.Add(("page", pageUrl));
            routes.Add(("image", (string)page["screenUrl"]!));
            routes.Add(("image", (string)page["thumbnailUrl"]!));
            var detail = JsonNode.Parse(await admin.GetStringAsync(pageUrl))!;
            foreach (var article in detail["articles"]!.AsArray())
            {
                var r = article!["region"]!["rects"]![0]!.AsArray().Select(v => (double)v!).ToArray();
                routes.Add(("hit", FormattableString.Invariant($"{pageUrl}/hit?x={r[0] + (r[2] / 2):0.####}&y={r[1] + (r[3] / 2):0.####}")));
                routes.Add(("article", (string)article["url"]!));
            }
        }

        foreach (var q in new[] { "徐匯", "徐", "三十而立", "政治協商會議", "人民城市", "垃圾分類", "社區", "文化" })
        {
            routes.Add(("search", $"/api/search?q={Uri.EscapeDataString(q)}"));
        }

        routes.Add(("issue", "/api/issues/latest"));
        routes.Add(("issue", "/api/issues"));
        Console.WriteLine($"soak: {minutes} min, {connections} connections, {routes.Count} routes ({string.Join(", ", routes.GroupBy(r => r.Kind).Select(g => $"{g.Count()} {g.Key}"))}), one upload a minute");

        var duration = TimeSpan.FromMinutes(minutes);
        var stop = Stopwatch.StartNew();
        var statuses = new ConcurrentDictionary<(string Kind, int Status), long>();
        var latencies = routes.Select(r => r.Kind).Distinct().ToDictionary(k => k, _ => new ConcurrentBag<double>());
        var memory = new List<(double Minute, long RssMb)>();
        var uploads = new List<string>();

        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = connections, PooledConnectionLifetime = Timeout.InfiniteTimeSpan, UseProxy = false };
        using var load = new HttpClient(handler) { BaseAddress = new Uri(server.Url), Timeout = TimeSpan.FromSeconds(30) };
        var workers = Enumerable.Range(0, connections).Select(w => Task.Run(async () =>
        {
            var buffer = new byte[1 << 16];
            var random = new Random(w);
            while (stop.Elapsed < duration)
            {
                var (kind, url) = routes[random.Next(routes.Count)];
                var begin = Stopwatch.GetTimestamp();
                int status;
                try
                {
                    using var response = await load.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
                    await using var body = await response.Content.ReadAsStreamAsync();
                    while (await body.ReadAsync(buffer) > 0)
                    {
                    }

                    status = (int)response.StatusCode;
                }
                catch (HttpRequestException)
                {
                    status = 599;
                }
                catch (TaskCanceledException)
                {
                    status = 598;
                }

                statuses.AddOrUpdate((kind, status), 1, (_, n) => n + 1);
                if (random.Next(8) == 0)
                {
                    latencies[kind].Add(Stopwatch.GetElapsedTime(begin).TotalMilliseconds);
                }
            }
        })).ToArray();

        var uploader = Task.Run(async () =>
        {
            for (var i = 1; stop.Elapsed < duration - TimeSpan.FromSeconds(30); i++)
            {
                var next = TimeSpan.FromMinutes(i - 0.5);
                if (next > stop.Elapsed)
                {
                    await Task.Delay(next - stop.Elapsed);
                }

                var variant = (byte[])[.. sample, .. Encoding.ASCII.GetBytes($"% soak {i}\n")];
                var result = await UploadAsync(admin, variant, new DateOnly(2022, 1, 1).AddDays(i));
                lock (uploads)
                {
                    uploads.Add($"{result.Status} {result.State} in {result.Seconds:0.0} s{(result.Error is { Length: > 0 } e ? ": " + e : "")}");
                }
            }
        });

        var sampler = Task.Run(async () =>
        {
            while (stop.Elapsed < duration)
            {
                lock (memory)
                {
                    memory.Add((stop.Elapsed.TotalMinutes, server.Memory().RssMb));
                }

                await Task.Delay(TimeSpan.FromSeconds(10));
            }
        });

        await Task.WhenAll(workers);
        await uploader;
        await sampler;
        var elapsed = stop.Elapsed;

        var total = statuses.Values.Sum();
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"soak: {total} requests in {elapsed.TotalMinutes:0.0} min ({total / elapsed.TotalSeconds:0} req/s); server crashes {server.Crashes}"));
        Console.WriteLine("| route | requests | req/s | answers | p50 ms | p99 ms |");
        Console.WriteLine("|---|---|---|---|---|---|");
        foreach (var kind in latencies.Keys.Order(StringComparer.Ordinal))
        {
            var sorted = latencies[kind].Order().ToArray();
            double Q(double q) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)(q * sorted.Length))];
            var answers = statuses.Where(s => s.Key.Kind == kind).OrderBy(s => s.Key.Status).Select(s => $"{s.Value}×{s.Key.Status}");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {kind} | {statuses.Where(s => s.Key.Kind == kind).Sum(s => s.Value)} | {statuses.Where(s => s.Key.Kind == kind).Sum(s => s.Value) / elapsed.TotalSeconds:0} | {string.Join(", ", answers)} | {Q(0.5):0.0} | {Q(0.99):0.0} |"));
        }

        var errors = statuses.Where(s => s.Key.Status != 200 && !(s.Key.Kind == "search" && s.Key.Status == 429)).Sum(s => s.Value);
        Console.WriteLine();
        Console.WriteLine($"soak: uploads (one a minute): {string.Join("; ", uploads)}");
        var early = memory.Where(m => m.Minute is >= 0.5 and < 2).Select(m => m.RssMb).DefaultIfEmpty(0).Average();
        var late = memory.Where(m => m.Minute >= minutes - 1.5).Select(m => m.RssMb).DefaultIfEmpty(0).Average();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"soak: server RSS by minute: {string.Join(" ", memory.GroupBy(m => (int)m.Minute).Select(g => $"{g.Key}:{g.Max(m => m.RssMb)}"))} MB; minutes 0.5-2 average {early:0} MB, last 1.5 minutes {late:0} MB; VmHWM {server.Memory().PeakMb} MB"));
        Console.WriteLine($"soak: errors other than search 429s: {errors}; uploads failed: {uploads.Count(u => !u.Contains("succeeded", StringComparison.Ordinal))}");
        return errors == 0 && server.Crashes == 0 && uploads.All(u => u.Contains("succeeded", StringComparison.Ordinal)) ? 0 : 1;
    }

    private static async Task<(int Status, string State, string? Error, long? IssueId, double Seconds)> UploadAsync(HttpClient client, byte[] pdf, DateOnly? date)
    {
        var clock = Stopwatch.StartNew();
        using var form = new MultipartFormDataContent();
        var content = new ByteArrayContent(pdf);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        form.Add(content, "file", "issue.pdf");
        if (date is { } d)
        {
            form.Add(new StringContent(d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), "date");
        }

        using var response = await client.PostAsync("/api/issues", form);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        if (response.StatusCode != HttpStatusCode.Accepted)
        {
            return ((int)response.StatusCode, "refused", (string?)body["detail"], null, clock.Elapsed.TotalSeconds);
        }

        // An upload that has not ended after 10 minutes counts as failed (the server's job deadline is longer, 30 minutes).
        while (clock.Elapsed < TimeSpan.FromMinutes(10))
        {
            await Task.Delay(250);
            var job = JsonNode.Parse(await client.GetStringAsync((string)body["statusUrl"]!))!;
            if ((string?)job["state"] is "succeeded" or "failed")
            {
                return (202, (string)job["state"]!, (string?)job["error"], (long?)job["issueId"], clock.Elapsed.TotalSeconds);
            }
        }

        return (202, "unfinished", "not ended after 10 minutes", null, clock.Elapsed.TotalSeconds);
    }

    private static double Double(string[] args, string name, double fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length && double.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var v) ? v : fallback;
    }
}
