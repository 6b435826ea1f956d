using System.Globalization;
using System.Net;
using System.Xml.Linq;
using Microsoft.Extensions.Options;
using XuhuiEpaper.Storage;
using XuhuiEpaper.Web.Api;
using XuhuiEpaper.Web.Discovery;

namespace XuhuiEpaper.Web.Tests;

/// <summary>
/// Issue 12, discovery: /sitemap.xml lists every published page and article at its readable address with lastmod (an
/// index past 50,000), each title has an Atom 1.0 feed of its new issues, the viewer's HTML links the feeds, and a draft
/// appears in none of them until it is published.
/// </summary>
public sealed class DiscoveryTests
{
    private const string Site = "https://epaper.example.org";
    private static readonly XNamespace Sitemaps = "http://www.sitemaps.org/schemas/sitemap/0.9";
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";
    private static readonly string Paper = Uri.EscapeDataString("徐匯報");

    [Test]
    public async Task The_sitemap_and_the_feed_list_published_issues_only_and_the_viewer_links_the_feed()
    {
        await using var app = new EpaperApp(new Dictionary<string, string?>
        {
            ["Epaper:RunWorker"] = "true", ["Epaper:Publishing"] = "review", ["Epaper:PublicBaseUrl"] = Site, ["Api:ChangeCheckInterval"] = "00:00:00",
        });
        using var admin = app.CreateAdminClient();
        using var reader = app.CreateClient();
        var published = await UploadAsync(admin, await File.ReadAllBytesAsync(EpaperApp.SamplePdf), null);
        await (await admin.PostAsync($"/api/issues/{published}/publish", null)).JsonAsync();
        var draft = await UploadAsync(admin, EpaperApp.SampleVariant("later"), "2021-12-20");

        // The sitemap: the front page, every page and numbered article of the published issue, each with lastmod; no draft.
        var expected = new List<string> { Site + "/" };
        for (var n = 1; n <= 4; n++)
        {
            var page = await (await admin.GetAsync($"/api/issues/{published}/pages/{n}")).JsonAsync();
            expected.Add(Site + (string)page["address"]!);
            expected.AddRange(page["articles"]!.AsArray().Where(a => a!["address"] is not null).Select(a => Site + (string)a!["address"]!));
        }

        var sitemap = XDocument.Parse(await reader.GetStringAsync("/sitemap.xml"));
        Assert.That(sitemap.Root!.Name, Is.EqualTo(Sitemaps + "urlset"));
        var urls = sitemap.Root.Elements(Sitemaps + "url").ToList();
        Assert.That(urls.Select(u => (string)u.Element(Sitemaps + "loc")!), Is.EquivalentTo(expected));
        Assert.That(urls.Select(u => DateTimeOffset.Parse((string)u.Element(Sitemaps + "lastmod")!, CultureInfo.InvariantCulture)), Is.All.GreaterThan(DateTimeOffset.UtcNow.AddHours(-1)));
        Assert.That(await reader.GetStringAsync("/robots.txt"), Does.Contain($"Sitemap: {Site}/sitemap.xml"));

        // The feed: valid Atom 1.0 with its required elements, one entry for the published issue, none for the draft.
        var feed = await FeedAsync(reader);
        var entries = feed.Elements(Atom + "entry").ToList();
        Assert.That(entries, Has.Count.EqualTo(1));
        var entry = entries[0];
        Assert.Multiple(() =>
        {
            Assert.That((string?)entry.Element(Atom + "id"), Is.EqualTo($"{Site}/{Paper}/2021-12-13"));
            Assert.That((string?)entry.Element(Atom + "title"), Does.StartWith("徐匯報 2021-12-13"));
            Assert.That(entry.Elements(Atom + "link").Single(l => (string?)l.Attribute("rel") == "alternate").Attribute("href")!.Value, Is.EqualTo($"{Site}/{Paper}/2021-12-13/1"));
            Assert.That((string?)entry.Element(Atom + "summary"), Is.Not.Empty);
            Assert.That(DateTimeOffset.Parse((string)entry.Element(Atom + "updated")!, CultureInfo.InvariantCulture), Is.GreaterThan(DateTimeOffset.UtcNow.AddHours(-1)));
        });

        // The viewer links the feed: from its front page and from each of the title's addresses.
        foreach (var url in new[] { "/", $"/{Paper}/2021-12-13/1", $"/issues/{published}/pages/2" })
        {
            Assert.That(HeadTags.Links(await reader.GetStringAsync(url), "alternate", "application/atom+xml"), Is.EqualTo(new[] { $"/{Paper}/feed.atom" }), url);
        }

        // Published, the draft appears: first in the feed (newest), its pages in the sitemap.
        await (await admin.PostAsync($"/api/issues/{draft}/publish", null)).JsonAsync();
        var after = await FeedAsync(reader);
        Assert.That(after.Elements(Atom + "entry").Select(e => (string?)e.Element(Atom + "id")), Is.EqualTo(new[] { $"{Site}/{Paper}/2021-12-20", $"{Site}/{Paper}/2021-12-13" }));
        Assert.That(await reader.GetStringAsync("/sitemap.xml"), Does.Contain($"<loc>{Site}/{Paper}/2021-12-20/1</loc>"));
    }

