using System.Net;
using System.Text.Json.Nodes;

namespace XuhuiEpaper.Web.Tests;

/// <summary>Search over the sample: 1, 2 and 3+ characters, Traditional text, no hit, ranking, paging, bad input.</summary>
public class SearchTests : SampleApiTests
{

    private async Task<JsonNode> SearchAsync(string query) =>
        await (await Client.GetAsync("/api/search?" + query)).JsonAsync();

    private static string Q(string q) => "q=" + Uri.EscapeDataString(q);

    [Test]
    public async Task One_character_finds_every_article_with_it_and_marks_it()
    {
        var result = await SearchAsync(Q("徐"));
        Assert.That((int)result["total"]!, Is.GreaterThan(5));
        foreach (var hit in result["results"]!.AsArray())
        {
            Assert.That((string?)hit!["snippet"], Does.Contain("<mark>徐</mark>"));
        }
    }

    [Test]
    public async Task Two_characters_find_the_articles_that_contain_them()
    {
        var result = await SearchAsync(Q("徐匯") + "&pageSize=100");
        var hits = result["results"]!.AsArray();
        Assert.That(hits, Is.Not.Empty);
        Assert.That((int)result["total"]!, Is.EqualTo(hits.Count));
        foreach (var hit in hits)
        {
            var article = await (await Client.GetAsync((string)hit!["url"]!)).JsonAsync();
            var text = string.Join("\n", new[] { (string?)article["kicker"], (string?)article["title"], (string?)article["subtitle"], (string?)article["byline"] }
                .Concat(article["body"]!.AsArray().Select(p => (string?)p)).Concat(article["captions"]!.AsArray().Select(p => (string?)p)));
            Assert.That(text, Does.Contain("徐匯"), $"article {(long)hit["articleId"]!} was found for 徐匯");
            Assert.That((string?)hit["address"], Is.Not.Null.And.EqualTo((string?)article["address"]), "the result links the article's readable address");
            Assert.That((string?)hit["date"], Is.EqualTo("2021-12-13"));
            Assert.That((int)hit["pageNumber"]!, Is.InRange(1, 4));
        }
    }

    [Test]
    public async Task Three_or_more_characters_rank_the_article_with_them_in_its_title_first()
    {
        var result = await SearchAsync(Q("三十而立"));
        var first = result["results"]![0]!;
        Assert.That((string?)first["title"], Does.Contain("三十而立"));
        Assert.That((string?)first["snippet"], Does.Contain("<mark>"));
    }

    [Test]
    public async Task Traditional_text_finds_the_notice()
    {
        var result = await SearchAsync(Q("政治協商會議"));
        Assert.That(result["results"]!.AsArray().Select(h => (string?)h!["title"]), Has.Some.Contain("關於召開"));
    }

    [Test]
    public async Task No_hit_is_an_empty_result()
    {
        var result = await SearchAsync(Q("火星探測器"));
        Assert.That((int)result["total"]!, Is.EqualTo(0));
        Assert.That(result["results"]!.AsArray(), Is.Empty);
    }

    [Test]
    public async Task Query_syntax_is_taken_as_text()
    {
        var plain = await SearchAsync(Q("徐匯"));
        var result = await SearchAsync(Q("\"徐匯\" * ( ) : ^ -"));
        Assert.That((int)result["total"]!, Is.EqualTo((int)plain["total"]!).And.GreaterThan(0));
    }

    [Test]
    public async Task Date_range_and_paging()
    {
        Assert.That((int)(await SearchAsync(Q("徐匯") + "&from=2022-01-01"))["total"]!, Is.EqualTo(0));
        var all = await SearchAsync(Q("徐匯"));
        var second = await SearchAsync(Q("徐匯") + "&page=2&pageSize=2");
        Assert.That(second["results"]!.AsArray(), Has.Count.EqualTo(Math.Min(2, Math.Max(0, (int)all["total"]! - 2))));
        Assert.That((long)second["results"]![0]!["articleId"]!, Is.EqualTo((long)all["results"]![2]!["articleId"]!));
    }

    [TestCase("", "q is required")]
    [TestCase("q=%20", "q is required")]
    [TestCase("q=a&page=0", "page")]
    [TestCase("q=a&pageSize=500", "pageSize")]
    [TestCase("q=a&from=13/12/2021", "from")]
    public async Task Bad_queries_are_400(string query, string says)
    {
        Assert.That(await (await Client.GetAsync("/api/search?" + query)).ProblemAsync(HttpStatusCode.BadRequest), Does.Contain(says));
    }

    [Test]
    public async Task Overlong_query_is_400()
    {
        Assert.That(await (await Client.GetAsync("/api/search?" + Q(new string('徐', 201)))).ProblemAsync(HttpStatusCode.BadRequest), Does.Contain("at most 200"));
    }
}
