using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;

namespace XuhuiEpaper.Web.Tests;

/// <summary>
/// Links to a page or an article stay valid when the issue is analysed again (reingest) or replaced by another PDF
/// (replace=true): the old ids answer 301 to their successor, in the API and in the viewer's deep links, and a link
/// that has been through both is still one redirect away from the live page.
/// </summary>
public sealed class PermanentLinkTests
{
    [Test]
    public async Task Old_page_and_article_links_lead_to_the_same_page_and_article_after_a_reingest_and_after_a_replace()
    {
        // The change counter is read before every answer here, so no answer kept in memory can hide a change.
        await using var app = new EpaperApp(new Dictionary<string, string?> { ["Epaper:RunWorker"] = "true", ["Api:ChangeCheckInterval"] = "00:00:00" });
        var first = await app.IngestSampleAsync();
        using var admin = app.CreateAdminClient();
        using var raw = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var original = await ArticlesAsync(admin, first);
        Assert.That(original, Has.Count.GreaterThan(10));

        // Analysed again: the same PDF, a new issue id and new article ids.
        var accepted = await (await admin.PostAsync($"/api/issues/{first}/reingest", null)).JsonAsync(HttpStatusCode.Accepted);
        var second = await SucceededIssueAsync(admin, (string)accepted["statusUrl"]!);
        Assert.That(second, Is.Not.EqualTo(first));
        await AssertLinksLeadToAsync(raw, admin, first, original, second);
        var analysedAgain = await ArticlesAsync(admin, second);

        // Replaced by another PDF of the same date: the first issue's links (and the second's) lead to the third.
        var replace = await (await admin.PostAsync("/api/issues", EpaperApp.Form(EpaperApp.SampleVariant("corrected"), new Dictionary<string, string> { ["replace"] = "true" })))
            .JsonAsync(HttpStatusCode.Accepted);
        var third = await SucceededIssueAsync(admin, (string)replace["statusUrl"]!);
        await AssertLinksLeadToAsync(raw, admin, first, original, third);
        await AssertLinksLeadToAsync(raw, admin, second, analysedAgain, third);

        // A link to something that never existed is still a 404, not a redirect.
        await (await raw.GetAsync("/api/issues/999999/pages/1")).ProblemAsync(HttpStatusCode.NotFound);
        await (await raw.GetAsync("/api/articles/999999")).ProblemAsync(HttpStatusCode.NotFound);
    }

    /// <summary>Each old link answers 301 to the successor's same page, or to the article with the same title on it.</summary>
    private static async Task AssertLinksLeadToAsync(HttpClient raw, HttpClient admin, long oldIssue, IReadOnlyList<(long Id, int Page, string? Title)> oldArticles, long newIssue)
    {
        var live = await ArticlesAsync(admin, newIssue);
        Assert.Multiple(async () =>
        {
            Assert.That(await LocationAsync(raw, $"/api/issues/{oldIssue}"), Is.EqualTo($"/api/issues/{newIssue}"));
            Assert.That(await LocationAsync(raw, $"/issues/{oldIssue}"), Is.EqualTo($"/issues/{newIssue}"));
            for (var n = 1; n <= 4; n++)
            {
                Assert.That(await LocationAsync(raw, $"/api/issues/{oldIssue}/pages/{n}"), Is.EqualTo($"/api/issues/{newIssue}/pages/{n}"));
                Assert.That(await LocationAsync(raw, $"/issues/{oldIssue}/pages/{n}"), Is.EqualTo($"/issues/{newIssue}/pages/{n}"));
            }

            Assert.That(await LocationAsync(raw, $"/api/issues/{oldIssue}/pages/1/hit?x=0.5&y=0.5"), Is.EqualTo($"/api/issues/{newIssue}/pages/1/hit?x=0.5&y=0.5"));

            foreach (var (id, page, title) in oldArticles)
            {
                var api = await LocationAsync(raw, $"/api/articles/{id}");
                Assert.That(api, Does.StartWith("/api/articles/"), $"article {id} ({title})");
                var successor = long.Parse(api!["/api/articles/".Length..], System.Globalization.CultureInfo.InvariantCulture);
                Assert.That(live, Does.Contain((successor, page, title)), $"article {id} ({title}) on page {page}: the same article of issue {newIssue}");
                Assert.That(await LocationAsync(raw, $"/articles/{id}"), Is.EqualTo($"/articles/{successor}"));
            }
        });

        // Followed, the old links answer 200 with the successor's content.
        var followed = await (await admin.GetAsync($"/api/articles/{oldArticles[0].Id}")).JsonAsync();
        Assert.That((long)followed["issueId"]!, Is.EqualTo(newIssue));
        var page = await (await admin.GetAsync($"/api/issues/{oldIssue}/pages/2")).JsonAsync();
        Assert.That((long)page["issueId"]!, Is.EqualTo(newIssue));
        using var viewer = await admin.GetAsync($"/issues/{oldIssue}/pages/2");
        Assert.That(viewer.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(viewer.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/html"));
    }

    private static async Task<string?> LocationAsync(HttpClient raw, string url)
    {
        using var response = await raw.GetAsync(url);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.MovedPermanently), url);
        return response.Headers.Location?.OriginalString;
    }

    private static async Task<long> SucceededIssueAsync(HttpClient admin, string statusUrl)
    {
        var job = await EpaperApp.WaitForJobAsync(admin, statusUrl);
        Assert.That((string?)job["state"], Is.EqualTo("succeeded"), job.ToJsonString());
        return (long)job["issueId"]!;
    }

    /// <summary>Every region of the issue's pages: id, page number and title.</summary>
    private static async Task<IReadOnlyList<(long Id, int Page, string? Title)>> ArticlesAsync(HttpClient client, long issueId)
    {
        var list = new List<(long, int, string?)>();
        for (var n = 1; n <= 4; n++)
        {
            var page = await (await client.GetAsync($"/api/issues/{issueId}/pages/{n}")).JsonAsync();
            list.AddRange(page["articles"]!.AsArray().Select(a => ((long)a!["id"]!, n, (string?)a["title"])));
        }

        return list;
    }
}
