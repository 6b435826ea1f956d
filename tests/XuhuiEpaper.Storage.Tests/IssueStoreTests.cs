using Dapper;
using XuhuiEpaper.Core.Geometry;
using XuhuiEpaper.Core.Model;

namespace XuhuiEpaper.Storage.Tests;

public class IssueStoreTests : DatabaseFixture
{
    private static readonly DateOnly Day = new(2024, 5, 17);

    private static IssueContent FullIssue(int sha = 1, string prefix = "p") => Issue(Day, sha,
        Page(1, [
            new ArticleContent
            {
                Kind = RegionKind.Article,
                Kicker = "本報訊",
                Title = "徐匯區舉行活動",
                Subtitle = "副題",
                Byline = "記者 王小明",
                Body = ["第一段。", "第二段 & <b>"],
                Captions = ["圖為現場"],
                Rects = [new NormRect(0.05, 0.1, 0.45, 0.3), new NormRect(0.5, 0.1, 0.45, 0.1)],
                ContinuedOn = new ArticlePartRef(2, 0),
            },
            new ArticleContent { Kind = RegionKind.Advertisement, Rects = [new NormRect(0, 0.9, 1, 0.1)] },
        ], prefix),
        Page(2, [
            new ArticleContent
            {
                Kind = RegionKind.Article,
                Title = "(上接第1版)",
                Body = ["續文。"],
                Rects = [new NormRect(0, 0, 0.5, 0.5)],
                ContinuedFrom = new ArticlePartRef(1, 0),
            },
        ], prefix));

