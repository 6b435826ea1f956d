using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

namespace XuhuiEpaper.Viewer.Tests;

/// <summary>
/// Issue 11, review before publishing, on the admin page: an archivist withdraws an issue to a draft (it moves to the top
/// of the list, marked 草稿, and is gone for readers), previews it in the reader with the tab's token, and publishes it
/// again. Runs last: it takes an issue away for a moment.
/// </summary>
[Order(6)]
public sealed class PublishingTests : BrowserTest
{
    [Test]
    public async Task An_archivist_withdraws_an_issue_previews_the_draft_and_publishes_it_again()
    {
        var latest = (await ViewerServer.GetJsonAsync("/api/issues/latest")).GetProperty("id").GetInt64();
        var id = latest.ToString(CultureInfo.InvariantCulture);
        var page = await NewPageAsync(1280, 900);
        await page.GotoAsync("/admin");
        await page.FillAsync("#token", ViewerServer.Token);
        await page.ClickAsync("#login-form button[type=submit]");
        var row = page.Locator($"#issues tbody tr[data-issue-id='{id}']");
        await Expect(row).ToHaveAttributeAsync("data-draft", "false");

        await row.Locator("button[data-action=unpublish]").ClickAsync();
        await Expect(row).ToHaveAttributeAsync("data-draft", "true");
        await Expect(row).ToContainTextAsync("草稿");
        await Expect(page.Locator("#issues tbody tr").First).ToHaveAttributeAsync("data-issue-id", id);
        using (var hidden = await ViewerServer.Http.GetAsync(new Uri($"/api/issues/{id}", UriKind.Relative)))
        {
            Assert.That(hidden.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "readers no longer see it");
        }

        Assert.That((await ViewerServer.GetJsonAsync("/api/issues/latest")).GetProperty("id").GetInt64(), Is.Not.EqualTo(latest), "nor do kiosks");
        await page.ScreenshotAsync(new() { Path = ViewerServer.Screenshot("admin-draft.png") });

        // The reviewer previews the draft in the reader (same tab: the token goes along).
        await page.GotoAsync($"/issues/{id}/pages/1");
        await Expect(page.Locator("#issue-info")).ToContainTextAsync("草稿");
        await Expect(page.Locator("figure.page[data-page='1'] a.region").First).ToBeAttachedAsync();

        await page.GotoAsync("/admin");
        await page.Locator($"#issues tbody tr[data-issue-id='{id}'] button[data-action=publish]").ClickAsync();
        await Expect(page.Locator($"#issues tbody tr[data-issue-id='{id}']")).ToHaveAttributeAsync("data-draft", "false");
        await Expect(page.Locator("#list-msg")).ToHaveTextAsync(new Regex("已发布"));
        Assert.That((await ViewerServer.GetJsonAsync("/api/issues/latest")).GetProperty("id").GetInt64(), Is.EqualTo(latest), "published again");
    }
}
