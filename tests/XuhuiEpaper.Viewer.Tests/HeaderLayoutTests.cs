using System.Text.Json;
using Microsoft.Playwright;

namespace XuhuiEpaper.Viewer.Tests;

/// <summary>
/// Issue 11: the reader's header on a phone. At every width from 320 px nothing runs off the right edge: the document
/// does not scroll sideways and every control of the header (and of its 更多 menu, open) lies inside the viewport. The
/// kiosk and the admin page are held to the same. Runs after the title tests, so the title switcher is there too.
/// </summary>
[Order(5)]
public sealed class HeaderLayoutTests : BrowserTest
{
    /// <summary>The document's scroll width, the viewport's width, and every visible header control that is not inside it.</summary>
    private const string Measure = """
        () => {
          const w = document.documentElement.clientWidth;
          const controls = [...document.querySelectorAll('header button, header a, header input, header select, header .menu > *')]
            .filter(e => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden');
          const outside = controls
            .map(e => ({ e, r: e.getBoundingClientRect() }))
            .filter(({ r }) => r.left < -0.5 || r.right > w + 0.5 || r.width < 1)
            .map(({ e, r }) => `${e.id || e.className || e.tagName} [${Math.round(r.left)}, ${Math.round(r.right)}]`);
          return { scrollWidth: document.documentElement.scrollWidth, width: w, innerWidth, controls: controls.length, outside };
        }
        """;

    private static readonly int[] Widths = [320, 390, 768];

    [Test]
    public async Task The_reader_header_fits_at_320_390_and_768_px_with_its_menu_open_and_in_English()
    {
        foreach (var width in Widths)
        {
            var page = await NewPageAsync(width, 740, phone: width < 600);
            await page.GotoAsync("/");
            await Expect(page.Locator("figure.page[data-page='1'] img")).ToBeVisibleAsync();
            await AssertFitsAsync(page, width, "reader");
            await Expect(page.Locator("#zoom-in")).ToBeInViewportAsync();

            await page.ClickAsync("#btn-more");
            await Expect(page.Locator("#more-menu")).ToBeVisibleAsync();
            await AssertFitsAsync(page, width, "reader, menu open");
            await page.ScreenshotAsync(new() { Path = ViewerServer.Screenshot($"reader-header-{width}.png") });

            await page.ClickAsync("#lang");
            await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
            await AssertFitsAsync(page, width, "reader in English");
            await page.ClickAsync("#btn-more");
            await page.ClickAsync("#lang");
            await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "zh-Hans");
        }
    }

    [Test]
    public async Task The_menu_is_a_disclosure_button_that_the_keyboard_works_and_Escape_closes()
    {
        var page = await NewPageAsync(390, 740, phone: true);
        await page.GotoAsync("/");
        await Expect(page.Locator("figure.page[data-page='1'] img")).ToBeVisibleAsync();
        var button = page.Locator("#btn-more");
        await Expect(button).ToHaveAttributeAsync("aria-expanded", "false");
        await Expect(button).ToHaveAttributeAsync("aria-controls", "more-menu");
        await Expect(page.Locator("#more-menu")).ToBeHiddenAsync();

        await button.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(button).ToHaveAttributeAsync("aria-expanded", "true");
        await Expect(page.Locator("#dl-page")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("ArrowDown");
        await Expect(page.Locator("#dl-issue")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("End");
        await Expect(page.Locator("#lang")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("ArrowDown");
        await Expect(page.Locator("#dl-page")).ToBeFocusedAsync();

        await page.Keyboard.PressAsync("Escape");
        await Expect(page.Locator("#more-menu")).ToBeHiddenAsync();
        await Expect(button).ToHaveAttributeAsync("aria-expanded", "false");
        await Expect(button).ToBeFocusedAsync();

        // Space opens it too; a click elsewhere closes it.
        await page.Keyboard.PressAsync(" ");
        await Expect(page.Locator("#more-menu")).ToBeVisibleAsync();
        await page.Locator("#issue-info").ClickAsync();
        await Expect(page.Locator("#more-menu")).ToBeHiddenAsync();
    }

    [Test]
    public async Task The_kiosk_and_the_admin_page_fit_too()
    {
        foreach (var width in Widths)
        {
            var kiosk = await NewPageAsync(width, 740, phone: width < 600);
            await kiosk.GotoAsync("/kiosk");
            await Expect(kiosk.Locator("#kiosk img")).ToBeVisibleAsync();
            await AssertFitsAsync(kiosk, width, "kiosk");

            var admin = await NewPageAsync(width, 740, phone: width < 600);
            await admin.GotoAsync("/admin");
            await admin.FillAsync("#token", ViewerServer.Token);
            await admin.ClickAsync("#login-form button[type=submit]");
            await Expect(admin.Locator("#issues tbody tr").First).ToBeVisibleAsync();
            await AssertFitsAsync(admin, width, "admin");
        }
    }

    private static async Task AssertFitsAsync(IPage page, int width, string what)
    {
        var m = await page.EvaluateAsync<JsonElement>(Measure);
        var outside = m.GetProperty("outside").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(m.GetProperty("width").GetInt32(), Is.EqualTo(width), $"{what}: the layout viewport is the screen's width (nothing widened it)");
            Assert.That(m.GetProperty("scrollWidth").GetInt32(), Is.LessThanOrEqualTo(width), $"{what} at {width} px: the page scrolls sideways");
            Assert.That(outside, Is.Empty, $"{what} at {width} px: header controls outside the viewport");
        });
    }
}
