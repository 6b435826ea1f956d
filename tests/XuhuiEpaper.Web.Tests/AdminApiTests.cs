using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using XuhuiEpaper.Core.Model;
using XuhuiEpaper.Storage;
using XuhuiEpaper.Web.Api;

namespace XuhuiEpaper.Web.Tests;

/// <summary>Upload, edit and delete: auth, every refusal, the job that follows an upload. Each test owns its application and data.</summary>
public class AdminApiTests
{
    private static Task<byte[]> SampleAsync() => File.ReadAllBytesAsync(EpaperApp.SamplePdf);

    private static async Task AssertNothingKeptAsync(EpaperApp app)
    {
        var incoming = Path.Combine(app.DataDir, "incoming");
        Assert.That(Directory.Exists(incoming) ? Directory.GetFiles(incoming) : [], Is.Empty, "a refused upload is not kept");
        Assert.That(await app.Services.GetRequiredService<JobStore>().ListRecentAsync(), Is.Empty, "a refused upload queues no job");
        Assert.That((await app.Services.GetRequiredService<BrowseStore>().ListIssuesAsync(null, null)).Total, Is.EqualTo(0));
    }

    [Test]
    public async Task Without_a_configured_token_admin_routes_are_403_and_say_how_to_configure_one()
    {
        await using var app = new EpaperApp(new Dictionary<string, string?> { ["Epaper:AdminToken"] = "" });
        using var client = app.CreateAdminClient();
        var detail = await (await client.PostAsync("/api/issues", EpaperApp.Form(await SampleAsync()))).ProblemAsync(HttpStatusCode.Forbidden);
        Assert.That(detail, Does.Contain("Epaper:AdminToken").And.Contain("Epaper__AdminToken"));
        await (await client.PutAsJsonAsync("/api/issues/1", new { number = 2 })).ProblemAsync(HttpStatusCode.Forbidden);
        await (await client.DeleteAsync("/api/issues/1")).ProblemAsync(HttpStatusCode.Forbidden);
        await AssertNothingKeptAsync(app);
    }

    [Test]
    public async Task Missing_or_wrong_token_is_401()
    {
        await using var app = new EpaperApp();
        using var anonymous = app.CreateClient();
        var missing = await anonymous.PostAsync("/api/issues", EpaperApp.Form(await SampleAsync()));
        Assert.That(missing.Headers.WwwAuthenticate.Single().Scheme, Is.EqualTo("Bearer"));
        Assert.That(await missing.ProblemAsync(HttpStatusCode.Unauthorized), Does.Contain("Bearer"));

        using var wrong = app.CreateClient();
        wrong.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", EpaperApp.Token + "x");
        Assert.That(await (await wrong.PostAsync("/api/issues", EpaperApp.Form(await SampleAsync()))).ProblemAsync(HttpStatusCode.Unauthorized), Does.Contain("wrong"));
        await (await wrong.PutAsJsonAsync("/api/issues/1", new { number = 2 })).ProblemAsync(HttpStatusCode.Unauthorized);
        await (await wrong.DeleteAsync("/api/issues/1")).ProblemAsync(HttpStatusCode.Unauthorized);

        // A token in the wrong scheme, or a prefix of the right one, is no token.
        using var basic = app.CreateClient();
        basic.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", EpaperApp.Token);
        await (await basic.DeleteAsync("/api/issues/1")).ProblemAsync(HttpStatusCode.Unauthorized);
        using var prefix = app.CreateClient();
        prefix.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", EpaperApp.Token[..^1]);
        await (await prefix.DeleteAsync("/api/issues/1")).ProblemAsync(HttpStatusCode.Unauthorized);
        await AssertNothingKeptAsync(app);
    }

    [Test]
    public void Tokens_are_compared_by_content()
    {
        Assert.That(AdminAuth.TokensEqual("abc", "abc"), Is.True);
        Assert.That(AdminAuth.TokensEqual("abc", "abd"), Is.False);
        Assert.That(AdminAuth.TokensEqual("abc", "abcd"), Is.False);
        Assert.That(AdminAuth.TokensEqual("", "abc"), Is.False);
    }

