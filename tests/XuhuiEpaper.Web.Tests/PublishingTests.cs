using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;

namespace XuhuiEpaper.Web.Tests;

/// <summary>
/// Issue 11, review before publishing: with Epaper:Publishing = review an uploaded issue is a draft. Admins see it
/// (first in their list); readers, kiosks (they open /api/issues/latest), search and every public route do not, until it
/// is published; unpublishing takes it away again, at once, caches included. Real server, real worker, real files.
/// </summary>
public class PublishingTests
{
    private static Dictionary<string, string?> Review => new() { ["Epaper:RunWorker"] = "true", ["Epaper:Publishing"] = "review" };

    [Test]
    public async Task In_review_mode_an_upload_is_a_draft_until_published_and_gone_again_when_unpublished()
    {
        await using var app = new EpaperApp(Review);
        using var admin = app.CreateAdminClient();
        using var reader = app.CreateClient();

        var upload = await (await admin.PostAsync("/api/issues", EpaperApp.Form(await File.ReadAllBytesAsync(EpaperApp.SamplePdf)))).JsonAsync(HttpStatusCode.Accepted);
        var job = await EpaperApp.WaitForJobAsync(admin, (string)upload["statusUrl"]!);
        Assert.That((string?)job["state"], Is.EqualTo("succeeded"), job.ToJsonString());
        var id = (long)job["issueId"]!;

        // The admin sees the draft whole: in the list (marked), the issue, its pages and articles; and its page is cached now.
        var adminList = await (await admin.GetAsync("/api/issues")).JsonAsync();
        Assert.That(adminList["items"]!.AsArray().Select(i => ((long)i!["id"]!, (bool)i["draft"]!)), Is.EqualTo(new[] { (id, true) }));
        Assert.That((bool)(await (await admin.GetAsync($"/api/issues/{id}")).JsonAsync())["draft"]!, Is.True);
        var page1 = await (await admin.GetAsync($"/api/issues/{id}/pages/1")).JsonAsync();
        var article = page1["articles"]!.AsArray().First(a => (string?)a!["kind"] == "article")!;
        var articleUrl = (string)article["url"]!;
        var rect = article["region"]!["rects"]![0]!.AsArray().Select(v => (double)v!).ToArray();
        var hitUrl = string.Create(CultureInfo.InvariantCulture, $"/api/issues/{id}/pages/1/hit?x={rect[0] + rect[2] / 2}&y={rect[1] + rect[3] / 2}");
        var pdfUrl = (string)(await (await admin.GetAsync($"/api/issues/{id}")).JsonAsync())["pdfUrl"]!;
        await (await admin.GetAsync(articleUrl)).JsonAsync();

        // Nobody else sees any of it.
        await AssertHiddenAsync(reader, id, articleUrl, hitUrl, pdfUrl);

        // Published: everywhere at once (the page cached while it was a draft too).
        var published = await (await admin.PostAsync($"/api/issues/{id}/publish", null)).JsonAsync();
        Assert.That((bool)published["draft"]!, Is.False);
        await AssertVisibleAsync(reader, id, articleUrl, hitUrl, pdfUrl);

        // Unpublished: gone again at once, though the reader's answers were just cached.
        var withdrawn = await (await admin.PostAsync($"/api/issues/{id}/unpublish", null)).JsonAsync();
        Assert.That((bool)withdrawn["draft"]!, Is.True);
        await AssertHiddenAsync(reader, id, articleUrl, hitUrl, pdfUrl);

        // And published again; both actions are in the audit log, with the issue and who asked.
        await (await admin.PostAsync($"/api/issues/{id}/publish", null)).JsonAsync();
        await AssertVisibleAsync(reader, id, articleUrl, hitUrl, pdfUrl);
        var audit = (await (await admin.GetAsync($"/api/audit?issueId={id}")).JsonAsync())["items"]!.AsArray();
        Assert.That(audit.Select(a => (string?)a!["action"]), Is.EqualTo(new[] { "publish", "unpublish", "publish" }));
        Assert.That(audit.All(a => (string?)a!["client"] is not null), Is.True);

        // A second upload (an earlier date) is a draft: the admin list shows it first, before the newer published issue.
        var second = await (await admin.PostAsync("/api/issues", EpaperApp.Form(EpaperApp.SampleVariant("earlier"), new Dictionary<string, string> { ["date"] = "2021-12-06" }))).JsonAsync(HttpStatusCode.Accepted);
        var secondJob = await EpaperApp.WaitForJobAsync(admin, (string)second["statusUrl"]!);
        Assert.That((string?)secondJob["state"], Is.EqualTo("succeeded"), secondJob.ToJsonString());
        var draftId = (long)secondJob["issueId"]!;
        var list = (await (await admin.GetAsync("/api/issues")).JsonAsync())["items"]!.AsArray();
        Assert.That(list.Select(i => ((long)i!["id"]!, (bool)i["draft"]!)), Is.EqualTo(new[] { (draftId, true), (id, false) }), "drafts first");
        var publicList = (await (await reader.GetAsync("/api/issues")).JsonAsync())["items"]!.AsArray();
        Assert.That(publicList.Select(i => (long)i!["id"]!), Is.EqualTo(new[] { id }));

        // Analysing the published issue again keeps it published (the same PDF made anew keeps its issue's state).
        var again = await (await admin.PostAsync($"/api/issues/{id}/reingest", null)).JsonAsync(HttpStatusCode.Accepted);
        var againJob = await EpaperApp.WaitForJobAsync(admin, (string)again["statusUrl"]!);
        Assert.That((string?)againJob["state"], Is.EqualTo("succeeded"), againJob.ToJsonString());
        Assert.That((long)(await (await reader.GetAsync("/api/issues/latest")).JsonAsync())["id"]!, Is.EqualTo((long)againJob["issueId"]!));
    }

