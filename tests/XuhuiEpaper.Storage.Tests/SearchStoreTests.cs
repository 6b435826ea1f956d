using Dapper;

namespace XuhuiEpaper.Storage.Tests;

public class SearchStoreTests : DatabaseFixture
{
    private static readonly DateOnly March = new(2024, 3, 1);
    private static readonly DateOnly April = new(2024, 4, 1);

    [SetUp]
    public async Task Publish()
    {
        await PublishArticlesAsync(March, 1,
            Article("徐匯區推進城市更新", "今日，徐匯區召開會議。", "區長出席並講話。"),
            Article("社區新聞", "漕河涇開發區引進 AI 企業 OpenAI 合作項目，投資 2024 萬元。"),
            Article("天氣", "明天多雲，氣溫 18 度。"));
        await PublishArticlesAsync(April, 2,
            Article("體育", "徐匯區籃球賽開幕。"),
            Article("文化", "書展在<上海>舉行 & 熱鬧。"));
    }

    private async Task<List<string?>> Titles(string query, DateOnly? from = null, DateOnly? to = null) =>
        (await Search.SearchAsync(query, from, to)).Items.Select(h => h.Title).ToList();

    [Test]
    public async Task Two_character_word_finds_articles_containing_it()
    {
        var result = await Search.SearchAsync("徐匯");
        Assert.Multiple(() =>
        {
            Assert.That(result.Total, Is.EqualTo(2));
            Assert.That(result.Items.Select(h => h.Title), Is.EquivalentTo(new[] { "徐匯區推進城市更新", "體育" }));
        });
    }

    [Test]
    public async Task Simplified_query_finds_traditional_text_and_marks_it_as_printed()
    {
        var result = await Search.SearchAsync("徐汇区");
        Assert.Multiple(() =>
        {
            Assert.That(result.Items.Select(h => h.Title), Is.EquivalentTo(new[] { "徐匯區推進城市更新", "體育" }));
            Assert.That(result.Items.Single(h => h.Title == "體育").Snippet, Is.EqualTo("<mark>徐匯區</mark>籃球賽開幕。"));
        });
    }

    [Test]
    public async Task Traditional_query_finds_simplified_text()
    {
        await PublishArticlesAsync(new DateOnly(2024, 5, 4), 6, Article("简体稿", "徐汇区举办读书活动。"));
        Assert.Multiple(async () =>
        {
            Assert.That(await Titles("讀書"), Is.EqualTo(new[] { "简体稿" }));
            Assert.That(await Titles("徐匯區"), Has.Member("简体稿").And.Count.EqualTo(3));
        });
    }

    [Test]
    public async Task An_index_built_by_an_older_segmentation_is_rebuilt_once()
    {
        // As a database of search index version 1 would be: its index holds text the current queries do not match.
        await Db.WriteAsync((c, tx) => c.ExecuteAsync("UPDATE search_index SET version = 1; DELETE FROM article_fts;", transaction: tx));
        Assert.That((await Search.SearchAsync("徐匯")).Total, Is.Zero);

        var first = await Search.EnsureSearchIndexAsync();
        var second = await Search.EnsureSearchIndexAsync();

        Assert.Multiple(async () =>
        {
            Assert.That(first, Is.EqualTo(5), "every stored article indexed again");
            Assert.That(second, Is.Null, "up to date: nothing to do");
            Assert.That(await Titles("徐汇"), Has.Count.EqualTo(2));
        });
    }

    [Test]
    public async Task One_character_query_finds_every_occurrence_including_at_the_end_of_a_run()
    {
        Assert.Multiple(async () =>
        {
            Assert.That(await Titles("雲"), Is.EqualTo(new[] { "天氣" }), "middle of a run");
            Assert.That(await Titles("話"), Is.EqualTo(new[] { "徐匯區推進城市更新" }), "last character of a run");
            Assert.That(await Titles("熱"), Is.EqualTo(new[] { "文化" }));
        });
    }

