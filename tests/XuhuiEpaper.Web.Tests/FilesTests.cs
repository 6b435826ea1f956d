using System.Net;
using System.Net.Http.Headers;
using UglyToad.PdfPig;

namespace XuhuiEpaper.Web.Tests;

/// <summary>Images and PDFs: content types, immutable caching, strong ETags and 304, Range, downloads.</summary>
public class FilesTests : SampleApiTests
{

    private async Task<(string Screen, string Thumbnail, string Zoom, string PagePdf, string IssuePdf)> UrlsAsync()
    {
        var issue = await (await Client.GetAsync($"/api/issues/{IssueId}")).JsonAsync();
        var page = issue["pages"]![1]!;
        return ((string)page["screenUrl"]!, (string)page["thumbnailUrl"]!, (string)page["zoomUrl"]!, (string)page["pdfUrl"]!, (string)issue["pdfUrl"]!);
    }

    private static void AssertImmutable(HttpResponseMessage response, string contentType)
    {
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo(contentType));
        Assert.That(response.Headers.CacheControl?.Public, Is.True);
        Assert.That(response.Headers.CacheControl?.MaxAge, Is.EqualTo(TimeSpan.FromSeconds(31536000)));
        Assert.That(response.Headers.GetValues("Cache-Control").Single(), Does.Contain("immutable"));
        Assert.That(response.Headers.ETag, Is.Not.Null);
        Assert.That(response.Headers.ETag!.IsWeak, Is.False, "a strong ETag");
        Assert.That(response.Headers.AcceptRanges, Does.Contain("bytes"));
    }

    [Test]
    public async Task Images_are_webp_with_immutable_cache_and_strong_etag()
    {
        var (screen, thumbnail, zoom, _, _) = await UrlsAsync();
        foreach (var url in new[] { screen, thumbnail, zoom })
        {
            var response = await Client.GetAsync(url);
            AssertImmutable(response, "image/webp");
            var bytes = await response.Content.ReadAsByteArrayAsync();
            Assert.That(System.Text.Encoding.ASCII.GetString(bytes, 8, 4), Is.EqualTo("WEBP"));
        }
    }

    [Test]
    public async Task If_none_match_gives_304()
    {
        var (screen, _, _, pagePdf, issuePdf) = await UrlsAsync();
        foreach (var url in new[] { screen, issuePdf, pagePdf })
        {
            var first = await Client.GetAsync(url);
            using var again = new HttpRequestMessage(HttpMethod.Get, url);
            again.Headers.IfNoneMatch.Add(first.Headers.ETag!);
            var response = await Client.SendAsync(again);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotModified), url);
            Assert.That(await response.Content.ReadAsByteArrayAsync(), Is.Empty);

            using var other = new HttpRequestMessage(HttpMethod.Get, url);
            other.Headers.IfNoneMatch.Add(new EntityTagHeaderValue("\"something-else\""));
            Assert.That((await Client.SendAsync(other)).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }
    }

    [Test]
    public async Task Range_requests_give_206_with_the_bytes_asked_for()
    {
        var (screen, _, _, _, issuePdf) = await UrlsAsync();
        var whole = await (await Client.GetAsync(screen)).Content.ReadAsByteArrayAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, screen);
        request.Headers.Range = new RangeHeaderValue(100, 199);
        var response = await Client.SendAsync(request);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.PartialContent));
        Assert.That(response.Content.Headers.ContentRange?.ToString(), Is.EqualTo($"bytes 100-199/{whole.Length}"));
        Assert.That(await response.Content.ReadAsByteArrayAsync(), Is.EqualTo(whole[100..200]));

        using var pdfRange = new HttpRequestMessage(HttpMethod.Get, issuePdf);
        pdfRange.Headers.Range = new RangeHeaderValue(0, 4);
        var pdf = await Client.SendAsync(pdfRange);
        Assert.That(pdf.StatusCode, Is.EqualTo(HttpStatusCode.PartialContent));
        Assert.That(System.Text.Encoding.ASCII.GetString(await pdf.Content.ReadAsByteArrayAsync()), Is.EqualTo("%PDF-"));

        using var beyond = new HttpRequestMessage(HttpMethod.Get, screen);
        beyond.Headers.Range = new RangeHeaderValue(whole.Length + 10, whole.Length + 20);
        Assert.That((await Client.SendAsync(beyond)).StatusCode, Is.EqualTo(HttpStatusCode.RequestedRangeNotSatisfiable));
    }

    [Test]
    public async Task The_issue_pdf_is_the_original()
    {
        var (_, _, _, _, issuePdf) = await UrlsAsync();
        var response = await Client.GetAsync(issuePdf);
        AssertImmutable(response, "application/pdf");
        Assert.That(await response.Content.ReadAsByteArrayAsync(), Is.EqualTo(await File.ReadAllBytesAsync(EpaperApp.SamplePdf)));
        Assert.That(response.Content.Headers.ContentDisposition?.FileNameStar, Is.EqualTo("徐匯報-2021-12-13.pdf"));
    }

    [Test]
    public async Task A_page_pdf_is_that_one_page()
    {
        var (_, _, _, pagePdf, _) = await UrlsAsync();
        var response = await Client.GetAsync(pagePdf);
        AssertImmutable(response, "application/pdf");
        using var document = PdfDocument.Open(await response.Content.ReadAsByteArrayAsync());
        Assert.That(document.NumberOfPages, Is.EqualTo(1));
        Assert.That(document.GetPage(1).Text, Does.Contain("綜合"));
    }

    [TestCase("/images/0000000000000000-screen.webp")]
    [TestCase("/images/..%2Fepaper.db")]
    [TestCase("/images/epaper.db")]
    [TestCase("/pdf/0000000000000000000000000000000000000000000000000000000000000000.pdf")]
    [TestCase("/pdf/not-a-hash.pdf")]
    [TestCase("/pdf/0000000000000000000000000000000000000000000000000000000000000000/1.pdf")]
    public async Task Unknown_files_are_404(string url)
    {
        await (await Client.GetAsync(url)).ProblemAsync(HttpStatusCode.NotFound);
    }

    [Test]
    public async Task A_page_pdf_beyond_the_last_page_is_404()
    {
        var (_, _, _, pagePdf, _) = await UrlsAsync();
        var detail = await (await Client.GetAsync(pagePdf.Replace("/2.pdf", "/5.pdf", StringComparison.Ordinal))).ProblemAsync(HttpStatusCode.NotFound);
        Assert.That(detail, Does.Contain("4 pages"));
    }

    [TestCase("0")]
    [TestCase("1000000")]
    public async Task Images_are_served_the_same_from_disk_and_from_memory(string cacheBytes)
    {
        await using var app = new EpaperApp(new Dictionary<string, string?> { ["Api:ImageCacheBytes"] = cacheBytes });
        using var own = app.CreateClient();
        await own.GetAsync("/healthz"); // starts the app, which creates the data folder
        var bytes = System.Text.Encoding.ASCII.GetBytes("RIFF\0\0\0\0WEBPVP8 ").Concat(Enumerable.Range(0, 5000).Select(i => (byte)i)).ToArray();
        await File.WriteAllBytesAsync(Path.Combine(app.DataDir, "images", "0123456789abcdef-screen.webp"), bytes);
        for (var i = 0; i < 2; i++)
        {
            var response = await own.GetAsync("/images/0123456789abcdef-screen.webp");
            AssertImmutable(response, "image/webp");
            Assert.That(response.Headers.ETag!.Tag, Is.EqualTo("\"0123456789abcdef-screen\""));
            Assert.That(await response.Content.ReadAsByteArrayAsync(), Is.EqualTo(bytes));
            using var range = new HttpRequestMessage(HttpMethod.Get, "/images/0123456789abcdef-screen.webp");
            range.Headers.Range = new RangeHeaderValue(10, 19);
            var partial = await own.SendAsync(range);
            Assert.That(partial.StatusCode, Is.EqualTo(HttpStatusCode.PartialContent));
            Assert.That(await partial.Content.ReadAsByteArrayAsync(), Is.EqualTo(bytes[10..20]));
            using var conditional = new HttpRequestMessage(HttpMethod.Get, "/images/0123456789abcdef-screen.webp");
            conditional.Headers.IfNoneMatch.Add(response.Headers.ETag);
            Assert.That((await own.SendAsync(conditional)).StatusCode, Is.EqualTo(HttpStatusCode.NotModified));
        }
    }

    /// <summary>
    /// The in-memory fast path over Kestrel and a real socket (the test server has no socket, and Kestrel's pipe is what
    /// the fast path asks for its memory): a screen-sized image comes whole on several connections at once, HEAD sends
    /// its length without a body, and If-None-Match gives 304.
    /// </summary>
    [Test]
    public async Task A_large_image_kept_in_memory_comes_whole_over_a_real_socket()
    {
        await using var app = new EpaperApp();
        app.UseKestrel(0);
        app.StartServer();
        using var client = app.CreateClient();
        Assert.That(client.BaseAddress!.Port, Is.Not.Zero, "a real port");
        await client.GetAsync("/healthz"); // the app makes the data folder when it starts
        var random = new Random(12);
        var bytes = System.Text.Encoding.ASCII.GetBytes("RIFF\0\0\0\0WEBPVP8 ").Concat(Enumerable.Range(0, 600_000).Select(_ => (byte)random.Next(256))).ToArray();
        const string url = "/images/fedcba9876543210-screen.webp";
        await File.WriteAllBytesAsync(Path.Combine(app.DataDir, "images", "fedcba9876543210-screen.webp"), bytes);

        Assert.That(await client.GetByteArrayAsync(url), Is.EqualTo(bytes), "read from disk, then kept");
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 8 };
        using var many = new HttpClient(handler) { BaseAddress = client.BaseAddress };
        var answers = await Task.WhenAll(Enumerable.Range(0, 24).Select(_ => many.GetByteArrayAsync(url)));
        Assert.That(answers, Has.All.EqualTo(bytes), "from memory, 8 connections at once");

        using var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, url));
        Assert.That(head.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(head.Content.Headers.ContentLength, Is.EqualTo(bytes.Length));
        Assert.That(await head.Content.ReadAsByteArrayAsync(), Is.Empty);
        using var conditional = new HttpRequestMessage(HttpMethod.Get, url);
        conditional.Headers.IfNoneMatch.Add(head.Headers.ETag!);
        using var notModified = await client.SendAsync(conditional);
        Assert.That(notModified.StatusCode, Is.EqualTo(HttpStatusCode.NotModified));
        Assert.That(await client.GetByteArrayAsync(url), Is.EqualTo(bytes), "the connection is still good after HEAD and 304");
    }
}
