using System.Net;
using System.Text.Json.Nodes;
using XuhuiEpaper.Core.Iiif;

namespace XuhuiEpaper.Web.Tests;

/// <summary>
/// The IIIF Presentation 3 documents and level-0 image services of the ingested sample: their shape, that every id
/// answers with its document, that every range's fragments lie inside their canvas, the tiles, CORS.
/// </summary>
public class IiifTests : SampleApiTests
{
    private const string Base = "http://localhost";

    private async Task<(JsonNode Issue, JsonNode Manifest)> ManifestAsync()
    {
        var issue = await (await Client.GetAsync($"/api/issues/{IssueId}")).JsonAsync();
        var manifestUrl = (string)issue["manifestUrl"]!;
        Assert.That(manifestUrl, Does.StartWith("/iiif/").And.EndWith("/2021-12-13/manifest.json"));
        return (issue, await IiifAsync(manifestUrl));
    }

    private async Task<JsonNode> IiifAsync(string url)
    {
        using var response = await Client.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), $"{url}: {body}");
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/ld+json"), url);
        Assert.That(response.Headers.GetValues("Access-Control-Allow-Origin"), Is.EqualTo(new[] { "*" }), url);
        return JsonNode.Parse(body)!;
    }

    private static IEnumerable<JsonObject> Objects(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                yield return obj;
                foreach (var (_, child) in obj)
                {
                    foreach (var o in Objects(child))
                    {
                        yield return o;
                    }
                }

                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    foreach (var o in Objects(child))
                    {
                        yield return o;
                    }
                }

                break;
        }
    }

    private static string Zh(JsonNode? languageMap) => string.Join(" ", languageMap!["zh"]!.AsArray().Select(v => (string)v!));

    [Test]
    public async Task The_manifest_follows_the_newspaper_recipe()
    {
        var (issue, manifest) = await ManifestAsync();
        Assert.That((string?)manifest["@context"], Is.EqualTo("http://iiif.io/api/presentation/3/context.json"));
        Assert.That((string?)manifest["type"], Is.EqualTo("Manifest"));
        Assert.That((string?)manifest["id"], Is.EqualTo(Base + (string)issue["manifestUrl"]!));
        Assert.That((string?)manifest["navDate"], Is.EqualTo("2021-12-13T00:00:00Z"));
        Assert.That(Zh(manifest["label"]), Does.Contain("2021-12-13").And.Contain((string)issue["paper"]!));
        var metadata = manifest["metadata"]!.AsArray().ToDictionary(m => Zh(m!["label"]), m => string.Join(" ", m!["value"]!.AsObject().SelectMany(kv => kv.Value!.AsArray()).Select(v => (string)v!)));
        Assert.That(metadata["期"], Is.EqualTo("第51期"));
        Assert.That(metadata["總第…期"], Is.EqualTo("總第1652期"));
        Assert.That((string?)manifest["partOf"]![0]!["type"], Is.EqualTo("Collection"));

        var rendering = manifest["rendering"]![0]!;
        Assert.That((string?)rendering["format"], Is.EqualTo("application/pdf"));
        Assert.That((string?)rendering["id"], Is.EqualTo(Base + (string)issue["pdfUrl"]!));
        Assert.That((string?)manifest["thumbnail"]![0]!["id"], Is.EqualTo(Base + (string)issue["thumbnailUrl"]!));

        var canvases = manifest["items"]!.AsArray();
        Assert.That(canvases, Has.Count.EqualTo(4));
        foreach (var (canvas, i) in canvases.Select((c, i) => (c!, i)))
        {
            Assert.That((string?)canvas["type"], Is.EqualTo("Canvas"));
            Assert.That((int)canvas["width"]!, Is.EqualTo(1200), "the zoom image's width (1200 px in these tests)");
            Assert.That((int)canvas["height"]!, Is.EqualTo((int)Math.Round(1200 * 1191 / 842.0)).Within(1));
            Assert.That(Zh(canvas["label"]), Does.StartWith((string)issue["pages"]![i]!["label"]!));
            Assert.That((string?)canvas["thumbnail"]![0]!["id"], Is.EqualTo(Base + (string)issue["pages"]![i]!["thumbnailUrl"]!));
            var painting = canvas["items"]![0]!["items"]![0]!;
            Assert.That((string?)painting["motivation"], Is.EqualTo("painting"));
            Assert.That((string?)painting["target"], Is.EqualTo((string?)canvas["id"]));
            var body = painting["body"]!;
            Assert.That((string?)body["id"], Is.EqualTo(Base + (string)issue["pages"]![i]!["zoomUrl"]!));
            Assert.That((string?)body["service"]![0]!["type"], Is.EqualTo("ImageService3"));
            Assert.That((string?)body["service"]![0]!["profile"], Is.EqualTo("level0"));
            Assert.That((string?)canvas["annotations"]![0]!["type"], Is.EqualTo("AnnotationPage"));
        }
    }

    [Test]
    public async Task Every_article_is_a_range_of_fragments_inside_its_canvas()
    {
        var (_, manifest) = await ManifestAsync();
        var canvases = manifest["items"]!.AsArray().ToDictionary(c => (string)c!["id"]!, c => ((int)c!["width"]!, (int)c!["height"]!));
        var pageRanges = manifest["structures"]!.AsArray();
        Assert.That(pageRanges, Has.Count.EqualTo(4), "one range per page (版), each with its articles");
        var fragments = 0;
        for (var n = 1; n <= 4; n++)
        {
            var page = await (await Client.GetAsync($"/api/issues/{IssueId}/pages/{n}")).JsonAsync();
            var content = page["articles"]!.AsArray().Where(a => ((string)a!["kind"]!).ToLowerInvariant() is not ("masthead" or "pageheader" or "folio")).ToList();
            var range = pageRanges[n - 1]!;
            Assert.That((string?)range["type"], Is.EqualTo("Range"));
            var articles = range["items"]!.AsArray();
            Assert.That(articles, Has.Count.EqualTo(content.Count), $"page {n}: a range per article");
            foreach (var (article, api) in articles.Zip(content))
            {
                Assert.That((string?)article!["type"], Is.EqualTo("Range"));
                if ((string?)api!["title"] is { Length: > 0 } title)
                {
                    Assert.That(Zh(article["label"]), Is.EqualTo(title.Trim()));
                }

                var rects = api["region"]!["rects"]!.AsArray().Where(r => (double)r![2]! > 0 && (double)r[3]! > 0).ToList();
                var items = article["items"]!.AsArray();
                Assert.That(items, Has.Count.EqualTo(rects.Count), "one fragment per rectangle of the region");
                foreach (var (item, rect) in items.Zip(rects))
                {
                    Assert.That((string?)item!["type"], Is.EqualTo("Canvas"));
                    var id = (string)item["id"]!;
                    var hash = id.IndexOf("#xywh=", StringComparison.Ordinal);
                    Assert.That(hash, Is.GreaterThan(0), id);
                    var (width, height) = canvases[id[..hash]];
                    var xywh = id[(hash + 6)..].Split(',').Select(int.Parse).ToArray();
                    Assert.That(xywh, Has.Length.EqualTo(4));
                    Assert.That(xywh[0] >= 0 && xywh[1] >= 0 && xywh[2] > 0 && xywh[3] > 0 && xywh[0] + xywh[2] <= width && xywh[1] + xywh[3] <= height,
                        $"{id} lies inside its {width} x {height} canvas");
                    Assert.That(xywh[0], Is.EqualTo((double)rect![0]! * width).Within(1.01));
                    Assert.That(xywh[1], Is.EqualTo((double)rect[1]! * height).Within(1.01));
                    Assert.That(xywh[2], Is.EqualTo((double)rect[2]! * width).Within(2.01));
                    Assert.That(xywh[3], Is.EqualTo((double)rect[3]! * height).Within(2.01));
                    fragments++;
                }
            }
        }

        Assert.That(fragments, Is.GreaterThan(0));
    }

    [Test]
    public async Task Every_article_text_is_a_supplementing_annotation()
    {
        var (_, manifest) = await ManifestAsync();
        var canvas = manifest["items"]![0]!;
        var text = await IiifAsync((string)canvas["annotations"]![0]!["id"]!);
        Assert.That((string?)text["type"], Is.EqualTo("AnnotationPage"));
        var annotations = text["items"]!.AsArray();
        Assert.That(annotations, Has.Count.EqualTo(manifest["structures"]![0]!["items"]!.AsArray().Count));
        var first = await (await Client.GetAsync($"/api/articles/{await FirstArticleIdAsync()}")).JsonAsync();
        var annotation = annotations[0]!;
        Assert.That((string?)annotation["motivation"], Is.EqualTo("supplementing"));
        Assert.That((string?)annotation["body"]!["type"], Is.EqualTo("TextualBody"));
        Assert.That((string?)annotation["body"]!["value"], Does.Contain((string)first["body"]![0]!));
        Assert.That((string?)annotation["target"], Does.StartWith((string)canvas["id"]! + "#xywh="));
    }

    private async Task<long> FirstArticleIdAsync()
    {
        var page = await (await Client.GetAsync($"/api/issues/{IssueId}/pages/1")).JsonAsync();
        return (long)page["articles"]!.AsArray().First(a => ((string)a!["kind"]!).ToLowerInvariant() is not ("masthead" or "pageheader" or "folio"))!["id"]!;
    }

    [Test]
    public async Task Every_id_answers_with_its_document()
    {
        var (_, manifest) = await ManifestAsync();
        var documents = Objects(manifest).ToList();
        foreach (var canvas in manifest["items"]!.AsArray())
        {
            documents.AddRange(Objects(await IiifAsync((string)canvas!["annotations"]![0]!["id"]!)));
        }

        var checkedIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var resource in documents)
        {
            var id = (string?)resource["id"];
            var type = (string?)resource["type"];
            if (id is null || type is null || !checkedIds.Add(id.Split('#')[0] + " " + type))
            {
                continue;
            }

            Assert.That(id, Does.StartWith(Base + "/"), "ids are absolute URLs");
            var url = id.Split('#')[0];
            switch (type)
            {
                case "Manifest" or "Collection" or "Canvas" or "Range" or "AnnotationPage" or "Annotation":
                    var document = await IiifAsync(url[Base.Length..]);
                    Assert.That((string?)document["id"], Is.EqualTo(url), url);
                    Assert.That((string?)document["type"], Is.EqualTo(type), url);
                    Assert.That((string?)document["@context"], Is.EqualTo("http://iiif.io/api/presentation/3/context.json"), url);
                    break;
                case "ImageService3":
                    var info = await IiifAsync(url[Base.Length..] + "/info.json");
                    Assert.That((string?)info["id"], Is.EqualTo(url));
                    break;
                default:
                    using (var response = await Client.GetAsync(url[Base.Length..]))
                    {
                        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), $"{type} {url}");
                    }

                    break;
            }
        }

        Assert.That(checkedIds.Count(i => i.EndsWith(" Range", StringComparison.Ordinal)), Is.GreaterThan(4));
        Assert.That(checkedIds.Count(i => i.EndsWith(" Annotation", StringComparison.Ordinal)), Is.GreaterThan(8));
    }

    [Test]
    public async Task The_image_service_is_level_0_with_every_tile_it_lists()
    {
        var (_, manifest) = await ManifestAsync();
        var canvas = manifest["items"]![1]!;
        var service = (string)canvas["items"]![0]!["items"]![0]!["body"]!["service"]![0]!["id"]!;
        var info = await IiifAsync(service[Base.Length..] + "/info.json");
        Assert.That((string?)info["@context"], Is.EqualTo("http://iiif.io/api/image/3/context.json"));
        Assert.That((string?)info["type"], Is.EqualTo("ImageService3"));
        Assert.That((string?)info["profile"], Is.EqualTo("level0"));
        Assert.That((int)info["width"]!, Is.EqualTo((int)canvas["width"]!));
        Assert.That((int)info["height"]!, Is.EqualTo((int)canvas["height"]!));
        Assert.That((int)info["tiles"]![0]!["width"]!, Is.EqualTo(512));

        var tiles = IiifImageTiles.Tiles((int)info["width"]!, (int)info["height"]!).ToList();
        Assert.That(tiles.Select(t => t.ScaleFactor).Distinct(), Is.EqualTo(info["tiles"]![0]!["scaleFactors"]!.AsArray().Select(f => (int)f!)));
        foreach (var tile in tiles)
        {
            using var response = await Client.GetAsync($"{service[Base.Length..]}/{tile.Path}");
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), tile.Path);
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("image/jpeg"));
            Assert.That(response.Headers.GetValues("Access-Control-Allow-Origin"), Is.EqualTo(new[] { "*" }));
            var bytes = await response.Content.ReadAsByteArrayAsync();
            Assert.That(JpegSize(bytes), Is.EqualTo((tile.Width, tile.Height)), tile.Path);
        }

        using var missing = await Client.GetAsync($"{service[Base.Length..]}/full/77,77/0/default.jpg");
        Assert.That((await missing.ProblemAsync(HttpStatusCode.NotFound)), Does.Contain("level-0"));
    }

    /// <summary>The pixel size in a baseline JPEG's SOF0 header.</summary>
    private static (int Width, int Height) JpegSize(byte[] jpeg)
    {
        for (var i = 2; i + 9 < jpeg.Length;)
        {
            Assert.That(jpeg[i], Is.EqualTo(0xFF), "a JPEG marker");
            var marker = jpeg[i + 1];
            var length = (jpeg[i + 2] << 8) | jpeg[i + 3];
            if (marker is 0xC0 or 0xC1 or 0xC2)
            {
                return ((jpeg[i + 7] << 8) | jpeg[i + 8], (jpeg[i + 5] << 8) | jpeg[i + 6]);
            }

            i += 2 + length;
        }

        Assert.Fail("no SOF marker");
        return default;
    }

    [Test]
    public async Task The_title_collection_lists_its_issues_by_date()
    {
        var (issue, manifest) = await ManifestAsync();
        var titleId = (string)manifest["partOf"]![0]!["id"]!;
        var title = await IiifAsync(titleId[Base.Length..]);
        Assert.That((string?)title["type"], Is.EqualTo("Collection"));
        Assert.That(Zh(title["label"]), Is.EqualTo((string)issue["paper"]!));
        var item = title["items"]![0]!;
        Assert.That((string?)item["id"], Is.EqualTo((string?)manifest["id"]));
        Assert.That((string?)item["type"], Is.EqualTo("Manifest"));
        Assert.That((string?)item["navDate"], Is.EqualTo("2021-12-13T00:00:00Z"));

        var all = await IiifAsync("/iiif/collection.json");
        Assert.That(all["items"]!.AsArray().Select(i => (string?)i!["id"]), Does.Contain(titleId));
    }

    [Test]
    public async Task Cors_is_open_on_iiif_and_images_only()
    {
        var (issue, _) = await ManifestAsync();
        using var image = await Client.GetAsync((string)issue["pages"]![0]!["screenUrl"]!);
        Assert.That(image.Headers.GetValues("Access-Control-Allow-Origin"), Is.EqualTo(new[] { "*" }));
        using var api = await Client.GetAsync($"/api/issues/{IssueId}");
        Assert.That(api.Headers.Contains("Access-Control-Allow-Origin"), Is.False, "the rest of the API stays same-origin");
        using var pdf = await Client.GetAsync((string)issue["pdfUrl"]!);
        Assert.That(pdf.Headers.Contains("Access-Control-Allow-Origin"), Is.False);
    }

    [Test]
    public async Task Unknown_iiif_resources_are_problems_that_say_why()
    {
        var (issue, _) = await ManifestAsync();
        var paper = Uri.EscapeDataString((string)issue["paper"]!);
        Assert.That(await (await Client.GetAsync($"/iiif/{paper}/2001-01-01/manifest.json")).ProblemAsync(HttpStatusCode.NotFound), Does.Contain("2001-01-01"));
        Assert.That(await (await Client.GetAsync($"/iiif/{paper}/2021-12-13/canvas/9")).ProblemAsync(HttpStatusCode.NotFound), Does.Contain("canvas/9"));
        Assert.That(await (await Client.GetAsync("/iiif/no-such-paper/collection.json")).ProblemAsync(HttpStatusCode.NotFound), Does.Contain("no-such-paper"));
        Assert.That(await (await Client.GetAsync("/iiif/image/0123456789abcdef/info.json")).ProblemAsync(HttpStatusCode.NotFound), Does.Contain("0123456789abcdef"));
    }
}
