using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;

// API benchmark: requests/s and p50/p99 latency from wrk (2 threads, 64 connections) for page JSON, hit test, the
// screen image and search from `epaper serve`, each next to nginx serving that route's very bytes as files, on loopback.
//   dotnet run -c Release --project bench/XuhuiEpaper.Bench.Api [-- --seconds 8 --rounds 3 --connections 64 --threads 2 --gc server|workstation]
// Hardening (issue 10): the hostile corpus through the upload route, and a soak of mixed load with uploads.
//   dotnet run -c Release --project bench/XuhuiEpaper.Bench.Api -- hostile [--files 1024]
//   dotnet run -c Release --project bench/XuhuiEpaper.Bench.Api -- soak [--minutes 10 --connections 64]
// Also (issue 12) every page's and article's readable address, as reader HTML and as JSON twin (vs the page JSON).
// The static edition (issue 12): export time and size, and the time of an export with nothing changed.
//   dotnet run -c Release --project bench/XuhuiEpaper.Bench.Api -- export [--issues N] [--small-images]
switch (args.FirstOrDefault())
{
    case "export":
        return await XuhuiEpaper.Bench.Api.ExportBench.RunAsync(args[1..]);
    case "hostile":
        return await XuhuiEpaper.Bench.Api.HostileBench.RunAsync(args[1..]);
    case "soak":
        return await XuhuiEpaper.Bench.Api.SoakBench.RunAsync(args[1..]);
}

var seconds = Arg("--seconds", 8);
var connections = Arg("--connections", 64);
var threads = Arg("--threads", 2);
var rounds = Math.Max(1, Arg("--rounds", 3));
var root = FindRepoRoot();
var epaper = Path.Combine(root, "src", "XuhuiEpaper.Web", "bin", Configuration(), "net10.0", "epaper.dll");
if (!File.Exists(epaper))
{
    Console.Error.WriteLine($"bench: {epaper} is missing; run with `dotnet run -c Release --project bench/XuhuiEpaper.Bench.Api`");
    return 1;
}

