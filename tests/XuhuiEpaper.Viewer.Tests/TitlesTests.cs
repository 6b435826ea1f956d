using System.Globalization;
using System.Text.RegularExpressions;

namespace XuhuiEpaper.Viewer.Tests;

/// <summary>
/// Issue 11, several titles: with a second paper published, the reader's header, page title and kiosk show the issue's
/// own paper (as configured: display name, script, colour); a title switcher moves between the papers; the back-issue
/// calendar and search keep to the paper being read. Runs after the kiosk and admin tests (it adds a paper).
/// </summary>
[Order(4)]
public sealed partial class TitlesTests : BrowserTest
{
    private const string Pudong = "浦東時報";

    [Test]
    public async Task The_header_shows_the_issue_s_paper_and_the_switcher_moves_between_two_papers()
    {
        var sample = await File.ReadAllBytesAsync(ViewerServer.SamplePdf);
        var pudong = await ViewerServer.UploadAsync([.. sample, .. "% pudong\n"u8.ToArray()], "2021-12-06", Pudong);
        var latest = (await ViewerServer.GetJsonAsync("/api/issues/latest")).GetProperty("id").GetInt64();
        Assert.That(latest, Is.Not.EqualTo(pudong), "the newest issue is another paper's (徐匯報)");

        var page = await NewPageAsync();
        await page.GotoAsync("/");
        await Expect(page.Locator("body")).ToHaveAttributeAsync("data-issue-id", latest.ToString(CultureInfo.InvariantCulture));
        var brand = page.Locator("#brand");
        await Expect(brand).ToHaveTextAsync("徐匯報");
        await Expect(brand).ToHaveAttributeAsync("lang", "zh-Hant");
        var switcher = page.Locator("#paper-switch");
        await Expect(switcher).ToBeVisibleAsync();
        await Expect(switcher.Locator("option")).ToHaveTextAsync(["徐匯報", "浦东时报"]);
        await Expect(switcher).ToHaveValueAsync("徐匯報");
        await Expect(page).ToHaveTitleAsync(new Regex("^徐匯報 "));

        // The switcher opens the other paper's newest issue, with its own name, script and colour.
        await switcher.SelectOptionAsync(Pudong);
        var pudongFront = (await ViewerServer.GetJsonAsync($"/api/issues/{pudong}")).GetProperty("pages")[0].GetProperty("address").GetString()!;
        await Expect(page).ToHaveURLAsync(new Regex(Regex.Escape(pudongFront) + "$"));
        await Expect(page.Locator("body")).ToHaveAttributeAsync("data-paper", Pudong);
        await Expect(brand).ToHaveTextAsync("浦东时报");
        await Expect(brand).ToHaveAttributeAsync("lang", "zh-Hans");
        await Expect(brand).ToHaveCSSAsync("color", "rgb(21, 101, 192)");
        await Expect(page).ToHaveTitleAsync(new Regex("^浦东时报 2021-12-06"));
        await Expect(switcher).ToHaveValueAsync(Pudong);
        await Expect(page.Locator("#issue-info")).ToContainTextAsync("2021-12-06");
        await SettleAsync(page);
        await page.ScreenshotAsync(new() { Path = ViewerServer.Screenshot("reader-second-paper.png") });

        // 往期: this paper's back issues only (the 13th is 徐匯報's).
        await page.ClickAsync("#btn-archive");
        await Expect(page.Locator("#cal-title")).ToContainTextAsync("12");
        await Expect(page.Locator("#calendar a.has-issue")).ToHaveTextAsync(["6"]);
        await page.ClickAsync("#archive-panel .close");

        // Search keeps to this paper unless all papers are chosen.
        await page.FillAsync("#search-q", "徐匯");
        await page.PressAsync("#search-q", "Enter");
        await Expect(page.Locator("#search-scope")).ToBeVisibleAsync();
        await Expect(page.Locator("#search-paper")).ToHaveValueAsync(Pudong);
        await Expect(page.Locator("#results li").First).ToBeVisibleAsync();
        var metas = await page.Locator("#results .meta").AllTextContentsAsync();
        Assert.That(metas, Has.All.StartWith("浦东时报 · 2021-12-06"));
        var ours = await page.Locator("#results li").CountAsync();
        await page.Locator("#search-paper").SelectOptionAsync("");
        await Expect(page.Locator("#results .meta", new() { HasText = "徐匯報" }).First).ToBeVisibleAsync();
        Assert.That(await page.Locator("#results li").CountAsync(), Is.GreaterThanOrEqualTo(ours));

        // The kiosk: ?paper= shows that paper's newest front page; without it, the newest of all.
        var kiosk = await NewPageAsync(1280, 800);
        await kiosk.GotoAsync("/kiosk?paper=" + Uri.EscapeDataString(Pudong));
        await Expect(kiosk.Locator("body")).ToHaveAttributeAsync("data-issue-id", pudong.ToString(CultureInfo.InvariantCulture));
        await Expect(kiosk).ToHaveTitleAsync(new Regex("^浦东时报 2021-12-06"));
        await kiosk.GotoAsync("/kiosk");
        await Expect(kiosk.Locator("body")).ToHaveAttributeAsync("data-issue-id", latest.ToString(CultureInfo.InvariantCulture));
        await Expect(kiosk).ToHaveTitleAsync(new Regex("^徐匯報 "));
    }
}
