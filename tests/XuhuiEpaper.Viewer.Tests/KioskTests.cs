using System.Globalization;
using Microsoft.Playwright;
using XuhuiEpaper.Samples;

namespace XuhuiEpaper.Viewer.Tests;

/// <summary>The kiosk: the newest front page full screen; it rides out an unreachable server and switches to a new issue by itself.</summary>
[Order(2)]
public sealed class KioskTests : BrowserTest
{
    [Test, Order(2)]
    public async Task Shows_the_front_page_and_switches_when_a_new_issue_is_published()
    {
        var latest = (await ViewerServer.GetJsonAsync("/api/issues/latest")).GetProperty("id").GetInt64();
        var page = await NewPageAsync(1920, 1080);
        await page.GotoAsync("/kiosk?poll=1");
        var body = page.Locator("body");
        await Expect(body).ToHaveAttributeAsync("data-issue-id", latest.ToString(CultureInfo.InvariantCulture));
        await Expect(body).ToHaveAttributeAsync("data-page", "1");
        var img = page.Locator("#kiosk img");
        await Expect(img).ToBeVisibleAsync();

        // The largest image that fits: as tall as the screen (the page is portrait), nothing cut off, no chrome.
        var box = (await img.BoundingBoxAsync())!;
        Assert.Multiple(() =>
        {
            Assert.That(box.Height, Is.EqualTo(1080).Within(2));
            Assert.That(box.Y, Is.GreaterThanOrEqualTo(-1));
            Assert.That(box.X + box.Width, Is.LessThanOrEqualTo(1921));
        });
        Assert.That(await page.Locator("button, a, input").CountAsync(), Is.Zero, "no chrome on the kiosk");
        await SettleAsync(page);
        await page.ScreenshotAsync(new() { Path = ViewerServer.Screenshot("kiosk.png") });

        // The server becomes unreachable for a while: the page stays up.
        await page.RouteAsync("**/api/**", route => route.AbortAsync());
        await page.WaitForTimeoutAsync(2500);
        await Expect(img).ToBeVisibleAsync();
        await Expect(body).ToHaveAttributeAsync("data-issue-id", latest.ToString(CultureInfo.InvariantCulture));
        await page.UnrouteAsync("**/api/**");

        // A new issue is published (a generated one-page layout, dated later): the kiosk moves to it by itself.
        var pdf = LayoutVariants.Generate(seed: 11).Pdf;
        var newIssue = await ViewerServer.UploadAsync(pdf, "2022-01-03");
        Assert.That(newIssue, Is.Not.EqualTo(latest));
        await Expect(body).ToHaveAttributeAsync("data-issue-id", newIssue.ToString(CultureInfo.InvariantCulture), new() { Timeout = 15_000 });
        await Expect(page.Locator("#kiosk img")).ToBeVisibleAsync();
        await SettleAsync(page);
        await page.ScreenshotAsync(new() { Path = ViewerServer.Screenshot("kiosk-new-issue.png") });
    }

    [Test, Order(1)]
    public async Task Cycles_through_the_pages_when_asked()
    {
        var page = await NewPageAsync(1280, 800);
        await page.GotoAsync($"/kiosk?cycle=1");
        await Expect(page.Locator("body")).ToHaveAttributeAsync("data-page", "1");
        var latest = await ViewerServer.GetJsonAsync("/api/issues/latest");
        if (latest.GetProperty("pageCount").GetInt32() > 1)
        {
            await Expect(page.Locator("body")).ToHaveAttributeAsync("data-page", "2", new() { Timeout = 5_000 });
        }
    }
}
