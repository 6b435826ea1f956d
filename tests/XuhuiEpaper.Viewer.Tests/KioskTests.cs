using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;
using XuhuiEpaper.Samples;

namespace XuhuiEpaper.Viewer.Tests;

/// <summary>The kiosk: the newest front page full screen; it rides out an unreachable server and switches to a new issue by itself.</summary>
[Order(2)]
public sealed class KioskTests : KioskChecks;

/// <summary>The kiosk's checks, against the live service (<see cref="KioskTests"/>) and the static edition (<see cref="StaticKioskTests"/>).</summary>
public abstract class KioskChecks : BrowserTest
{
    /// <summary>Where this site answers with the newest issue.</summary>
    protected virtual string LatestPath => "/api/issues/latest";

    /// <summary>The issue the switch test publishes: a generated one-page layout, dated after the sample.</summary>
    protected virtual (int Seed, string Date) NewIssue => (11, "2022-01-03");

    /// <summary>What makes an issue published through the service reach this site (the live service shows it at once).</summary>
    protected virtual Task PublishedAsync() => Task.CompletedTask;

    [Test, Order(2)]
    public async Task Shows_the_front_page_and_switches_when_a_new_issue_is_published()
    {
        var page = await NewPageAsync(1920, 1080);
        var latest = (await LatestAsync(page)).GetProperty("id").GetInt64();
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
        await page.ScreenshotAsync(new() { Path = Shot("kiosk.png") });

        // The server becomes unreachable for a while: the page stays up.
        await page.RouteAsync("**/api/**", route => route.AbortAsync());
        await page.WaitForTimeoutAsync(2500);
        await Expect(img).ToBeVisibleAsync();
        await Expect(body).ToHaveAttributeAsync("data-issue-id", latest.ToString(CultureInfo.InvariantCulture));
        await page.UnrouteAsync("**/api/**");

        // A new issue is published (a generated one-page layout, dated later): the kiosk moves to it by itself.
        var pdf = LayoutVariants.Generate(seed: NewIssue.Seed).Pdf;
        var newIssue = await ViewerServer.UploadAsync(pdf, NewIssue.Date);
        Assert.That(newIssue, Is.Not.EqualTo(latest));
        await PublishedAsync();
        await Expect(body).ToHaveAttributeAsync("data-issue-id", newIssue.ToString(CultureInfo.InvariantCulture), new() { Timeout = 15_000 });
        await Expect(page.Locator("#kiosk img")).ToBeVisibleAsync();
        await SettleAsync(page);
        await page.ScreenshotAsync(new() { Path = Shot("kiosk-new-issue.png") });
    }

    [Test, Order(1)]
    public async Task Cycles_through_the_pages_when_asked()
    {
        var page = await NewPageAsync(1280, 800);
        await page.GotoAsync($"/kiosk?cycle=1");
        await Expect(page.Locator("body")).ToHaveAttributeAsync("data-page", "1");
        var latest = await LatestAsync(page);
        if (latest.GetProperty("pageCount").GetInt32() > 1)
        {
            await Expect(page.Locator("body")).ToHaveAttributeAsync("data-page", "2", new() { Timeout = 5_000 });
        }
    }

    /// <summary>The newest issue as this site answers it.</summary>
    protected async Task<JsonElement> LatestAsync(IPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        var response = await page.APIRequest.GetAsync(LatestPath);
        Assert.That(response.Ok, Is.True, $"{LatestPath} answered {response.Status}");
        return (await response.JsonAsync())!.Value;
    }
}
