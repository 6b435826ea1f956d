using XuhuiEpaper.Core.Geometry;
using XuhuiEpaper.Core.Model;

namespace XuhuiEpaper.Storage.Tests;

/// <summary>
/// Readable addresses' article numbers: given in reading order to readable articles only; over a re-analysis (the same
/// PDF published again) an article keeps the number of the one it succeeds, and a new one takes a number no article of
/// the page ever had; an earlier number leads to its successor or its page.
/// </summary>
public class ArticleNumberTests : DatabaseFixture
{
    private static ArticleContent At(string title, double y, RegionKind kind = RegionKind.Article) => new()
    {
        Kind = kind, Title = title, Body = [$"{title}的正文。"], Rects = [new NormRect(0.1, y, 0.8, 0.1)],
    };

    [Test]
    public async Task Numbers_follow_reading_order_and_survive_a_re_analysis_new_articles_taking_fresh_ones()
    {
        var first = (await Publisher.PublishAsync(Issue(Day, 1, Page(1, [At("報頭", 0.0, RegionKind.Masthead), At("甲", 0.1), At("乙", 0.3), At("丙", 0.5)])))).IssueId;
        Assert.That(await NumbersAsync(first), Is.EqualTo(new[] { ("報頭", (int?)null), ("甲", 1), ("乙", 2), ("丙", 3) }), "furniture has none");

        // Analysed again: 乙 is gone, 丙 comes first now, 丁 is new. 丙 keeps 3 and 甲 keeps 1; 丁 takes 4, not 2.
        var second = (await Publisher.PublishAsync(Issue(Day, 1, Page(1, [At("報頭", 0.0, RegionKind.Masthead), At("丙", 0.5), At("甲", 0.1), At("丁", 0.7)])))).IssueId;
        Assert.That(second, Is.Not.EqualTo(first));
        Assert.That(await NumbersAsync(second), Is.EqualTo(new[] { ("報頭", (int?)null), ("丙", 3), ("甲", 1), ("丁", 4) }));

        // Once more, with 乙 back: it is a new article (nothing succeeded it) and takes 5.
        var third = (await Publisher.PublishAsync(Issue(Day, 1, Page(1, [At("甲", 0.1), At("乙", 0.3), At("丙", 0.5), At("丁", 0.7)])))).IssueId;
        Assert.That(await NumbersAsync(third), Is.EqualTo(new[] { ("甲", (int?)1), ("乙", 5), ("丙", 3), ("丁", 4) }));

        // The addresses resolve: a live number to its article, 2 (retired) to no article but within what the page gave.
        var addresses = new AddressStore(Db);
        var page = await addresses.FindPageAsync("徐匯報", Day, "1");
        Assert.That(page, Is.Not.Null);
        Assert.That((page!.IssueId, page.PageNumber, page.LastArticleNumber), Is.EqualTo((third, 1, 5)));
        var live = await Issues.GetPageAsync(third, 1);
        Assert.That(await addresses.FindArticleAsync(third, 1, 3), Is.EqualTo(live!.Articles.Single(a => a.Title == "丙").Id));
        Assert.That(await addresses.FindArticleAsync(third, 1, 2), Is.Null);
        Assert.That(await addresses.FindRetiredAsync(third, 1, 2), Is.Not.Null.And.Property(nameof(ArticleSuccessor.ArticleId)).Null, "乙 of the first analysis: its page");
    }

    [Test]
    public async Task A_page_keeps_its_address_and_the_published_list_has_no_draft()
    {
        var issue = await Publisher.PublishAsync(Issue(Day, 1, Page(1, [At("甲", 0.1)]), Page(2, [At("乙", 0.1)])));
        await Publisher.PublishAsync(Issue(Day.AddDays(1), 2, Page(1, [At("丙", 0.1)])), new PublishOptions { Draft = true });
        var detail = await Issues.GetIssueAsync(issue.IssueId);
        Assert.That(detail!.Pages.Select(p => p.Address), Is.EqualTo(new[] { "1", "2" }), "第N版");

        var rows = await new AddressStore(Db).ListPublishedAsync();
        Assert.That(rows.Select(r => (r.Date, r.PageAddress, r.ArticleNumber, r.Title)), Is.EqualTo(new[] { (Day, "1", (int?)1, "甲"), (Day, "2", 1, "乙") }));
    }

    private async Task<IReadOnlyList<(string?, int?)>> NumbersAsync(long issueId) =>
        (await Issues.GetPageAsync(issueId, 1))!.Articles.Select(a => (a.Title, a.Number)).ToList();
}
