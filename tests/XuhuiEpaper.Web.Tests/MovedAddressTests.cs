using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using XuhuiEpaper.Core.Model;
using XuhuiEpaper.Storage;
using XuhuiEpaper.Web.Export;

namespace XuhuiEpaper.Web.Tests;

/// <summary>
/// Issue 12, permanent links: an archivist's correction of an issue's date moves all its readable addresses; the old
/// ones (issue, page, article, and their JSON twins) answer 301 to the current ones, the rest of the path kept, after a
/// chain of corrections too, until another issue is published at the old address (a live issue wins).
/// </summary>
public sealed class MovedAddressTests
{
    private static readonly string Paper = Uri.EscapeDataString("徐匯報");

    [Test]
    public async Task Old_readable_addresses_answer_301_to_the_current_ones_after_the_date_is_corrected()
    {
        await using var app = new EpaperApp(new Dictionary<string, string?> { ["Api:ChangeCheckInterval"] = "00:00:00" });
        var id = await app.IngestSampleAsync(tiles: false);
        using var admin = app.CreateAdminClient();
        using var raw = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var page = await (await raw.GetAsync($"/api/issues/{id}/pages/2")).JsonAsync();
        var number = (int)page["articles"]!.AsArray().First(a => (int?)a!["number"] is not null)!["number"]!;
        string[] Addresses(string date) => [$"/{Paper}/{date}", $"/{Paper}/{date}/2", $"/{Paper}/{date}/2/{number}"];

        // Read (and kept in memory) before the edit.
        await AssertLiveAsync(raw, Addresses("2021-12-13"));

        await (await admin.PutAsJsonAsync($"/api/issues/{id}", new { date = "2021-12-15" })).JsonAsync();
        await AssertMovedAsync(raw, Addresses("2021-12-13"), Addresses("2021-12-15"));
        await AssertLiveAsync(raw, Addresses("2021-12-15"));

        // A query stays; a number that is no number, or a title that never had the date, is still nothing.
        using (var withQuery = await raw.GetAsync($"/{Paper}/2021-12-13/2?zoom=2"))
        {
            Assert.That(withQuery.Headers.Location?.OriginalString, Is.EqualTo($"/{Paper}/2021-12-15/2?zoom=2"));
        }

        await (await raw.GetAsync($"/api/papers/{Paper}/2021-12-13/2/x")).ProblemAsync(HttpStatusCode.NotFound);
        await (await raw.GetAsync($"/api/papers/{Uri.EscapeDataString("浦東時報")}/2021-12-13")).ProblemAsync(HttpStatusCode.NotFound);

        // A second correction: both earlier addresses lead to the current one in one step.
        await (await admin.PutAsJsonAsync($"/api/issues/{id}", new { date = "2021-12-16" })).JsonAsync();
        await AssertMovedAsync(raw, Addresses("2021-12-13"), Addresses("2021-12-16"));
        await AssertMovedAsync(raw, Addresses("2021-12-15"), Addresses("2021-12-16"));
        await AssertLiveAsync(raw, Addresses("2021-12-16"));

        // Back to an address it had: that one is live again, and the others lead there (no loop).
        await (await admin.PutAsJsonAsync($"/api/issues/{id}", new { date = "2021-12-15" })).JsonAsync();
        await AssertLiveAsync(raw, Addresses("2021-12-15"));
        await AssertMovedAsync(raw, Addresses("2021-12-16"), Addresses("2021-12-15"));
        await AssertMovedAsync(raw, Addresses("2021-12-13"), Addresses("2021-12-15"));

        // The static edition cannot answer 301: each earlier address gets a stub that sends the browser on, and the same JSON.
        var dir = Directory.CreateTempSubdirectory("epaper-moves-export-").FullName;
        try
        {
            await app.Services.GetRequiredService<StaticEditionExporter>().ExportAsync(new ExportRequest(dir), null, CancellationToken.None);
            var now = $"/{Paper}/2021-12-15/2/{number}";
            var stub = await File.ReadAllTextAsync(Path.Combine(dir, "徐匯報", "2021-12-13", "2", $"{number}", "index.html"));
            Assert.That(stub, Does.Contain($"""<meta http-equiv="refresh" content="0; url={now}">""").And.Contain($"""<link rel="canonical" href="{now}">"""));
            Assert.That(File.ReadAllText(Path.Combine(dir, "徐匯報", "2021-12-16", "index.html")), Does.Contain($"url=/{Paper}/2021-12-15\""));
            Assert.That(File.ReadAllBytes(Path.Combine(dir, "api", "papers", "徐匯報", "2021-12-16", "2.json")),
                Is.EqualTo(File.ReadAllBytes(Path.Combine(dir, "api", "papers", "徐匯報", "2021-12-15", "2.json"))));
            Assert.That(File.ReadAllText(Path.Combine(dir, "徐匯報", "2021-12-15", "2", "index.html")), Does.Contain("/js/reader.js"), "the live address is the reader");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }

        // A new issue published at the first address takes it: its issue answers there, and a page it lacks is a 404.
        var other = await PublishOnePageIssueAsync(app, new DateOnly(2021, 12, 13));
        var issue = await (await raw.GetAsync($"/api/papers/{Paper}/2021-12-13")).JsonAsync();
        Assert.That((long)issue["id"]!, Is.EqualTo(other));
        using (var reader = await raw.GetAsync($"/{Paper}/2021-12-13"))
        {
            Assert.That(reader.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        await (await raw.GetAsync($"/api/papers/{Paper}/2021-12-13/2")).ProblemAsync(HttpStatusCode.NotFound);
        await (await raw.GetAsync($"/api/papers/{Paper}/2021-12-13/2/{number}")).ProblemAsync(HttpStatusCode.NotFound);
        await AssertMovedAsync(raw, Addresses("2021-12-16"), Addresses("2021-12-15"));

        // The move is kept in the database, written with the edit.
        using var db = app.OpenDatabase();
        using var cmd = db.CreateCommand();
        cmd.CommandText = "SELECT group_concat(date || '>' || issue_id, ' ') FROM (SELECT date, issue_id FROM address_moves ORDER BY date)";
        Assert.That(cmd.ExecuteScalar(), Is.EqualTo($"2021-12-13>{id} 2021-12-15>{id} 2021-12-16>{id}"));
    }

    [Test]
    public async Task Old_IIIF_ids_answer_301_to_the_same_resource_after_the_date_is_corrected()
    {
        await using var app = new EpaperApp(new Dictionary<string, string?> { ["Api:ChangeCheckInterval"] = "00:00:00" });
        var id = await app.IngestSampleAsync(tiles: false);
        using var admin = app.CreateAdminClient();
        using var raw = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await (await admin.PutAsJsonAsync($"/api/issues/{id}", new { date = "2021-12-15" })).JsonAsync();

        var manifest = System.Text.Json.Nodes.JsonNode.Parse(await raw.GetStringAsync($"/iiif/{Paper}/2021-12-15/manifest.json"))!;
        var canvas = new Uri((string)manifest["items"]![1]!["id"]!).AbsolutePath;
        Assert.That(canvas, Does.Contain("/2021-12-15/canvas/"));
        foreach (var now in new[] { $"/iiif/{Paper}/2021-12-15/manifest.json", canvas })
        {
            var old = now.Replace("/2021-12-15/", "/2021-12-13/", StringComparison.Ordinal);
            using var response = await raw.GetAsync(old);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.MovedPermanently), old);
            Assert.That(response.Headers.Location?.OriginalString, Is.EqualTo(now), old);
        }

        // A date no issue ever had is still nothing.
        await (await raw.GetAsync($"/iiif/{Paper}/2021-12-14/manifest.json")).ProblemAsync(HttpStatusCode.NotFound);

        // The static edition keeps the old ids as copies of the documents, which name the current address.
        var dir = Directory.CreateTempSubdirectory("epaper-moves-iiif-").FullName;
        try
        {
            await app.Services.GetRequiredService<StaticEditionExporter>().ExportAsync(new ExportRequest(dir, BaseUrl: new Uri("https://epaper.example.org")), null, CancellationToken.None);
            var issueDir = Path.Combine(dir, "iiif", "徐匯報");
            Assert.That(File.ReadAllBytes(Path.Combine(issueDir, "2021-12-13", "manifest.json")), Is.EqualTo(File.ReadAllBytes(Path.Combine(issueDir, "2021-12-15", "manifest.json"))));
            var canvasFile = Uri.UnescapeDataString(canvas).Replace("/2021-12-15/", "/2021-12-13/", StringComparison.Ordinal).TrimStart('/');
            Assert.That(File.Exists(Path.Combine(dir, canvasFile)), canvasFile);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>Each address and its JSON twin answer 301 to the address at the same place in <paramref name="to"/>.</summary>
    private static async Task AssertMovedAsync(HttpClient raw, string[] from, string[] to)
    {
        foreach (var (old, now) in from.Zip(to))
        {
            foreach (var (url, location) in new[] { (old, now), ("/api/papers" + old, "/api/papers" + now) })
            {
                using var response = await raw.GetAsync(url);
                Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.MovedPermanently), url);
                Assert.That(response.Headers.Location?.OriginalString, Is.EqualTo(location), url);
            }
        }
    }

    /// <summary>Each address (the reader) and its JSON twin answer 200.</summary>
    private static async Task AssertLiveAsync(HttpClient raw, string[] addresses)
    {
        foreach (var address in addresses)
        {
            foreach (var url in new[] { address, "/api/papers" + address })
            {
                using var response = await raw.GetAsync(url);
                Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), url);
            }
        }
    }

    private static async Task<long> PublishOnePageIssueAsync(EpaperApp app, DateOnly date)
    {
        var images = new PageImages("aaaaaaaaaaaaaaaa-thumb.webp", "aaaaaaaaaaaaaaaa-screen.webp", "aaaaaaaaaaaaaaaa-zoom.webp", 200, 800, 1200);
        var published = await app.Services.GetRequiredService<PublishStore>().PublishAsync(new IssueContent
        {
            Paper = "徐匯報",
            Date = date,
            Sha256 = new string('a', 64),
            OriginalFile = "originals/" + new string('a', 64) + ".pdf",
            Pages = [new PageContent { Number = 1, WidthPt = 842, HeightPt = 1191, Images = images, Articles = [] }],
        });
        return published.IssueId;
    }
}
