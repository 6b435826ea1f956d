using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Playwright;

namespace XuhuiEpaper.Viewer.Tests;

/// <summary>
/// The region editor in the browser: an archivist merges the two parts of one article, splits another in two, moves a
/// caption, redraws a region and undoes one edit; the reader then shows the corrected regions, a click gives the
/// corrected text and search finds the merged article. Screenshots: artifacts/screenshots/editor-before.png, -after.png.
/// </summary>
[Order(4)]
public sealed class EditorTests : BrowserTest
{
    [Test]
    public async Task An_archivist_corrects_page_4_and_the_reader_shows_the_corrections()
    {
        // An issue of its own (the sample's bytes plus a comment), so the other tests' sample stays as the finder made it.
        var pdf = (byte[])[.. await File.ReadAllBytesAsync(ViewerServer.SamplePdf), .. "% region editor\n"u8.ToArray()];
        var issueId = await ViewerServer.UploadAsync(pdf, "2022-03-07");
        var before = await LayoutAsync(issueId, 4);
        var regions = before.GetProperty("regions").EnumerateArray().ToList();
        var articles = regions.Where(r => r.GetProperty("kind").GetString() == "article").ToList();
        Assert.That(articles, Has.Count.GreaterThanOrEqualTo(4), "page 4 of the sample: an article in two parts and two more");
        var (partA, partB) = (articles[0], articles[1]);
        Assert.That(partB.GetProperty("title").GetString(), Is.EqualTo(partA.GetProperty("title").GetString()), "the two parts carry the same title");
        var toSplit = articles.Skip(2).First(a => Blocks(before, a, "body").Count >= 3 && Blocks(before, a, "caption").Count > 0);
        var target = articles.Last(a => a.GetProperty("key").GetString() != toSplit.GetProperty("key").GetString());
        var splitOff = Blocks(before, toSplit, "body").TakeLast(2).ToList();
        var caption = Blocks(before, toSplit, "caption")[0];
        var bBody = string.Concat(partB.GetProperty("body").EnumerateArray().Select(p => p.GetString()));
        var probe = bBody.Substring(bBody.Length / 2, 5);

        var page = await NewPageAsync(1400, 1000);
        page.Dialog += (_, dialog) => dialog.AcceptAsync();
        await page.GotoAsync("/admin");
        await page.FillAsync("#token", ViewerServer.Token);
        await page.ClickAsync("#login-form button[type=submit]");
        var row = page.Locator($"#issues tbody tr[data-issue-id='{issueId}']");
        await row.Locator("button[data-action=regions]").ClickAsync();
        await page.ClickAsync("#rg-pages button[data-page='4']");
        var list = page.Locator("#rg-list li");
        await Expect(list).ToHaveCountAsync(regions.Count);
        await page.WaitForFunctionAsync("() => document.getElementById('rg-img').complete && document.getElementById('rg-img').naturalWidth > 0");
        await page.Locator("#regions").ScreenshotAsync(new() { Path = ViewerServer.Screenshot("editor-before.png") });

        // Keyboard: the list is walked with the arrow keys.
        await page.Locator("#rg-list button.pick").First.FocusAsync();
        await page.Keyboard.PressAsync("ArrowDown");
        await Expect(page.Locator("#rg-list button.pick[aria-pressed='true']")).ToHaveAttributeAsync("data-key", regions[1].GetProperty("key").GetString()!);

        // 1. Merge the two parts of one article.
        await page.CheckAsync($"#rg-list input[data-tick='{Key(partA)}']");
        await page.CheckAsync($"#rg-list input[data-tick='{Key(partB)}']");
        await page.ClickAsync("#rg-merge");
        await Expect(list).ToHaveCountAsync(regions.Count - 1);

        // 2. Split another article: its last two body blocks become a new article; the preview shows what it will hold.
        await page.ClickAsync($"#rg-list button[data-key='{Key(toSplit)}']");
        foreach (var block in splitOff)
        {
            await page.CheckAsync($"#rg-blocks input[data-block='{block}']");
        }

        await Expect(page.Locator("#rg-new")).ToBeVisibleAsync();
        await page.ClickAsync("#rg-split");
        await Expect(list).ToHaveCountAsync(regions.Count);

        // 3. Move its caption to another article.
        await page.ClickAsync($"#rg-list button[data-key='{Key(toSplit)}']");
        await page.CheckAsync($"#rg-blocks input[data-block='{caption}']");
        await page.SelectOptionAsync("#rg-to", Key(target));
        await page.ClickAsync("#rg-move");
        await Expect(page.Locator("#rg-log li[data-edit]")).ToHaveCountAsync(3);

        // 4. Redraw the target article by dragging on the page: its old outline, a little inside (snapped to its text).
        await page.ClickAsync($"#rg-list button[data-key='{Key(target)}']");
        await page.ClickAsync("#rg-redraw");
        var r = Bounds(target);
        var layer = (await page.Locator("#rg-layer").BoundingBoxAsync())!;
        await page.Mouse.MoveAsync((float)(layer.X + (layer.Width * (r[0] + 0.003))), (float)(layer.Y + (layer.Height * (r[1] + 0.003))));
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync((float)(layer.X + (layer.Width * (r[2] - 0.003))), (float)(layer.Y + (layer.Height * (r[3] - 0.003))), new() { Steps = 8 });
        await page.Mouse.UpAsync();
        await Expect(page.Locator("#rg-layer rect.drawn")).ToHaveCountAsync(1);
        await page.ClickAsync("#rg-draw-ok");
        await Expect(page.Locator("#rg-log li[data-edit]")).ToHaveCountAsync(4);
        await Expect(page.Locator("#rg-error")).ToBeEmptyAsync();

        // 5. Undo the caption's move: it is back in the article it came from.
        await page.Locator("#rg-log li", new() { HasText = "move" }).Locator("button[data-undo]").ClickAsync();
        await Expect(page.Locator("#rg-log li.undone")).ToHaveCountAsync(1);

        // A bad edit shows the API's reason (problem+json) and changes nothing.
        await page.FillAsync("#rg-title", new string('題', 501));
        await page.ClickAsync("#rg-save");
        await Expect(page.Locator("#rg-error")).ToContainTextAsync("at most 500");
        await Expect(page.Locator("#rg-log li[data-edit]")).ToHaveCountAsync(4);

        await page.ClickAsync($"#rg-list button[data-key='{Key(partA)}']");
        await Expect(page.Locator("#rg-preview")).ToContainTextAsync(probe);
        await page.Locator("#regions").ScreenshotAsync(new() { Path = ViewerServer.Screenshot("editor-after.png") });

        var after = await LayoutAsync(issueId, 4);
        var merged = after.GetProperty("regions").EnumerateArray().Single(x => Key(x) == Key(partA));
        var mergedId = merged.GetProperty("articleId").GetInt64();
        Assert.Multiple(() =>
        {
            Assert.That(after.GetProperty("edited").GetBoolean(), Is.True);
            Assert.That(after.GetProperty("regions").EnumerateArray().Any(x => Key(x) == Key(partB)), Is.False, "the second part is merged into the first");
            Assert.That(after.GetProperty("regions").EnumerateArray().Single(x => Key(x) == Key(toSplit)).GetProperty("blocks").EnumerateArray().Select(b => b.GetInt32()),
                Does.Contain(caption).And.No.Member(splitOff[0]), "split, and the caption back after the undo");
        });

        // The reader: the corrected regions, a click on the second part's place gives the merged text, search finds it.
        var reader = await NewPageAsync(1280, 900);
        await reader.GotoAsync($"/issues/{issueId}/pages/4");
        var readable = after.GetProperty("regions").EnumerateArray().Count(x => x.GetProperty("kind").GetString() is not ("masthead" or "pageheader" or "folio"));
        await Expect(reader.Locator("figure.page[data-page='4'] a.region")).ToHaveCountAsync(readable);
        var bRect = partB.GetProperty("region").GetProperty("rects").EnumerateArray().Select(x => x.EnumerateArray().Select(v => v.GetDouble()).ToArray()).MaxBy(x => x[2] * x[3])!;
        var figure = (await reader.Locator("figure.page[data-page='4']").BoundingBoxAsync())!;
        await reader.Mouse.ClickAsync((float)(figure.X + (figure.Width * (bRect[0] + (bRect[2] / 2)))), (float)(figure.Y + (figure.Height * (bRect[1] + (bRect[3] / 2)))));
        await Expect(reader.Locator("#article")).ToBeVisibleAsync();
        await Expect(reader.Locator("#a-body")).ToContainTextAsync(probe);
        var mergedAddress = (await ViewerServer.GetJsonAsync($"/api/articles/{mergedId}")).GetProperty("address").GetString()!;
        await Expect(reader).ToHaveURLAsync(new System.Text.RegularExpressions.Regex(System.Text.RegularExpressions.Regex.Escape(mergedAddress) + "$"), new() { Timeout = 10_000 });
        await reader.Keyboard.PressAsync("Escape");
        await reader.FillAsync("#search-q", probe);
        await reader.Keyboard.PressAsync("Enter");
        await Expect(reader.Locator($"#results a.result[data-id='{mergedId}']")).ToBeVisibleAsync();
    }

