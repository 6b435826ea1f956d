using System.Net;
using System.Text.Json.Nodes;

namespace XuhuiEpaper.Web.Tests;

/// <summary>Issues, pages, regions and articles of the ingested sample (read only).</summary>
public class IssuesApiTests : SampleApiTests
{

    [Test]
    public async Task List_gives_the_sample_with_its_metadata_and_thumbnail()
    {
        var list = await (await Client.GetAsync("/api/issues")).JsonAsync();
        Assert.That((int)list["total"]!, Is.EqualTo(1));
        var issue = list["items"]![0]!;
        Assert.Multiple(() =>
        {
            Assert.That((long)issue["id"]!, Is.EqualTo(IssueId));
            Assert.That((string?)issue["paper"], Is.EqualTo("徐匯報"));
            Assert.That((string?)issue["date"], Is.EqualTo("2021-12-13"));
            Assert.That((int?)issue["number"], Is.EqualTo(51));
            Assert.That((int?)issue["totalNumber"], Is.EqualTo(1652));
            Assert.That((int)issue["pageCount"]!, Is.EqualTo(4));
            Assert.That((string?)issue["thumbnailUrl"], Does.Match("^/images/[0-9a-f]+-thumb\\.webp$"));
        });
    }

    [Test]
    public async Task List_filters_by_date_and_pages()
    {
        Assert.That((int)(await (await Client.GetAsync("/api/issues?from=2021-12-13&to=2021-12-13")).JsonAsync())["total"]!, Is.EqualTo(1));
        Assert.That((int)(await (await Client.GetAsync("/api/issues?from=2022-01-01")).JsonAsync())["total"]!, Is.EqualTo(0));
        var second = await (await Client.GetAsync("/api/issues?page=2&pageSize=1")).JsonAsync();
        Assert.That(second["items"]!.AsArray(), Is.Empty);
        Assert.That((int)second["total"]!, Is.EqualTo(1));
    }

    [TestCase("/api/issues?from=2021-13-45", "from")]
    [TestCase("/api/issues?to=yesterday", "to")]
    [TestCase("/api/issues?page=0", "page")]
    [TestCase("/api/issues?page=x", "page")]
    [TestCase("/api/issues?pageSize=1000", "pageSize")]
    [TestCase("/api/issues?from=2022-01-01&to=2021-01-01", "after")]
    public async Task List_refuses_malformed_query_values(string url, string mentioned)
    {
        var detail = await (await Client.GetAsync(url)).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.That(detail, Does.Contain(mentioned));
    }

    [Test]
    public async Task Latest_is_the_sample_with_its_pages()
    {
        var issue = await (await Client.GetAsync("/api/issues/latest")).JsonAsync();
        Assert.That((long)issue["id"]!, Is.EqualTo(IssueId));
        var pages = issue["pages"]!.AsArray();
        Assert.That(pages.Select(p => (string?)p!["label"]), Is.EqualTo(new[] { "第1版", "第2版", "第3版", "第4版" }));
        Assert.That(pages.Skip(1).Select(p => (string?)p!["name"]), Is.EqualTo(new[] { "綜合", "社區", "文化" }));
        foreach (var page in pages)
        {
            Assert.That((double)page!["width"]!, Is.EqualTo(842).Within(1));
            Assert.That((double)page["height"]!, Is.EqualTo(1191).Within(1));
            Assert.That((string?)page["screenUrl"], Does.Match("^/images/[0-9a-f]+-screen\\.webp$"));
            Assert.That((string?)page["zoomUrl"], Does.Match("^/images/[0-9a-f]+-zoom\\.webp$"));
            Assert.That((string?)page["thumbnailUrl"], Does.Match("^/images/[0-9a-f]+-thumb\\.webp$"));
            Assert.That((string?)page["pdfUrl"], Does.Match($"^/pdf/[0-9a-f]{{64}}/{(int)page["number"]!}\\.pdf$"));
        }

        Assert.That((string?)issue["pdfUrl"], Does.Match("^/pdf/[0-9a-f]{64}\\.pdf$"));
    }

    [Test]
    public async Task Issue_by_id_and_unknown_issue()
    {
        var issue = await (await Client.GetAsync($"/api/issues/{IssueId}")).JsonAsync();
        Assert.That(issue["pages"]!.AsArray(), Has.Count.EqualTo(4));
        Assert.That(await (await Client.GetAsync("/api/issues/999999")).ProblemAsync(HttpStatusCode.NotFound), Does.Contain("999999"));
    }

