using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.Playwright;

namespace XuhuiEpaper.Viewer.Tests;

/// <summary>
/// One real `epaper serve` for every browser test: a temporary data folder with the sample issue ingested through
/// the CLI, an admin token, small images, a free loopback port; and one headless Debian chromium driven by Playwright.
/// </summary>
[SetUpFixture]
public sealed class ViewerServer
{
    public static readonly string Token = $"viewer-test-{Guid.NewGuid():N}";

    private static Process? _server;
    private static IPlaywright? _playwright;
    private static string? _dataDir;

    public static Uri BaseUrl { get; private set; } = null!;
    public static string RepoRoot { get; } = FindRepoRoot();
    public static string SamplePdf => Path.Combine(RepoRoot, "samples", "xuhuibao-2021-12-13.pdf");
    public static string ScreenshotDir => Path.Combine(RepoRoot, "artifacts", "screenshots");
    public static IBrowser Browser { get; private set; } = null!;
    public static HttpClient Http { get; private set; } = null!;

    /// <summary>The issue the server starts with (the sample, ingested before it started).</summary>
    public static long SampleIssueId { get; private set; }

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _dataDir = Directory.CreateTempSubdirectory("epaper-viewer-").FullName;
        var epaper = EpaperDll();
        var ingest = await RunAsync(epaper, ["ingest", SamplePdf, "--data", _dataDir], TimeSpan.FromMinutes(2));
        Assert.That(ingest.ExitCode, Is.Zero, $"epaper ingest failed:\n{ingest.Output}");

        // The static edition of the same data, exported before anything else changes it, served by a plain nginx.
        await StaticSite.StartAsync();

        var port = FreePort();
        BaseUrl = new Uri($"http://127.0.0.1:{port}");
        var start = StartInfo(epaper, ["serve", "--urls", BaseUrl.ToString().TrimEnd('/')]);
        _server = Process.Start(start) ?? throw new InvalidOperationException("epaper serve did not start");
        var log = Path.Combine(_dataDir, "serve.log");
        _ = Task.Run(() => CopyToLog(_server.StandardOutput, log));
        _ = Task.Run(() => CopyToLog(_server.StandardError, log));

        Http = new HttpClient { BaseAddress = BaseUrl, Timeout = TimeSpan.FromSeconds(30) };
        await WaitHealthyAsync(log);