    [Test]
    public async Task Publish_then_read_back_every_field()
    {
        var content = FullIssue();
        var result = await Issues.PublishAsync(content);
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
        var first = await Issues.PublishAsync(FullIssue(sha: 1, prefix: "old"));
        // The new issue reuses page 1's thumbnail name: that file must not be reported.
        var replacement = FullIssue(sha: 2, prefix: "new") with { Pages = [Page(1, [Article("新標題", "新內文")], "new") with { Images = new PageImages("old1-t.webp", "new1-s.webp", "new1-z.webp", 1, 2, 3) }] };
        var conflict = Assert.ThrowsAsync<IssueConflictException>(() => Issues.PublishAsync(replacement), "another PDF for a taken date is refused unless replacing");
        Assert.That(conflict!.ExistingIssueId, Is.EqualTo(first.IssueId));
        Assert.That(conflict.Message, Does.Contain($"issue {first.IssueId}").And.Contain("replace=true"));
        var second = await Issues.PublishAsync(replacement, new PublishOptions { Replace = true });

        Assert.Multiple(async () =>
        {
            Assert.That(second.ReplacedIssueId, Is.EqualTo(first.IssueId));
            Assert.That(second.TrashedIssueIds, Is.EqualTo(new[] { first.IssueId }), "the replaced issue went to the trash");
            Assert.That(second.ObsoleteFiles, Is.Empty, "its files are kept for a restore");
            Assert.That(await Issues.TrashFilesAsync(first.IssueId), Is.EquivalentTo(new[]
            {
                "originals/1.pdf", "old1-t.webp", "old1-s.webp", "old1-z.webp", "old2-t.webp", "old2-s.webp", "old2-z.webp",
            }), "a file the new issue also uses is kept by both: the purge will not delete it while the new issue uses it");
            Assert.That((await Issues.GetTrashAsync(first.IssueId))!.Reason, Does.StartWith("replaced by the PDF"));
            Assert.That(await Issues.GetIssueAsync(first.IssueId), Is.Null);
            Assert.That((await Issues.ListIssuesAsync(null, null)).Total, Is.EqualTo(1));
            Assert.That((await Issues.GetLatestAsync())!.Sha256, Is.EqualTo(Sha(2)));
            Assert.That((await Issues.SearchAsync("徐匯區")).Total, Is.Zero, "old articles left the index");
            Assert.That((await Issues.SearchAsync("新標題")).Total, Is.EqualTo(1));
        });

        await using var c = await Db.OpenReadAsync();
        Assert.Multiple(async () =>
        {
            Assert.That(await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM articles"), Is.EqualTo(1));
            Assert.That(await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM article_bbox"), Is.EqualTo(1));
            Assert.That(await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM article_fts"), Is.EqualTo(1));
            Assert.That(await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM pages"), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task A_publish_that_fails_midway_leaves_the_old_issue_untouched()
    {
        var first = await Issues.PublishAsync(FullIssue(sha: 1));
        // Valid up front, but the continuation points at an article that does not exist: fails after all inserts.
        var broken = FullIssue(sha: 2) with
        {
            Pages = [Page(1, [Article("壞", "內文") with { ContinuedOn = new ArticlePartRef(9, 9) }])],
        };

        Assert.ThrowsAsync<InvalidOperationException>(() => Issues.PublishAsync(broken, new PublishOptions { Replace = true }));

        var still = await Issues.GetIssueAsync(first.IssueId);
        Assert.Multiple(async () =>
        {
            Assert.That(still, Is.Not.Null);
            Assert.That(still!.Issue.Sha256, Is.EqualTo(Sha(1)));
            Assert.That(still.Pages, Has.Count.EqualTo(2));
            Assert.That((await Issues.SearchAsync("徐匯區")).Total, Is.EqualTo(1));
            Assert.That(await Issues.FindBySha256Async(Sha(2)), Is.Null);
            Assert.That(await Issues.ListTrashAsync(), Is.Empty, "the old issue's move to the trash was rolled back too");
        });
    }

    [Test]
    public void An_invalid_issue_is_rejected_before_writing()
    {
        Assert.Multiple(() =>
        {
            Assert.ThrowsAsync<ArgumentException>(() => Issues.PublishAsync(FullIssue() with { Sha256 = "XYZ" }));
            Assert.ThrowsAsync<ArgumentException>(() => Issues.PublishAsync(FullIssue() with { Pages = [] }));
            Assert.ThrowsAsync<ArgumentException>(() => Issues.PublishAsync(FullIssue() with { Pages = [Page(1, []), Page(1, [])] }));
        });
    }

    [Test]
    public async Task List_latest_and_find_by_sha()
    {
        for (var day = 1; day <= 5; day++)
        {
            await Issues.PublishAsync(Issue(new DateOnly(2024, 3, day), day, Page(1, [], $"d{day}-")));
        }

        var page1 = await Issues.ListIssuesAsync(null, null, page: 1, pageSize: 2);
        var page3 = await Issues.ListIssuesAsync(null, null, page: 3, pageSize: 2);
        var ranged = await Issues.ListIssuesAsync(new DateOnly(2024, 3, 2), new DateOnly(2024, 3, 4));
        Assert.Multiple(async () =>
        {
            Assert.That(page1.Total, Is.EqualTo(5));
            Assert.That(page1.Items.Select(i => i.Date.Day), Is.EqualTo(new[] { 5, 4 }));
            Assert.That(page3.Items.Select(i => i.Date.Day), Is.EqualTo(new[] { 1 }));
            Assert.That(ranged.Total, Is.EqualTo(3));
            Assert.That(ranged.Items.Select(i => i.Date.Day), Is.EqualTo(new[] { 4, 3, 2 }));
            Assert.That((await Issues.GetLatestAsync())!.Date, Is.EqualTo(new DateOnly(2024, 3, 5)));
            Assert.That((await Issues.FindBySha256Async(Sha(3)))!.Date, Is.EqualTo(new DateOnly(2024, 3, 3)));
        });
    }

    [Test]
    public async Task Update_changes_metadata_and_page_names()
    {
        var id = (await Issues.PublishAsync(FullIssue())).IssueId;
        var updated = await Issues.UpdateIssueAsync(id, date: new DateOnly(2024, 6, 1), totalNumber: 999, pageNames: new Dictionary<int, string?> { [2] = "社區" });
        var detail = await Issues.GetIssueAsync(id);
        Assert.Multiple(async () =>
        {
            Assert.That(updated, Is.True);
            Assert.That(detail!.Issue.Date, Is.EqualTo(new DateOnly(2024, 6, 1)));
            Assert.That(detail.Issue.Number, Is.EqualTo(12), "unchanged");
            Assert.That(detail.Issue.TotalNumber, Is.EqualTo(999));
            Assert.That(detail.Pages[1].Name, Is.EqualTo("社區"));
            Assert.That(await Issues.UpdateIssueAsync(4242, number: 1), Is.False);
        });
        Assert.ThrowsAsync<System.Data.DataException>(() => Issues.UpdateIssueAsync(id, pageNames: new Dictionary<int, string?> { [7] = "無" }));
    }

    [Test]
    public async Task Delete_removes_everything_and_returns_the_files()
    {
        var id = (await Issues.PublishAsync(FullIssue())).IssueId;
        var jobId = await Jobs.EnqueueAsync("x.pdf", Sha(1));
        var claim = (await Jobs.ClaimNextAsync("w"))!.Claim!;
        await Jobs.SucceedAsync(claim, id);

        var files = await Issues.DeleteIssueAsync(id);
        Assert.Multiple(async () =>
        {
            Assert.That(files, Is.EquivalentTo(new[] { "originals/1.pdf", "p1-t.webp", "p1-s.webp", "p1-z.webp", "p2-t.webp", "p2-s.webp", "p2-z.webp" }));
            Assert.That(await Issues.GetIssueAsync(id), Is.Null);
            Assert.That((await Issues.SearchAsync("徐匯")).Total, Is.Zero);
            Assert.That((await Jobs.GetAsync(jobId))!.IssueId, Is.Null);
            Assert.That(await Issues.DeleteIssueAsync(id), Is.Null);
            Assert.That((await Issues.ListTrashAsync()).Select(t => t.IssueId), Is.EqualTo(new[] { id }), "deleted means trashed");
            Assert.That((await Issues.ReferencedFilesAsync()).IsReferenced("p1-z.webp"), Is.True, "the trash keeps its files");
        });
    }

    [Test]
    public async Task Hit_test_respects_l_shaped_regions_boundaries_and_nesting()
    {
        // An L: a tall left column plus a bottom bar; the notch (top right) belongs to another article.
        var l = new ArticleContent
        {
            Kind = RegionKind.Article, Title = "L",
            Rects = [new NormRect(0.0, 0.0, 0.3, 1.0), new NormRect(0.3, 0.6, 0.7, 0.4)],
        };
        var notch = new ArticleContent { Kind = RegionKind.Article, Title = "notch", Rects = [new NormRect(0.5, 0.1, 0.3, 0.3)] };
        var photoInL = new ArticleContent { Kind = RegionKind.Other, Title = "inner", Rects = [new NormRect(0.05, 0.05, 0.1, 0.1)] };
        var id = (await Issues.PublishAsync(Issue(Day, 1, Page(1, [l, notch, photoInL])))).IssueId;

        async Task<string?> At(double x, double y) => (await Issues.HitTestAsync(id, 1, x, y))?.Title;

        Assert.Multiple(async () =>
        {
            Assert.That(await At(0.1, 0.5), Is.EqualTo("L"));
            Assert.That(await At(0.9, 0.9), Is.EqualTo("L"), "bottom bar");
            Assert.That(await At(0.4, 0.3), Is.Null, "inside L's bounding box but in the notch, not in any rect");
            Assert.That(await At(0.6, 0.2), Is.EqualTo("notch"));
            Assert.That(await At(0.1, 0.1), Is.EqualTo("inner"), "smallest containing region wins");
            Assert.That(await At(0.0, 0.0), Is.EqualTo("L"), "left/top edges are inside");
            Assert.That(await At(0.3, 0.5), Is.Null, "right edge of the column is outside (half-open)");
            Assert.That(await At(0.3, 0.6), Is.EqualTo("L"), "top-left corner of the bar");
            Assert.That(await At(0.5, 0.4), Is.Null, "bottom edge of notch is outside");
            Assert.That(await At(0.5, 0.1), Is.EqualTo("notch"));
            Assert.That(await At(1.0, 1.0), Is.Null);
            Assert.That(await At(double.NaN, 0.5), Is.Null);
            Assert.That(await Issues.HitTestAsync(id, 2, 0.1, 0.5), Is.Null, "other page");
        });
    }

    [Test]
    public async Task Readers_see_committed_state_while_a_write_is_open()
    {
        await Issues.PublishAsync(FullIssue());
        var release = new TaskCompletionSource();
        var entered = new TaskCompletionSource();
        var writer = Db.WriteAsync<int>(async (c, tx) =>
        {
            await c.ExecuteAsync("DELETE FROM issues", transaction: tx);
            entered.SetResult();
            await release.Task;
            throw new InvalidOperationException("roll back");
        });
        await entered.Task;
        var during = await Issues.ListIssuesAsync(null, null);
        release.SetResult();
        Assert.ThrowsAsync<InvalidOperationException>(() => writer);
        Assert.Multiple(async () =>
        {
            Assert.That(during.Total, Is.EqualTo(1), "reader not blocked and sees the last commit");
            Assert.That((await Issues.ListIssuesAsync(null, null)).Total, Is.EqualTo(1));
        });
    }
}