var data = Path.Combine(Path.GetTempPath(), $"epaper-bench-{Guid.NewGuid():N}");
Directory.CreateDirectory(data);
var children = new List<Process>();
try
{
    var env = new Dictionary<string, string>
    {
        ["Epaper__DataDir"] = data,
        ["Epaper__RunWorker"] = "false",
        // The search rate limit protects the service from one client; the benchmark is that one client.
        ["Api__RateLimits__SearchPerSecond"] = "100000000",
        ["Api__RateLimits__SearchBurst"] = "100000000",
        ["Logging__LogLevel__Default"] = "Warning",
    };

    // The served process runs with the GC its runtimeconfig names (server GC, the Web SDK's default) unless --gc says otherwise.
    if (ArgText("--gc") is { } gc)
    {
        env["DOTNET_gcServer"] = gc == "workstation" ? "0" : "1";
    }

    Console.WriteLine($"bench: ingesting the sample into {data}");
    var ingest = Stopwatch.StartNew();
    var code = await RunAsync("dotnet", [epaper, "ingest", Path.Combine(root, "samples", "xuhuibao-2021-12-13.pdf")], env);
    if (code != 0)
    {
        Console.Error.WriteLine("bench: ingest failed");
        return 1;
    }

    Console.WriteLine($"bench: ingested in {ingest.Elapsed.TotalSeconds:0.0} s");

    var apiPort = FreePort();
    var api = $"http://127.0.0.1:{apiPort}";
    children.Add(Start("dotnet", [epaper, "serve", "--urls", api], env));
    await WaitUntilUpAsync($"{api}/healthz");

    using var setup = new HttpClient { BaseAddress = new Uri(api) };
    var issue = JsonNode.Parse(await setup.GetStringAsync("/api/issues/latest"))!;
    var id = (long)issue["id"]!;
    var page = issue["pages"]![0]!;
    var screenUrl = (string)page["screenUrl"]!;
    var imageFile = Path.Combine(data, "images", screenUrl["/images/".Length..]);
    var pageJson = JsonNode.Parse(await setup.GetStringAsync($"/api/issues/{id}/pages/1"))!;
    var points = pageJson["articles"]!.AsArray()
        .Select(a => a!["region"]!["rects"]![0]!.AsArray().Select(v => (double)v!).ToArray())
        .Select(r => FormattableString.Invariant($"/api/issues/{id}/pages/1/hit?x={r[0] + (r[2] / 2):0.####}&y={r[1] + (r[3] / 2):0.####}"))
        .ToArray();
    // Readable addresses (issue 12): every page's and article's, as the reader's HTML (with its share preview) and as JSON twins.
    var readable = new List<string>();
    foreach (var n in Enumerable.Range(1, issue["pages"]!.AsArray().Count))
    {
        var p = JsonNode.Parse(await setup.GetStringAsync($"/api/issues/{id}/pages/{n}"))!;
        readable.Add((string)p["address"]!);
        readable.AddRange(p["articles"]!.AsArray().Where(a => a!["address"] is not null).Select(a => (string)a!["address"]!));
    }

    string[] twins = [.. readable.Select(a => "/api/papers" + a)];
    string[] queries = ["徐匯", "徐", "三十而立", "政治協商會議", "人民城市", "垃圾分類"];
    var searches = queries.Select(q => $"/api/search?q={Uri.EscapeDataString(q)}").ToArray();

    // nginx serves the very bytes epaper answers with, as files: the page JSON, each hit's JSON and the image.
    var web = Path.Combine(data, "nginx-root");
    Directory.CreateDirectory(Path.Combine(web, "json"));
    string[] pagePaths = [.. Enumerable.Range(1, issue["pages"]!.AsArray().Count).Select(n => $"/api/issues/{id}/pages/{n}")];
    var pageFiles = await CopyAnswersAsync(setup, web, pagePaths, "page");
    var hitFiles = await CopyAnswersAsync(setup, web, points, "hit");

    var nginxPort = FreePort();
    var nginx = $"http://127.0.0.1:{nginxPort}";
    children.Add(await StartNginxAsync(nginxPort, Path.Combine(data, "images"), web, data));
    await WaitUntilUpAsync($"{nginx}{screenUrl}");
    await WaitUntilUpAsync($"{nginx}{pageFiles[0]}");
    Console.WriteLine($"bench: epaper at {api}, nginx at {nginx}; screen image {new FileInfo(imageFile).Length / 1024} KB, page JSON {new FileInfo(web + pageFiles[0]).Length / 1024} KB");
    Console.WriteLine($"bench: wrk, {threads} threads, {connections} connections, {seconds} s per run after a 2 s warm-up; {Environment.ProcessorCount} cores shared by both servers and wrk; epaper's GC: {(env.TryGetValue("DOTNET_gcServer", out var gcMode) ? (gcMode == "1" ? "server (--gc)" : "workstation (--gc)") : "its runtimeconfig's (server)")}");
    Console.WriteLine($"bench: load average before the runs: {File.ReadAllText("/proc/loadavg").Trim()}");
    Console.WriteLine();

    var runs = new List<(string Name, WrkResult Result)>();
    var epaperPid = children[0].Id;
    var nginxPid = children[1].Id;
    async Task<WrkResult> Measure(string name, string baseUrl, IReadOnlyList<string> paths, string[]? headers = null)
    {
        await Wrk.RunAsync(baseUrl, paths, threads, connections, 2, headers ?? [], data); // warm-up
        // The server's CPU time per answer (its processes, nginx's workers included): less sensitive to other load
        // on the machine than requests per second, which depend on how much CPU the servers get.
        var pid = baseUrl == nginx ? nginxPid : epaperPid;
        var before = ProcessCpu.TreeSeconds(pid);
        var result = await Wrk.RunAsync(baseUrl, paths, threads, connections, seconds, headers ?? [], data);
        result = result with { CpuMicrosecondsPerRequest = (ProcessCpu.TreeSeconds(pid) - before) * 1e6 / Math.Max(1, result.Requests) };
        runs.Add((name, result));
        Console.WriteLine($"  {name,-30} {result}");
        return result;
    }

    // JIT: every epaper route is exercised first (tiered compilation settles, and its CPU is not counted in the runs).
    var pageTag = await setup.GetAsync(pagePaths[0]);
    foreach (var (paths, headers) in new (IReadOnlyList<string>, string[])[] { (pagePaths, []), (points, []), ([screenUrl], []), ([pagePaths[0]], [$"If-None-Match: {pageTag.Headers.ETag}"]), (searches, []), (readable, []), (twins, []) })
    {
        await Wrk.RunAsync(api, paths, threads, connections, 3, headers, data);
    }

    // Each route right after nginx serving that route's bytes, so both meet the same background load; the pair is
    // measured `rounds` times, alternating, and the ratio is the median of the rounds: other tenants of the machine
    // come and go within seconds, and one pair of runs moved the image ratio between 0.62x and 0.95x.
    var pairs = new List<RoutePair>();
    foreach (var (name, nginxPaths, epaperPaths) in new (string, IReadOnlyList<string>, IReadOnlyList<string>)[]
             {
                 ("page JSON", pageFiles, pagePaths), ("hit", hitFiles, points), ("screen image", [screenUrl], [screenUrl]),
             })
    {
        var pair = new RoutePair(name);
        for (var round = 1; round <= rounds; round++)
        {
            pair.Nginx.Add(await Measure($"nginx {name} (files), round {round}", nginx, nginxPaths));
            pair.Epaper.Add(await Measure($"epaper {name}, round {round}", api, epaperPaths));
        }

        pairs.Add(pair);
    }

    var revalidate = await Measure("epaper page JSON, 304", api, [pagePaths[0]], [$"If-None-Match: {pageTag.Headers.ETag}"]);
    var searchRun = await Measure("epaper search", api, searches);
    var readableRun = await Measure("epaper readable HTML", api, readable);
    var twinRun = await Measure("epaper readable JSON twins", api, twins);

    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"bench: load average after the runs: {File.ReadAllText("/proc/loadavg").Trim()}"));
    Console.WriteLine();
    Console.WriteLine($"| Route ({connections} connections; medians of {rounds} alternating rounds) | req/s | p50 ms | p99 ms | vs nginx, same bytes: median (rounds) | server CPU µs/answer | nginx's CPU / epaper's | wrk CPU µs/answer | machine idle |");
    Console.WriteLine("|---|---|---|---|---|---|---|---|---|");
    void Row(string name, IReadOnlyList<WrkResult> r, RoutePair? pair) => Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {name} | {Median(r, x => x.RequestsPerSecond):0} | {Median(r, x => x.P50Ms):0.00} | {Median(r, x => x.P99Ms):0.00} | {(pair is null ? "" : $"{pair.Ratio:0.00}x ({string.Join(", ", pair.Ratios.Select(x => x.ToString("0.00", CultureInfo.InvariantCulture)))})")} | {Median(r, x => x.CpuMicrosecondsPerRequest):0.0} | {(pair is null ? "" : $"{pair.CpuRatio:0.00}x")} | {Median(r, x => x.WrkCpuMicrosecondsPerRequest):0.0} | {Median(r, x => x.IdlePercent):0} % |"));
    foreach (var pair in pairs)
    {
        Row($"nginx, {pair.Name} files", pair.Nginx, null);
        Row($"epaper, {pair.Name}", pair.Epaper, pair);
    }

    Row("epaper, page JSON 304", [revalidate], null);
    Row("epaper, search", [searchRun], null);
    Row("epaper, readable addresses (reader HTML with share preview)", [readableRun], null);
    Row("epaper, readable addresses' JSON twins (pages and articles)", [twinRun], null);

    Console.WriteLine();
    var (pageJsonPair, hit, image) = (pairs[0], pairs[1], pairs[2]);
    var pageP99 = Median(pageJsonPair.Epaper, x => x.P99Ms);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"ratio page JSON {pageJsonPair.Ratio:0.00}x (bar 0.50x, {(pageJsonPair.Ratio >= 0.5 ? "met" : "NOT met")}), p99 {pageP99:0.0} ms (bar < 10 ms, {(pageP99 < 10 ? "met" : "NOT met")})"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ratio hit {hit.Ratio:0.00}x (bar 0.50x, {(hit.Ratio >= 0.5 ? "met" : "NOT met")})"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ratio screen image {image.Ratio:0.00}x (bar 0.80x, {(image.Ratio >= 0.8 ? "met" : "NOT met")})"));
    foreach (var pair in pairs)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"cost ratio {pair.Name} (nginx's CPU per answer over epaper's, wrk's included in both; rounds): {RoutePair.MedianOf(pair.CostRatios):0.00}x ({string.Join(", ", pair.CostRatios.Select(x => x.ToString("0.00", CultureInfo.InvariantCulture)))})"));
    }
    var errors = runs.Sum(r => r.Result.Errors);
    if (errors > 0)
    {
        Console.WriteLine($"bench: {errors} answers were not 2xx/3xx");
    }

    return errors == 0 ? 0 : 2;
}
finally
{
    foreach (var child in children)
    {
        try
        {
            child.Kill(entireProcessTree: true);
            await child.WaitForExitAsync();
        }
        catch (InvalidOperationException)
        {
        }

        child.Dispose();
    }

    try
    {
        Directory.Delete(data, recursive: true);
    }
    catch (IOException)
    {
    }
}

