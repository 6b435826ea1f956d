using XuhuiEpaper.Core.Model;
using XuhuiEpaper.Ingest.Tests.Fixtures;
using XuhuiEpaper.Storage;

namespace XuhuiEpaper.Ingest.Tests.Pipeline;

/// <summary>
/// The job runner over the real pipeline: a failure of the machine (not of the PDF) is retried after a back-off; a job
/// past its deadline fails with that reason; a job whose lease was lost publishes nothing; nothing escapes the runner.
/// </summary>
[NonParallelizable]
public class JobRunnerTests : PipelineTestBase
{
    [Test]
    public async Task An_internal_failure_counts_as_an_attempt_and_the_job_succeeds_on_the_next()
    {
        var (_, issues, jobs, runner) = Build(epaper: o => o.JobRetryBackoff = TimeSpan.Zero);
        var jobId = await jobs.EnqueueAsync(SamplePaths.Pdf, "sample");

        // The images folder is a file: the images cannot be written (as on a full or read-only disk).
        var images = Path.Combine(DataDir, "images");
        await File.WriteAllTextAsync(images, "not a folder");
        Assert.That(await runner.RunNextAsync(null, CancellationToken.None), Is.True, "the failure did not escape the runner");
        var failed = await jobs.GetAsync(jobId);
        Assert.Multiple(() =>
        {
            Assert.That(failed!.State, Is.EqualTo(JobState.Queued), "queued again for another attempt");
            Assert.That(failed.Attempts, Is.EqualTo(1));
            Assert.That(failed.Error, Does.StartWith("internal error during attempt 1").And.Not.Contain(DataDir), "no server path for anyone to read");
            Assert.That(failed.ErrorDetail, Does.Contain("IOException").Or.Contain("UnauthorizedAccessException"), "the full error for admins");
        });

        File.Delete(images);
        Assert.That(await runner.RunNextAsync(null, CancellationToken.None), Is.True);
        var done = await jobs.GetAsync(jobId);
        Assert.Multiple(async () =>
        {
            Assert.That(done!.State, Is.EqualTo(JobState.Succeeded), done.ErrorDetail);
            Assert.That(done.Attempts, Is.EqualTo(2));
            Assert.That((await issues.ListIssuesAsync(null, null)).Total, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task A_machine_failure_on_every_attempt_gives_up_after_the_last()
    {
        var (_, _, jobs, runner) = Build(epaper: o => (o.JobRetryBackoff, o.JobMaxAttempts) = (TimeSpan.Zero, 2));
        var jobId = await jobs.EnqueueAsync(SamplePaths.Pdf, "sample");
        await File.WriteAllTextAsync(Path.Combine(DataDir, "images"), "not a folder");
        Assert.That(await runner.RunNextAsync(null, CancellationToken.None), Is.True);
        Assert.That(await runner.RunNextAsync(null, CancellationToken.None), Is.True);
        Assert.That(await runner.RunNextAsync(null, CancellationToken.None), Is.False, "nothing left to try");
        var job = await jobs.GetAsync(jobId);
        Assert.Multiple(() =>
        {
            Assert.That(job!.State, Is.EqualTo(JobState.Failed));
            Assert.That(job.Attempts, Is.EqualTo(2));
            Assert.That(job.Error, Does.EndWith("gave up after 2 attempt(s)"));
        });
    }

    [Test]
    public async Task A_job_past_its_deadline_is_stopped_and_fails_with_that_reason()
    {
        var (_, issues, jobs, runner) = Build(epaper: o => o.JobDeadline = TimeSpan.FromMilliseconds(300));
        var jobId = await jobs.EnqueueAsync(SamplePaths.Pdf, "sample");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        Assert.That(await runner.RunNextAsync(null, CancellationToken.None), Is.True);
        var job = await jobs.GetAsync(jobId);
        Assert.Multiple(async () =>
        {
            Assert.That(job!.State, Is.EqualTo(JobState.Failed));
            Assert.That(job.Error, Does.Contain("deadline"));
            Assert.That((await issues.ListIssuesAsync(null, null)).Total, Is.Zero);
            Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(10)), "stopped, not run to its end");
            Assert.That(ChildProcesses.Names(), Has.None.AnyOf("pdftoppm", "prlimit"), "its renderers were killed");
        });
    }

    [Test]
    public async Task A_job_taken_over_by_another_worker_mid_way_is_dropped_and_publishes_nothing()
    {
        var (pipeline, issues, jobs, runner) = Build();
        var jobId = await jobs.EnqueueAsync(SamplePaths.Pdf, "sample", new MetadataOverrides(Date: new DateOnly(2021, 12, 20)));

        // As soon as the job runs, another process's recovery gives it away (its lease looked expired) and a worker claims it.
        var taken = new TaskCompletionSource<JobClaim>();
        var observer = new InlineProgress<(long JobId, Ingest.Pipeline.IngestProgress Progress)>(p =>
        {
            if (p.Progress.Stage == Ingest.Pipeline.IngestStage.Rendering && !taken.Task.IsCompleted)
            {
                taken.SetResult(TakeOver(jobId));
            }
        });
        Assert.That(await runner.RunNextAsync(observer, CancellationToken.None), Is.True);
        var other = await taken.Task;

        var job = await jobs.GetAsync(jobId);
        Assert.Multiple(async () =>
        {
            Assert.That(job!.State, Is.EqualTo(JobState.Running), "still the other worker's");
            Assert.That(job.WorkerId, Is.EqualTo(other.WorkerId));
            Assert.That(job.Error, Is.Null, "the dropped worker wrote nothing about it");
            Assert.That((await issues.ListIssuesAsync(null, null)).Total, Is.Zero, "and published nothing");
        });

        JobClaim TakeOver(long id)
        {
            using var c = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Database.Path};Pooling=False");
            c.Open();
            using var command = c.CreateCommand();
            command.CommandText = $"UPDATE jobs SET worker_id = 'other-worker', heartbeat_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = {id}";
            command.ExecuteNonQuery();
            return new JobClaim(id, "other-worker");
        }
    }

    private sealed class InlineProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
