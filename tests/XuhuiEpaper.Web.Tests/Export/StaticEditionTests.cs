using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using XuhuiEpaper.Web.Cli;
using XuhuiEpaper.Web.Export;

namespace XuhuiEpaper.Web.Tests.Export;

/// <summary>
/// The static edition's files: the API's own answers (only their links point at the files), written again only when
/// they change, removed when they leave the selection; and the service keeping an export up to date by itself.
/// (The browser checks of the export served by nginx are in the viewer tests.)
/// </summary>
public sealed class StaticEditionTests : SampleApiTests
{
    private string _dir = "";

    [SetUp]
    public void MakeFolder() => _dir = Directory.CreateTempSubdirectory("epaper-export-test-").FullName;

    [TearDown]
    public void RemoveFolder() => Directory.Delete(_dir, recursive: true);

    [Test]
    public async Task Every_answer_is_the_APIs_own_and_a_second_export_writes_nothing()
    {
        var (app, _) = await SharedSample.GetAsync();
        var exporter = app.Services.GetRequiredService<StaticEditionExporter>();
        var first = await exporter.ExportAsync(new ExportRequest(_dir), null, CancellationToken.None);
        Assert.That((first.Issues, first.Pages, first.Written, first.Unchanged, first.Removed), Is.EqualTo((1, 4, first.Written, 0, 0)));

        var issue = await SameAsLiveAsync($"/api/issues/{IssueId}");
        await SameAsLiveAsync("/api/papers/" + Uri.EscapeDataString("徐匯報") + "/2021-12-13", "api/papers/徐匯報/2021-12-13.json");
        await SameAsLiveAsync("/api/issues/latest");
        await SameAsLiveAsync("/api/issues?from=2021-12-01&to=2021-12-31&pageSize=100", "api/issues/months/2021-12.json");
        var articles = 0;
        foreach (var page in issue["pages"]!.AsArray())
        {
            var detail = await SameAsLiveAsync($"/api/issues/{IssueId}/pages/{(int)page!["number"]!}");
            foreach (var article in detail["articles"]!.AsArray())
            {
                await SameAsLiveAsync($"/api/articles/{(long)article!["id"]!}");
                Assert.That(File.Exists(Path.Combine(_dir, "articles", $"{(long)article["id"]!}", "index.html")), Is.True, "a deep link page per article");
                if ((string?)article["address"] is { } readable)
                {
                    // The readable address as a folder with the reader, and its JSON twin as a file, at the decoded path.
                    await SameAsLiveAsync("/api/papers" + readable, "api/papers" + Uri.UnescapeDataString(readable) + ".json");
                    Assert.That(File.Exists(Path.Combine(_dir, Uri.UnescapeDataString(readable).TrimStart('/'), "index.html")), Is.True, readable);
                }

                articles++;
            }

            Assert.That(File.Exists(Path.Combine(_dir, "issues", $"{IssueId}", "pages", $"{(int)page["number"]!}", "index.html")), Is.True);
            var pageAddress = Uri.UnescapeDataString((string)page["address"]!);
            Assert.That(pageAddress, Is.EqualTo($"/徐匯報/2021-12-13/{(int)page["number"]!}"));
            await SameAsLiveAsync("/api/papers" + (string)page["address"]!, "api/papers" + pageAddress + ".json");
            Assert.That(File.Exists(Path.Combine(_dir, pageAddress.TrimStart('/'), "index.html")), Is.True, pageAddress);
            foreach (var image in new[] { "thumbnailUrl", "screenUrl", "zoomUrl", "pdfUrl" })
            {
                var live = await Client.GetByteArrayAsync(new Uri((string)page[image]!, UriKind.Relative));
                Assert.That(await File.ReadAllBytesAsync(Path.Combine(_dir, ((string)page[image]!).TrimStart('/'))), Is.EqualTo(live), image);
            }
        }

        Assert.That(first.Articles, Is.EqualTo(articles));
        Assert.That(await File.ReadAllBytesAsync(Path.Combine(_dir, "pdf", $"{((string)issue["pdfUrl"]!)[5..]}")), Is.EqualTo(await Client.GetByteArrayAsync(new Uri((string)issue["pdfUrl"]!, UriKind.Relative))));

        var again = await exporter.ExportAsync(new ExportRequest(_dir), null, CancellationToken.None);
        Assert.That((again.Written, again.Unchanged, again.Removed), Is.EqualTo((0, first.Written, 0)), "nothing changed, nothing written");
        Assert.That(ExportCommand.Describe(again, _dir), Does.Contain($"0 files written, {first.Written} unchanged, 0 removed"));

        // With the address it is served at: a sitemap of the front page, every page and every article, and a robots.txt naming it.
        var located = await exporter.ExportAsync(new ExportRequest(_dir, BaseUrl: new Uri("https://epaper.example.org/")), null, CancellationToken.None);
        var sitemap = await File.ReadAllTextAsync(Path.Combine(_dir, "sitemap.xml"));
        Assert.Multiple(async () =>
        {
            Assert.That(located.Written, Is.GreaterThan(2), "the sitemap, robots.txt and the IIIF documents and tiles");
            var readable = "https://epaper.example.org/" + Uri.EscapeDataString("徐匯報") + "/2021-12-13/";
            Assert.That(sitemap, Does.Contain($"<loc>{readable}4</loc>").And.Contain($"<loc>{readable}1/1</loc>").And.Not.Contain("/articles/"), "readable addresses");
            Assert.That(await File.ReadAllTextAsync(Path.Combine(_dir, "robots.txt")), Does.Contain("Sitemap: https://epaper.example.org/sitemap.xml"));

            // Its pages carry the share previews the live service renders (with the export's address).
            var articleHtml = await File.ReadAllTextAsync(Path.Combine(_dir, "徐匯報", "2021-12-13", "1", "1", "index.html"));
            Assert.That(HeadTags.Meta(articleHtml, "og:url"), Is.EqualTo(readable + "1/1"));
            Assert.That(HeadTags.Links(articleHtml, "canonical"), Is.EqualTo(new[] { readable + "1/1" }));
            Assert.That(HeadTags.Meta(articleHtml, "og:image"), Does.StartWith("https://epaper.example.org/images/"));
            Assert.That(HeadTags.Meta(articleHtml, "twitter:card"), Is.EqualTo("summary_large_image"));
            Assert.That(HeadTags.Meta(await File.ReadAllTextAsync(Path.Combine(_dir, "issues", $"{IssueId}", "pages", "2", "index.html")), "og:url"), Is.EqualTo(readable + "2"));

            // And the title's Atom feed, which the front page links.
            var feed = System.Xml.Linq.XDocument.Parse(await File.ReadAllTextAsync(Path.Combine(_dir, "徐匯報", "feed.atom"))).Root!;
            System.Xml.Linq.XNamespace atom = "http://www.w3.org/2005/Atom";
            Assert.That(feed.Elements(atom + "entry").Select(e => (string?)e.Element(atom + "id")), Is.EqualTo(new[] { readable.TrimEnd('/') }));
            Assert.That(HeadTags.Links(await File.ReadAllTextAsync(Path.Combine(_dir, "index.html")), "alternate", "application/atom+xml"),
                Is.EqualTo(new[] { "/" + Uri.EscapeDataString("徐匯報") + "/feed.atom" }));
            Assert.That(sitemap, Does.Contain("<lastmod>"));
        });

        // The IIIF documents at their ids' paths (decoded, as servers look them up), naming the export's address, with the
        // level-0 image services and every tile their info.json lists.
        var manifestFile = Path.Combine(_dir, "iiif", "徐匯報", "2021-12-13", "manifest.json");
        Assert.That(File.Exists(manifestFile), Is.True, manifestFile);
        var manifest = JsonNode.Parse(await File.ReadAllTextAsync(manifestFile))!;
        Assert.That((string)manifest["id"]!, Is.EqualTo("https://epaper.example.org/iiif/%E5%BE%90%E5%8C%AF%E5%A0%B1/2021-12-13/manifest.json"));
        Assert.That(File.Exists(Path.Combine(_dir, "iiif", "collection.json")), Is.True);
        var services = Directory.GetFiles(Path.Combine(_dir, "iiif", "image"), "info.json", SearchOption.AllDirectories);
        Assert.That(services, Has.Length.EqualTo(4), "one image service a page");
        Assert.That(Directory.GetFiles(Path.GetDirectoryName(services[0])!, "default.jpg", SearchOption.AllDirectories), Is.Not.Empty);

        // A selection without the issue: its files leave the export; the viewer stays.
        var none = await exporter.ExportAsync(new ExportRequest(_dir, To: new DateOnly(2021, 12, 12)), null, CancellationToken.None);
        Assert.Multiple(() =>
        {
            Assert.That(none.Issues, Is.Zero);
            Assert.That(none.Removed, Is.GreaterThan(50));
            Assert.That(File.Exists(Path.Combine(_dir, "api", "issues", $"{IssueId}.json")), Is.False);
            Assert.That(Directory.Exists(Path.Combine(_dir, "images")), Is.False, "emptied folders go too");
            Assert.That(File.Exists(Path.Combine(_dir, "index.html")), Is.True);
        });
    }