static double Median<T>(IEnumerable<T> items, Func<T, double> value) => RoutePair.MedianOf(items.Select(value));

// Fetches each answer once and writes its bytes under root/json/, for nginx to serve as files; returns their paths.
static async Task<string[]> CopyAnswersAsync(HttpClient client, string root, IReadOnlyList<string> urls, string prefix)
{
    var paths = new string[urls.Count];
    for (var i = 0; i < urls.Count; i++)
    {
        paths[i] = $"/json/{prefix}-{i + 1}.json";
        await File.WriteAllBytesAsync(root + paths[i], await client.GetByteArrayAsync(urls[i]));
    }

    return paths;
}

static async Task<Process> StartNginxAsync(int port, string imagesDir, string webRoot, string dataDir)
{
    string[] places = ["/usr/sbin/nginx", "/usr/bin/nginx"];
    var binary = places.FirstOrDefault(File.Exists);
    if (binary is null)
    {
        Console.WriteLine("bench: nginx is missing; installing it with apt-get");
        var asRoot = Environment.UserName == "root" ? "" : "sudo ";
        var code = await RunAsync("sh", ["-c", $"{asRoot}apt-get update -qq && {asRoot}env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nginx"],
            new Dictionary<string, string>());
        binary = places.FirstOrDefault(File.Exists) ?? throw new InvalidOperationException($"apt-get install nginx failed (exit {code})");

        // Debian's package may start the system-wide nginx (port 80, all addresses): stop it, ours listens on loopback only.
        await RunAsync("sh", ["-c", $"{asRoot}{binary} -s quit 2>/dev/null || true"], new Dictionary<string, string>());
    }

    var prefix = Path.Combine(dataDir, "nginx");
    Directory.CreateDirectory(Path.Combine(prefix, "logs"));
    var config = Path.Combine(prefix, "nginx.conf");
    // Static files as nginx is usually set up for them: sendfile, keep-alive, no access log, one worker per core.
    await File.WriteAllTextAsync(config, $$"""
        worker_processes auto;
        daemon off;
        master_process on;
        pid {{prefix}}/nginx.pid;
        error_log {{prefix}}/logs/error.log warn;
        events { worker_connections 1024; }
        http {
            types { image/webp webp; application/json json; }
            default_type application/octet-stream;
            access_log off;
            sendfile on;
            tcp_nopush on;
            keepalive_requests 1000000;
            keepalive_timeout 65;
            client_body_temp_path {{prefix}}/body;
            proxy_temp_path {{prefix}}/proxy;
            fastcgi_temp_path {{prefix}}/fastcgi;
            uwsgi_temp_path {{prefix}}/uwsgi;
            scgi_temp_path {{prefix}}/scgi;
            server {
                listen 127.0.0.1:{{port}};
                root {{webRoot}};
                location /json/ {
                    add_header Cache-Control "public, max-age=10";
                    etag on;
                }
                location /images/ {
                    alias {{imagesDir}}/;
                    add_header Cache-Control "public, max-age=31536000, immutable";
                }
            }
        }
        """);
    return Start(binary, ["-p", prefix, "-c", config], new Dictionary<string, string>());
}