    [Test]
    public async Task Refused_uploads_say_why_and_keep_nothing()
    {
        await using var app = new EpaperApp();
        using var client = app.CreateAdminClient();
        var sample = await SampleAsync();

        var notPdf = await client.PostAsync("/api/issues", EpaperApp.Form(Encoding.UTF8.GetBytes("<html><body>not a paper</body></html>"), fileName: "page.html"));
        Assert.That(await notPdf.ProblemAsync(HttpStatusCode.UnsupportedMediaType), Does.Contain("not a PDF").And.Contain("HTML"));

        var truncated = await client.PostAsync("/api/issues", EpaperApp.Form(sample[..(sample.Length / 2)]));
        Assert.That(await truncated.ProblemAsync(HttpStatusCode.UnprocessableEntity), Does.Contain("truncated or damaged PDF"));

        var empty = await client.PostAsync("/api/issues", EpaperApp.Form([]));
        Assert.That(await empty.ProblemAsync(HttpStatusCode.UnprocessableEntity), Does.Contain("empty"));

        var notMultipart = await client.PostAsync("/api/issues", new ByteArrayContent(sample) { Headers = { ContentType = new MediaTypeHeaderValue("application/pdf") } });
        Assert.That(await notMultipart.ProblemAsync(HttpStatusCode.UnsupportedMediaType), Does.Contain("multipart/form-data"));

        using var noFile = new MultipartFormDataContent { { new StringContent("2021-12-13"), "date" } };
        Assert.That(await (await client.PostAsync("/api/issues", noFile)).ProblemAsync(HttpStatusCode.BadRequest), Does.Contain("'file'"));

        var badDate = await client.PostAsync("/api/issues", EpaperApp.Form(sample, fields: new Dictionary<string, string> { ["date"] = "13.12.2021" }));
        Assert.That(await badDate.ProblemAsync(HttpStatusCode.BadRequest), Does.Contain("yyyy-MM-dd"));

        var badNumber = await client.PostAsync("/api/issues", EpaperApp.Form(sample, fields: new Dictionary<string, string> { ["number"] = "-3" }));
        Assert.That(await badNumber.ProblemAsync(HttpStatusCode.BadRequest), Does.Contain("number"));
        await AssertNothingKeptAsync(app);
    }

    [Test]
    public async Task An_upload_over_the_size_limit_is_413()
    {
        await using var app = new EpaperApp(new Dictionary<string, string?> { ["Ingest:Limits:MaxFileBytes"] = "100000" });
        using var client = app.CreateAdminClient();
        var detail = await (await client.PostAsync("/api/issues", EpaperApp.Form(await SampleAsync()))).ProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        Assert.That(detail, Does.Contain("limit"));

        // Without a Content-Length, the limit is enforced while the body streams in.
        var form = EpaperApp.Form(await SampleAsync());
        await form.LoadIntoBufferAsync();
        using var chunked = new HttpRequestMessage(HttpMethod.Post, "/api/issues") { Content = new StreamContent(await form.ReadAsStreamAsync()) };
        chunked.Content.Headers.ContentType = form.Headers.ContentType;
        chunked.Headers.TransferEncodingChunked = true;
        await (await client.SendAsync(chunked)).ProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        await AssertNothingKeptAsync(app);
    }

