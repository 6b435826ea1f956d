using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using XuhuiEpaper.Core.Iiif;
using XuhuiEpaper.Web.Export;

namespace XuhuiEpaper.Web.Tests;

/// <summary>
/// The IIIF tiles follow the publish (issue 12): until they are made, the manifest paints each canvas with the zoom image
/// alone and announces no image service (whose info.json and tiles answer 404); the worker of `epaper serve` makes them
/// when it has no job, also those a previous process left behind, and from then on the manifest announces the service.
/// </summary>
[NonParallelizable]
public class IiifTilesAfterPublishTests
{
    [Test]
    public async Task Healthz_counts_the_page_images_waiting_for_tiles_and_names_those_given_up()
    {
        await using var app = new EpaperApp();
        await app.IngestSampleAsync(tiles: false);
        using var client = app.CreateClient();

        var waiting = (await (await client.GetAsync("/healthz")).JsonAsync())["checks"]!["tiles"]!;
        Assert.Multiple(() =>
        {
            Assert.That((string?)waiting["status"], Is.EqualTo("Healthy"));
            Assert.That((int)waiting["data"]!["pendingTileSets"]!, Is.EqualTo(4), "one tile set a page, made after the publish");
        });

        Assert.That(app.Execute("UPDATE tile_tasks SET given_up_at = '2026-12-02T00:00:00.000Z', error = 'pdftoppm was killed' WHERE rowid = (SELECT min(rowid) FROM tile_tasks)"), Is.EqualTo(1));
        using var response = await client.GetAsync("/healthz");
        var report = await response.JsonAsync();
        var tiles = report["checks"]!["tiles"]!;
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), "Degraded still answers 200");
            Assert.That((string?)report["status"], Is.EqualTo("Degraded"));
            Assert.That((string?)tiles["status"], Is.EqualTo("Degraded"));
            Assert.That((string?)tiles["description"], Does.Contain("given up").And.Contain("pdftoppm was killed"));
            Assert.That((int)tiles["data"]!["pendingTileSets"]!, Is.EqualTo(3));
            Assert.That((int)tiles["data"]!["tileSetsGivenUp"]!, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task The_manifest_announces_the_image_services_once_the_worker_has_made_the_tiles_after_a_restart()
    {
        await using var first = new EpaperApp();
        var issueId = await first.IngestSampleAsync(tiles: false);
        using var client = first.CreateClient();
        var manifestUrl = (string)(await (await client.GetAsync($"/api/issues/{issueId}")).JsonAsync())["manifestUrl"]!;

        // Published, its tiles not made yet: a correct manifest without image services.
        var before = await ManifestAsync(client, manifestUrl);
        var canvases = before["items"]!.AsArray().Select(c => c!).ToList();
        Assert.That(canvases, Has.Count.EqualTo(4));
        foreach (var canvas in canvases)
        {
            var body = Body(canvas);
            Assert.That(body["service"], Is.Null, "no image service is announced before its tiles exist");
            Assert.That((string?)body["format"], Is.EqualTo("image/webp"));
            Assert.That((int?)body["width"], Is.EqualTo((int?)canvas["width"]));
            using var image = await client.GetAsync((string)body["id"]!);
            Assert.That(image.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the page image itself is there");
            var hash = HashOf(body);
            using var info = await client.GetAsync($"/iiif/image/{hash}/info.json");
            Assert.That(info.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            using var tile = await client.GetAsync($"/iiif/image/{hash}/full/max/0/default.jpg");
            Assert.That(tile.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        }

        // A worker died holding one page's task; the other pages' tasks were never started.
        Assert.That(first.Execute("UPDATE tile_tasks SET worker_id = 'dead/1', heartbeat_at = '2020-01-01T00:00:00.000Z', attempts = 1 WHERE rowid = (SELECT min(rowid) FROM tile_tasks)"), Is.EqualTo(1));

        // The restart: `epaper serve` over the same data folder, its worker on.
        await using var restarted = new EpaperApp(new Dictionary<string, string?>
        {
            ["Epaper:DataDir"] = first.DataDir,
            ["Epaper:RunWorker"] = "true",
            ["Epaper:JobLease"] = "00:00:05",
        });
        using var after = restarted.CreateClient();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        JsonNode manifest;
        do
        {
            await Task.Delay(200);
            manifest = await ManifestAsync(after, manifestUrl);
        }
        while (manifest["items"]!.AsArray().Any(c => Body(c!)["service"] is null) && DateTime.UtcNow < deadline);

        Assert.That(first.Execute("DELETE FROM tile_tasks"), Is.Zero, "every task done, the dead worker's too");
        Assert.That(manifest["items"]!.AsArray().Select(c => ((int)c!["width"]!, (int)c["height"]!)),
            Is.EqualTo(canvases.Select(c => ((int)c["width"]!, (int)c["height"]!))), "each canvas is as large as before: its image's size");
        foreach (var canvas in manifest["items"]!.AsArray().Select(c => c!))
        {
            var body = Body(canvas);
            var service = body["service"]![0]!;
            Assert.That((string?)service["type"], Is.EqualTo("ImageService3"));
            var hash = HashOf(body);
            Assert.That((string?)service["id"], Is.EqualTo($"http://localhost/iiif/image/{hash}"));
            using var infoResponse = await after.GetAsync($"/iiif/image/{hash}/info.json");
            Assert.That(infoResponse.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            var info = JsonNode.Parse(await infoResponse.Content.ReadAsStringAsync())!;
            Assert.That((int?)info["width"], Is.EqualTo((int?)canvas["width"]), "the canvas is the image's size");
            Assert.That((int?)info["height"], Is.EqualTo((int?)canvas["height"]));
            foreach (var tile in IiifImageTiles.Tiles((int)info["width"]!, (int)info["height"]!).Take(3))
            {
                using var response = await after.GetAsync($"/iiif/image/{hash}/{tile.Path}");
                Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), tile.Path);
                Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("image/jpeg"));
            }
        }
    }

    [Test]
    public async Task The_static_edition_makes_the_tiles_the_worker_has_not_made_yet()
    {
        await using var app = new EpaperApp();
        await app.IngestSampleAsync(tiles: false);
        var dir = Directory.CreateTempSubdirectory("epaper-export-tiles-").FullName;
        try
        {
            await app.Services.GetRequiredService<StaticEditionExporter>().ExportAsync(
                new ExportRequest(dir, BaseUrl: new Uri("https://epaper.example.org/")), null, CancellationToken.None);

            var manifest = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(dir, "iiif", "徐匯報", "2021-12-13", "manifest.json")))!;
            var canvases = manifest["items"]!.AsArray().Select(c => c!).ToList();
            Assert.That(canvases, Has.Count.EqualTo(4));
            foreach (var canvas in canvases)
            {
                var hash = HashOf(Body(canvas));
                Assert.That((string?)Body(canvas)["service"]![0]!["id"], Is.EqualTo($"https://epaper.example.org/iiif/image/{hash}"));
                var info = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(dir, "iiif", "image", hash, "info.json")))!;
                var listed = IiifImageTiles.Tiles((int)info["width"]!, (int)info["height"]!).Select(t => t.Path).ToList();
                Assert.That(listed.All(t => File.Exists(Path.Combine(dir, "iiif", "image", hash, t))), $"every tile of {hash} in the export");
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static async Task<JsonNode> ManifestAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), body);
        return JsonNode.Parse(body)!;
    }

    private static JsonNode Body(JsonNode canvas) => canvas["items"]![0]!["items"]![0]!["body"]!;

    /// <summary>The tile set's name: the zoom image's content hash (…/images/&lt;hash&gt;-zoom.webp).</summary>
    private static string HashOf(JsonNode body) => ((string)body["id"]!).Split('/')[^1].Split('-')[0];
}