    [Test]
    public async Task Issue_by_date()
    {
        Assert.That((long)(await (await Client.GetAsync("/api/issues/2021-12-13")).JsonAsync())["id"]!, Is.EqualTo(IssueId));
        Assert.That((long)(await (await Client.GetAsync("/api/issues/2021-12-13?paper=" + Uri.EscapeDataString("徐匯報"))).JsonAsync())["id"]!, Is.EqualTo(IssueId));
        Assert.That(await (await Client.GetAsync("/api/issues/2021-12-14")).ProblemAsync(HttpStatusCode.NotFound), Does.Contain("2021-12-14"));
        Assert.That(await (await Client.GetAsync("/api/issues/2021-12-13?paper=other")).ProblemAsync(HttpStatusCode.NotFound), Does.Contain("other"));
        Assert.That(await (await Client.GetAsync("/api/issues/2021-13-45")).ProblemAsync(HttpStatusCode.BadRequest), Does.Contain("2021-13-45"));
    }

    [Test]
    public async Task Page_lists_its_articles_with_normalized_regions_and_outlines()
    {
        var page = await (await Client.GetAsync($"/api/issues/{IssueId}/pages/2")).JsonAsync();
        Assert.That((string?)page["name"], Is.EqualTo("綜合"));
        var articles = page["articles"]!.AsArray();
        Assert.That(articles, Has.Count.GreaterThanOrEqualTo(6));
        Assert.That(articles.Select(a => (string?)a!["kind"]), Has.Some.EqualTo("article"));
        foreach (var article in articles)
        {
            var region = article!["region"]!;
            var rects = region["rects"]!.AsArray();
            Assert.That(rects, Is.Not.Empty);
            foreach (var r in rects.Select(r => r!.AsArray().Select(v => (double)v!).ToArray()))
            {
                Assert.That(r, Has.Length.EqualTo(4));
                Assert.That(r[0], Is.InRange(0, 1));
                Assert.That(r[1], Is.InRange(0, 1));
                Assert.That(r[0] + r[2], Is.InRange(0, 1.00001));
                Assert.That(r[1] + r[3], Is.InRange(0, 1.00001));
            }

            var polygon = region["polygon"]!.AsArray().Select(p => p!.AsArray().Select(v => (double)v!).ToArray()).ToArray();
            Assert.That(polygon, Has.Length.GreaterThanOrEqualTo(4), "a rectilinear outline has at least 4 corners");
            for (var k = 0; k < polygon.Length; k++)
            {
                var (a, b) = (polygon[k], polygon[(k + 1) % polygon.Length]);
                Assert.That(a[0] == b[0] || a[1] == b[1], Is.True, "outline edges are horizontal or vertical");
            }
        }
    }

    [Test]
    public async Task An_L_shaped_region_has_an_outline_with_more_than_four_corners()
    {
        var page = await (await Client.GetAsync($"/api/issues/{IssueId}/pages/2")).JsonAsync();
        Assert.That(page["articles"]!.AsArray().Select(a => a!["region"]!["polygon"]!.AsArray().Count), Has.Some.GreaterThan(4));
    }

    [TestCase(9, "has 4 pages")]
    [TestCase(0, "has 4 pages")]
    public async Task Unknown_page_is_404(int number, string says)
    {
        Assert.That(await (await Client.GetAsync($"/api/issues/{IssueId}/pages/{number}")).ProblemAsync(HttpStatusCode.NotFound), Does.Contain(says));
        Assert.That(await (await Client.GetAsync($"/api/issues/999999/pages/1")).ProblemAsync(HttpStatusCode.NotFound), Does.Contain("no issue"));
    }

    [Test]
    public async Task Article_has_its_parts_region_and_continuations()
    {
        var page = await (await Client.GetAsync($"/api/issues/{IssueId}/pages/1")).JsonAsync();
        var lead = page["articles"]!.AsArray().First(a => ((string?)a!["title"])?.Contains("三十而立", StringComparison.Ordinal) == true)!;
        var article = await (await Client.GetAsync((string)lead["url"]!)).JsonAsync();
        Assert.Multiple(() =>
        {
            Assert.That((long)article["issueId"]!, Is.EqualTo(IssueId));
            Assert.That((int)article["pageNumber"]!, Is.EqualTo(1));
            Assert.That((string?)article["kind"], Is.EqualTo("article"));
            Assert.That((string?)article["kicker"], Does.Contain("人民至上"));
            Assert.That((string?)article["byline"], Does.Contain("劉坤"));
            Assert.That(article["body"]!.AsArray(), Has.Count.GreaterThan(1));
            Assert.That(string.Concat(article["body"]!.AsArray().Select(p => (string?)p)), Does.Contain("本報訊"));
            Assert.That(article["captions"], Is.Not.Null);
            Assert.That(article["region"]!["rects"]!.AsArray(), Is.Not.Empty);
        });

        // The lead jumps to page 2 (下轉第2版); the part there points back (上接第1版).
        var on = article["continuedOn"];
        Assert.That(on, Is.Not.Null, "the lead continues on another page");
        Assert.That((int?)on!["pageNumber"], Is.EqualTo(2));
        var rest = await (await Client.GetAsync((string)on["url"]!)).JsonAsync();
        Assert.That((long?)rest["continuedFrom"]!["articleId"], Is.EqualTo((long)article["id"]!));
    }