    [Test]
    public void Past_50000_addresses_the_sitemap_is_an_index_of_files_each_within_the_limit()
    {
        // 1,000 issues of 4 pages with 14 articles each: 60,000 addresses and the front page.
        var start = new DateOnly(2000, 1, 1);
        var rows = Enumerable.Range(0, 1000).SelectMany(i => Enumerable.Range(1, 4).SelectMany(p => Enumerable.Range(1, 14).Select(n => new PublishedAddress
        {
            IssueId = i + 1, Paper = "徐匯報", Date = start.AddDays(i), PublishedAt = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).AddDays(i),
            PageNumber = p, PageAddress = p.ToString(CultureInfo.InvariantCulture), ArticleNumber = n, Title = $"標題 {n}",
        }))).ToList();
        var documents = new DiscoveryDocuments(null!, null!, null!, Options.Create(new TitlesOptions()), Options.Create(new ApiOptions()));
        var files = documents.Build(Site, rows).Files;

        var index = XDocument.Parse(System.Text.Encoding.UTF8.GetString(files["sitemap.xml"]));
        Assert.That(index.Root!.Name, Is.EqualTo(Sitemaps + "sitemapindex"));
        var parts = index.Root.Elements(Sitemaps + "sitemap").Select(s => (string)s.Element(Sitemaps + "loc")!).ToList();
        Assert.That(parts, Is.EqualTo(new[] { $"{Site}/sitemaps/1.xml", $"{Site}/sitemaps/2.xml" }));
        var counts = parts.Select(p => XDocument.Parse(System.Text.Encoding.UTF8.GetString(files[p[(Site.Length + 1)..]])).Root!.Elements(Sitemaps + "url").Count()).ToList();
        Assert.That(counts, Is.EqualTo(new[] { 50_000, 60_001 - 50_000 }));

        // The feed keeps to the newest issues, newest first.
        var feed = XDocument.Parse(System.Text.Encoding.UTF8.GetString(files["徐匯報/feed.atom"])).Root!;
        var ids = feed.Elements(Atom + "entry").Select(e => (string)e.Element(Atom + "id")!).ToList();
        Assert.That(ids, Has.Count.EqualTo(AtomFeed.MaxEntries));
        Assert.That(ids[0], Is.EqualTo($"{Site}/{Paper}/{start.AddDays(999):yyyy-MM-dd}"));
    }

    /// <summary>The title's feed, checked for what Atom 1.0 requires of a feed (id, title, updated, an author).</summary>
    private static async Task<XElement> FeedAsync(HttpClient reader)
    {
        using var response = await reader.GetAsync($"/{Paper}/feed.atom");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/atom+xml"));
        var feed = XDocument.Parse(await response.Content.ReadAsStringAsync()).Root!;
        Assert.Multiple(() =>
        {
            Assert.That(feed.Name, Is.EqualTo(Atom + "feed"));
            Assert.That((string?)feed.Element(Atom + "id"), Is.EqualTo($"{Site}/{Paper}/feed.atom"));
            Assert.That((string?)feed.Element(Atom + "title"), Is.Not.Empty);
            Assert.That(DateTimeOffset.TryParse((string?)feed.Element(Atom + "updated"), CultureInfo.InvariantCulture, out _), Is.True);
            Assert.That((string?)feed.Element(Atom + "author")?.Element(Atom + "name"), Is.Not.Empty);
            Assert.That(feed.Elements(Atom + "link").Any(l => (string?)l.Attribute("rel") == "self"), Is.True);
            Assert.That(feed.Elements(Atom + "entry").All(e => e.Element(Atom + "id") is not null && e.Element(Atom + "title") is not null && e.Element(Atom + "updated") is not null));
        });
        return feed;
    }

    private static async Task<long> UploadAsync(HttpClient admin, byte[] pdf, string? date)
    {
        var fields = date is null ? null : new Dictionary<string, string> { ["date"] = date };
        var upload = await (await admin.PostAsync("/api/issues", EpaperApp.Form(pdf, fields))).JsonAsync(HttpStatusCode.Accepted);
        var job = await EpaperApp.WaitForJobAsync(admin, (string)upload["statusUrl"]!);
        Assert.That((string?)job["state"], Is.EqualTo("succeeded"), job.ToJsonString());
        return (long)job["issueId"]!;
    }
}
