using System.Data;
using XuhuiEpaper.Core.Model;

namespace XuhuiEpaper.Storage.Tests;

public class JobStoreTests : DatabaseFixture
{
    [Test]
    public async Task Enqueue_claim_progress_succeed()
    {
        var options = new MetadataOverrides(new DateOnly(2024, 1, 2), 3, 456, "徐匯報");
        var id = await Jobs.EnqueueAsync("/in/a.pdf", Sha(1), options);
        var queued = await Jobs.GetAsync(id);
        Assert.Multiple(() =>
        {
            Assert.That(queued!.State, Is.EqualTo(JobState.Queued));
            Assert.That(queued.FilePath, Is.EqualTo("/in/a.pdf"));
            Assert.That(queued.Sha256, Is.EqualTo(Sha(1)));
            Assert.That(queued.Options, Is.EqualTo(options));
            Assert.That(queued.Attempts, Is.Zero);
            Assert.That(queued.StartedAt, Is.Null);
        });

        var claimed = await Jobs.ClaimNextAsync("worker-1");
        Assert.Multiple(() =>
        {
            Assert.That(claimed!.Id, Is.EqualTo(id));
            Assert.That(claimed.State, Is.EqualTo(JobState.Running));
            Assert.That(claimed.WorkerId, Is.EqualTo("worker-1"));
            Assert.That(claimed.Attempts, Is.EqualTo(1));
            Assert.That(claimed.StartedAt, Is.Not.Null);
            Assert.That(claimed.HeartbeatAt, Is.Not.Null);
        });
        Assert.That(await Jobs.ClaimNextAsync("worker-2"), Is.Null, "queue is empty");

        await Jobs.ReportProgressAsync(id, 3, 8);
        var running = await Jobs.GetAsync(id);
        Assert.That((running!.ProgressDone, running.ProgressTotal), Is.EqualTo((3, 8)));

        var issueId = (await Issues.PublishAsync(Issue(new DateOnly(2024, 1, 2), 1, Page(1, [])))).IssueId;
        await Jobs.SucceedAsync(id, issueId);
        var done = await Jobs.GetAsync(id);
        Assert.Multiple(() =>
        {
            Assert.That(done!.State, Is.EqualTo(JobState.Succeeded));
            Assert.That(done.IssueId, Is.EqualTo(issueId));
            Assert.That(done.ProgressDone, Is.EqualTo(8));
            Assert.That(done.FinishedAt, Is.Not.Null);
        });
        Assert.ThrowsAsync<DataException>(() => Jobs.ReportProgressAsync(id, 1, 1), "finished jobs take no progress");
        Assert.ThrowsAsync<DataException>(() => Jobs.SucceedAsync(id, issueId), "cannot succeed twice");
    }

    [Test]
    public async Task Claims_are_oldest_first_and_failures_recorded()
    {
        var a = await Jobs.EnqueueAsync("a.pdf", Sha(1));
        var b = await Jobs.EnqueueAsync("b.pdf", Sha(2));
        Assert.That((await Jobs.ClaimNextAsync("w"))!.Id, Is.EqualTo(a));
        await Jobs.FailAsync(a, "not a newspaper PDF");
        var failed = await Jobs.GetAsync(a);
        Assert.Multiple(async () =>
        {
            Assert.That(failed!.State, Is.EqualTo(JobState.Failed));
            Assert.That(failed.Error, Is.EqualTo("not a newspaper PDF"));
            Assert.That(failed.FinishedAt, Is.Not.Null);
            Assert.That((await Jobs.ClaimNextAsync("w"))!.Id, Is.EqualTo(b));
            Assert.That(await Jobs.GetAsync(9999), Is.Null);
            Assert.That((await Jobs.ListRecentAsync()).Select(j => j.Id), Is.EqualTo(new[] { b, a }));
        });
        Assert.ThrowsAsync<DataException>(() => Jobs.FailAsync(a, "again"));
    }

    [Test]
    public async Task Concurrent_claimers_in_two_processes_never_share_a_job()
    {
        const int JobCount = 40;
        for (var i = 0; i < JobCount; i++)
        {
            await Jobs.EnqueueAsync($"{i}.pdf", Sha(i));
        }

        // Two database instances on the same file stand for two processes: only SQLite's locking separates them.
        using var other = new EpaperDatabase(Db.Path);
        var stores = new[] { Jobs, new JobStore(other), Jobs, new JobStore(other) };
        var claimers = stores.Select((store, n) => Task.Run(async () =>
        {
            var mine = new List<long>();
            while (await store.ClaimNextAsync($"w{n}") is { } job)
            {
                mine.Add(job.Id);
            }

            return mine;
        })).ToArray();
        var claimed = (await Task.WhenAll(claimers)).SelectMany(ids => ids).ToList();

        Assert.Multiple(async () =>
        {
            Assert.That(claimed, Has.Count.EqualTo(JobCount));
            Assert.That(claimed, Is.Unique);
            Assert.That((await Jobs.ListRecentAsync(100)).Select(j => j.Attempts), Is.All.EqualTo(1));
        });
    }

    [Test]
    public async Task Abandoned_running_jobs_are_requeued_then_failed_after_max_attempts()
    {
        var time = new ManualTime(new DateTimeOffset(2024, 1, 1, 8, 0, 0, TimeSpan.Zero));
        using var db = new EpaperDatabase(Db.Path, time);
        var jobs = new JobStore(db);
        var id = await jobs.EnqueueAsync("a.pdf", Sha(1));
        var fresh = await jobs.EnqueueAsync("b.pdf", Sha(2));

        await jobs.ClaimNextAsync("crashed");
        time.Advance(TimeSpan.FromMinutes(10));
        await jobs.ClaimNextAsync("alive");
        await jobs.ReportProgressAsync(fresh, 1, 2);

        var requeue = await jobs.RequeueAbandonedAsync(TimeSpan.FromMinutes(5), maxAttempts: 2);
        Assert.Multiple(async () =>
        {
            Assert.That(requeue.Requeued, Is.EqualTo(new[] { id }), "lease expired");
            Assert.That(requeue.Failed, Is.Empty);
            Assert.That((await jobs.GetAsync(fresh))!.State, Is.EqualTo(JobState.Running), "lease still fresh");
            Assert.That((await jobs.GetAsync(id))!.WorkerId, Is.Null);
        });

        var again = await jobs.ClaimNextAsync("restarted");
        Assert.That((again!.Id, again.Attempts), Is.EqualTo((id, 2)));
        // At start-up nothing can be running any more: a zero lease requeues everything.
        var startup = await jobs.RequeueAbandonedAsync(TimeSpan.Zero, maxAttempts: 2);
        var failed = await jobs.GetAsync(id);
        Assert.Multiple(() =>
        {
            Assert.That(startup.Failed, Is.EqualTo(new[] { id }), "second attempt was the last");
            Assert.That(startup.Requeued, Is.EqualTo(new[] { fresh }));
            Assert.That(failed!.State, Is.EqualTo(JobState.Failed));
            Assert.That(failed.Attempts, Is.EqualTo(2));
            Assert.That(failed.Error, Does.Contain("restarted").And.Contain("2 attempt"));
            Assert.That(failed.FinishedAt, Is.EqualTo(time.GetUtcNow()));
        });
    }

    private sealed class ManualTime(DateTimeOffset now) : TimeProvider
    {
        private DateTimeOffset now = now;

        public override DateTimeOffset GetUtcNow() => now;

        public void Advance(TimeSpan by) => now += by;
    }
}
