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

        await Jobs.ReportProgressAsync(claimed!.Claim!, 3, 8);
        var running = await Jobs.GetAsync(id);
        Assert.That((running!.ProgressDone, running.ProgressTotal), Is.EqualTo((3, 8)));

        var issueId = (await Publisher.PublishAsync(Issue(new DateOnly(2024, 1, 2), 1, Page(1, [])))).IssueId;
        await Jobs.SucceedAsync(claimed.Claim!, issueId);
        var done = await Jobs.GetAsync(id);
        Assert.Multiple(() =>
        {
            Assert.That(done!.State, Is.EqualTo(JobState.Succeeded));
            Assert.That(done.IssueId, Is.EqualTo(issueId));
            Assert.That(done.ProgressDone, Is.EqualTo(8));
            Assert.That(done.FinishedAt, Is.Not.Null);
        });
        Assert.ThrowsAsync<JobLeaseLostException>(() => Jobs.ReportProgressAsync(claimed.Claim!, 1, 1), "finished jobs take no progress");
        Assert.ThrowsAsync<JobLeaseLostException>(() => Jobs.SucceedAsync(claimed.Claim!, issueId), "cannot succeed twice");
    }

    [Test]
    public async Task Claims_are_oldest_first_and_failures_recorded()
    {
        var a = await Jobs.EnqueueAsync("a.pdf", Sha(1));
        var b = await Jobs.EnqueueAsync("b.pdf", Sha(2));
        var claim = (await Jobs.ClaimNextAsync("w"))!.Claim!;
        Assert.That(claim.JobId, Is.EqualTo(a));
        await Jobs.FailAsync(claim, "not a newspaper PDF");
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
        Assert.ThrowsAsync<JobLeaseLostException>(() => Jobs.FailAsync(claim, "again"));
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
        var alive = (await jobs.ClaimNextAsync("alive"))!.Claim!;
        await jobs.ReportProgressAsync(alive, 1, 2);

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
            Assert.That(failed.Error, Does.Contain("worker stopped").And.Contain("2 attempt"));
            Assert.That(failed.ErrorDetail, Does.Contain("restarted").And.Contain("2 attempt"));
            Assert.That(failed.FinishedAt, Is.EqualTo(time.GetUtcNow()));
        });
    }

    [Test]
    public async Task A_stale_worker_can_neither_renew_nor_fail_nor_publish_for_a_job_another_worker_took_over()
    {
        var time = new ManualTime(new DateTimeOffset(2024, 1, 1, 8, 0, 0, TimeSpan.Zero));
        using var db = new EpaperDatabase(Db.Path, time);
        var jobs = new JobStore(db);
        var publisher = new PublishStore(db);
        var issues = new BrowseStore(db);
        var id = await jobs.EnqueueAsync("a.pdf", Sha(1));
        var stale = (await jobs.ClaimNextAsync("stale"))!.Claim!;

        // Its worker hangs (a long GC pause, a stuck disk): the lease runs out, and another worker takes the job over.
        time.Advance(TimeSpan.FromMinutes(10));
        Assert.That((await jobs.RequeueAbandonedAsync(TimeSpan.FromMinutes(2), RetryPolicy.Default with { Backoff = TimeSpan.Zero })).Requeued, Is.EqualTo(new[] { id }));
        var current = (await jobs.ClaimNextAsync("current"))!.Claim!;

        // The stale worker wakes up: every write it tries is refused, and its publish leaves nothing behind.
        Assert.ThrowsAsync<JobLeaseLostException>(() => jobs.ReportProgressAsync(stale, 1, 1));
        Assert.ThrowsAsync<JobLeaseLostException>(() => jobs.FailAsync(stale, "stale"));
        Assert.ThrowsAsync<JobLeaseLostException>(() => jobs.RetryOrFailAsync(stale, "stale", "stale", RetryPolicy.Default));
        Assert.ThrowsAsync<JobLeaseLostException>(() => publisher.PublishAsync(Issue(new DateOnly(2024, 1, 2), 1, Page(1, [])), new PublishOptions { Claim = stale }));
        Assert.That((await issues.ListIssuesAsync(null, null)).Total, Is.Zero, "the stale publish was rolled back");

        // The current worker's publish commits the issue and the job's success together.
        var published = await publisher.PublishAsync(Issue(new DateOnly(2024, 1, 2), 1, Page(1, [])), new PublishOptions { Claim = current });
        var done = await jobs.GetAsync(id);
        Assert.Multiple(() =>
        {
            Assert.That(done!.State, Is.EqualTo(JobState.Succeeded));
            Assert.That(done.IssueId, Is.EqualTo(published.IssueId));
            Assert.That(done.WorkerId, Is.EqualTo("current"));
            Assert.That(done.Attempts, Is.EqualTo(2));
        });
    }

    [Test]
    public async Task Every_failure_counts_as_an_attempt_and_is_retried_after_a_growing_backoff_until_the_last()
    {
        var time = new ManualTime(new DateTimeOffset(2024, 1, 1, 8, 0, 0, TimeSpan.Zero));
        using var db = new EpaperDatabase(Db.Path, time);
        var jobs = new JobStore(db);
        var policy = new RetryPolicy(3, TimeSpan.FromSeconds(30));
        var id = await jobs.EnqueueAsync("a.pdf", Sha(1));

        var first = (await jobs.ClaimNextAsync("w"))!.Claim!;
        Assert.That(await jobs.RetryOrFailAsync(first, "internal error", "System.IO.IOException: disk full at /data/x", policy), Is.EqualTo(RetryDecision.Retry));
        var waiting = await jobs.GetAsync(id);
        Assert.Multiple(async () =>
        {
            Assert.That(waiting!.State, Is.EqualTo(JobState.Queued));
            Assert.That(waiting.Error, Is.EqualTo("internal error"));
            Assert.That(waiting.ErrorDetail, Does.Contain("disk full"));
            Assert.That(waiting.NotBefore, Is.EqualTo(time.GetUtcNow() + TimeSpan.FromSeconds(30)));
            Assert.That(await jobs.ClaimNextAsync("w"), Is.Null, "not before its back-off has passed");
            Assert.That(await jobs.OldestWaitingAsync(), Is.Null, "a job in its back-off is not waiting for a worker");
        });

        time.Advance(TimeSpan.FromSeconds(31));
        var second = (await jobs.ClaimNextAsync("w"))!.Claim!;
        Assert.That(await jobs.RetryOrFailAsync(second, "internal error", "again", policy), Is.EqualTo(RetryDecision.Retry));
        Assert.That((await jobs.GetAsync(id))!.NotBefore, Is.EqualTo(time.GetUtcNow() + TimeSpan.FromSeconds(60)), "the back-off doubles");

        // A worker that dies during the last attempt: the recovery counts that too, and gives up.
        time.Advance(TimeSpan.FromSeconds(61));
        Assert.That((await jobs.ClaimNextAsync("dies"))!.Attempts, Is.EqualTo(3));
        time.Advance(TimeSpan.FromMinutes(5));
        var recovered = await jobs.RequeueAbandonedAsync(TimeSpan.FromMinutes(2), policy);
        var failed = await jobs.GetAsync(id);
        Assert.Multiple(() =>
        {
            Assert.That(recovered.Failed, Is.EqualTo(new[] { id }));
            Assert.That(failed!.State, Is.EqualTo(JobState.Failed));
            Assert.That(failed.Error, Does.Contain("gave up after 3 attempt(s)"));
        });
    }

    [Test]
    public async Task A_running_job_past_its_deadline_fails_although_its_worker_keeps_renewing_the_lease()
    {
        var time = new ManualTime(new DateTimeOffset(2024, 1, 1, 8, 0, 0, TimeSpan.Zero));
        using var db = new EpaperDatabase(Db.Path, time);
        var jobs = new JobStore(db);
        var id = await jobs.EnqueueAsync("bomb.pdf", Sha(1));
        var claim = (await jobs.ClaimNextAsync("stuck"))!.Claim!;
        var policy = new RetryPolicy(3, TimeSpan.Zero, TimeSpan.FromMinutes(30));
        var minutes = 0;
        for (; minutes < 40 && (await jobs.GetAsync(id))!.State == JobState.Running; minutes++)
        {
            await jobs.ReportProgressAsync(claim, 0, 4);
            time.Advance(TimeSpan.FromMinutes(1));
            await jobs.RequeueAbandonedAsync(TimeSpan.FromMinutes(2), policy);
        }

        Assert.That(minutes, Is.EqualTo(30), "the lease was renewed every minute until the deadline");

        var failed = await jobs.GetAsync(id);
        Assert.Multiple(() =>
        {
            Assert.That(failed!.State, Is.EqualTo(JobState.Failed));
            Assert.That(failed.Error, Does.Contain("deadline of 30 min"));
        });
        Assert.ThrowsAsync<JobLeaseLostException>(() => jobs.ReportProgressAsync(claim, 1, 4), "the stuck worker has lost the job");
    }

    [Test]
    public async Task A_released_job_goes_back_to_the_queue_without_counting_the_attempt()
    {
        var id = await Jobs.EnqueueAsync("a.pdf", Sha(1));
        var claim = (await Jobs.ClaimNextAsync("shutting-down"))!.Claim!;
        await Jobs.ReleaseAsync(claim);
        var again = await Jobs.ClaimNextAsync("next");
        Assert.That((again!.Id, again.Attempts), Is.EqualTo((id, 1)));
    }

    private sealed class ManualTime(DateTimeOffset now) : TimeProvider
    {
        private DateTimeOffset now = now;

        public override DateTimeOffset GetUtcNow() => now;

        public void Advance(TimeSpan by) => now += by;
    }
}