    [Test]
    public async Task An_upload_is_accepted_then_ingested_by_the_worker_and_followed_by_events()
    {
        await using var app = new EpaperApp(new Dictionary<string, string?> { ["Epaper:RunWorker"] = "true" });
        using var client = app.CreateAdminClient();
        var response = await client.PostAsync("/api/issues", EpaperApp.Form(await SampleAsync(), fields: new Dictionary<string, string> { ["date"] = "2021-12-20", ["number"] = "52", ["paper"] = "徐匯報" }));
        var accepted = await response.JsonAsync(HttpStatusCode.Accepted);
        var statusUrl = (string)accepted["statusUrl"]!;
        Assert.That(response.Headers.Location?.ToString(), Is.EqualTo(statusUrl));
        Assert.That((string?)accepted["sha256"], Has.Length.EqualTo(64));

        // Server-sent events until the job has finished.
        using var events = new HttpRequestMessage(HttpMethod.Get, (string)accepted["eventsUrl"]!);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var stream = await client.SendAsync(events, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        Assert.That(stream.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/event-stream"));
        var states = new List<JsonNode>();
        using (var reader = new StreamReader(await stream.Content.ReadAsStreamAsync(timeout.Token)))
        {
            while (await reader.ReadLineAsync(timeout.Token) is { } line)
            {
                if (line.StartsWith("data: ", StringComparison.Ordinal))
                {
                    states.Add(JsonNode.Parse(line["data: ".Length..])!);
                }
            }
        }

        Assert.That(states, Is.Not.Empty);
        Assert.That((string?)states[^1]["state"], Is.EqualTo("succeeded"), states[^1].ToJsonString());
        Assert.That(states.Select(s => (string?)s["state"]).Distinct(), Is.SubsetOf(new[] { "queued", "running", "succeeded" }));

        var job = await (await client.GetAsync(statusUrl)).JsonAsync();
        Assert.That((string?)job["state"], Is.EqualTo("succeeded"));
        Assert.That((int)job["progress"]!["done"]!, Is.EqualTo(4));
        Assert.That((int)job["progress"]!["total"]!, Is.EqualTo(4));
        Assert.That((string?)job["error"], Is.Null);
        var issue = await (await client.GetAsync((string)job["issueUrl"]!)).JsonAsync();
        Assert.That((string?)issue["date"], Is.EqualTo("2021-12-20"));
        Assert.That((int?)issue["number"], Is.EqualTo(52));
        Assert.That(issue["pages"]!.AsArray(), Has.Count.EqualTo(4));

        // Once the job has finished, the upload leaves incoming/ (the original is under originals/).
        var sweeper = app.Services.GetRequiredService<XuhuiEpaper.Web.Hosting.IncomingSweeper>();
        Assert.That(await sweeper.SweepAsync(TimeSpan.Zero, CancellationToken.None), Has.Count.EqualTo(1));
        Assert.That(Directory.GetFiles(Path.Combine(app.DataDir, "incoming")), Is.Empty);
        Assert.That(Directory.GetFiles(Path.Combine(app.DataDir, "originals"), "*.pdf"), Has.Length.EqualTo(1));

        // The same PDF again with other metadata would be a second issue of one file: 409 at once.
        var again = await client.PostAsync("/api/issues", EpaperApp.Form(await SampleAsync(), fields: new Dictionary<string, string> { ["date"] = "2021-12-27" }));
        Assert.That(await again.ProblemAsync(HttpStatusCode.Conflict), Does.Contain("already published"));
    }

    [Test]
    public async Task A_queued_upload_stays_in_incoming_until_its_job_has_run()
    {
        await using var app = new EpaperApp(); // no worker: the job stays queued
        using var client = app.CreateAdminClient();
        var accepted = await (await client.PostAsync("/api/issues", EpaperApp.Form(await SampleAsync()))).JsonAsync(HttpStatusCode.Accepted);
        var job = await (await client.GetAsync((string)accepted["statusUrl"]!)).JsonAsync();
        Assert.That((string?)job["state"], Is.EqualTo("queued"));
        Assert.That(job["progress"]!["done"]!.GetValue<int>(), Is.EqualTo(0));
        var sweeper = app.Services.GetRequiredService<XuhuiEpaper.Web.Hosting.IncomingSweeper>();
        Assert.That(await sweeper.SweepAsync(TimeSpan.Zero, CancellationToken.None), Is.Empty);
        Assert.That(Directory.GetFiles(Path.Combine(app.DataDir, "incoming")), Has.Length.EqualTo(1));
    }

    [Test]
    public async Task Uploads_are_rate_limited()
    {
        await using var app = new EpaperApp(new Dictionary<string, string?> { ["Api:RateLimits:UploadsPerMinute"] = "2" });
        using var client = app.CreateAdminClient();
        var junk = Encoding.UTF8.GetBytes("hello");
        await (await client.PostAsync("/api/issues", EpaperApp.Form(junk))).ProblemAsync(HttpStatusCode.UnsupportedMediaType);
        await (await client.PostAsync("/api/issues", EpaperApp.Form(junk))).ProblemAsync(HttpStatusCode.UnsupportedMediaType);
        var limited = await client.PostAsync("/api/issues", EpaperApp.Form(junk));
        Assert.That(await limited.ProblemAsync(HttpStatusCode.TooManyRequests), Does.Contain("Too many requests"));
        Assert.That(limited.Headers.RetryAfter, Is.Not.Null);
    }

    [Test]
    public async Task Searches_are_rate_limited()
    {
        await using var app = new EpaperApp(new Dictionary<string, string?> { ["Api:RateLimits:SearchBurst"] = "3", ["Api:RateLimits:SearchPerSecond"] = "1" });
        using var client = app.CreateClient();
        var codes = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
        {
            codes.Add((await client.GetAsync("/api/search?q=abc")).StatusCode);
        }

        Assert.That(codes.Take(3), Is.All.EqualTo(HttpStatusCode.OK));
        Assert.That(codes, Has.Some.EqualTo(HttpStatusCode.TooManyRequests));
        var limited = await client.GetAsync("/api/search?q=abc");
        if (limited.StatusCode == HttpStatusCode.TooManyRequests)
        {
            Assert.That(limited.Headers.RetryAfter, Is.Not.Null);
            await limited.ProblemAsync(HttpStatusCode.TooManyRequests);
        }
    }

    [Test]
    public async Task Edit_changes_date_numbers_and_page_names()
    {
        await using var app = new EpaperApp();
        var id = await app.IngestSampleAsync();
        using var client = app.CreateAdminClient();
        Assert.That((string?)(await (await client.GetAsync($"/api/issues/{id}/pages/3")).JsonAsync())["name"], Is.EqualTo("社區"), "read (and cached) before the edit");
        var edited = await (await client.PutAsJsonAsync($"/api/issues/{id}", new
        {
            date = "2021-12-14", number = 50, totalNumber = 1651, pages = new[] { new { number = 1, name = "要聞" }, new { number = 3, name = "社區新聞" } },
        })).JsonAsync();
        Assert.That((string?)edited["date"], Is.EqualTo("2021-12-14"));
        Assert.That((int?)edited["number"], Is.EqualTo(50));
        Assert.That((int?)edited["totalNumber"], Is.EqualTo(1651));
        var page3 = await (await client.GetAsync($"/api/issues/{id}/pages/3")).JsonAsync();
        Assert.That((string?)page3["name"], Is.EqualTo("社區新聞"));
        Assert.That((string?)(await (await client.GetAsync($"/api/issues/{id}")).JsonAsync())["pages"]![0]!["name"], Is.EqualTo("要聞"));

        // Absent fields stay.
        var same = await (await client.PutAsJsonAsync($"/api/issues/{id}", new { number = 49 })).JsonAsync();
        Assert.That((string?)same["date"], Is.EqualTo("2021-12-14"));

        Assert.That(await (await client.PutAsJsonAsync($"/api/issues/{id}", new { pages = new[] { new { number = 9, name = "x" } } })).ProblemAsync(HttpStatusCode.BadRequest), Does.Contain("no page 9"));
        Assert.That(await (await client.PutAsJsonAsync($"/api/issues/{id}", new { number = 0 })).ProblemAsync(HttpStatusCode.BadRequest), Does.Contain("number"));
        Assert.That(await (await client.PutAsJsonAsync($"/api/issues/{id}", new { date = "2021-02-30" })).ProblemAsync(HttpStatusCode.BadRequest), Does.Contain("JSON"));
        using var notJson = new StringContent("{ nope", Encoding.UTF8, "application/json");
        await (await client.PutAsync($"/api/issues/{id}", notJson)).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(await (await client.PutAsJsonAsync("/api/issues/999999", new { number = 1 })).ProblemAsync(HttpStatusCode.NotFound), Does.Contain("999999"));

        // Another issue of the paper holds a date: moving onto it is a conflict.
        await PublishOtherIssueAsync(app, new DateOnly(2021, 12, 20));
        Assert.That(await (await client.PutAsJsonAsync($"/api/issues/{id}", new { date = "2021-12-20" })).ProblemAsync(HttpStatusCode.Conflict), Does.Contain("2021-12-20"));
    }

    [Test]
    public async Task Reingest_analyses_the_kept_original_anew_and_keeps_the_edited_metadata()
    {
        await using var app = new EpaperApp(new Dictionary<string, string?> { ["Epaper:RunWorker"] = "true" });
        var id = await app.IngestSampleAsync();
        using var client = app.CreateAdminClient();
        await (await client.PutAsJsonAsync($"/api/issues/{id}", new { totalNumber = 1700, pages = new[] { new { number = 2, name = "綜合新聞" } } })).JsonAsync();

        var response = await client.PostAsync($"/api/issues/{id}/reingest", null);
        var accepted = await response.JsonAsync(HttpStatusCode.Accepted);
        JsonNode job;
        var deadline = DateTime.UtcNow.AddSeconds(90);
        do
        {
            await Task.Delay(200);
            job = await (await client.GetAsync((string)accepted["statusUrl"]!)).JsonAsync();
        }
        while ((string?)job["state"] is "queued" or "running" && DateTime.UtcNow < deadline);

        Assert.That((string?)job["state"], Is.EqualTo("succeeded"), job.ToJsonString());
        var issue = await (await client.GetAsync((string)job["issueUrl"]!)).JsonAsync();
        Assert.Multiple(async () =>
        {
            Assert.That((long)issue["id"]!, Is.Not.EqualTo(id), "a new issue replaced the old one");
            Assert.That((string?)issue["date"], Is.EqualTo("2021-12-13"));
            Assert.That((int?)issue["totalNumber"], Is.EqualTo(1700), "the edited number is kept");
            Assert.That((string?)issue["pages"]![1]!["name"], Is.EqualTo("綜合新聞"), "and the edited page name");
            Assert.That((string?)issue["pages"]![2]!["name"], Is.EqualTo("社區"), "a page not edited keeps the name read");
            Assert.That(issue["pages"]!.AsArray(), Has.Count.EqualTo(4));
            Assert.That((int)(await (await client.GetAsync("/api/issues")).JsonAsync())["total"]!, Is.EqualTo(1));
            await (await client.GetAsync($"/api/issues/{id}")).ProblemAsync(HttpStatusCode.NotFound);
            Assert.That(await (await client.PostAsync("/api/issues/999999/reingest", null)).ProblemAsync(HttpStatusCode.NotFound), Does.Contain("999999"));
        });
    }

    [Test]
    public async Task Delete_unpublishes_the_issue_and_keeps_it_in_the_trash()
    {
        await using var app = new EpaperApp();
        var id = await app.IngestSampleAsync();
        using var client = app.CreateAdminClient();
        var issue = await (await client.GetAsync($"/api/issues/{id}")).JsonAsync();
        var screen = (string)issue["pages"]![0]!["screenUrl"]!;
        var pagePdf = (string)issue["pages"]![0]!["pdfUrl"]!;
        var issuePdf = (string)issue["pdfUrl"]!;
        Assert.That((await client.GetAsync(pagePdf)).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var article = (string)(await (await client.GetAsync($"/api/issues/{id}/pages/1")).JsonAsync())["articles"]![0]!["url"]!;

        Assert.That((await client.DeleteAsync($"/api/issues/{id}")).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));

        foreach (var url in new[] { $"/api/issues/{id}", $"/api/issues/{id}/pages/1", article, pagePdf, issuePdf })
        {
            await (await client.GetAsync(url)).ProblemAsync(HttpStatusCode.NotFound);
        }

        Assert.That((await client.GetAsync(screen)).StatusCode, Is.EqualTo(HttpStatusCode.OK), "images stay, under their content hash, until the purge");
        Assert.That(Directory.GetFiles(Path.Combine(app.DataDir, "originals")), Is.Empty, "the original moved to the trash");
        Assert.That(Directory.GetFiles(Path.Combine(app.DataDir, "trash"), "*.pdf", SearchOption.AllDirectories), Has.Length.EqualTo(1));
        Assert.That(Directory.GetFiles(Path.Combine(app.DataDir, "pages")), Is.Empty, "page PDFs are cut again when needed");
        Assert.That((int)(await (await client.GetAsync("/api/issues")).JsonAsync())["total"]!, Is.EqualTo(0));
        Assert.That((int)(await (await client.GetAsync("/api/search?q=" + Uri.EscapeDataString("徐匯"))).JsonAsync())["total"]!, Is.EqualTo(0));
        await (await client.GetAsync("/api/issues/latest")).ProblemAsync(HttpStatusCode.NotFound);
        await (await client.DeleteAsync($"/api/issues/{id}")).ProblemAsync(HttpStatusCode.NotFound);
    }

    private static async Task PublishOtherIssueAsync(EpaperApp app, DateOnly date)
    {
        var images = new PageImages("aaaaaaaaaaaaaaaa-thumb.webp", "aaaaaaaaaaaaaaaa-screen.webp", "aaaaaaaaaaaaaaaa-zoom.webp", 200, 800, 1200);
        await app.Services.GetRequiredService<PublishStore>().PublishAsync(new IssueContent
        {
            Paper = "徐匯報",
            Date = date,
            Sha256 = new string('a', 64),
            OriginalFile = "originals/" + new string('a', 64) + ".pdf",
            Pages = [new PageContent { Number = 1, WidthPt = 842, HeightPt = 1191, Images = images, Articles = [] }],
        });
    }
}