static Process Start(string file, string[] args, Dictionary<string, string> env)
{
    var info = new ProcessStartInfo(file) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
    foreach (var a in args)
    {
        info.ArgumentList.Add(a);
    }

    foreach (var (k, v) in env)
    {
        info.Environment[k] = v;
    }

    var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {file}");
    process.OutputDataReceived += (_, _) => { };
    process.ErrorDataReceived += (_, e) =>
    {
        if (!string.IsNullOrEmpty(e.Data))
        {
            Console.Error.WriteLine($"  [{Path.GetFileName(file)}] {e.Data}");
        }
    };
    process.BeginOutputReadLine();
    process.BeginErrorReadLine();
    return process;
}

static async Task<int> RunAsync(string file, string[] args, Dictionary<string, string> env)
{
    using var process = Start(file, args, env);
    await process.WaitForExitAsync();
    return process.ExitCode;
}

static async Task WaitUntilUpAsync(string url)
{
    using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
    for (var i = 0; i < 150; i++)
    {
        try
        {
            if ((await client.GetAsync(url)).IsSuccessStatusCode)
            {
                return;
            }
        }
        catch (HttpRequestException)
        {
        }
        catch (TaskCanceledException)
        {
        }

        await Task.Delay(200);
    }

    throw new TimeoutException($"{url} did not come up");
}

