using XuhuiEpaper.Core.Model;

namespace XuhuiEpaper.Storage.Tests;

/// <summary>
/// Drafts (review before publishing) and papers: what the public filter, the admin filter and a paper filter let
/// through; publishing and withdrawing; a draft stays a draft through the trash and when its PDF is made anew.
/// </summary>
public class DraftStoreTests : DatabaseFixture
{
    private DraftStore Drafts => new(Db);

    private static IssueContent OfPaper(IssueContent issue, string paper) => new()
    {
        Paper = paper, Date = issue.Date, Number = issue.Number, TotalNumber = issue.TotalNumber, Sha256 = issue.Sha256,
        OriginalFile = issue.OriginalFile, Pages = issue.Pages,
    };

    [Test]
    public async Task A_draft_is_seen_only_through_the_admin_filter_until_published()
    {
        var published = (await Publisher.PublishAsync(Issue(new DateOnly(2024, 3, 5), 1, Page(1, [Article("已發布", "公開的正文")], "a")))).IssueId;
        var draft = (await Publisher.PublishAsync(Issue(new DateOnly(2024, 3, 1), 2, Page(1, [Article("草稿", "未公開的正文")], "b")), new PublishOptions { Draft = true })).IssueId;

        Assert.Multiple(async () =>
        {
            Assert.That((await Issues.ListIssuesAsync(null, null)).Items.Select(i => i.Id), Is.EqualTo(new[] { published }));
            Assert.That((await Issues.ListIssuesAsync(IssueFilter.All, null, null)).Items.Select(i => (i.Id, i.Draft)), Is.EqualTo(new[] { (draft, true), (published, false) }), "drafts first");
            Assert.That((await Issues.GetLatestAsync())!.Id, Is.EqualTo(published));
            Assert.That((await Search.SearchAsync("正文")).Items.Select(h => h.IssueId), Is.EqualTo(new[] { published }));
            Assert.That((await Issues.GetIssueAsync(draft))!.Issue.Draft, Is.True, "the store reads a draft; the API decides who sees it");
            Assert.That((await Issues.GetPageAsync(draft, 1))!.Draft, Is.True);
        });

        var article = (await Issues.GetPageAsync(draft, 1))!.Articles[0].Id;
        Assert.That((await Issues.GetArticleAsync(article))!.Draft, Is.True);
        Assert.That(await Drafts.SetPublishedAsync(draft, true, new AuditEntry("publish")), Is.True);
        Assert.That(await Drafts.SetPublishedAsync(draft, true, new AuditEntry("publish")), Is.False, "already published: nothing changes");
        Assert.That(await Drafts.SetPublishedAsync(999, true, new AuditEntry("publish")), Is.Null);
        Assert.Multiple(async () =>
        {
            Assert.That((await Issues.ListIssuesAsync(null, null)).Total, Is.EqualTo(2));
            Assert.That((await Search.SearchAsync("正文")).Total, Is.EqualTo(2));
            Assert.That((await Issues.GetArticleAsync(article))!.Draft, Is.False);
        });

        Assert.That(await Drafts.SetPublishedAsync(published, false, new AuditEntry("unpublish")), Is.True);
        Assert.That((await Issues.GetLatestAsync())!.Id, Is.EqualTo(draft), "the other one is the newest published now");
        var audit = await new AuditStore(Db).ListAsync();
        Assert.That(audit.Items.Select(a => (a.Action, a.IssueId)), Is.EqualTo(new[] { ("unpublish", (long?)published), ("publish", draft) }));
    }

    [Test]
    public async Task A_draft_stays_a_draft_when_its_pdf_is_made_anew_and_through_the_trash()
    {
        var draft = (await Publisher.PublishAsync(FullIssue(), new PublishOptions { Draft = true })).IssueId;
        var again = (await Publisher.PublishAsync(FullIssue())).IssueId;
        Assert.That((await Issues.GetIssueAsync(again))!.Issue.Draft, Is.True, "the same PDF keeps its issue's state");
        Assert.That(again, Is.Not.EqualTo(draft));

        await Admin.DeleteIssueAsync(again);
        Assert.That(await Trash.RestoreAsync(again), Is.True);
        Assert.That((await Issues.GetIssueAsync(again))!.Issue.Draft, Is.True, "restored as it was");

        await Drafts.SetPublishedAsync(again, true, new AuditEntry("publish"));
        var third = (await Publisher.PublishAsync(FullIssue(), new PublishOptions { Draft = true })).IssueId;
        Assert.That((await Issues.GetIssueAsync(third))!.Issue.Draft, Is.False, "a published issue made anew stays published, whatever the mode");
    }

    [Test]
    public async Task Papers_filter_lists_latest_and_search_and_are_listed_with_their_published_issues()
    {
        var xuhui = (await Publisher.PublishAsync(Issue(new DateOnly(2024, 3, 5), 1, Page(1, [Article("徐匯", "共同的詞")], "a")))).IssueId;
        var pudong = (await Publisher.PublishAsync(OfPaper(Issue(new DateOnly(2024, 3, 1), 2, Page(1, [Article("浦東", "共同的詞")], "b")), "浦東時報"))).IssueId;
        await Publisher.PublishAsync(OfPaper(Issue(new DateOnly(2024, 3, 9), 3, Page(1, [Article("浦東草稿", "共同的詞")], "c")), "浦東時報"), new PublishOptions { Draft = true });
        var onlyPudong = new IssueFilter("浦東時報");
        Assert.Multiple(async () =>
        {
            Assert.That((await Issues.ListIssuesAsync(onlyPudong, null, null)).Items.Select(i => i.Id), Is.EqualTo(new[] { pudong }));
            Assert.That((await Issues.ListIssuesAsync(onlyPudong with { IncludeDrafts = true }, null, null)).Total, Is.EqualTo(2));
            Assert.That((await Issues.GetLatestAsync(onlyPudong))!.Id, Is.EqualTo(pudong));
            Assert.That((await Issues.GetLatestAsync(new IssueFilter("徐匯報")))!.Id, Is.EqualTo(xuhui));
            Assert.That(await Issues.GetLatestAsync(new IssueFilter("無此報")), Is.Null);
            var hits = (await Search.SearchAsync("共同", onlyPudong)).Items;
            Assert.That(hits.Select(h => (h.IssueId, h.Paper)), Is.EqualTo(new[] { (pudong, "浦東時報") }));
            Assert.That((await Search.SearchAsync("共同")).Total, Is.EqualTo(2));
            var papers = await new PaperStore(Db).ListAsync(IssueFilter.Public);
            Assert.That(papers.Select(p => (p.Name, p.IssueCount, p.LatestDate)), Is.EqualTo(new[] { ("徐匯報", 1, new DateOnly(2024, 3, 5)), ("浦東時報", 1, new DateOnly(2024, 3, 1)) }));
        });
    }
}
