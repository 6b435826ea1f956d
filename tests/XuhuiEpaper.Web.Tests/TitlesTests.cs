using System.Net;
using Microsoft.Extensions.DependencyInjection;
using XuhuiEpaper.Core.Model;
using XuhuiEpaper.Ingest.Pipeline;

namespace XuhuiEpaper.Web.Tests;

/// <summary>
/// Issue 11, several titles: two papers in one archive. The papers list carries each title's configured display
/// settings (Epaper:Titles); issue lists, the newest issue, the issue of a date and search each filter by paper.
/// </summary>
public class TitlesTests
{
    private const string Pudong = "浦東時報";
    private const string Xuhui = "徐匯報";

    private static EpaperApp? app;
    private static long xuhuiId;
    private static long pudongId;

    [OneTimeSetUp]
    public async Task IngestTwoPapersAsync()
    {
        app = new EpaperApp(new Dictionary<string, string?>
        {
            ["Epaper:Titles:0:Name"] = Pudong,
            ["Epaper:Titles:0:DisplayName"] = "浦东时报",
            ["Epaper:Titles:0:Lang"] = "zh-Hans",
            ["Epaper:Titles:0:Colour"] = "#1565c0",
            ["Epaper:Titles:1:Name"] = Xuhui,
            ["Epaper:Titles:1:Colour"] = "red; background: url(x)", // not a colour: left out, never passed on to CSS
        });
        xuhuiId = await app.IngestSampleAsync();
        var variant = Path.Combine(app.DataDir, "pudong.pdf");
        await File.WriteAllBytesAsync(variant, EpaperApp.SampleVariant("pudong"));
        var pipeline = app.Services.GetRequiredService<IngestPipeline>();
        pudongId = (await pipeline.IngestAsync(variant, new MetadataOverrides(new DateOnly(2021, 12, 20), null, null, Pudong))).IssueId;
    }

    [OneTimeTearDown]
    public async Task DisposeAsync()
    {
        if (app is not null)
        {
            await app.DisposeAsync();
        }
    }

    [Test]
    public async Task The_papers_list_gives_each_title_its_configured_display_in_the_configured_order()
    {
        using var client = app!.CreateClient();
        var items = (await (await client.GetAsync("/api/papers")).JsonAsync())["items"]!.AsArray();
        Assert.That(items.Select(p => (string?)p!["name"]), Is.EqualTo(new[] { Pudong, Xuhui }));
        Assert.Multiple(() =>
        {
            Assert.That((string?)items[0]!["displayName"], Is.EqualTo("浦东时报"));
            Assert.That((string?)items[0]!["lang"], Is.EqualTo("zh-Hans"));
            Assert.That((string?)items[0]!["colour"], Is.EqualTo("#1565c0"));
            Assert.That((int?)items[0]!["issueCount"], Is.EqualTo(1));
            Assert.That((string?)items[0]!["latestDate"], Is.EqualTo("2021-12-20"));
            Assert.That((string?)items[1]!["displayName"], Is.EqualTo(Xuhui), "no display name configured: the stored one");
            Assert.That((string?)items[1]!["lang"], Is.EqualTo("zh-Hant"));
            Assert.That(items[1]!["colour"], Is.Null, "a colour that is not one is left out");
        });
    }

    [Test]
    public async Task Issue_lists_the_newest_issue_and_the_issue_of_a_date_filter_by_paper()
    {
        using var client = app!.CreateClient();
        async Task<long[]> Ids(string url) => (await (await client.GetAsync(url)).JsonAsync())["items"]!.AsArray().Select(i => (long)i!["id"]!).ToArray();
        Assert.Multiple(async () =>
        {
            Assert.That(await Ids("/api/issues"), Is.EqualTo(new[] { pudongId, xuhuiId }));
            Assert.That(await Ids("/api/issues?paper=" + Uri.EscapeDataString(Pudong)), Is.EqualTo(new[] { pudongId }));
            Assert.That(await Ids("/api/issues?paper=" + Uri.EscapeDataString(Xuhui) + "&from=2021-12-01&to=2021-12-31"), Is.EqualTo(new[] { xuhuiId }));
            Assert.That(await Ids("/api/issues?paper=nobody"), Is.Empty);
            Assert.That((long)(await (await client.GetAsync("/api/issues/latest")).JsonAsync())["id"]!, Is.EqualTo(pudongId));
            Assert.That((long)(await (await client.GetAsync("/api/issues/latest?paper=" + Uri.EscapeDataString(Xuhui))).JsonAsync())["id"]!, Is.EqualTo(xuhuiId));
            Assert.That(await (await client.GetAsync("/api/issues/latest?paper=nobody")).ProblemAsync(HttpStatusCode.NotFound), Does.Contain("No issue of nobody"));
            Assert.That((long)(await (await client.GetAsync("/api/issues/2021-12-20?paper=" + Uri.EscapeDataString(Pudong))).JsonAsync())["id"]!, Is.EqualTo(pudongId));
            await (await client.GetAsync("/api/issues/2021-12-20?paper=" + Uri.EscapeDataString(Xuhui))).ProblemAsync(HttpStatusCode.NotFound);
        });
    }

    [Test]
    public async Task Search_filters_by_paper_and_names_each_result_s_paper()
    {
        using var client = app!.CreateClient();
        var q = "/api/search?pageSize=100&q=" + Uri.EscapeDataString("徐匯");
        var all = await (await client.GetAsync(q)).JsonAsync();
        var pudong = await (await client.GetAsync(q + "&paper=" + Uri.EscapeDataString(Pudong))).JsonAsync();
        var xuhui = await (await client.GetAsync(q + "&paper=" + Uri.EscapeDataString(Xuhui))).JsonAsync();
        var pudongResults = pudong["results"]!.AsArray();
        Assert.Multiple(() =>
        {
            Assert.That((int)pudong["total"]!, Is.GreaterThan(0));
            Assert.That((int)pudong["total"]! + (int)xuhui["total"]!, Is.EqualTo((int)all["total"]!), "the two papers' results make up all of them");
            Assert.That(pudongResults.Select(r => (long)r!["issueId"]!).Distinct(), Is.EqualTo(new[] { pudongId }));
            Assert.That(pudongResults.Select(r => (string?)r!["paper"]).Distinct(), Is.EqualTo(new[] { Pudong }));
            Assert.That(xuhui["results"]!.AsArray().Select(r => (long)r!["issueId"]!).Distinct(), Is.EqualTo(new[] { xuhuiId }));
        });
    }
}