    [Test]
    public async Task Longer_words_must_be_contiguous()
    {
        Assert.Multiple(async () =>
        {
            Assert.That(await Titles("徐匯區"), Has.Count.EqualTo(2));
            Assert.That(await Titles("漕河涇開發區"), Is.EqualTo(new[] { "社區新聞" }));
            Assert.That(await Titles("區徐匯"), Is.Empty);
            Assert.That(await Titles("城市 更新"), Is.EqualTo(new[] { "徐匯區推進城市更新" }), "space-separated words are ANDed");
        });
    }

    [Test]
    public async Task Ascii_words_and_numbers_case_insensitive_and_fullwidth_normalized()
    {
        Assert.Multiple(async () =>
        {
            Assert.That(await Titles("openai"), Is.EqualTo(new[] { "社區新聞" }));
            Assert.That(await Titles("ＡＩ"), Is.EqualTo(new[] { "社區新聞" }), "NFKC: full-width AI");
            Assert.That((await Search.SearchAsync("ＯｐｅｎＡＩ")).Items.Single().Snippet, Does.Contain("<mark>OpenAI</mark>"));
            Assert.That(await Titles("2024"), Is.EqualTo(new[] { "社區新聞" }));
            Assert.That(await Titles("18度"), Is.EqualTo(new[] { "天氣" }));
        });
    }

    [Test]
    public async Task No_hit_and_empty_queries_return_nothing()
    {
        Assert.Multiple(async () =>
        {
            Assert.That((await Search.SearchAsync("北京")).Total, Is.Zero);
            Assert.That((await Search.SearchAsync("zzz")).Total, Is.Zero);
            Assert.That((await Search.SearchAsync("")).Total, Is.Zero);
            Assert.That((await Search.SearchAsync("   ")).Total, Is.Zero);
            Assert.That((await Search.SearchAsync(null)).Total, Is.Zero);
        });
    }

    [TestCase("\"")]
    [TestCase("\"徐匯")]
    [TestCase("徐匯\" OR \"x")]
    [TestCase("*")]
    [TestCase("徐*")]
    [TestCase("NEAR(徐匯 區長, 2)")]
    [TestCase("AND OR NOT")]
    [TestCase("(((")]
    [TestCase("title:徐匯")]
    [TestCase("^徐匯 -區 +x {title}: '; DROP TABLE articles; --")]
    [TestCase("\0\u200b\ud800")]
    public void Hostile_queries_never_throw(string query)
    {
        Assert.DoesNotThrowAsync(() => Search.SearchAsync(query));
    }

    [Test]
    public async Task Hostile_query_still_searches_its_words()
    {
        Assert.Multiple(async () =>
        {
            Assert.That((await Search.SearchAsync("\"徐匯\" (*")).Total, Is.EqualTo(2));
            Assert.That((await Search.SearchAsync("title:徐匯")).Total, Is.Zero, "column filters are not syntax: 'title' is just a word");
        });
    }

    [Test]
    public async Task Title_match_ranks_above_body_match()
    {
        await PublishArticlesAsync(new DateOnly(2024, 5, 1), 3,
            Article("一篇長文", "籃球籃球不在標題。"),
            Article("籃球聯賽", "比賽內容。"));
        var titles = await Titles("籃球");
        Assert.That(titles[0], Is.EqualTo("籃球聯賽"));
    }

    [Test]
    public async Task Snippet_marks_the_match_escapes_html_and_keeps_chinese_unspaced()
    {
        var hit = (await Search.SearchAsync("上海")).Items.Single();
        var body = (await Search.SearchAsync("區長")).Items.Single();
        Assert.Multiple(() =>
        {
            Assert.That(hit.Snippet, Is.EqualTo("書展在&lt;<mark>上海</mark>&gt;舉行 &amp; 熱鬧。"));
            Assert.That(body.Snippet, Does.Contain("<mark>區長</mark>出席並講話"));
            Assert.That(body.Snippet, Does.Contain("今日，徐匯區召開會議。"), "original full-width punctuation, no spaces added");
        });
    }

