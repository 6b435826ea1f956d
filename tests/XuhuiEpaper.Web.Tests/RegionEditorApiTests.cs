using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace XuhuiEpaper.Web.Tests;

/// <summary>The region editor's API over the ingested sample: edits, their log, undo, reset, and a re-analysis.</summary>
public class RegionEditorApiTests
{
    private const string EditorToken = "second-archivist-token-0123456789";

    [Test]
    public async Task Edits_show_at_once_in_pages_hit_tests_and_search_and_undo_and_reset_take_them_back()
    {
        await using var app = new EpaperApp(new Dictionary<string, string?>
        {
            ["Epaper:AdminName"] = "總編輯",
            ["Epaper:Admins:0:Name"] = "王檔案",
            ["Epaper:Admins:0:Token"] = EditorToken,
        });
        var id = await app.IngestSampleAsync();
        using var client = app.CreateAdminClient();
        using var second = app.CreateClient();
        second.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", EditorToken);
        var layoutUrl = $"/api/issues/{id}/pages/2/layout";
        var editsUrl = $"/api/issues/{id}/pages/2/edits";

        var before = await (await client.GetAsync(layoutUrl)).JsonAsync();
        Assert.That((bool)before["edited"]!, Is.False);
        var articles = Regions(before).Where(r => (string?)r["kind"] == "article" && r["blocks"]!.AsArray().Count > 0).ToList();
        Assert.That(articles, Has.Count.GreaterThanOrEqualTo(3), "page 2 of the sample has four articles");
        var (a, b) = (articles[0], articles[1]);
        var bText = string.Concat(b["body"]!.AsArray().Select(p => (string)p!));
        var probe = bText.Length >= 8 ? bText.Substring(bText.Length / 2, 4) : (string)b["title"]!;

        // Merge two articles: one region, text of both in reading order, found by search and by a click on the other's place.
        var merged = await (await second.PostAsJsonAsync(editsUrl, new { action = "merge", regions = new[] { (string)a["key"]!, (string)b["key"]! } })).JsonAsync();
        var mergedRegion = Regions(merged).Single(r => (string)r["key"]! == (string)a["key"]! || (string)r["key"]! == (string)b["key"]!);
        var mergedId = (long)mergedRegion["articleId"]!;
        var bRect = b["region"]!["rects"]![0]!.AsArray().Select(v => (double)v!).ToArray();
        Assert.Multiple(async () =>
        {
            Assert.That((bool)merged["edited"]!, Is.True);
            Assert.That(Regions(merged), Has.Count.EqualTo(Regions(before).Count - 1));
            Assert.That(string.Concat(mergedRegion["body"]!.AsArray().Select(p => (string)p!)), Does.Contain(probe));
            Assert.That((string)merged["edits"]![0]!["editor"]!, Is.EqualTo("王檔案"), "the edit is logged under the token's name");
            Assert.That((await (await client.GetAsync($"/api/issues/{id}/pages/2")).JsonAsync())["articles"]!.AsArray(), Has.Count.EqualTo(Regions(merged).Count));
            var hit = await (await client.GetAsync(FormattableString.Invariant($"/api/issues/{id}/pages/2/hit?x={bRect[0] + (bRect[2] / 2)}&y={bRect[1] + (bRect[3] / 2)}"))).JsonAsync();
            Assert.That((long)hit["id"]!, Is.EqualTo(mergedId), "a click on the other part finds the merged article");
            var search = await (await client.GetAsync($"/api/search?q={Uri.EscapeDataString(probe)}")).JsonAsync();
            Assert.That(search["results"]!.AsArray().Select(r => (long)r!["articleId"]!), Does.Contain(mergedId));
            var article = await (await client.GetAsync($"/api/articles/{mergedId}")).JsonAsync();
            Assert.That(string.Concat(article["body"]!.AsArray().Select(p => (string)p!)), Does.Contain(probe));
        });

        // Bad edits are refused with the reason, and change nothing.
        Assert.Multiple(async () =>
        {
            await (await app.CreateClient().PostAsJsonAsync(editsUrl, new { action = "delete", region = "f0" })).ProblemAsync(HttpStatusCode.Unauthorized);
            Assert.That(await (await client.PostAsJsonAsync(editsUrl, new { action = "explode" })).ProblemAsync(HttpStatusCode.BadRequest), Does.Contain("merge"));
            Assert.That(await (await client.PostAsJsonAsync(editsUrl, new { action = "merge", regions = new[] { "f1" } })).ProblemAsync(HttpStatusCode.UnprocessableEntity), Does.Contain("two or more"));
            Assert.That(await (await client.PostAsJsonAsync(editsUrl, new { action = "add", rects = new[] { new[] { 0.9, 0.9, 0.3, 0.3 } } })).ProblemAsync(HttpStatusCode.UnprocessableEntity), Does.Contain("not inside the page"));
            Assert.That(await (await client.PostAsJsonAsync(editsUrl, new { action = "delete", region = "f999" })).ProblemAsync(HttpStatusCode.UnprocessableEntity), Does.Contain("f999"));
            Assert.That(await (await client.PostAsJsonAsync(editsUrl, new { action = "change", region = "f1", kind = "masthead" })).ProblemAsync(HttpStatusCode.BadRequest), Does.Contain("kind"));
            await (await client.PostAsJsonAsync($"/api/issues/{id}/pages/9/edits", new { action = "delete", region = "f0" })).ProblemAsync(HttpStatusCode.NotFound);
            Assert.That((await (await client.GetAsync(layoutUrl)).JsonAsync())["edits"]!.AsArray(), Has.Count.EqualTo(1));
        });

        // Change a title, then undo the merge: the title fix stays on its region, the two articles are back.
        var c = articles[2];
        var changed = await (await client.PostAsJsonAsync(editsUrl, new { action = "change", region = (string)c["key"]!, title = "更正後的標題", kind = "notice" })).JsonAsync();
        Assert.That(Regions(changed).Single(r => (string)r["key"]! == (string)c["key"]!)["title"]!.GetValue<string>(), Is.EqualTo("更正後的標題"));
        var undone = await (await client.PostAsync($"{editsUrl}/{(long)merged["edits"]![0]!["id"]!}/undo", null)).JsonAsync();
        Assert.Multiple(() =>
        {
            Assert.That(Regions(undone), Has.Count.EqualTo(Regions(before).Count));
            Assert.That((string?)undone["edits"]![0]!["undoneBy"], Is.EqualTo("總編輯"));
            Assert.That(Regions(undone).Single(r => (string)r["key"]! == (string)c["key"]!)["kind"]!.GetValue<string>(), Is.EqualTo("notice"));
        });
        Assert.That(await (await client.PostAsync($"{editsUrl}/{(long)merged["edits"]![0]!["id"]!}/undo", null)).ProblemAsync(HttpStatusCode.Conflict), Does.Contain("undone already"));

        var reset = await (await client.PostAsync($"/api/issues/{id}/pages/2/reset", null)).JsonAsync();
        Assert.Multiple(async () =>
        {
            Assert.That((bool)reset["edited"]!, Is.False);
            Assert.That(Regions(reset).Select(r => ((string?)r["key"], (string?)r["title"], (string?)r["kind"])),
                Is.EqualTo(Regions(before).Select(r => ((string?)r["key"], (string?)r["title"], (string?)r["kind"]))), "back to what the finder found");
            Assert.That(reset["edits"]!.AsArray(), Has.Count.EqualTo(2), "the log keeps the undone edits");
            Assert.That((await (await client.GetAsync($"/api/issues/{id}/edits")).JsonAsync())["editedPages"]!.AsArray(), Is.Empty);
        });
    }

