using Dapper;
using XuhuiEpaper.Core.Geometry;
using XuhuiEpaper.Core.Model;

namespace XuhuiEpaper.Storage.Tests;


/// <summary>Publishing an issue, replacing one, and reading every field back.</summary>
public class PublishStoreTests : DatabaseFixture
{
    [Test]
    public async Task Publish_then_read_back_every_field()
    {
        var content = FullIssue();
        var result = await Publisher.PublishAsync(content);
        Assert.That(result.ReplacedIssueId, Is.Null);
        Assert.That(result.ObsoleteFiles, Is.Empty);

        var detail = await Issues.GetIssueAsync(result.IssueId);
        Assert.That(detail, Is.Not.Null);
        var issue = detail!.Issue;
        Assert.Multiple(() =>
        {
            Assert.That(issue.Id, Is.EqualTo(result.IssueId));
            Assert.That(issue.Paper, Is.EqualTo("徐匯報"));
            Assert.That(issue.Date, Is.EqualTo(Day));
            Assert.That(issue.Number, Is.EqualTo(12));
            Assert.That(issue.TotalNumber, Is.EqualTo(1234));
            Assert.That(issue.Sha256, Is.EqualTo(Sha(1)));
            Assert.That(issue.OriginalFile, Is.EqualTo("originals/1.pdf"));
            Assert.That(issue.PageCount, Is.EqualTo(2));
            Assert.That(issue.CreatedAt, Is.EqualTo(DateTimeOffset.UtcNow).Within(TimeSpan.FromMinutes(1)));
            Assert.That(issue.PublishedAt, Is.EqualTo(issue.CreatedAt));
            Assert.That(detail.Pages.Select(p => p.Number), Is.EqualTo(new[] { 1, 2 }));
            Assert.That(detail.Pages[0].Label, Is.EqualTo("第1版"));
            Assert.That(detail.Pages[0].Name, Is.EqualTo("要聞"));
            Assert.That(detail.Pages[0].WidthPt, Is.EqualTo(842.5));
            Assert.That(detail.Pages[0].HeightPt, Is.EqualTo(1190.25));
            Assert.That(detail.Pages[0].Images, Is.EqualTo(content.Pages[0].Images));
        });

        var page = await Issues.GetPageAsync(result.IssueId, 1);
        Assert.That(page, Is.Not.Null);
        Assert.Multiple(() =>
        {
            Assert.That(page!.Text, Is.EqualTo("第1版全文"));
            Assert.That(page.Articles.Select(a => a.Kind), Is.EqualTo(new[] { RegionKind.Article, RegionKind.Advertisement }));
            Assert.That(page.Articles.Select(a => a.Index), Is.EqualTo(new[] { 0, 1 }));
            Assert.That(page.Articles[0].Title, Is.EqualTo("徐匯區舉行活動"));
            Assert.That(page.Articles[0].Rects, Is.EqualTo(content.Pages[0].Articles[0].Rects));
        });

        var article = await Issues.GetArticleAsync(page!.Articles[0].Id);
        var continuation = await Issues.GetPageAsync(result.IssueId, 2);
        var source = content.Pages[0].Articles[0];
        Assert.Multiple(() =>
        {
            Assert.That(article, Is.Not.Null);
            Assert.That(article!.IssueId, Is.EqualTo(result.IssueId));
            Assert.That(article.Date, Is.EqualTo(Day));
            Assert.That(article.PageNumber, Is.EqualTo(1));
            Assert.That(article.Index, Is.EqualTo(0));
            Assert.That(article.Kind, Is.EqualTo(RegionKind.Article));
            Assert.That(article.Kicker, Is.EqualTo(source.Kicker));
            Assert.That(article.Title, Is.EqualTo(source.Title));
            Assert.That(article.Subtitle, Is.EqualTo(source.Subtitle));
            Assert.That(article.Byline, Is.EqualTo(source.Byline));
            Assert.That(article.Body, Is.EqualTo(source.Body));
            Assert.That(article.Captions, Is.EqualTo(source.Captions));
            Assert.That(article.Rects, Is.EqualTo(source.Rects));
            Assert.That(article.ContinuedFromId, Is.Null);
            Assert.That(article.ContinuedOnId, Is.EqualTo(continuation!.Articles[0].Id));
            Assert.That(article.ContinuedOnPage, Is.EqualTo(2));
        });

        var back = await Issues.GetArticleAsync(continuation!.Articles[0].Id);
        Assert.Multiple(() =>
        {
            Assert.That(back!.ContinuedFromId, Is.EqualTo(article!.Id));
            Assert.That(back.ContinuedFromPage, Is.EqualTo(1));
            Assert.That(back.PageNumber, Is.EqualTo(2));
        });
    }