static int FreePort()
{
    using var socket = new TcpListener(IPAddress.Loopback, 0);
    socket.Start();
    return ((IPEndPoint)socket.LocalEndpoint).Port;
}

static string FindRepoRoot()
{
    foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "XuhuiEpaper.sln")))
            {
                return dir.FullName;
            }
        }
    }

    throw new InvalidOperationException("run the benchmark inside the repository (no XuhuiEpaper.sln found)");
}

static string Configuration() =>
#if DEBUG
    "Debug";
#else
    "Release";
#endif

string? ArgText(string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}

int Arg(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var v) ? v : fallback;
}

/// <summary>One route measured on nginx (the same bytes as files) and on epaper, round after round.</summary>
internal sealed record RoutePair(string Name)
{
    public List<WrkResult> Nginx { get; } = [];

    public List<WrkResult> Epaper { get; } = [];

    public IEnumerable<double> Ratios => Epaper.Zip(Nginx, (e, n) => e.RequestsPerSecond / n.RequestsPerSecond);

    /// <summary>The median of the rounds' ratios: each round's two runs met the same background load.</summary>
    public double Ratio => MedianOf(Ratios);

    public double CpuRatio => MedianOf(Epaper.Zip(Nginx, (e, n) => n.CpuMicrosecondsPerRequest / e.CpuMicrosecondsPerRequest));

    /// <summary>
    /// nginx's CPU per answer over epaper's, each with wrk's: on saturated cores this bounds the requests/s ratio, and
    /// other load on the machine moves it less (that load changes how much CPU a run gets more than what an answer costs).
    /// </summary>
    public IEnumerable<double> CostRatios => Epaper.Zip(Nginx, (e, n) =>
        (n.CpuMicrosecondsPerRequest + n.WrkCpuMicrosecondsPerRequest) / (e.CpuMicrosecondsPerRequest + e.WrkCpuMicrosecondsPerRequest));

    public static double MedianOf(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
