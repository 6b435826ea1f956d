using System.Net;
using System.Text.Json.Nodes;
using SkiaSharp;
using XuhuiEpaper.Web.Api;
using XuhuiEpaper.Web.Viewer;

namespace XuhuiEpaper.Web.Tests;

/// <summary>
/// Issue 12, sharing: a page's or an article's address (readable or by id) serves the reader with Open Graph and Twitter
/// card tags rendered on the server, HTML-escaped, with absolute URLs from Epaper:PublicBaseUrl, so a crawler that runs
/// no script shows a preview; a draft's HTML says nothing about it.
/// </summary>
public sealed class SharePreviewTests
{
    private const string Site = "https://epaper.example.org";

    /// <summary>A display name with every character HTML must escape: it reaches og:site_name and the page's og:title.</summary>
    private const string Shown = "徐匯報 <i>\"&'</i>";

    [TestCase(new[] { "徐匯區召開會議。會議指出，要加強基層治理。" }, "徐匯區召開會議。")]
    [TestCase(new[] { "", "  ", "第一段沒有句號" }, "第一段沒有句號")]
    [TestCase(new[] { "Hello world! Again." }, "Hello world!")]
    [TestCase(new string[0], null)]
    public void The_description_is_the_first_sentence(string[] body, string? sentence) =>
        Assert.That(SharePreview.FirstSentence(body), Is.EqualTo(sentence));

    [Test]
    public void A_long_first_sentence_is_cut()
    {
        var cut = SharePreview.FirstSentence([new string('字', 300) + "。"], max: 50);
        Assert.That(cut, Has.Length.EqualTo(50).And.EndsWith("…"));
    }

    [Test]
    public async Task Page_and_article_addresses_carry_escaped_share_tags_and_a_draft_carries_none()
    {
        await using var app = new EpaperApp(new Dictionary<string, string?>
        {
            ["Epaper:RunWorker"] = "true", ["Epaper:Publishing"] = "review", ["Epaper:PublicBaseUrl"] = Site,
            ["Epaper:Titles:0:Name"] = "徐匯報", ["Epaper:Titles:0:DisplayName"] = Shown, ["Api:ChangeCheckInterval"] = "00:00:00",
        });
        using var admin = app.CreateAdminClient();
        using var reader = app.CreateClient();
        var upload = await (await admin.PostAsync("/api/issues", EpaperApp.Form(await File.ReadAllBytesAsync(EpaperApp.SamplePdf)))).JsonAsync(HttpStatusCode.Accepted);
        var id = (long)(await EpaperApp.WaitForJobAsync(admin, (string)upload["statusUrl"]!))["issueId"]!;
        var page = await (await admin.GetAsync($"/api/issues/{id}/pages/1")).JsonAsync();
        var summary = page["articles"]!.AsArray().First(a => (string?)a!["kind"] == "article" && (string?)a["title"] is not null)!;
        var article = await (await admin.GetAsync((string)summary["url"]!)).JsonAsync();
        var articleAddress = (string)article["address"]!;
        var pageAddress = (string)page["address"]!;

        // A draft: its readable addresses are 404 to anyone (navigations carry no token), the API twin too but for
        // admins, and its id links are the bare reader: no title, text or image leaks through the HTML.
        foreach (var url in new[] { articleAddress, pageAddress })
        {
            using var hidden = await reader.GetAsync(url);
            Assert.That(hidden.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), url);
            Assert.That(HeadTags.Meta(await hidden.Content.ReadAsStringAsync(), "og:title"), Is.Null, url);
            await (await reader.GetAsync("/api/papers" + url)).ProblemAsync(HttpStatusCode.NotFound);
            await (await admin.GetAsync("/api/papers" + url)).JsonAsync();
        }

        using (var hiddenPreview = await reader.GetAsync(ApiUrls.ArticlePreview((long)article["id"]!)))
        {
            Assert.That(hiddenPreview.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "a draft's preview image");
        }

        foreach (var url in new[] { $"/articles/{(long)article["id"]!}", $"/issues/{id}/pages/1" })
        {
            var bare = await reader.GetStringAsync(url);
            Assert.That((HeadTags.Meta(bare, "og:title"), HeadTags.Links(bare, "canonical").Count), Is.EqualTo(((string?)null, 0)), url);
        }

        await (await admin.PostAsync($"/api/issues/{id}/publish", null)).JsonAsync();