    [Test]
    public async Task The_command_refuses_what_it_does_not_understand_in_one_line()
    {
        Assert.Multiple(async () =>
        {
            Assert.That(await ExportCommand.RunAsync(["--out", _dir, "--from", "13/12/2021"]), Is.EqualTo(2));
            Assert.That(await ExportCommand.RunAsync(["--out", _dir, "--base-url", "ftp://x"]), Is.EqualTo(2));
            Assert.That(await ExportCommand.RunAsync(["--out"]), Is.EqualTo(2));
            Assert.That(await ExportCommand.RunAsync(["--out", _dir, "--base-url", "https://cdn.example.org/epaper/"]), Is.EqualTo(2), "served at the root only");
            Assert.That(await ExportCommand.RunAsync(["--bogus"]), Is.EqualTo(2));
        });
    }

    /// <summary>The export's file for an API answer holds that answer, its links to other answers pointing at their files.</summary>
    private async Task<JsonNode> SameAsLiveAsync(string route, string? file = null)
    {
        var live = await (await Client.GetAsync(new Uri(route, UriKind.Relative))).JsonAsync();
        var path = Path.Combine(_dir, (file ?? route.TrimStart('/') + ".json").Replace('/', Path.DirectorySeparatorChar));
        var exported = JsonNode.Parse(await File.ReadAllTextAsync(path))!;
        var withApiLinks = JsonNode.Parse(System.Text.RegularExpressions.Regex.Replace(exported.ToJsonString(), "(\"/api/[^\"]*)\\.json\"", "$1\""))!;
        Assert.That(JsonNode.DeepEquals(withApiLinks, live), Is.True, $"{path}\n{exported.ToJsonString()}\nlive: {live.ToJsonString()}");
        return live;
    }
}