    private static string Key(JsonElement region) => region.GetProperty("key").GetString()!;

    /// <summary>The region's bounding box as [left, top, right, bottom].</summary>
    private static double[] Bounds(JsonElement region)
    {
        var rects = region.GetProperty("region").GetProperty("rects").EnumerateArray().Select(x => x.EnumerateArray().Select(v => v.GetDouble()).ToArray()).ToList();
        return [rects.Min(x => x[0]), rects.Min(x => x[1]), rects.Max(x => x[0] + x[2]), rects.Max(x => x[1] + x[3])];
    }

    private static List<int> Blocks(JsonElement layout, JsonElement region, string part)
    {
        var parts = layout.GetProperty("blocks").EnumerateArray().ToDictionary(b => b.GetProperty("id").GetInt32(), b => b.GetProperty("part").GetString());
        return region.GetProperty("blocks").EnumerateArray().Select(b => b.GetInt32()).Where(id => parts[id] == part).ToList();
    }

    private static async Task<JsonElement> LayoutAsync(long issueId, int pageNumber)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, string.Create(CultureInfo.InvariantCulture, $"/api/issues/{issueId}/pages/{pageNumber}/layout"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ViewerServer.Token);
        using var response = await ViewerServer.Http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.IsSuccessStatusCode, Is.True, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }
}