    [Test]
    public async Task Missing_things_read_as_null()
    {
        Assert.Multiple(async () =>
        {
            Assert.That(await Issues.GetIssueAsync(42), Is.Null);
            Assert.That(await Issues.GetPageAsync(42, 1), Is.Null);
            Assert.That(await Issues.GetArticleAsync(42), Is.Null);
            Assert.That(await Issues.GetLatestAsync(), Is.Null);
            Assert.That(await Issues.FindBySha256Async(Sha(9)), Is.Null);
        });
    }

    [Test]
    public async Task Republishing_the_same_date_replaces_the_issue_and_reports_obsolete_files()
    {
        var first = await Publisher.PublishAsync(FullIssue(sha: 1, prefix: "old"));
        // The new issue reuses page 1's thumbnail name: that file must not be reported.
        var replacement = FullIssue(sha: 2, prefix: "new") with { Pages = [Page(1, [Article("新標題", "新內文")], "new") with { Images = new PageImages("old1-t.webp", "new1-s.webp", "new1-z.webp", 1, 2, 3) }] };
        var conflict = Assert.ThrowsAsync<IssueConflictException>(() => Publisher.PublishAsync(replacement), "another PDF for a taken date is refused unless replacing");
        Assert.That(conflict!.ExistingIssueId, Is.EqualTo(first.IssueId));
        Assert.That(conflict.Message, Does.Contain($"issue {first.IssueId}").And.Contain("replace=true"));
        var second = await Publisher.PublishAsync(replacement, new PublishOptions { Replace = true });

        Assert.Multiple(async () =>
        {
            Assert.That(second.ReplacedIssueId, Is.EqualTo(first.IssueId));
            Assert.That(second.TrashedIssueIds, Is.EqualTo(new[] { first.IssueId }), "the replaced issue went to the trash");
            Assert.That(second.ObsoleteFiles, Is.Empty, "its files are kept for a restore");
            Assert.That(await Trash.FilesAsync(first.IssueId), Is.EquivalentTo(new[]
            {
                "originals/1.pdf", "old1-t.webp", "old1-s.webp", "old1-z.webp", "old2-t.webp", "old2-s.webp", "old2-z.webp",
            }), "a file the new issue also uses is kept by both: the purge will not delete it while the new issue uses it");
            Assert.That((await Trash.GetAsync(first.IssueId))!.Reason, Does.StartWith("replaced by the PDF"));
            Assert.That(await Issues.GetIssueAsync(first.IssueId), Is.Null);
            Assert.That((await Issues.ListIssuesAsync(null, null)).Total, Is.EqualTo(1));
            Assert.That((await Issues.GetLatestAsync())!.Sha256, Is.EqualTo(Sha(2)));
            Assert.That((await Search.SearchAsync("徐匯區")).Total, Is.Zero, "old articles left the index");
            Assert.That((await Search.SearchAsync("新標題")).Total, Is.EqualTo(1));
        });

        await using var c = await Db.OpenReadAsync();
        Assert.Multiple(async () =>
        {
            Assert.That(await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM articles"), Is.EqualTo(1));
            Assert.That(await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM article_fts"), Is.EqualTo(1));
            Assert.That(await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM pages"), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task A_publish_that_fails_midway_leaves_the_old_issue_untouched()
    {
        var first = await Publisher.PublishAsync(FullIssue(sha: 1));
        // Valid up front, but the continuation points at an article that does not exist: fails after all inserts.
        var broken = FullIssue(sha: 2) with
        {
            Pages = [Page(1, [Article("壞", "內文") with { ContinuedOn = new ArticlePartRef(9, 9) }])],
        };

        Assert.ThrowsAsync<InvalidOperationException>(() => Publisher.PublishAsync(broken, new PublishOptions { Replace = true }));

        var still = await Issues.GetIssueAsync(first.IssueId);
        Assert.Multiple(async () =>
        {
            Assert.That(still, Is.Not.Null);
            Assert.That(still!.Issue.Sha256, Is.EqualTo(Sha(1)));
            Assert.That(still.Pages, Has.Count.EqualTo(2));
            Assert.That((await Search.SearchAsync("徐匯區")).Total, Is.EqualTo(1));
            Assert.That(await Issues.FindBySha256Async(Sha(2)), Is.Null);
            Assert.That(await Trash.ListAsync(), Is.Empty, "the old issue's move to the trash was rolled back too");
        });
    }

    [Test]
    public void An_invalid_issue_is_rejected_before_writing()
    {
        Assert.Multiple(() =>
        {
            Assert.ThrowsAsync<ArgumentException>(() => Publisher.PublishAsync(FullIssue() with { Sha256 = "XYZ" }));
            Assert.ThrowsAsync<ArgumentException>(() => Publisher.PublishAsync(FullIssue() with { Pages = [] }));
            Assert.ThrowsAsync<ArgumentException>(() => Publisher.PublishAsync(FullIssue() with { Pages = [Page(1, []), Page(1, [])] }));
        });
    }
}
