using System.Diagnostics;
using System.Globalization;
using System.Net.Http;
using System.Text.RegularExpressions;

namespace XuhuiEpaper.Viewer.Tests;

/// <summary>
/// The static edition of the test server's data: written by `epaper export` right after the sample is ingested (before
/// any test changes the data), served by a real nginx whose server block holds nothing but <c>root</c> and
/// <c>try_files $uri $uri/index.html $uri.html =404</c> (and Debian's MIME types, as every nginx has them).
/// </summary>
public static partial class StaticSite
{
    private static Process? _nginx;
    private static string? _prefix;
    private static string? _startError;

    public static Uri BaseUrl { get; private set; } = new("http://127.0.0.1:9/");

    /// <summary>The export folder (outside the data folder: nginx's workers must be able to read it).</summary>
    public static string Dir { get; } = Path.Combine(Path.GetTempPath(), $"epaper-static-{Guid.NewGuid():N}");

    /// <summary>The summary line of the first export.</summary>
    public static string FirstExport { get; private set; } = "";

    public static async Task StartAsync()
    {
        try
        {
            FirstExport = await ExportAsync();
            _prefix = Directory.CreateTempSubdirectory("epaper-nginx-").FullName;
            var port = ViewerServer.FreePort();
            BaseUrl = new Uri($"http://127.0.0.1:{port}/");
            var config = Path.Combine(_prefix, "nginx.conf");
            await File.WriteAllTextAsync(config, $$"""
                daemon off;
                worker_processes 1;
                pid {{_prefix}}/nginx.pid;
                error_log {{_prefix}}/error.log warn;
                events { worker_connections 256; }
                http {
                    include /etc/nginx/mime.types;
                    default_type application/octet-stream;
                    access_log off;
                    client_body_temp_path {{_prefix}}/body;
                    proxy_temp_path {{_prefix}}/proxy;
                    fastcgi_temp_path {{_prefix}}/fastcgi;
                    uwsgi_temp_path {{_prefix}}/uwsgi;
                    scgi_temp_path {{_prefix}}/scgi;
                    server {
                        listen 127.0.0.1:{{port}};
                        root {{Dir}};
                        try_files $uri $uri/index.html $uri.html =404;
                    }
                }
                """);
            string[] places = ["/usr/sbin/nginx", "/usr/bin/nginx"];
            var binary = places.FirstOrDefault(File.Exists)
                ?? throw new InvalidOperationException("nginx is not installed: scripts/setup.sh --tests installs nginx-light");
            var start = new ProcessStartInfo(binary) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
            foreach (var a in new[] { "-p", _prefix, "-c", config, "-e", Path.Combine(_prefix, "error.log") })
            {
                start.ArgumentList.Add(a);
            }

            _nginx = Process.Start(start) ?? throw new InvalidOperationException("nginx did not start");
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
            var clock = Stopwatch.StartNew();
            while (true)
            {
                try
                {
                    using var answer = await http.GetAsync(new Uri(BaseUrl, "/kiosk"));
                    if (answer.IsSuccessStatusCode)
                    {
                        return;
                    }
                }
                catch (HttpRequestException) when (clock.Elapsed < TimeSpan.FromSeconds(20) && !_nginx.HasExited)
                {
                    await Task.Delay(100);
                    continue;
                }

                throw new InvalidOperationException($"nginx did not serve the export: {(File.Exists(Path.Combine(_prefix, "error.log")) ? await File.ReadAllTextAsync(Path.Combine(_prefix, "error.log")) : "")}");
            }
        }
#pragma warning disable CA1031 // the live tests go on; every static test reports why the static site is missing
        catch (Exception e)
#pragma warning restore CA1031
        {
            _startError = e.Message;
        }
    }

    /// <summary>Fails the calling test when the static site could not be set up.</summary>
    public static void EnsureStarted() => Assert.That(_startError, Is.Null, $"the static edition is not served: {_startError}");

    /// <summary>Runs `epaper export` into <see cref="Dir"/> and returns its summary line (files written, unchanged, removed; time).</summary>
    public static async Task<string> ExportAsync()
    {
        var clock = Stopwatch.StartNew();
        var (code, output) = await ViewerServer.RunEpaperAsync(["export", "--out", Dir, "--base-url", "https://epaper.example.org/"], TimeSpan.FromMinutes(2));
        Assert.That(code, Is.Zero, $"epaper export failed:\n{output}");
        var line = output.Split('\n').FirstOrDefault(l => l.StartsWith("Exported", StringComparison.Ordinal)) ?? output;
        var note = string.Create(CultureInfo.InvariantCulture, $"{line.Trim()} (the command, start to end: {clock.Elapsed.TotalSeconds:0.0} s)");
        await TestContext.Progress.WriteLineAsync(note);
        return note;
    }

    /// <summary>The counts of an export's summary line.</summary>
    public static (int Written, int Unchanged, int Removed) Counts(string summary)
    {
        var m = CountsPattern().Match(summary);
        Assert.That(m.Success, Is.True, summary);
        return (int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture), int.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture));
    }

    public static async Task StopAsync()
    {
        if (_nginx is { HasExited: false })
        {
            _nginx.Kill(entireProcessTree: true);
            await _nginx.WaitForExitAsync();
        }

        _nginx?.Dispose();
        foreach (var dir in new[] { Dir, _prefix })
        {
            try
            {
                if (dir is not null && Directory.Exists(dir))
                {
                    Directory.Delete(dir, recursive: true);
                }
            }
            catch (IOException)
            {
                // left to the system's temp cleaning
            }
        }
    }

    [GeneratedRegex(@"(\d+) files written, (\d+) unchanged, (\d+) removed", RegexOptions.CultureInvariant)]
    private static partial Regex CountsPattern();
}
