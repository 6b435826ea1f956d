using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using XuhuiEpaper.Ingest.Images;
using XuhuiEpaper.Ingest.Pipeline;
using XuhuiEpaper.Ingest.Rendering;
using XuhuiEpaper.Ingest.Tests.Fixtures;
using XuhuiEpaper.Ingest.Validation;
using XuhuiEpaper.Storage;

namespace XuhuiEpaper.Ingest.Tests.Pipeline;

/// <summary>
/// A page the renderer cannot finish, through the whole pipeline and the job runner: real pdftoppm killed on its
/// deadline, real SQLite file, real data folder.
/// </summary>
[NonParallelizable]
public class RenderFailureTests : PipelineTestBase
{
    [Test]
    public async Task A_page_that_times_out_fails_its_job_publishes_nothing_and_the_runner_goes_on()
    {
        var render = new RenderOptions { PageTimeout = TimeSpan.FromMilliseconds(1) };
        var (_, issues, jobs, runner) = Build(render);
        var jobId = await jobs.EnqueueAsync(SamplePaths.Pdf, "sample");

        Assert.That(await runner.RunNextAsync(null, CancellationToken.None), Is.True);

        var job = await jobs.GetAsync(jobId);
        var imagesDir = Path.Combine(DataDir, "images");
        Assert.Multiple(async () =>
        {
            Assert.That(job!.State, Is.EqualTo(JobState.Failed));
            Assert.That(job.Error, Does.Match(@"^page [1-4]: rendering timed out after 1 ms; pdftoppm was killed$"));
            Assert.That(job.IssueId, Is.Null);
            Assert.That((await issues.ListIssuesAsync(null, null)).Total, Is.Zero, "no issue is visible");
            Assert.That(await issues.FindBySha256Async(Sha256(SamplePaths.Pdf)), Is.Null);
            Assert.That(Directory.GetDirectories(imagesDir), Is.Empty, "no staging folder is left");
            Assert.That(Directory.GetFiles(imagesDir), Is.Empty, "no image of the failed issue is left");
            Assert.That(ChildProcesses.Names(), Has.None.AnyOf("pdftoppm", "prlimit"), "no renderer is left running");
        });

        // The same runner takes the next job: with a workable timeout, the same file is published.
        render.PageTimeout = TimeSpan.FromMinutes(2);
        var next = await jobs.EnqueueAsync(SamplePaths.Pdf, "sample");
        Assert.That(await runner.RunNextAsync(null, CancellationToken.None), Is.True);

        var done = await jobs.GetAsync(next);
        Assert.That(done!.State, Is.EqualTo(JobState.Succeeded), done.Error);
        var detail = await issues.GetIssueAsync(done.IssueId!.Value);
        Assert.Multiple(() =>
        {
            Assert.That(detail!.Issue.Date, Is.EqualTo(new DateOnly(2021, 12, 13)));
            Assert.That(detail.Pages, Has.Count.EqualTo(4));
            Assert.That(Directory.GetDirectories(imagesDir), Is.Empty, "no staging folder (the IIIF tiles follow the publish)");
            Assert.That(Directory.GetFiles(imagesDir), Has.Length.EqualTo(4 * 3), "three images per page, nothing else");
        });
        Assert.That(await runner.RunNextAsync(null, CancellationToken.None), Is.False, "the queue is empty");
    }

    [Test]
    public async Task A_renderer_out_of_memory_fails_its_job_with_that_reason_and_publishes_nothing()
    {
        // At the production zoom width a page needs far more than 32 MB; nothing gets as far as the images.
        var (_, issues, jobs, runner) = Build(new RenderOptions { MemoryLimitBytes = 32L << 20 }, new ImageOptions());
        var jobId = await jobs.EnqueueAsync(SamplePaths.Pdf, "sample");

        Assert.That(await runner.RunNextAsync(null, CancellationToken.None), Is.True);

        var job = await jobs.GetAsync(jobId);
        Assert.Multiple(async () =>
        {
            Assert.That(job!.State, Is.EqualTo(JobState.Failed));
            Assert.That(job.Error, Does.Match(@"^page [1-4]: rendering ran out of memory \(limit 32 MB\)$"));
            Assert.That((await issues.ListIssuesAsync(null, null)).Total, Is.Zero);
            Assert.That(Directory.GetFileSystemEntries(Path.Combine(DataDir, "images")), Is.Empty);
            Assert.That(ChildProcesses.Names(), Has.None.AnyOf("pdftoppm", "prlimit"));
        });
    }

    private static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(stream));
    }
}
