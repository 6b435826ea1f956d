using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc.Testing;

namespace XuhuiEpaper.Web.Tests;

/// <summary>
/// Issue 12, readable addresses: /{title}/{yyyy-MM-dd}/{版次} for a page and /{title}/{yyyy-MM-dd}/{版次}/{n} for an
/// article (n stable within its page), which open the reader, with their JSON twins under /api/papers; they do not
/// depend on database ids, so they survive a re-analysis and a replacement of the issue.
/// </summary>
public sealed class ReadableAddressTests
{
    private static readonly string Paper = Uri.EscapeDataString("徐匯報");

    [Test]
    public async Task Every_page_and_article_has_a_readable_address_whose_twin_answers_as_its_id_route()
    {
        var (app, id) = await SharedSample.GetAsync();
        using var client = app.CreateClient();
        var issue = await (await client.GetAsync($"/api/issues/{id}")).JsonAsync();
        Assert.That((string?)issue["address"], Is.EqualTo($"/{Paper}/2021-12-13"));
        var pages = issue["pages"]!.AsArray();
        Assert.That(pages.Select(p => (string?)p!["address"]), Is.EqualTo(Enumerable.Range(1, 4).Select(n => $"/{Paper}/2021-12-13/{n}")), "第N版 gives N");

        // The issue twin: the same bytes and entity tag as the id route.
        await AssertSameAnswerAsync(client, $"/api/papers/{Paper}/2021-12-13", $"/api/issues/{id}");
        var list = await (await client.GetAsync("/api/issues")).JsonAsync();
        Assert.That((string?)list["items"]![0]!["address"], Is.EqualTo($"/{Paper}/2021-12-13"));

        var articles = 0;
        foreach (var p in pages)
        {
            var number = (int)p!["number"]!;
            var address = (string)p["address"]!;
            await AssertSameAnswerAsync(client, "/api/papers" + address, $"/api/issues/{id}/pages/{number}");
            var page = await (await client.GetAsync($"/api/issues/{id}/pages/{number}")).JsonAsync();
            Assert.That((string?)page["address"], Is.EqualTo(address));

            // Readable articles are numbered 1, 2, … in reading order; page furniture is not.
            var numbered = page["articles"]!.AsArray().Where(a => (int?)a!["number"] is not null).ToList();
            Assert.That(numbered.Select(a => (int)a!["number"]!), Is.EqualTo(Enumerable.Range(1, numbered.Count)), $"page {number}");
            Assert.That(page["articles"]!.AsArray().Where(a => (int?)a!["number"] is null).Select(a => (string?)a!["kind"]),
                Is.All.AnyOf("masthead", "pageHeader", "folio"));
            foreach (var a in numbered)
            {
                Assert.That((string?)a!["address"], Is.EqualTo($"{address}/{(int)a["number"]!}"));
                await AssertSameAnswerAsync(client, "/api/papers" + (string)a["address"]!, (string)a["url"]!);
                var full = await (await client.GetAsync((string)a["url"]!)).JsonAsync();
                Assert.That(((string?)full["address"], (int?)full["number"], (string?)full["pageAddress"]), Is.EqualTo(((string?)a["address"], (int?)a["number"], address)));
                articles++;
            }
        }

        Assert.That(articles, Is.GreaterThanOrEqualTo(18), "every truth article is addressable");

        // Nothing at an address that names nothing: a 404 problem, not a redirect.
        foreach (var missing in new[] { $"/api/papers/{Paper}/2021-12-14", $"/api/papers/{Paper}/2021-12-13/9", $"/api/papers/{Paper}/2021-12-13/1/99", $"/api/papers/{Uri.EscapeDataString("浦東時報")}/2021-12-13/1", $"/api/papers/{Paper}/2021-12-13/1/x" })
        {
            await (await client.GetAsync(missing)).ProblemAsync(HttpStatusCode.NotFound);
        }
    }