/// <summary>Epaper:Export:Dir: publishing, editing, deleting and restoring bring the export up to date by themselves.</summary>
public sealed class ExportOnChangeTests
{
    [Test]
    public async Task The_service_exports_after_a_publish_an_edit_a_delete_and_a_restore()
    {
        var dir = Directory.CreateTempSubdirectory("epaper-export-hook-").FullName;
        try
        {
            await using var app = new EpaperApp(new Dictionary<string, string?> { ["Epaper:Export:Dir"] = dir, ["Epaper:Export:PollInterval"] = "00:00:00.100" });
            using var client = app.CreateAdminClient();
            await (await client.GetAsync(new Uri("/healthz", UriKind.Relative))).Content.ReadAsStringAsync(); // starts the host and its services
            await WaitAsync(() => File.Exists(Path.Combine(dir, "index.html")), "the first export at start");

            var id = await app.IngestSampleAsync();
            var issueFile = Path.Combine(dir, "api", "issues", $"{id}.json");
            await WaitAsync(() => File.Exists(issueFile) && File.Exists(Path.Combine(dir, "api", "issues", "latest.json")), "the published issue");

            var page2 = Path.Combine(dir, "api", "issues", $"{id}", "pages", "2.json");
            (await client.PutAsJsonAsync($"/api/issues/{id}", new { pages = new[] { new { number = 2, name = "改過的版名" } } })).EnsureSuccessStatusCode();
            await WaitAsync(() => File.ReadAllText(page2).Contains("改過的版名", StringComparison.Ordinal), "the edited page name");

            Assert.That((await client.DeleteAsync(new Uri($"/api/issues/{id}", UriKind.Relative))).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
            await WaitAsync(() => !File.Exists(issueFile) && !File.Exists(Path.Combine(dir, "api", "issues", "latest.json")), "the deleted issue gone");

            (await client.PostAsync(new Uri($"/api/trash/{id}/restore", UriKind.Relative), null)).EnsureSuccessStatusCode();
            await WaitAsync(() => File.Exists(issueFile), "the restored issue back");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static async Task WaitAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!condition())
        {
            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), $"{what}: not exported within 30 s");
            await Task.Delay(100);
        }
    }
}