    [Test]
    public async Task An_edited_page_survives_a_reanalysis_and_the_others_are_refreshed()
    {
        await using var app = new EpaperApp(new Dictionary<string, string?> { ["Epaper:RunWorker"] = "true" });
        var id = await app.IngestSampleAsync();
        using var client = app.CreateAdminClient();
        // Page 4 of the sample prints one article in two parts under the same title: an archivist merges them.
        var page4 = await (await client.GetAsync($"/api/issues/{id}/pages/4/layout")).JsonAsync();
        var keys = Regions(page4).Where(r => (string?)r["kind"] == "article").Select(r => (string)r["key"]!).Take(2).ToArray();
        var edited = await (await client.PostAsJsonAsync($"/api/issues/{id}/pages/4/edits", new { action = "merge", regions = keys })).JsonAsync();
        var editedRegions = Regions(edited).Select(r => ((string?)r["kind"], (string?)r["title"], Body(r))).ToList();

        // Stand-in for an older finder's output on the pages nobody edited: a re-analysis must refresh them.
        Assert.That(app.Execute($"UPDATE articles SET title = 'STALE' WHERE page_id IN (SELECT id FROM pages WHERE issue_id = {id} AND number IN (1, 3))"), Is.GreaterThan(0));

        var accepted = await (await client.PostAsync($"/api/issues/{id}/reingest", null)).JsonAsync(HttpStatusCode.Accepted);
        var job = await EpaperApp.WaitForJobAsync(client, (string)accepted["statusUrl"]!, TimeSpan.FromSeconds(120));
        Assert.That((string?)job["state"], Is.EqualTo("succeeded"), job.ToJsonString());
        var newId = (long)job["issueId"]!;
        var kept = await (await client.GetAsync($"/api/issues/{newId}/pages/4/layout")).JsonAsync();
        var audit = await (await client.GetAsync($"/api/audit?issueId={newId}")).JsonAsync();
        Assert.Multiple(async () =>
        {
            Assert.That(newId, Is.Not.EqualTo(id));
            Assert.That((bool)kept["edited"]!, Is.True, "the edited page keeps its edits");
            Assert.That(Regions(kept).Select(r => ((string?)r["kind"], (string?)r["title"], Body(r))), Is.EqualTo(editedRegions));
            Assert.That((string)kept["edits"]![0]!["action"]!, Is.EqualTo("merge"));
            foreach (var n in new[] { 1, 3 })
            {
                var page = await (await client.GetAsync($"/api/issues/{newId}/pages/{n}")).JsonAsync();
                Assert.That(page["articles"]!.AsArray().Select(a => (string?)a!["title"]), Has.None.EqualTo("STALE"), $"page {n} is refreshed from the finder");
            }

            Assert.That((await (await client.GetAsync($"/api/issues/{newId}/edits")).JsonAsync())["editedPages"]!.AsArray().Select(p => (int)p!), Is.EqualTo(new[] { 4 }));
            Assert.That(audit["items"]!.AsArray().Select(i => (string?)i!["detail"]), Has.Some.Contains("kept the archivists' edits of page(s) 4; refreshed page(s) 1, 2, 3"));
        });
    }

    private static List<JsonNode> Regions(JsonNode layout) => layout["regions"]!.AsArray().Select(r => r!).ToList();

    private static string Body(JsonNode region) => string.Join("|", region["body"]!.AsArray().Select(p => (string)p!));
}