    [Test]
    public async Task A_readable_address_serves_the_reader_with_its_canonical_link_and_id_links_point_there()
    {
        var (app, id) = await SharedSample.GetAsync();
        using var client = app.CreateClient();
        var page = await (await client.GetAsync($"/api/issues/{id}/pages/2")).JsonAsync();
        var pageAddress = (string)page["address"]!;
        var article = page["articles"]!.AsArray().First(a => (string?)a!["kind"] == "article")!;
        var articleAddress = (string)article["address"]!;

        foreach (var (url, canonical) in new[]
                 {
                     (pageAddress, pageAddress), (articleAddress, articleAddress), ($"/{Paper}/2021-12-13", $"/{Paper}/2021-12-13/1"),
                     ($"/issues/{id}/pages/2", pageAddress), ($"/articles/{(long)article["id"]!}", articleAddress), ($"/issues/{id}", $"/{Paper}/2021-12-13/1"),
                 })
        {
            using var response = await client.GetAsync(url);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), url);
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/html"), url);
            var html = await response.Content.ReadAsStringAsync();
            Assert.That(html, Does.Contain("/js/reader.js"), url);
            Assert.That(HeadTags.Links(html, "canonical"), Is.EqualTo(new[] { "http://localhost" + canonical }), url);
        }

        // An address that names nothing is the reader too (it says so), with 404 and no canonical link.
        using var nothing = await client.GetAsync($"/{Paper}/2021-12-13/9");
        Assert.That(nothing.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(HeadTags.Links(await nothing.Content.ReadAsStringAsync(), "canonical"), Is.Empty);
    }

    [Test]
    public async Task Article_numbers_survive_a_reingest_and_a_replace_and_old_readable_links_answer_the_same_article()
    {
        await using var app = new EpaperApp(new Dictionary<string, string?> { ["Epaper:RunWorker"] = "true", ["Api:ChangeCheckInterval"] = "00:00:00" });
        var first = await app.IngestSampleAsync();
        using var admin = app.CreateAdminClient();
        using var raw = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var before = await AddressesAsync(admin, first);
        Assert.That(before, Has.Count.GreaterThanOrEqualTo(18));

        var accepted = await (await admin.PostAsync($"/api/issues/{first}/reingest", null)).JsonAsync(HttpStatusCode.Accepted);
        var second = (long)(await EpaperApp.WaitForJobAsync(admin, (string)accepted["statusUrl"]!))["issueId"]!;
        Assert.That(second, Is.Not.EqualTo(first));
        await AssertSameArticlesAsync(raw, before, await AddressesAsync(admin, second));

        var replace = await (await admin.PostAsync("/api/issues", EpaperApp.Form(EpaperApp.SampleVariant("corrected"), new Dictionary<string, string> { ["replace"] = "true" })))
            .JsonAsync(HttpStatusCode.Accepted);
        var third = (long)(await EpaperApp.WaitForJobAsync(admin, (string)replace["statusUrl"]!))["issueId"]!;
        await AssertSameArticlesAsync(raw, before, await AddressesAsync(admin, third));

        // A number no article had is a 404; one an earlier analysis gave that no article has now leads to its page.
        using (var db = app.OpenDatabase())
        {
            using var cmd = db.CreateCommand();
            cmd.CommandText = $"UPDATE pages SET last_article_number = last_article_number + 1 WHERE issue_id = {third} AND number = 2 RETURNING last_article_number";
            var retired = Convert.ToInt32(cmd.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
            using var moved = await raw.GetAsync($"/{Paper}/2021-12-13/2/{retired}");
            Assert.That(moved.StatusCode, Is.EqualTo(HttpStatusCode.MovedPermanently));
            Assert.That(moved.Headers.Location?.OriginalString, Is.EqualTo($"/{Paper}/2021-12-13/2"));
            using var movedApi = await raw.GetAsync($"/api/papers/{Paper}/2021-12-13/2/{retired}");
            Assert.That(movedApi.Headers.Location?.OriginalString, Is.EqualTo($"/api/papers/{Paper}/2021-12-13/2"));
            await (await raw.GetAsync($"/api/papers/{Paper}/2021-12-13/2/{retired + 1}")).ProblemAsync(HttpStatusCode.NotFound);
        }
    }

    /// <summary>Each address of the first analysis answers the same article (title, page) now, with the same number.</summary>
    private static async Task AssertSameArticlesAsync(HttpClient raw, IReadOnlyList<(string Address, int Page, string? Title)> before, IReadOnlyList<(string Address, int Page, string? Title)> now)
    {
        Assert.That(now, Is.EquivalentTo(before), "every article kept its address");
        foreach (var (address, page, title) in before)
        {
            var answer = await (await raw.GetAsync("/api/papers" + address)).JsonAsync();
            Assert.That(((int)answer["pageNumber"]!, (string?)answer["title"], (string?)answer["address"]), Is.EqualTo((page, title, address)), address);
            using var html = await raw.GetAsync(address);
            Assert.That(html.StatusCode, Is.EqualTo(HttpStatusCode.OK), address);
        }
    }

    private static async Task<IReadOnlyList<(string Address, int Page, string? Title)>> AddressesAsync(HttpClient client, long issueId)
    {
        var list = new List<(string, int, string?)>();
        for (var n = 1; n <= 4; n++)
        {
            var page = await (await client.GetAsync($"/api/issues/{issueId}/pages/{n}")).JsonAsync();
            list.AddRange(page["articles"]!.AsArray().Where(a => a!["address"] is not null).Select(a => ((string)a!["address"]!, n, (string?)a["title"])));
        }

        return list;
    }

    private static async Task AssertSameAnswerAsync(HttpClient client, string twin, string idRoute)
    {
        using var a = await client.GetAsync(twin);
        using var b = await client.GetAsync(idRoute);
        Assert.That(a.StatusCode, Is.EqualTo(HttpStatusCode.OK), twin);
        Assert.That(await a.Content.ReadAsByteArrayAsync(), Is.EqualTo(await b.Content.ReadAsByteArrayAsync()), $"{twin} answers as {idRoute}");
        Assert.That(a.Headers.ETag, Is.EqualTo(b.Headers.ETag), twin);
    }
}
