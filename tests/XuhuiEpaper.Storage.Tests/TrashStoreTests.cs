using Dapper;
using XuhuiEpaper.Core.Geometry;
using XuhuiEpaper.Core.Model;

namespace XuhuiEpaper.Storage.Tests;

/// <summary>The trash and the audit log: nothing an archivist deletes or replaces is lost before its time.</summary>
public class TrashStoreTests : DatabaseFixture
{
    private static IssueContent Linked(int sha, string prefix) => Issue(Day, sha,
        Page(1, [
            new ArticleContent
            {
                Kind = RegionKind.Article, Title = "徐匯區舉行活動", Body = ["第一段。"], Captions = ["圖為現場"],
                Rects = [new NormRect(0.05, 0.1, 0.45, 0.3)], ContinuedOn = new ArticlePartRef(2, 0),
            },
            new ArticleContent { Kind = RegionKind.Masthead, Title = "徐匯報", Rects = [new NormRect(0, 0, 1, 0.05)] },
        ], prefix),
        Page(2, [new ArticleContent { Kind = RegionKind.Article, Title = "續", Body = ["續文。"], Rects = [new NormRect(0, 0, 0.5, 0.5)], ContinuedFrom = new ArticlePartRef(1, 0) }], prefix));

    [Test]
    public async Task A_deleted_issue_comes_back_whole_under_its_own_ids()
    {
        var id = (await Publisher.PublishAsync(Linked(1, "a"))).IssueId;
        var before = await Issues.GetPageAsync(id, 1);
        var lead = await Issues.GetArticleAsync(before!.Articles[0].Id);

        var files = await Admin.DeleteIssueAsync(id, TimeSpan.FromDays(7), new AuditEntry("delete", Client: "203.0.113.9"));
        Assert.Multiple(async () =>
        {
            Assert.That(files, Has.Count.EqualTo(7), "original and six images");
            Assert.That(await Issues.GetIssueAsync(id), Is.Null);
            Assert.That(await Issues.GetArticleAsync(lead!.Id), Is.Null);
            Assert.That((await Search.SearchAsync("徐匯區")).Total, Is.Zero);
            Assert.That(await Issues.GetPageAsync(id, 1), Is.Null, "nor its page and regions");
            var entry = (await Trash.ListAsync()).Single();
            Assert.That((entry.IssueId, entry.Paper, entry.Date, entry.PageCount, entry.Reason), Is.EqualTo((id, "徐匯報", Day, 2, "deleted")));
            Assert.That(entry.ExpiresAt - entry.DeletedAt, Is.EqualTo(TimeSpan.FromDays(7)));
        });

        Assert.That(await Trash.RestoreAsync(id, new AuditEntry("restore", Client: "203.0.113.9")), Is.True);
        var after = await Issues.GetPageAsync(id, 1);
        var restored = await Issues.GetArticleAsync(lead!.Id);
        Assert.Multiple(async () =>
        {
            Assert.That(after!.Articles.Select(a => (a.Id, a.Kind, a.Title)), Is.EqualTo(before.Articles.Select(a => (a.Id, a.Kind, a.Title))));
            Assert.That(restored, Is.EqualTo(lead).Using<ArticleDetail>((x, y) =>
                x.Id == y.Id && x.Title == y.Title && x.Body.SequenceEqual(y.Body) && x.Captions.SequenceEqual(y.Captions)
                && x.Rects.SequenceEqual(y.Rects) && x.ContinuedOnId == y.ContinuedOnId && x.ContinuedOnPage == y.ContinuedOnPage));
            Assert.That((await Search.SearchAsync("徐匯區")).Total, Is.EqualTo(1), "searchable again");
            Assert.That((await Search.SearchAsync("徐匯報")).Total, Is.Zero, "mastheads stay out of the index");
            Assert.That(after.Articles.Single(a => a.Rects.Any(r => r.Contains(0.1, 0.2))).Id, Is.EqualTo(lead.Id), "and clickable");
            Assert.That(await Trash.ListAsync(), Is.Empty);
            Assert.That(await Trash.RestoreAsync(id), Is.False, "restored once");
        });

        var audit = await new AuditStore(Db).ListAsync();
        Assert.That(audit.Items.Select(a => (a.Action, a.IssueId, a.Client)), Is.EqualTo(new[] { ("restore", (long?)id, "203.0.113.9"), ("delete", id, "203.0.113.9") }));
    }

    [Test]
    public async Task A_restore_onto_a_date_taken_meanwhile_is_a_conflict_and_changes_nothing()
    {
        var id = (await Publisher.PublishAsync(Linked(1, "a"))).IssueId;
        await Admin.DeleteIssueAsync(id);
        var other = (await Publisher.PublishAsync(Linked(2, "b"))).IssueId;
        var conflict = Assert.ThrowsAsync<IssueConflictException>(() => Trash.RestoreAsync(id));
        Assert.Multiple(async () =>
        {
            Assert.That(conflict!.Message, Does.Contain($"issue {other}"));
            Assert.That((await Trash.ListAsync()).Single().IssueId, Is.EqualTo(id), "still in the trash");
            Assert.That((await Issues.GetIssueAsync(other))!.Pages, Has.Count.EqualTo(2));
        });
    }

    [Test]
    public async Task A_purge_returns_only_the_files_nothing_else_refers_to()
    {
        var id = (await Publisher.PublishAsync(Linked(1, "a"))).IssueId;
        await Admin.DeleteIssueAsync(id);

        // The same PDF uploaded again, and a job queued for it: its original and its shared images are not the purge's to delete.
        var again = Linked(1, "a") with { Pages = [Page(1, [], "a")] };
        await Publisher.PublishAsync(again);
        var files = await Trash.PurgeAsync(id, new AuditEntry("purge"));
        Assert.Multiple(async () =>
        {
            Assert.That(files, Is.EquivalentTo(new[] { "a2-t.webp", "a2-s.webp", "a2-z.webp" }));
            Assert.That(await Trash.ListAsync(), Is.Empty);
            Assert.That(await Trash.PurgeAsync(id), Is.Null);
        });
    }

    [Test]
    public async Task Expired_entries_are_listed_for_the_sweep()
    {
        var time = new FixedTime(new DateTimeOffset(2024, 6, 1, 0, 0, 0, TimeSpan.Zero));
        using var db = new EpaperDatabase(Db.Path, time);
        var trash = new TrashStore(db);
        var id = (await new PublishStore(db).PublishAsync(Linked(1, "a"))).IssueId;
        await new IssueAdminStore(db).DeleteIssueAsync(id, TimeSpan.FromDays(30));
        Assert.That(await trash.ExpiredAsync(), Is.Empty);
        time.Now += TimeSpan.FromDays(31);
        Assert.That(await trash.ExpiredAsync(), Is.EqualTo(new[] { id }));
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