    [Test]
    public async Task Snippet_of_a_long_text_is_a_window_around_the_match()
    {
        var filler = new string('甲', 200);
        await PublishArticlesAsync(new DateOnly(2024, 5, 2), 4, Article("長", filler + "目標詞" + filler));
        var hit = (await Search.SearchAsync("目標詞")).Items.Single();
        Assert.Multiple(() =>
        {
            Assert.That(hit.Snippet, Does.StartWith("…").And.EndWith("…"));
            Assert.That(hit.Snippet, Does.Contain("甲<mark>目標詞</mark>甲"));
            Assert.That(hit.Snippet.Length, Is.LessThan(120));
        });
    }

    [Test]
    public async Task Snippet_maps_a_normalized_match_back_to_full_width_original_text()
    {
        await PublishArticlesAsync(new DateOnly(2024, 5, 3), 5, Article("全角", "使用ＧＰＵ運算（測試）。"));
        var hit = (await Search.SearchAsync("gpu")).Items.Single();
        Assert.That(hit.Snippet, Is.EqualTo("使用<mark>ＧＰＵ</mark>運算（測試）。"));
    }

    [Test]
    public async Task Title_only_match_gets_a_marked_title_snippet()
    {
        var hit = (await Search.SearchAsync("社區")).Items.Single();
        Assert.That(hit.Snippet, Is.EqualTo("<mark>社區</mark>新聞"));
    }

    [Test]
    public async Task Results_carry_issue_date_and_page()
    {
        var hit = (await Search.SearchAsync("籃球")).Items.Single();
        var article = await Issues.GetArticleAsync(hit.ArticleId);
        Assert.Multiple(() =>
        {
            Assert.That(hit.Date, Is.EqualTo(April));
            Assert.That(hit.PageNumber, Is.EqualTo(1));
            Assert.That(article!.IssueId, Is.EqualTo(hit.IssueId));
        });
    }

    [Test]
    public async Task Date_range_filters_results()
    {
        Assert.Multiple(async () =>
        {
            Assert.That(await Titles("徐匯", from: April), Is.EqualTo(new[] { "體育" }));
            Assert.That(await Titles("徐匯", to: March), Is.EqualTo(new[] { "徐匯區推進城市更新" }));
            Assert.That(await Titles("徐匯", March, April), Has.Count.EqualTo(2));
            Assert.That(await Titles("徐匯", new DateOnly(2024, 3, 2), new DateOnly(2024, 3, 31)), Is.Empty);
        });
    }

    [Test]
    public async Task Paging_returns_the_total_and_disjoint_pages()
    {
        for (var i = 0; i < 7; i++)
        {
            await PublishArticlesAsync(new DateOnly(2024, 6, 1 + i), 10 + i, Article($"專題{i}", "分頁測試內容"));
        }

        var first = await Search.SearchAsync("分頁", page: 1, pageSize: 3);
        var second = await Search.SearchAsync("分頁", page: 2, pageSize: 3);
        var last = await Search.SearchAsync("分頁", page: 3, pageSize: 3);
        var beyond = await Search.SearchAsync("分頁", page: 9, pageSize: 3);
        var all = first.Items.Concat(second.Items).Concat(last.Items).Select(h => h.ArticleId).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(first.Total, Is.EqualTo(7));
            Assert.That(first.Items, Has.Count.EqualTo(3));
            Assert.That(last.Items, Has.Count.EqualTo(1));
            Assert.That(all, Is.Unique.And.Count.EqualTo(7));
            Assert.That(beyond.Items, Is.Empty);
            Assert.That(beyond.Total, Is.EqualTo(7));
        });
    }
}