        // The server is warm (JIT) before anything is timed; the browser cache stays cold (a new context per test).
        using var latest = await Http.GetAsync(new Uri("/api/issues/latest", UriKind.Relative));
        Assert.That(latest.StatusCode, Is.EqualTo(HttpStatusCode.OK),
            $"GET /api/issues/latest answered {(int)latest.StatusCode}: the issue-4 API is needed by every viewer test");
        SampleIssueId = (await latest.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        var issue = await GetJsonAsync($"/api/issues/{SampleIssueId}");
        // Warm the server's code paths on page 2, so that page 1 (what the first-paint test times) stays untouched.
        foreach (var path in new[] { "/", "/js/reader.js", $"/api/issues/{SampleIssueId}/pages/2", issue.GetProperty("pages")[1].GetProperty("screenUrl").GetString()! })
        {
            using var warm = await Http.GetAsync(new Uri(path, UriKind.Relative));
        }

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync"],
        });
        Directory.CreateDirectory(ScreenshotDir);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
        await StaticSite.StopAsync();
        Http?.Dispose();
        if (_server is { HasExited: false })
        {
            _server.Kill(entireProcessTree: true);
            await _server.WaitForExitAsync();
        }

        _server?.Dispose();
        if (_dataDir is not null)
        {
            try
            {
                Directory.Delete(_dataDir, recursive: true);
            }
            catch (IOException)
            {
                // A file still held: the temp folder is cleaned by the system.
            }
        }
    }

    /// <summary>A fresh browser context (cold cache, own storage) with the given viewport.</summary>
    public static Task<IBrowserContext> NewContextAsync(int width = 1280, int height = 800, bool phone = false, Uri? site = null) =>
        Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = (site ?? BaseUrl).ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = height },
            IsMobile = phone,
            HasTouch = phone,
            DeviceScaleFactor = phone ? 2 : 1,
            Locale = "zh-CN",
        });

    /// <summary>Uploads a PDF through the API and waits for its job to succeed; returns the new issue's id.</summary>
    public static async Task<long> UploadAsync(byte[] pdf, string date, string? paper = null)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(pdf);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        form.Add(file, "file", "variant.pdf");
        form.Add(new StringContent(date), "date");
        if (paper is not null)
        {
            form.Add(new StringContent(paper), "paper");
        }
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/issues") { Content = form };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        using var response = await Http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), body);
        var jobId = JsonDocument.Parse(body).RootElement.GetProperty("jobId").GetInt64();
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromMinutes(2))
        {
            var job = await Http.GetFromJsonAsync<JsonElement>($"/api/jobs/{jobId}");
            var state = job.GetProperty("state").GetString();
            if (state == "succeeded")
            {
                return job.GetProperty("issueId").GetInt64();
            }

            Assert.That(state, Is.Not.EqualTo("failed"), job.ToString());
            await Task.Delay(250);
        }

        Assert.Fail($"job {jobId} did not finish within 2 minutes");
        return 0;
    }

    public static Task<JsonElement> GetJsonAsync(string path) => Http.GetFromJsonAsync<JsonElement>(path);

    public static string Screenshot(string name) => Path.Combine(ScreenshotDir, name);

    private static async Task WaitHealthyAsync(string log)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (_server!.HasExited)
            {
                Assert.Fail($"epaper serve exited with {_server.ExitCode}:\n{ReadLog(log)}");
            }

            try
            {
                using var health = await Http.GetAsync(new Uri("/healthz", UriKind.Relative));
                if (health.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }

            await Task.Delay(200);
        }

        Assert.Fail($"epaper serve did not become healthy within 60 s:\n{ReadLog(log)}");
    }

    private static string ReadLog(string log) => File.Exists(log) ? File.ReadAllText(log) : "(no log)";

    private static readonly Lock LogLock = new();

    private static async Task CopyToLog(StreamReader reader, string log)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            lock (LogLock)
            {
                File.AppendAllText(log, line + Environment.NewLine);
            }
        }
    }

    private static ProcessStartInfo StartInfo(string epaperDll, IEnumerable<string> args)
    {
        var start = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepoRoot,
        };
        start.ArgumentList.Add(epaperDll);
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        start.Environment["Epaper__DataDir"] = _dataDir;
        start.Environment["Epaper__AdminToken"] = Token;
        start.Environment["Ingest__Images__ZoomWidth"] = "1200";
        start.Environment["Ingest__Images__ScreenWidth"] = "800";
        start.Environment["Ingest__Images__ThumbnailWidth"] = "200";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";

        // Two titles (issue 11): the house paper as stored, and a second one shown in Simplified script in its own colour.
        start.Environment["Epaper__Titles__0__Name"] = "徐匯報";
        start.Environment["Epaper__Titles__1__Name"] = "浦東時報";
        start.Environment["Epaper__Titles__1__DisplayName"] = "浦东时报";
        start.Environment["Epaper__Titles__1__Lang"] = "zh-Hans";
        start.Environment["Epaper__Titles__1__Colour"] = "#1565c0";
        // Several browser tests upload to this one server within a minute (editor, titles, publishing, permanent links).
        start.Environment["Api__RateLimits__UploadsPerMinute"] = "100";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        return start;
    }

    /// <summary>Runs an `epaper` command over the test server's data folder and settings.</summary>
    public static Task<(int ExitCode, string Output)> RunEpaperAsync(IEnumerable<string> args, TimeSpan timeout) => RunAsync(EpaperDll(), args, timeout);

    private static async Task<(int ExitCode, string Output)> RunAsync(string epaperDll, IEnumerable<string> args, TimeSpan timeout)
    {
        using var process = Process.Start(StartInfo(epaperDll, args)) ?? throw new InvalidOperationException("epaper did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await stdout + await stderr);
    }

    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    /// <summary>epaper.dll built in the same configuration as this test assembly (bin/&lt;Configuration&gt;/net10.0).</summary>
    private static string EpaperDll()
    {
        var tfmDir = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = tfmDir.Parent!.Name;
        var dll = Path.Combine(RepoRoot, "src", "XuhuiEpaper.Web", "bin", configuration, tfmDir.Name, "epaper.dll");
        Assert.That(File.Exists(dll), Is.True, $"{dll} is missing: build src/XuhuiEpaper.Web in {configuration}");
        return dll;
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "XuhuiEpaper.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("XuhuiEpaper.sln not found above " + AppContext.BaseDirectory);
    }
}