    [Test]
    public async Task Publishing_needs_the_admin_token_and_an_issue()
    {
        // The shared sample, ingested in the default mode (immediate): published. Nothing here changes it.
        var (app, id) = await SharedSample.GetAsync();
        using var reader = app.CreateClient();
        using var admin = app.CreateAdminClient();
        await (await reader.PostAsync($"/api/issues/{id}/publish", null)).ProblemAsync(HttpStatusCode.Unauthorized);
        await (await reader.PostAsync($"/api/issues/{id}/unpublish", null)).ProblemAsync(HttpStatusCode.Unauthorized);
        Assert.That(await (await admin.PostAsync("/api/issues/99999/publish", null)).ProblemAsync(HttpStatusCode.NotFound), Does.Contain("no issue 99999"));

        // Publishing a published issue again changes nothing and is not audited.
        Assert.That((bool)(await (await reader.GetAsync($"/api/issues/{id}")).JsonAsync())["draft"]!, Is.False);
        await (await admin.PostAsync($"/api/issues/{id}/publish", null)).JsonAsync();
        Assert.That((int)(await (await admin.GetAsync($"/api/audit?issueId={id}")).JsonAsync())["total"]!, Is.Zero);
    }

    private static async Task AssertHiddenAsync(HttpClient reader, long id, string articleUrl, string hitUrl, string pdfUrl)
    {
        var list = await (await reader.GetAsync("/api/issues")).JsonAsync();
        Assert.That(list["items"]!.AsArray().Select(i => (long)i!["id"]!), Does.Not.Contain(id), "/api/issues");
        Assert.That((int)list["total"]!, Is.Zero, "/api/issues total");
        await (await reader.GetAsync("/api/issues/latest")).ProblemAsync(HttpStatusCode.NotFound);
        Assert.That((int)(await (await reader.GetAsync("/api/search?q=" + Uri.EscapeDataString("徐匯"))).JsonAsync())["total"]!, Is.Zero, "search");
        foreach (var url in new[] { $"/api/issues/{id}", "/api/issues/2021-12-13", $"/api/issues/{id}/pages/1", hitUrl, articleUrl, pdfUrl, pdfUrl.Replace(".pdf", "/1.pdf", StringComparison.Ordinal) })
        {
            using var response = await reader.GetAsync(url);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), url);
        }

        Assert.That(await (await reader.GetAsync($"/api/issues/{id}")).ProblemAsync(HttpStatusCode.NotFound), Is.EqualTo($"There is no issue {id}."), "a draft is not even named");
    }

    private static async Task AssertVisibleAsync(HttpClient reader, long id, string articleUrl, string hitUrl, string pdfUrl)
    {
        var list = await (await reader.GetAsync("/api/issues")).JsonAsync();
        Assert.That(list["items"]!.AsArray().Select(i => (long)i!["id"]!), Does.Contain(id), "/api/issues");
        Assert.That((long)(await (await reader.GetAsync("/api/issues/latest")).JsonAsync())["id"]!, Is.EqualTo(id), "latest");
        Assert.That((int)(await (await reader.GetAsync("/api/search?q=" + Uri.EscapeDataString("徐匯"))).JsonAsync())["total"]!, Is.GreaterThan(0), "search");
        foreach (var url in new[] { $"/api/issues/{id}", "/api/issues/2021-12-13", $"/api/issues/{id}/pages/1", hitUrl, articleUrl, pdfUrl })
        {
            using var response = await reader.GetAsync(url);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), url);
        }

        JsonNode issue = await (await reader.GetAsync($"/api/issues/{id}")).JsonAsync();
        Assert.That((bool)issue["draft"]!, Is.False);
    }
}