        // Published: the article's tags, by its readable address and by its id.
        foreach (var url in new[] { articleAddress, $"/articles/{(long)article["id"]!}" })
        {
            var html = await reader.GetStringAsync(url);
            var title = (string)article["title"]!;
            var sentence = SharePreview.FirstSentence(article["body"]!.AsArray().Select(p => (string?)p))!;
            Assert.Multiple(() =>
            {
                Assert.That(HeadTags.Links(html, "canonical"), Is.EqualTo(new[] { Site + articleAddress }), url);
                Assert.That(HeadTags.Meta(html, "og:url"), Is.EqualTo(Site + articleAddress), url);
                Assert.That(HeadTags.Meta(html, "og:type"), Is.EqualTo("article"));
                Assert.That(HeadTags.Meta(html, "og:title"), Is.EqualTo(title));
                Assert.That(HeadTags.Meta(html, "twitter:title"), Is.EqualTo(title));
                Assert.That(HeadTags.Meta(html, "og:description"), Is.EqualTo(sentence).And.Not.Empty);
                Assert.That(HeadTags.Meta(html, "twitter:description"), Is.EqualTo(sentence));
                Assert.That(HeadTags.Meta(html, "og:image"), Does.StartWith($"{Site}/api/articles/{(long)article["id"]!}/preview.jpg?v="));
                Assert.That(HeadTags.Meta(html, "twitter:image"), Is.EqualTo(HeadTags.Meta(html, "og:image")));
                Assert.That(HeadTags.Meta(html, "og:image:type"), Is.EqualTo("image/jpeg"));
                Assert.That(HeadTags.Meta(html, "twitter:card"), Is.EqualTo("summary_large_image"));
                Assert.That(HeadTags.Meta(html, "og:site_name"), Is.EqualTo(Shown), "decoded, the display name as configured");
                Assert.That(html, Does.Not.Contain(Shown).And.Contain("&lt;i&gt;&quot;&amp;&#39;&lt;/i&gt;"), "escaped in the HTML");
                Assert.That(html, Does.Contain("<title>" + WebUtility.HtmlEncode($"{title} · ")), "the document title too");
            });
        }

        // The article's preview image: a JPEG of the size announced, cut from the page (smaller than its zoom image),
        // cached for good at the address with its key, revalidated at any other.
        var articleHtml = await reader.GetStringAsync(articleAddress);
        var previewUrl = new Uri(HeadTags.Meta(articleHtml, "og:image")!).PathAndQuery;
        var announced = (Width: int.Parse(HeadTags.Meta(articleHtml, "og:image:width")!, System.Globalization.CultureInfo.InvariantCulture),
            Height: int.Parse(HeadTags.Meta(articleHtml, "og:image:height")!, System.Globalization.CultureInfo.InvariantCulture));
        using (var preview = await reader.GetAsync(previewUrl))
        {
            Assert.That((preview.StatusCode, preview.Content.Headers.ContentType?.MediaType), Is.EqualTo((HttpStatusCode.OK, "image/jpeg")));
            Assert.That(preview.Headers.CacheControl?.ToString(), Does.Contain("immutable"));
            using var decoded = SKBitmap.Decode(await preview.Content.ReadAsByteArrayAsync());
            Assert.That(decoded, Is.Not.Null, "a JPEG that decodes");
            Assert.That((decoded.Width, decoded.Height), Is.EqualTo(announced), "the size announced");
            Assert.That(decoded.Width, Is.LessThanOrEqualTo(1200));
            using var zoom = SKBitmap.Decode(await reader.GetByteArrayAsync((string)page["zoomUrl"]!));
            Assert.That(decoded.Width < zoom.Width && decoded.Height < zoom.Height && Math.Min(decoded.Width, decoded.Height) >= 300, Is.True,
                $"a crop of the {zoom.Width} × {zoom.Height} page: {decoded.Width} × {decoded.Height}");
            Assert.That(File.Exists(Path.Combine(app.DataDir, "previews", $"{Path.GetFileNameWithoutExtension(((string)page["zoomUrl"]!).Split('/')[^1])}-{previewUrl.Split("?v=")[1]}.jpg")), "kept in the data folder");

            using var again = new HttpRequestMessage(HttpMethod.Get, previewUrl);
            again.Headers.IfNoneMatch.Add(preview.Headers.ETag!);
            using var notModified = await reader.SendAsync(again);
            Assert.That(notModified.StatusCode, Is.EqualTo(HttpStatusCode.NotModified));
        }

        using (var unkeyed = await reader.GetAsync(ApiUrls.ArticlePreview((long)article["id"]!)))
        {
            Assert.That((unkeyed.StatusCode, unkeyed.Headers.CacheControl?.NoCache), Is.EqualTo((HttpStatusCode.OK, true)), "no key: revalidated");
        }

        // The page's: the paper, date and 版次 as its title, its headlines, the page image (which answers).
        var pageHtml = await reader.GetStringAsync(pageAddress);
        Assert.Multiple(async () =>
        {
            Assert.That(HeadTags.Meta(pageHtml, "og:url"), Is.EqualTo(Site + pageAddress));
            Assert.That(HeadTags.Meta(pageHtml, "og:type"), Is.EqualTo("website"));
            Assert.That(HeadTags.Meta(pageHtml, "og:title"), Is.EqualTo($"{Shown} 2021-12-13 第1版 {(string)page["name"]!}"));
            Assert.That(HeadTags.Meta(pageHtml, "og:description"), Does.Contain((string)summary["title"]!));
            Assert.That(int.Parse(HeadTags.Meta(pageHtml, "og:image:width")!, System.Globalization.CultureInfo.InvariantCulture), Is.EqualTo((int)page["screenWidth"]!));
            using var image = await reader.GetAsync(new Uri(HeadTags.Meta(pageHtml, "og:image")!).PathAndQuery);
            Assert.That((image.StatusCode, image.Content.Headers.ContentType?.MediaType), Is.EqualTo((HttpStatusCode.OK, "image/webp")));
        });
    }
}
