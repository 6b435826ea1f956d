using System.Net;
using System.Net.Http.Headers;
using System.Text;
using XuhuiEpaper.Ingest.Tests.Fixtures;

namespace XuhuiEpaper.Web.Tests;

/// <summary>Issue 10, problems 6 and 7: HTTP hygiene, and a page whose zoom image WebP cannot hold, refused at upload.</summary>
public class HttpHygieneTests
{
    [Test]
    public async Task Head_is_answered_wherever_get_is()
    {
        var (app, id) = await SharedSample.GetAsync();
        using var client = app.CreateClient();
        var issue = await (await client.GetAsync($"/api/issues/{id}")).JsonAsync();
        var page = issue["pages"]![0]!;
        var article = (string)(await (await client.GetAsync((string)page["url"]!)).JsonAsync())["articles"]![0]!["url"]!;
        string[] urls =
        [
            "/api/issues", "/api/issues/latest", $"/api/issues/{id}", "/api/issues/2021-12-13", (string)page["url"]!, $"{page["url"]}/hit?x=0.5&y=0.5",
            article, "/api/search?q=%E5%BE%90%E5%8C%AF", (string)page["screenUrl"]!, (string)page["zoomUrl"]!, (string)issue["pdfUrl"]!, (string)page["pdfUrl"]!,
            "/healthz", "/openapi/v1.json", "/", "/kiosk",
        ];
        Assert.Multiple(async () =>
        {
            foreach (var url in urls)
            {
                using var get = await client.GetAsync(url);
                using var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, url));
                Assert.That(head.StatusCode, Is.EqualTo(get.StatusCode), $"HEAD {url}");
                Assert.That(head.Content.Headers.ContentType?.MediaType, Is.EqualTo(get.Content.Headers.ContentType?.MediaType), $"HEAD {url}");
                if (get.Headers.ETag is { } tag)
                {
                    Assert.That(head.Headers.ETag, Is.EqualTo(tag), $"HEAD {url}");
                }

                if (url.StartsWith("/images/", StringComparison.Ordinal) || url.StartsWith("/pdf/", StringComparison.Ordinal))
                {
                    Assert.That(head.Content.Headers.ContentLength, Is.EqualTo((await get.Content.ReadAsByteArrayAsync()).Length), $"HEAD {url}: the length of what GET sends");
                    Assert.That(await head.Content.ReadAsByteArrayAsync(), Is.Empty, $"HEAD {url}: no body");
                }
            }
        });
    }

    [Test]
    public async Task Issue_page_and_article_json_carry_an_etag_and_answer_304_until_an_edit()
    {
        await using var app = new EpaperApp();
        var id = await app.IngestSampleAsync();
        using var client = app.CreateAdminClient();
        var article = (string)(await (await client.GetAsync($"/api/issues/{id}/pages/1")).JsonAsync())["articles"]![0]!["url"]!;
        string[] urls = [$"/api/issues/{id}", $"/api/issues/{id}/pages/1", article, "/api/issues/latest", "/api/issues/2021-12-13"];
        var tags = new Dictionary<string, EntityTagHeaderValue>();
        Assert.Multiple(async () =>
        {
            foreach (var url in urls)
            {
                using var first = await client.GetAsync(url);
                await first.JsonAsync();
                Assert.That(first.Headers.ETag, Is.Not.Null, url);
                Assert.That(first.Headers.CacheControl?.Public, Is.True, url);
                Assert.That(first.Headers.CacheControl?.MaxAge, Is.EqualTo(TimeSpan.FromSeconds(10)), url);
                Assert.That(first.Headers.CacheControl?.Extensions.Select(e => e.ToString()), Does.Contain("stale-while-revalidate=30"), url);
                tags[url] = first.Headers.ETag!;
                using var again = new HttpRequestMessage(HttpMethod.Get, url);
                again.Headers.IfNoneMatch.Add(first.Headers.ETag!);
                using var notModified = await client.SendAsync(again);
                Assert.That(notModified.StatusCode, Is.EqualTo(HttpStatusCode.NotModified), url);
                Assert.That(notModified.Headers.ETag, Is.EqualTo(first.Headers.ETag), url);
            }
        });

        // An edit changes the issue's answer, so its tag: the old one no longer matches.
        await (await client.PutAsync($"/api/issues/{id}", System.Net.Http.Json.JsonContent.Create(new { number = 7 }))).JsonAsync();
        using var stale = new HttpRequestMessage(HttpMethod.Get, $"/api/issues/{id}");
        stale.Headers.IfNoneMatch.Add(tags[$"/api/issues/{id}"]);
        using var fresh = await client.SendAsync(stale);
        Assert.That((int?)(await fresh.JsonAsync())["number"], Is.EqualTo(7));
        Assert.That(fresh.Headers.ETag, Is.Not.EqualTo(tags[$"/api/issues/{id}"]));
    }

    [TestCase("/api/issues?page=2147483647")]
    [TestCase("/api/issues?page=5001&pageSize=20")]
    [TestCase("/api/search?q=abc&page=2147483647")]
    [TestCase("/api/issues?page=-1")]
    [TestCase("/api/issues?pageSize=101")]
    [TestCase("/api/issues?page=abc")]
    public async Task Out_of_range_paging_is_400_not_page_one(string url)
    {
        var (app, _) = await SharedSample.GetAsync();
        using var client = app.CreateClient();
        Assert.That(await (await client.GetAsync(url)).ProblemAsync(HttpStatusCode.BadRequest), Does.Contain("page"));
    }

    [Test]
    public async Task A_multipart_body_cut_short_or_malformed_is_400()
    {
        await using var app = new EpaperApp();
        using var client = app.CreateAdminClient();
        const string Head = "--xyz\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"\r\nContent-Type: application/pdf\r\n\r\n";

        var cut = new ByteArrayContent(Encoding.ASCII.GetBytes(Head + "%PDF-1.4\n1 0 obj\n<< /Type /Catalog"));
        cut.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=xyz");
        Assert.That(await (await client.PostAsync("/api/issues", cut)).ProblemAsync(HttpStatusCode.BadRequest), Does.Contain("cut short"));

        var garbage = new ByteArrayContent(Encoding.ASCII.GetBytes("--xyz\r\nno header here at all\r\n\r\nbody\r\n--xyz--\r\n"));
        garbage.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=xyz");
        Assert.That((await client.PostAsync("/api/issues", garbage)).StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));

        Assert.That(Directory.GetFiles(Path.Combine(app.DataDir, "incoming")), Is.Empty, "nothing kept");
    }

    [Test]
    public async Task Event_streams_are_capped_per_client_and_in_duration()
    {
        await using var app = new EpaperApp(new Dictionary<string, string?>
        {
            ["Api:RateLimits:EventStreamsPerClient"] = "2",
            ["Api:EventStreamMaxDuration"] = "00:00:01.500",
        });
        using var client = app.CreateAdminClient();
        var accepted = await (await client.PostAsync("/api/issues", EpaperApp.Form(await File.ReadAllBytesAsync(EpaperApp.SamplePdf)))).JsonAsync(HttpStatusCode.Accepted);
        var events = (string)accepted["eventsUrl"]!; // no worker: the job stays queued, a stream would never end by itself

        var clock = System.Diagnostics.Stopwatch.StartNew();
        using var first = await client.GetAsync(events, HttpCompletionOption.ResponseHeadersRead);
        using var second = await client.GetAsync(events, HttpCompletionOption.ResponseHeadersRead);
        using var third = await client.GetAsync(events);
        Assert.Multiple(() =>
        {
            Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(second.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(third.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests), "a third stream from the same address");
        });

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var text = await first.Content.ReadAsStringAsync(timeout.Token);
        Assert.Multiple(() =>
        {
            Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(10)), "the stream ended by itself");
            Assert.That(text, Does.Contain("event: job").And.Contain("\"state\":\"queued\""));
        });

        // The ended streams gave their places back.
        await second.Content.ReadAsStringAsync(timeout.Token);
        using var again = await client.GetAsync(events, HttpCompletionOption.ResponseHeadersRead);
        Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Wrong_tokens_are_rate_limited_before_the_token_is_checked()
    {
        await using var app = new EpaperApp(new Dictionary<string, string?> { ["Api:RateLimits:FailedAuthPerMinute"] = "3" });
        using var guesser = app.CreateClient();
        guesser.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "guess");
        for (var i = 0; i < 3; i++)
        {
            await (await guesser.DeleteAsync("/api/issues/1")).ProblemAsync(HttpStatusCode.Unauthorized);
        }

        var blocked = await guesser.DeleteAsync("/api/issues/1");
        Assert.That(await blocked.ProblemAsync(HttpStatusCode.TooManyRequests), Does.Contain("Too many requests"));
        Assert.That(blocked.Headers.RetryAfter, Is.Not.Null);

        // From the same address, even the right token is not looked at now: a lucky guess would not be told.
        using var admin = app.CreateAdminClient();
        await (await admin.GetAsync("/api/trash")).ProblemAsync(HttpStatusCode.TooManyRequests);

        // Reading routes are not affected.
        Assert.That((await admin.GetAsync("/api/issues")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [TestCase(true)]
    [TestCase(false)]
    public async Task Behind_a_configured_proxy_each_client_has_its_own_rate_limit(bool proxyConfigured)
    {
        var settings = new Dictionary<string, string?> { ["Api:RateLimits:SearchBurst"] = "2", ["Api:RateLimits:SearchPerSecond"] = "1" };
        if (proxyConfigured)
        {
            settings["Api:KnownProxies:0"] = "127.0.0.1";
        }

        await using var app = new EpaperApp(settings);
        using var client = app.CreateClient();
        async Task<HttpStatusCode> SearchAsync(string from)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/search?q=abc");
            request.Headers.Add("X-Forwarded-For", from);
            return (await client.SendAsync(request)).StatusCode;
        }

        var a = new[] { await SearchAsync("203.0.113.1"), await SearchAsync("203.0.113.1"), await SearchAsync("203.0.113.1") };
        var b = await SearchAsync("203.0.113.2");
        Assert.That(a[2], Is.EqualTo(HttpStatusCode.TooManyRequests));
        Assert.That(b, Is.EqualTo(proxyConfigured ? HttpStatusCode.OK : HttpStatusCode.TooManyRequests),
            proxyConfigured ? "another client behind the proxy has its own bucket" : "without a configured proxy the header is not believed");
    }

    [Test]
    public async Task A_page_whose_zoom_image_would_exceed_webps_limit_is_refused_at_upload_with_the_reason()
    {
        await using var app = new EpaperApp();
        using var client = app.CreateAdminClient();

        // 200 x 5000 pt: within the page-size limits, but 1200 px wide (the tests' zoom width) makes it 30000 px tall.
        var tall = TestPdfs.Minimal("<< /Type /Pages /Kids [3 0 R] /Count 1 >>", "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 5000] >>");
        var detail = await (await client.PostAsync("/api/issues", EpaperApp.Form(tall))).ProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.That(detail, Does.Contain("page 1").And.Contain("16383"));
        Assert.That(Directory.GetFiles(Path.Combine(app.DataDir, "incoming")), Is.Empty);
    }
}
