using System.Diagnostics;
using System.Text.Json;
using Microsoft.Playwright;

namespace XuhuiEpaper.Viewer.Tests;

/// <summary>
/// The sample issue's IIIF manifest in Mirador (the npm package, its prebuilt bundle served by this test from another
/// origin, so the manifest, info.json and tiles are fetched across origins as any IIIF viewer fetches them): the
/// canvases show, deep-zoom tiles load from the level-0 image service, and the articles are listed as ranges in
/// Mirador's table of contents.
/// </summary>
public class MiradorTests : BrowserTest
{
    private static string MiradorDir => Path.Combine(ViewerServer.RepoRoot, "tests", "XuhuiEpaper.Viewer.Tests", "mirador");

    private static string Bundle => Path.Combine(MiradorDir, "node_modules", "mirador", "dist", "mirador.min.js");

    /// <summary>Installs Mirador from package-lock.json (npm ci) when a clean clone has no node_modules yet.</summary>
    [OneTimeSetUp]
    public static async Task InstallMiradorAsync()
    {
        if (File.Exists(Bundle))
        {
            return;
        }

        var start = new ProcessStartInfo("npm", ["ci", "--no-audit", "--no-fund"])
        {
            WorkingDirectory = MiradorDir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var npm = Process.Start(start) ?? throw new InvalidOperationException("npm did not start");
        var output = npm.StandardOutput.ReadToEndAsync();
        var errors = npm.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await npm.WaitForExitAsync(timeout.Token);
        Assert.That(npm.ExitCode, Is.Zero, $"npm ci in {MiradorDir} failed:\n{await output}\n{await errors}");
        Assert.That(File.Exists(Bundle), $"npm ci did not install {Bundle}");
    }

    [Test]
    public async Task Mirador_shows_the_pages_and_lists_the_articles()
    {
        // By its date: other tests analyse the sample again (a new id), but its date and its IIIF ids stay.
        var issue = await ViewerServer.GetJsonAsync("/api/issues/2021-12-13");
        var manifestUrl = new Uri(ViewerServer.BaseUrl, issue.GetProperty("manifestUrl").GetString()).ToString();
        var manifest = await ViewerServer.GetJsonAsync(manifestUrl);
        var firstPageArticles = manifest.GetProperty("structures")[0].GetProperty("items").EnumerateArray()
            .Select(r => r.GetProperty("label").GetProperty("zh")[0].GetString()!).ToList();
        Assert.That(firstPageArticles, Is.Not.Empty);

        // Mirador on an origin of its own (another loopback port), as a IIIF viewer on another site: every IIIF
        // request crosses origins.
        using var mirador = new StaticSite(Html(manifestUrl), Bundle);
        var page = await NewPageAsync(1400, 900);
        var tiles = new List<string>();
        page.Response += (_, response) =>
        {
            if (response.Url.Contains("/iiif/image/", StringComparison.Ordinal) && response.Url.EndsWith("/default.jpg", StringComparison.Ordinal))
            {
                lock (tiles)
                {
                    tiles.Add($"{response.Status} {response.Url}");
                }
            }
        };

        await page.GotoAsync(mirador.Url);

        // The manifest loaded across origins: its label is the window's title.
        var label = manifest.GetProperty("label").GetProperty("zh")[0].GetString()!;
        await Expect(page.GetByText(label).First).ToBeVisibleAsync(new() { Timeout = 30_000 });

        // The canvas shows: OpenSeadragon drew the page from the level-0 tiles.
        await Expect(page.Locator(".openseadragon-canvas canvas").First).ToBeVisibleAsync();
        await page.WaitForFunctionAsync("() => performance.getEntriesByType('resource').some(e => e.name.includes('/iiif/image/') && e.name.endsWith('/default.jpg'))",
            null, new() { Timeout = 30_000 });

        // The table of contents lists the articles of the page shown (Mirador opens the branch of the current canvas).
        var toc = page.GetByRole(AriaRole.Tab, new() { Name = "Table of contents" });
        if (await toc.CountAsync() > 0 && await toc.GetAttributeAsync("aria-selected") != "true")
        {
            await toc.ClickAsync();
        }

        var tree = page.GetByRole(AriaRole.Tree);
        await Expect(tree).ToBeVisibleAsync();
        var pageNode = tree.GetByRole(AriaRole.Treeitem).First;
        await Expect(pageNode).ToContainTextAsync(manifest.GetProperty("structures")[0].GetProperty("label").GetProperty("zh")[0].GetString()!);
        if (await pageNode.GetAttributeAsync("aria-expanded") == "false")
        {
            await pageNode.Locator("div").First.ClickAsync();
        }

        foreach (var article in firstPageArticles)
        {
            await Expect(tree.GetByRole(AriaRole.Treeitem, new() { Name = article }).First).ToBeVisibleAsync();
        }

        // The thumbnails show every page.
        await Expect(page.Locator("img[src*='-thumb.webp']")).ToHaveCountAsync(manifest.GetProperty("items").GetArrayLength(), new() { Timeout = 15_000 });

        // An article range opens its page: an article of the second page shows the second canvas.
        var secondPage = manifest.GetProperty("structures")[1];
        var secondNode = tree.GetByRole(AriaRole.Treeitem).Filter(new() { HasText = secondPage.GetProperty("label").GetProperty("zh")[0].GetString()! }).First;
        await secondNode.Locator("div").First.ClickAsync();
        var secondArticle = secondPage.GetProperty("items").EnumerateArray()
            .Select(r => r.GetProperty("label").GetProperty("zh")[0].GetString()!).First(l => !firstPageArticles.Contains(l));
        await tree.GetByRole(AriaRole.Treeitem, new() { Name = secondArticle }).First.Locator("div").First.ClickAsync();
        var canvasLabel = manifest.GetProperty("items")[1].GetProperty("label").GetProperty("zh")[0].GetString()!;
        await Expect(page.GetByText($"2 of {manifest.GetProperty("items").GetArrayLength()} • {canvasLabel}")).ToBeVisibleAsync();

        await page.WaitForTimeoutAsync(1500);
        await page.ScreenshotAsync(new() { Path = ViewerServer.Screenshot("mirador-iiif.png") });
        lock (tiles)
        {
            Assert.That(tiles, Is.Not.Empty, "OpenSeadragon asked the level-0 service for tiles");
            Assert.That(tiles.Where(t => !t.StartsWith("200 ", StringComparison.Ordinal)), Is.Empty, "every tile OpenSeadragon asked for exists");
        }
    }

    private static string Html(string manifestUrl) => $$"""
        <!doctype html>
        <html lang="zh">
        <head><meta charset="utf-8"><title>Mirador</title></head>
        <body style="margin:0">
        <div id="viewer" style="position:absolute;inset:0"></div>
        <script src="/mirador.min.js"></script>
        <script>
        Mirador.viewer({
          id: 'viewer',
          windows: [{ manifestId: {{JsonSerializer.Serialize(manifestUrl)}}, sideBarOpen: true, sideBarPanel: 'canvas', thumbnailNavigationPosition: 'far-bottom' }],
          window: { sideBarOpen: true, sideBarPanel: 'canvas' },
          workspaceControlPanel: { enabled: false },
        });
        </script>
        </body>
        </html>
        """;

    /// <summary>The page that opens Mirador and Mirador's bundle, served over HTTP on a free loopback port.</summary>
    private sealed class StaticSite : IDisposable
    {
        private readonly System.Net.HttpListener _listener = new();
        private readonly byte[] _html;
        private readonly byte[] _bundle;

        public StaticSite(string html, string bundlePath)
        {
            _html = System.Text.Encoding.UTF8.GetBytes(html);
            _bundle = File.ReadAllBytes(bundlePath);
            var port = FreePort();
            Url = $"http://localhost:{port}/";
            _listener.Prefixes.Add(Url);
            _listener.Start();
            _ = Task.Run(ServeAsync);
        }

        public string Url { get; }

        public void Dispose() => _listener.Close();

        private async Task ServeAsync()
        {
            while (_listener.IsListening)
            {
                System.Net.HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync();
                }
                catch (Exception ex) when (ex is System.Net.HttpListenerException or ObjectDisposedException or InvalidOperationException)
                {
                    return;
                }

                var (body, type) = context.Request.Url!.AbsolutePath switch
                {
                    "/" => (_html, "text/html; charset=utf-8"),
                    "/mirador.min.js" => (_bundle, "text/javascript"),
                    _ => ([], "text/plain"),
                };
                context.Response.StatusCode = body.Length > 0 ? 200 : 404;
                context.Response.ContentType = type;
                context.Response.ContentLength64 = body.Length;
                try
                {
                    await context.Response.OutputStream.WriteAsync(body);
                    context.Response.Close();
                }
                catch (System.Net.HttpListenerException)
                {
                    // the browser went away
                }
            }
        }

        private static int FreePort()
        {
            using var socket = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
            socket.Start();
            return ((System.Net.IPEndPoint)socket.LocalEndpoint).Port;
        }
    }
}
