using Dapper;
using XuhuiEpaper.Core.Geometry;
using XuhuiEpaper.Core.Model;

namespace XuhuiEpaper.Storage.Tests;


/// <summary>Lists, the latest issue, lookups by SHA-256, and reads during a write.</summary>
public class BrowseStoreTests : DatabaseFixture
{
    [Test]
    public async Task List_latest_and_find_by_sha()
    {
        for (var day = 1; day <= 5; day++)
        {
            await Publisher.PublishAsync(Issue(new DateOnly(2024, 3, day), day, Page(1, [], $"d{day}-")));
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
    public async Task Readers_see_committed_state_while_a_write_is_open()
    {
        await Publisher.PublishAsync(FullIssue());
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
