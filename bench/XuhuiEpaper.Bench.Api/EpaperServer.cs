using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace XuhuiEpaper.Bench.Api;

/// <summary>A real `epaper serve` process over a temporary data folder, with its memory read from /proc.</summary>
internal sealed class EpaperServer : IAsyncDisposable
{
    public const string Token = "bench-admin-token";

    private readonly Process _process;
    private readonly string _dataDir;

    private EpaperServer(Process process, string dataDir, string url)
    {
        _process = process;
        _dataDir = dataDir;
        Url = url;
    }

    public string Url { get; }

    public string DataDir => _dataDir;

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>1 when the server process has died (it is never restarted here), else 0.</summary>
    public int Crashes => _process.HasExited ? 1 : 0;

    public static async Task<EpaperServer> StartAsync(IReadOnlyDictionary<string, string> settings)
    {
        var root = FindRepoRoot();
        var dll = Path.Combine(root, "src", "XuhuiEpaper.Web", "bin", "Release", "net10.0", "epaper.dll");
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"{dll} is missing; run with `dotnet run -c Release --project bench/XuhuiEpaper.Bench.Api`");
        }

        var data = Path.Combine(Path.GetTempPath(), $"epaper-bench-{Guid.NewGuid():N}");
        Directory.CreateDirectory(data);
        var port = FreePort();
        var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { dll, "serve", "--urls", $"http://127.0.0.1:{port}" })
        {
            info.ArgumentList.Add(a);
        }

        info.Environment["Epaper__DataDir"] = data;
        info.Environment["Epaper__AdminToken"] = Token;
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        info.Environment["Logging__LogLevel__Microsoft.AspNetCore"] = "Error";
        foreach (var (k, v) in settings)
        {
            info.Environment[k] = v;
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start epaper serve");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new EpaperServer(process, data, $"http://127.0.0.1:{port}");
        await server.WaitUntilUpAsync();
        return server;
    }

    public HttpClient CreateClient(bool admin = true)
    {
        var client = new HttpClient { BaseAddress = new Uri(Url), Timeout = TimeSpan.FromMinutes(5) };
        if (admin)
        {
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Token);
        }

        return client;
    }

    /// <summary>VmRSS and VmHWM of the server process, in MB (0 once it has gone).</summary>
    public (long RssMb, long PeakMb) Memory()
    {
        try
        {
            var status = File.ReadAllLines($"/proc/{_process.Id}/status");
            long Field(string name) => long.Parse(status.First(l => l.StartsWith(name, StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
            return (Field("VmRSS:"), Field("VmHWM:"));
        }
        catch (IOException)
        {
            return (0, 0);
        }
        catch (InvalidOperationException)
        {
            return (0, 0);
        }
    }

    /// <summary>
    /// The largest VmRSS among the server's descendants (analysis children, pdftoppm), and the sum of the server's and
    /// theirs, in MB, read from /proc now.
    /// </summary>
    public (long LargestChildMb, long TreeMb) TreeMemory()
    {
        long largest = 0;
        var tree = Rss(_process.Id);
        foreach (var child in ProcStat.Descendants(ProcStat.ReadAll(), _process.Id))
        {
            var rss = Rss(child.Pid);
            largest = Math.Max(largest, rss);
            tree += rss;
        }

        return (largest, tree);

        static long Rss(int pid)
        {
            try
            {
                var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
                return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
            }
            catch (IOException)
            {
                return 0;
            }
            catch (UnauthorizedAccessException)
            {
                return 0;
            }
        }
    }

    public async Task WaitUntilUpAsync()
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        for (var i = 0; i < 300; i++)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"epaper serve exited with {_process.ExitCode}");
            }

            try
            {
                if ((await client.GetAsync($"{Url}/healthz")).IsSuccessStatusCode)
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

        throw new TimeoutException("epaper serve did not come up");
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        catch (InvalidOperationException)
        {
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_dataDir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    public static string FindRepoRoot()
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

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }
}
