using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.Playwright;

namespace XuhuiEpaper.Viewer.Tests;

/// <summary>
/// The reader's checks (every test of <see cref="ReaderTests"/>) on the static edition served by plain nginx, and what
/// only the static edition does itself: hit tests and search in the browser, which must answer as the live API does.
/// </summary>
[Order(1)]
public sealed class StaticReaderTests : ReaderChecks
{
    protected override Uri Site => StaticSite.BaseUrl;

    protected override string Shot(string name) => ViewerServer.Screenshot("static-" + name);

    [SetUp]
    public void RequireStaticSite() => StaticSite.EnsureStarted();

    [Test]
    public async Task Hit_tests_in_the_browser_answer_as_the_API_does()
    {
        var page = await NewPageAsync();
        await page.GotoAsync($"/issues/{Issue}/pages/1");
        await Expect(page.Locator("figure.page[data-page='1'] a.region").First).ToBeAttachedAsync();
        var points = new List<double[]>();
        for (var i = 0; i < 12; i++)
        {
            for (var j = 0; j < 16; j++)
            {
                points.Add([(i + 0.5) / 12, (j + 0.5) / 16]);
            }
        }

        var pageCount = (await ViewerServer.GetJsonAsync($"/api/issues/{Issue}")).GetProperty("pageCount").GetInt32();
        var compared = 0;
        for (var n = 1; n <= pageCount; n++)
        {
            const string Script = """
                async ([id, n, points]) => {
                  const api = await import('/js/api.js');
                  const out = [];
                  for (const [x, y] of points) out.push((await api.hit(id, n, x, y))?.id ?? null);
                  return out;
                }
                """;
            var inBrowser = await page.EvaluateAsync<long?[]>(Script, new object[] { Issue, n, points });
            for (var k = 0; k < points.Count; k++)
            {
                var (x, y) = (points[k][0], points[k][1]);
                using var live = await ViewerServer.Http.GetAsync(new Uri(string.Create(CultureInfo.InvariantCulture, $"/api/issues/{Issue}/pages/{n}/hit?x={x}&y={y}"), UriKind.Relative));
                long? expected = live.StatusCode == HttpStatusCode.OK
                    ? JsonDocument.Parse(await live.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetInt64()
                    : null;
                Assert.That(inBrowser[k], Is.EqualTo(expected), $"page {n}, point ({x:0.###}, {y:0.###})");
                compared++;
            }
        }

        Assert.That(compared, Is.EqualTo(pageCount * points.Count));
    }

    [Test]
    public async Task Search_in_the_browser_answers_as_the_API_does()
    {
        var page = await NewPageAsync();
        await page.GotoAsync("/kiosk?poll=3600");
        const string Script = """
            async (q) => {
              const api = await import('/js/api.js');
              const before = performance.getEntriesByType('resource').filter(e => e.name.includes('/search/shards/')).length;
              const r = await api.search(q, 1);
              const shards = performance.getEntriesByType('resource').filter(e => e.name.includes('/search/shards/')).length - before;
              return JSON.stringify({ r, shards });
            }
            """;
        var index = await (await page.APIRequest.GetAsync("/search/index.json")).JsonAsync();
        var shardCount = index!.Value.GetProperty("shards").EnumerateArray().Count(s => s.ValueKind == JsonValueKind.String);

        // Traditional and Simplified, two characters and one, two words, digits, nothing found.
        foreach (var query in new[] { "徐匯", "徐汇", "社區", "区", "上海 徐匯", "2021", "並無此詞" })
        {
            var answer = JsonDocument.Parse(await page.EvaluateAsync<string>(Script, query)).RootElement;
            var got = answer.GetProperty("r");
            var live = await ViewerServer.GetJsonAsync($"/api/search?q={Uri.EscapeDataString(query)}");
            var expected = live.GetProperty("results").EnumerateArray().ToList();
            var results = got.GetProperty("results").EnumerateArray().ToList();
            Assert.That(got.GetProperty("total").GetInt32(), Is.EqualTo(live.GetProperty("total").GetInt32()), $"{query}: the same number of results");
            Assert.That(results.Select(r => r.GetProperty("articleId").GetInt64()), Is.EqualTo(expected.Select(r => r.GetProperty("articleId").GetInt64())), $"{query}: the same results in the same order");
            Assert.That(results.Select(r => r.GetProperty("snippet").GetString()), Is.EqualTo(expected.Select(r => r.GetProperty("snippet").GetString())), $"{query}: the same snippets");

            // On demand: a query loads (at most) the shards of its characters, not the whole index.
            var loaded = answer.GetProperty("shards").GetInt32();
            Assert.That(loaded, Is.LessThanOrEqualTo(query.Length).And.LessThan(shardCount), $"{query}: {loaded} of {shardCount} shards loaded");
        }
    }

    [Test]
    public async Task Files_are_served_with_their_types_and_deep_links_as_pages()
    {
        var page = await NewPageAsync();
        var issue = await ViewerServer.GetJsonAsync($"/api/issues/{Issue}");
        var first = (await ReadableArticlesAsync(1)).First(a => a.TryGetProperty("address", out var v) && v.ValueKind == JsonValueKind.String);
        var article = first.GetProperty("id").GetInt64();
        var address = first.GetProperty("address").GetString()!;
        var expectations = new Dictionary<string, string>
        {
            ["/api/issues/latest.json"] = "application/json",
            [$"/api/issues/{Issue}.json"] = "application/json",
            [$"/api/issues/{Issue}/pages/2.json"] = "application/json",
            [$"/api/articles/{article}.json"] = "application/json",
            ["/search/index.json"] = "application/json",
            ["/js/reader.js"] = "application/javascript",
            ["/css/viewer.css"] = "text/css",
            [issue.GetProperty("pages")[0].GetProperty("screenUrl").GetString()!] = "image/webp",
            [issue.GetProperty("pdfUrl").GetString()!] = "application/pdf",
            ["/"] = "text/html",
            ["/kiosk"] = "text/html",
            [$"/issues/{Issue}"] = "text/html",
            [$"/issues/{Issue}/pages/3"] = "text/html",
            [$"/articles/{article}"] = "text/html",
            [address] = "text/html",
            [$"/api/papers{address}.json"] = "application/json",
            [address[..address.LastIndexOf('/')]] = "text/html",
            [address[..address.IndexOf('/', 1)] + "/feed.atom"] = "application/atom+xml",
            ["/sitemap.xml"] = "text/xml",
        };
        foreach (var (path, type) in expectations)
        {
            var response = await page.APIRequest.GetAsync(path);
            Assert.That(response.Status, Is.EqualTo(200), path);
            Assert.That(response.Headers["content-type"], Does.StartWith(type), path);
        }

        Assert.That((await page.APIRequest.GetAsync("/admin")).Status, Is.EqualTo(404), "the archivists' page needs the service");
        var html = await (await page.APIRequest.GetAsync($"/articles/{article}")).TextAsync();
        Assert.That(html, Does.Contain("<meta name=\"epaper-edition\" content=\"static\">"));
        Assert.That(html, Does.Contain($"href=\"/api/articles/{article}.json\""), "a deep link preloads the JSON it opens with");
    }
}
