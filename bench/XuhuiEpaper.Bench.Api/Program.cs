using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;

// API benchmark: requests/s and p50/p99 latency at 64 concurrent connections for page JSON, hit test, search and
// the screen image from `epaper serve`, next to nginx serving the same image file from disk, on loopback.
//   dotnet run -c Release --project bench/XuhuiEpaper.Bench.Api [-- --seconds 8 --connections 64]
// Hardening (issue 10): the hostile corpus through the upload route, and a soak of mixed load with uploads.
//   dotnet run -c Release --project bench/XuhuiEpaper.Bench.Api -- hostile [--files 1024]
//   dotnet run -c Release --project bench/XuhuiEpaper.Bench.Api -- soak [--minutes 10 --connections 64]
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
var maxRequests = Arg("--max-requests", 400_000);
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
        ["DOTNET_gcServer"] = "0",
    };

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
    string[] queries = ["徐匯", "徐", "三十而立", "政治協商會議", "人民城市", "垃圾分類"];
    var searches = queries.Select(q => $"/api/search?q={Uri.EscapeDataString(q)}").ToArray();

    var nginxPort = FreePort();
    var nginx = $"http://127.0.0.1:{nginxPort}";
    children.Add(await StartNginxAsync(nginxPort, Path.Combine(data, "images"), data));
    await WaitUntilUpAsync($"{nginx}{screenUrl}");
    Console.WriteLine($"bench: epaper at {api}, nginx at {nginx}; screen image {new FileInfo(imageFile).Length / 1024} KB; {connections} connections, {seconds} s per run");
    Console.WriteLine($"bench: {Environment.ProcessorCount} cores shared by the servers and this load generator");
    Console.WriteLine();

    var runs = new List<(string Name, Result Result)>();
    async Task<Result> Measure(string name, string baseUrl, string[] paths)
    {
        await LoadAsync(baseUrl, paths, connections, TimeSpan.FromSeconds(2), maxRequests); // warm-up
        var result = await LoadAsync(baseUrl, paths, connections, TimeSpan.FromSeconds(seconds), maxRequests);
        runs.Add((name, result));
        Console.WriteLine($"  {name,-22} {result}");
        return result;
    }

    var nginxImage = await Measure("nginx screen image", nginx, [screenUrl]);
    var apiImage = await Measure("epaper screen image", api, [screenUrl]);
    var pageRun = await Measure("epaper page JSON", api, [$"/api/issues/{id}/pages/1", $"/api/issues/{id}/pages/2", $"/api/issues/{id}/pages/3", $"/api/issues/{id}/pages/4"]);
    var hitRun = await Measure("epaper hit", api, points);
    var searchRun = await Measure("epaper search", api, searches);
    var nginxAgain = await Measure("nginx screen image (2)", nginx, [screenUrl]);

    var reference = Math.Max(nginxImage.RequestsPerSecond, nginxAgain.RequestsPerSecond);
    Console.WriteLine();
    Console.WriteLine($"| Route ({connections} connections) | req/s | p50 ms | p99 ms | vs nginx image ({reference:0} req/s) |");
    Console.WriteLine("|---|---|---|---|---|");
    foreach (var (name, r) in runs)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {r.RequestsPerSecond:0} | {r.P50Ms:0.00} | {r.P99Ms:0.00} | {r.RequestsPerSecond / reference:0.00}x |"));
    }

    Console.WriteLine();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"goal: page JSON and hit >= 0.50x nginx: page {pageRun.RequestsPerSecond / reference:0.00}x, hit {hitRun.RequestsPerSecond / reference:0.00}x; p99 < 10 ms: page {pageRun.P99Ms:0.0}, hit {hitRun.P99Ms:0.0}, search {searchRun.P99Ms:0.0}, image {apiImage.P99Ms:0.0}"));
    var errors = runs.Sum(r => r.Result.Errors);
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

// One closed-loop worker per connection, each sending its next request as soon as the last answer is read.
static async Task<Result> LoadAsync(string baseUrl, string[] paths, int connections, TimeSpan duration, int maxRequests)
{
    using var handler = new SocketsHttpHandler
    {
        MaxConnectionsPerServer = connections,
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        AutomaticDecompression = DecompressionMethods.None,
        UseProxy = false,
    };
    using var client = new HttpClient(handler) { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(30) };
    var perWorker = Math.Max(1, maxRequests / connections);
    var latencies = new long[connections][];
    var counts = new int[connections];
    var errors = 0;
    var bytes = 0L;
    var clock = Stopwatch.StartNew();
    var deadline = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
    var workers = Enumerable.Range(0, connections).Select(w => Task.Run(async () =>
    {
        var mine = latencies[w] = new long[perWorker];
        var buffer = new byte[1 << 16];
        var n = 0;
        while (n < perWorker && Stopwatch.GetTimestamp() < deadline)
        {
            var start = Stopwatch.GetTimestamp();
            using var response = await client.GetAsync(paths[(w + n) % paths.Length], HttpCompletionOption.ResponseHeadersRead);
            await using var body = await response.Content.ReadAsStreamAsync();
            long read = 0;
            int got;
            while ((got = await body.ReadAsync(buffer)) > 0)
            {
                read += got;
            }

            mine[n++] = Stopwatch.GetTimestamp() - start;
            Interlocked.Add(ref bytes, read);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                Interlocked.Increment(ref errors);
            }
        }

        counts[w] = n;
    })).ToArray();
    await Task.WhenAll(workers);
    var elapsed = clock.Elapsed.TotalSeconds;
    var all = latencies.SelectMany((l, w) => l.Take(counts[w])).ToArray();
    Array.Sort(all);
    double Ms(double q) => all.Length == 0 ? 0 : all[Math.Min(all.Length - 1, (int)(q * all.Length))] * 1000.0 / Stopwatch.Frequency;
    return new Result(all.Length, all.Length / elapsed, Ms(0.50), Ms(0.99), errors, bytes / elapsed);
}

static async Task<Process> StartNginxAsync(int port, string imagesDir, string dataDir)
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
            types { image/webp webp; }
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

int Arg(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var v) ? v : fallback;
}

internal sealed record Result(int Requests, double RequestsPerSecond, double P50Ms, double P99Ms, int Errors, double BytesPerSecond)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{RequestsPerSecond,9:0} req/s   p50 {P50Ms,6:0.00} ms   p99 {P99Ms,6:0.00} ms   {BytesPerSecond / (1024 * 1024),7:0.0} MB/s   {Requests} requests{(Errors > 0 ? $", {Errors} not 200" : "")}");
}
