using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using XuhuiEpaper.Core.Model;
using XuhuiEpaper.Core.Text;
using XuhuiEpaper.Samples;
using XuhuiEpaper.Storage;

namespace XuhuiEpaper.Web.Tests;

/// <summary>Issue 13 through the API: pages published as images say so (job, page, admin route); recognised text is marked.</summary>
public class PageTextApiTests
{
    [Test]
    public async Task An_upload_whose_text_is_garbage_is_published_as_images_and_the_job_and_admin_route_say_why()
    {
        await using var app = new EpaperApp(new Dictionary<string, string?> { ["Epaper:RunWorker"] = "true", ["Ingest:Ocr:Enabled"] = "false" });
        using var client = app.CreateAdminClient();
        var garbage = UnreadableVariants.WithoutToUnicode(await File.ReadAllBytesAsync(EpaperApp.SamplePdf));
        var accepted = await (await client.PostAsync("/api/issues", EpaperApp.Form(garbage, new Dictionary<string, string> { ["date"] = "2021-12-13", ["paper"] = "徐匯報" })))
            .JsonAsync(HttpStatusCode.Accepted);
        var job = await EpaperApp.WaitForJobAsync(client, (string)accepted["statusUrl"]!);
        Assert.That((string?)job["state"], Is.EqualTo("succeeded"), job.ToJsonString());
        var warnings = job["textWarnings"]!.AsArray().Select(w => (string)w!).ToArray();
        Assert.That(warnings, Has.Length.EqualTo(4));
        Assert.That(warnings[0], Does.StartWith("page 1: published as an image, its text not indexed").And.Contain("recognition is off"));

        var issueId = (long)job["issueId"]!;
        var page = await (await client.GetAsync($"/api/issues/{issueId}/pages/1")).JsonAsync();
        Assert.Multiple(() =>
        {
            Assert.That(page["articles"]!.AsArray(), Is.Empty);
            Assert.That((bool)page["text"]!["imageOnly"]!, Is.True);
            Assert.That((string?)page["text"]!["source"], Is.EqualTo("none"));
            Assert.That((string?)page["text"]!["verdict"], Is.EqualTo("unreadable"));
        });
        var search = await (await client.GetAsync("/api/search?q=" + Uri.EscapeDataString("徐匯"))).JsonAsync();
        Assert.That((int)search["total"]!, Is.Zero);

        var text = await (await client.GetAsync($"/api/issues/{issueId}/text")).JsonAsync();
        var pages = text["pages"]!.AsArray();
        Assert.That(pages, Has.Count.EqualTo(4));
        Assert.That((double)pages[0]!["figures"]!["controlShare"]!, Is.GreaterThan(0.05));
        Assert.That(pages[0]!["unreadableFonts"]!.AsArray(), Is.Not.Empty);
        using var anonymous = app.CreateClient();
        Assert.That((await anonymous.GetAsync($"/api/issues/{issueId}/text")).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden).Or.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task Text_from_recognition_is_marked_per_page_and_per_article()
    {
        await using var app = new EpaperApp();
        var issueId = await app.IngestSampleAsync();
        using var client = app.CreateClient();
        var sha = (string)(await (await client.GetAsync($"/api/issues/{issueId}")).JsonAsync())["pdfUrl"]!;
        sha = sha["/pdf/".Length..^".pdf".Length];
        var store = app.Services.GetRequiredService<PageTextStore>();
        var readable = new TextFigures(100, 1, 0, 1, 0.9);
        await store.SaveAsync(sha,
        [
            new PageTextReport(TextVerdict.Unreadable, TextSource.Recognised, readable, ["AAAAAA+Font"], "recognised", "glyphs", readable, 12.5),
            PageTextReport.Readable(readable), PageTextReport.Readable(readable), PageTextReport.Readable(readable),
        ]);

        var page1 = await (await client.GetAsync($"/api/issues/{issueId}/pages/1")).JsonAsync();
        var page2 = await (await client.GetAsync($"/api/issues/{issueId}/pages/2")).JsonAsync();
        Assert.Multiple(async () =>
        {
            Assert.That((bool)page1["text"]!["recognised"]!, Is.True);
            Assert.That((string?)page1["text"]!["source"], Is.EqualTo("recognised"));
            Assert.That((bool)page2["text"]!["recognised"]!, Is.False);
            var first = (long)page1["articles"]![0]!["id"]!;
            var other = (long)page2["articles"]![0]!["id"]!;
            Assert.That((bool)(await (await client.GetAsync($"/api/articles/{first}")).JsonAsync())["recognised"]!, Is.True);
            Assert.That((bool)(await (await client.GetAsync($"/api/articles/{other}")).JsonAsync())["recognised"]!, Is.False);
        });
    }
}
