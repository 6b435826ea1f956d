using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace XuhuiEpaper.Viewer.Tests;

/// <summary>The archivist's page: token, upload with live progress, the refusal of a non-PDF, the list, edit, review.</summary>
[Order(3)]
public sealed class AdminTests : BrowserTest
{
    private async Task<IPage> SignedInAsync()
    {
        var page = await NewPageAsync(1280, 900);
        await page.GotoAsync("/admin");
        await page.FillAsync("#token", ViewerServer.Token);
        await page.ClickAsync("#login-form button[type=submit]");
        await Expect(page.Locator("#work")).ToBeVisibleAsync();
        return page;
    }

    [Test, Order(1)]
    public async Task A_wrong_token_is_refused_on_upload()
    {
        var page = await NewPageAsync();
        await page.GotoAsync("/admin");
        await page.FillAsync("#token", "not-the-token");
        await page.ClickAsync("#login-form button[type=submit]");
        await page.SetInputFilesAsync("#file", ViewerServer.SamplePdf);
        await page.ClickAsync("#up-go");
        await Expect(page.Locator("#login")).ToBeVisibleAsync();
        await Expect(page.Locator("#login-error")).ToContainTextAsync("401");
    }

    [Test, Order(2)]
    public async Task Deleting_then_uploading_the_sample_shows_progress_to_done_and_the_review_draws_its_regions()
    {
        var page = await SignedInAsync();
        page.Dialog += (_, dialog) => dialog.AcceptAsync();

        // The sample is published already (a PDF is known by its SHA-256), so delete it first, through the page.
        var row = page.Locator("#issues tbody tr", new() { HasText = "2021-12-13" });
        await Expect(row).ToHaveCountAsync(1);
        await row.Locator("button[data-action=delete]").ClickAsync();
        await Expect(row).ToHaveCountAsync(0);

        await page.SetInputFilesAsync("#file", ViewerServer.SamplePdf);
        await Expect(page.Locator("#drop-text")).ToContainTextAsync("xuhuibao-2021-12-13.pdf");
        await page.ClickAsync("#up-go");

        var state = page.Locator("#job-state");
        var seen = new List<string>();
        var bar = page.Locator("#job-progress");
        await Expect(state).ToHaveAttributeAsync("data-state", new Regex("queued|running|succeeded|failed"));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        string? now;
        do
        {
            now = await state.GetAttributeAsync("data-state");
            var text = $"{now} {await bar.EvaluateAsync<string>("p => p.value + '/' + p.max")}";
            if (seen.Count == 0 || seen[^1] != text)
            {
                seen.Add(text);
            }

            await Task.Delay(100);
        }
        while (now is not ("succeeded" or "failed") && clock.Elapsed < TimeSpan.FromMinutes(2));
        await TestContext.Out.WriteLineAsync("progress seen: " + string.Join(" → ", seen));
        Assert.That(now, Is.EqualTo("succeeded"), await page.Locator("#job-error").TextContentAsync());
        Assert.That(await bar.EvaluateAsync<bool>("p => p.max > 0 && p.value === p.max"), Is.True, "the progress bar is full");
        await Expect(page.Locator("#job-error")).ToBeEmptyAsync();

        await Expect(row).ToHaveCountAsync(1);
        await row.Locator("button[data-action=review]").ClickAsync();
        await Expect(page.Locator("#review-pages figure")).ToHaveCountAsync(4);
        await Expect(page.Locator("#review-pages figure[data-page='1'] svg g").First).ToBeAttachedAsync();
        await page.WaitForFunctionAsync("() => [...document.querySelectorAll('#review-pages img')].every(i => i.complete && i.naturalWidth > 0)");
        await page.Locator("#review").ScreenshotAsync(new() { Path = ViewerServer.Screenshot("admin-review.png") });

        // Edit page 1's name (版名); the list and the API show it.
        await row.Locator("button[data-action=edit]").ClickAsync();
        await page.FillAsync("#ed-pages input[data-page='1']", "要聞");
        await page.ClickAsync("#edit-form button[type=submit]");
        await Expect(page.Locator("#edit-msg")).ToHaveClassAsync("ok");
        var id = await row.GetAttributeAsync("data-issue-id");
        var issue = await ViewerServer.GetJsonAsync($"/api/issues/{id}");
        Assert.That(issue.GetProperty("pages")[0].GetProperty("name").GetString(), Is.EqualTo("要聞"));

        // Analyse again (after an upgrade of the finder): a new issue replaces it, the edited name stays.
        await row.Locator("button[data-action=again]").ClickAsync();
        await Expect(state).ToHaveAttributeAsync("data-state", new Regex("queued|running"));
        await Expect(state).ToHaveAttributeAsync("data-state", "succeeded", new() { Timeout = 120_000 });
        await Expect(row).Not.ToHaveAttributeAsync("data-issue-id", id!, new() { Timeout = 30_000 });
        await Expect(row).ToHaveCountAsync(1);
        var replaced = await ViewerServer.GetJsonAsync($"/api/issues/{await row.GetAttributeAsync("data-issue-id")}");
        Assert.That(replaced.GetProperty("pages")[0].GetProperty("name").GetString(), Is.EqualTo("要聞"));
    }

    [Test, Order(3)]
    public async Task A_file_that_is_not_a_PDF_shows_why_it_was_refused()
    {
        var page = await SignedInAsync();

        // Dropped on the drop zone, as a file dragged from the desktop arrives.
        await page.Locator("#drop").EvaluateAsync("""
            zone => {
              const data = new DataTransfer();
              data.items.add(new File(['這不是PDF文件 — just some text\n'], 'notes.txt', { type: 'text/plain' }));
              zone.dispatchEvent(new DragEvent('dragover', { bubbles: true, cancelable: true, dataTransfer: data }));
              zone.dispatchEvent(new DragEvent('drop', { bubbles: true, cancelable: true, dataTransfer: data }));
            }
            """);
        await Expect(page.Locator("#drop-text")).ToContainTextAsync("notes.txt");
        await page.ClickAsync("#up-go");
        await Expect(page.Locator("#job-state")).ToHaveAttributeAsync("data-state", "failed");
        await Expect(page.Locator("#job-error")).Not.ToBeEmptyAsync();
        var reason = await page.Locator("#job-error").TextContentAsync();
        Assert.That(reason, Does.Contain("PDF").IgnoreCase);
        await TestContext.Out.WriteLineAsync($"refusal shown: {reason}");
        await page.ScreenshotAsync(new() { Path = ViewerServer.Screenshot("admin-refused.png") });
    }
}