    [Test]
    public async Task Unknown_article_is_404()
    {
        Assert.That(await (await Client.GetAsync("/api/articles/987654")).ProblemAsync(HttpStatusCode.NotFound), Does.Contain("987654"));
        var bad = await Client.GetAsync("/api/articles/abc");
        Assert.That(bad.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "a non-numeric id matches no route");
    }

    [Test]
    public async Task Unknown_job_is_404()
    {
        Assert.That(await (await Client.GetAsync("/api/jobs/424242")).ProblemAsync(HttpStatusCode.NotFound), Does.Contain("424242"));
        Assert.That(await (await Client.GetAsync("/api/jobs/424242/events")).ProblemAsync(HttpStatusCode.NotFound), Does.Contain("424242"));
    }

    [Test]
    public async Task Health_check_reports_database_data_folder_and_queue()
    {
        var health = await (await Client.GetAsync("/healthz")).JsonAsync();
        Assert.Multiple(() =>
        {
            Assert.That((string?)health["status"], Is.EqualTo("Healthy"));
            Assert.That((string?)health["checks"]!["database"]!["status"], Is.EqualTo("Healthy"));
            Assert.That((string?)health["checks"]!["database"]!["description"], Does.Contain("schema"));
            Assert.That((string?)health["checks"]!["worker"]!["status"], Is.EqualTo("Healthy"), "no worker in this test: only the queue is watched");
        });
    }

    [Test]
    public async Task OpenApi_document_names_every_route_and_its_answers()
    {
        var doc = await (await Client.GetAsync("/openapi/v1.json")).JsonAsync();
        var paths = doc["paths"]!.AsObject();
        Assert.That(paths.Select(p => p.Key), Is.SupersetOf(new[]
        {
            "/api/issues", "/api/issues/latest", "/api/issues/{id}", "/api/issues/{date}", "/api/issues/{id}/pages/{number}", "/api/issues/{id}/pages/{number}/hit",
            "/api/articles/{id}", "/api/search", "/api/jobs/{id}", "/api/jobs/{id}/events", "/images/{name}", "/pdf/{sha256}.pdf", "/pdf/{sha256}/{number}.pdf",
        }));
        var operations = paths.SelectMany(p => p.Value!.AsObject().Select(o => (string?)o.Value!["operationId"])).ToArray();
        Assert.That(operations, Is.SupersetOf(new[]
        {
            "ListIssues", "GetLatestIssue", "GetIssue", "GetIssueByDate", "GetPage", "HitTest", "GetArticle", "Search", "GetJob", "GetJobEvents",
            "UploadIssue", "EditIssue", "DeleteIssue", "GetImage", "GetIssuePdf", "GetPagePdf", "PublishIssue", "UnpublishIssue", "ListPapers",
        }));
        var hit = paths["/api/issues/{id}/pages/{number}/hit"]!["get"]!["responses"]!.AsObject();
        Assert.That(hit.Select(r => r.Key), Is.SupersetOf(new[] { "200", "400", "404" }));
        var upload = paths["/api/issues"]!["post"]!["responses"]!.AsObject();
        Assert.That(upload.Select(r => r.Key), Is.SupersetOf(new[] { "202", "400", "401", "403", "409", "413", "415", "422", "429" }));
    }

    [TestCase("/api/issues")]
    [TestCase("/api/issues/999999")]
    [TestCase("/api/search?q=%E5%BE%90")]
    [TestCase("/healthz")]
    [TestCase("/openapi/v1.json")]
    [TestCase("/images/0000000000000000-screen.webp")]
    [TestCase("/no/such/route")]
    public async Task Every_response_carries_the_security_headers(string url)
    {
        var response = await Client.GetAsync(url);
        Assert.Multiple(() =>
        {
            var csp = response.Headers.GetValues("Content-Security-Policy").Single();
            Assert.That(csp, Does.Contain("script-src 'self'").And.Not.Contain("unsafe-inline").And.Contain("frame-ancestors"));
            Assert.That(csp, Does.Contain("object-src 'none'"));
            Assert.That(response.Headers.GetValues("X-Content-Type-Options").Single(), Is.EqualTo("nosniff"));
            Assert.That(response.Headers.GetValues("Referrer-Policy").Single(), Is.EqualTo("strict-origin-when-cross-origin"));
            Assert.That(response.Headers.GetValues("X-Frame-Options").Single(), Is.EqualTo("SAMEORIGIN"));
        });
    }
}
