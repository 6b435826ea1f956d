using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using XuhuiEpaper.Core.Model;
using XuhuiEpaper.Ingest.Images;
using XuhuiEpaper.Ingest.Tests.Fixtures;
using XuhuiEpaper.Ingest.Pipeline;
using XuhuiEpaper.Ingest.Rendering;
using XuhuiEpaper.Ingest.Validation;
using XuhuiEpaper.Samples.Truth;
using XuhuiEpaper.Storage;

namespace XuhuiEpaper.Ingest.Tests.Pipeline;

/// <summary>The whole pipeline on the committed sample issue: real PDF, real poppler, real SQLite file.</summary>
[NonParallelizable]
public class IngestPipelineTests : PipelineTestBase
{
    [Test]
    public async Task A_front_page_without_a_readable_masthead_takes_the_configured_paper_name_or_is_refused_with_a_reason()
    {
        var pdf = Path.Combine(DataDir, "no-masthead.pdf");
        Directory.CreateDirectory(DataDir);
        TestPdfs.WriteSimple(pdf, title: "®mttt§"); // a blackletter masthead as OCR reads it
        var date = new MetadataOverrides(Date: new DateOnly(2022, 3, 4));

        var refused = Assert.ThrowsAsync<IngestRejectedException>(() => Build().Pipeline.IngestAsync(pdf, date));
        Assert.That(refused!.Message, Does.Contain("no paper name").And.Contain("Epaper:Paper"));

        var result = await Build(paper: "徐匯報").Pipeline.IngestAsync(pdf, date);
        Assert.That(result.Paper, Is.EqualTo("徐匯報"));
    }

    [Test]
    public async Task Sample_issue_is_published_with_metadata_read_from_the_front_page()
    {
        var (pipeline, issues, _, _) = Build();
        var truth = IssueTruthJson.Deserialize(await File.ReadAllTextAsync(SamplePaths.Truth));
        var stages = new List<IngestStage>();

        var result = await pipeline.IngestAsync(SamplePaths.Pdf, new MetadataOverrides(), new InlineProgress(p => stages.Add(p.Stage)));

        var detail = await issues.GetIssueAsync(result.IssueId);
        Assert.That(detail, Is.Not.Null);

        // Published without its IIIF tiles: they are queued, a task per page, and made afterwards.
        var tileTasks = new TileTaskStore(Database);
        Assert.That((await tileTasks.ListAsync()).Select(t => t.ZoomFile), Is.EquivalentTo(detail!.Pages.Select(p => p.Images.Zoom)));
        Assert.That(Directory.Exists(Path.Combine(DataDir, "images", "iiif")), Is.False, "no tile is made before the publish");
        Assert.That(await BuildTiles().RunAllAsync(2, CancellationToken.None), Is.EqualTo(detail.Pages.Count));
        Assert.That(await tileTasks.ListAsync(), Is.Empty);

        Assert.Multiple(() =>
        {
            Assert.That(detail!.Issue.Paper, Is.EqualTo("徐匯報"));
            Assert.That(detail.Issue.Date, Is.EqualTo(new DateOnly(2021, 12, 13)));
            Assert.That(detail.Issue.Number, Is.EqualTo(51));
            Assert.That(detail.Issue.TotalNumber, Is.EqualTo(1652));
            Assert.That(detail.Pages.Select(p => p.Label), Is.EqualTo(truth.Pages.Select(p => p.Label)));
            Assert.That(detail.Pages.Select(p => p.Name), Is.EqualTo(truth.Pages.Select(p => p.Name)), "版名, from the issue line on the front page and the headers inside");
            Assert.That(stages, Does.Contain(IngestStage.Rendering).And.Contain(IngestStage.Done));
            foreach (var page in detail.Pages)
            {
                Assert.That(File.Exists(Path.Combine(DataDir, "images", page.Images.Screen)), page.Images.Screen);
                Assert.That(File.Exists(Path.Combine(DataDir, "images", page.Images.Zoom)), page.Images.Zoom);
                Assert.That(File.Exists(Path.Combine(DataDir, "images", page.Images.Thumbnail)), page.Images.Thumbnail);

                // The page's IIIF tile set, named by its zoom image's hash: info.json and every tile it lists.
                var tiles = Path.Combine(DataDir, "images", "iiif", page.Images.Zoom.Split('-')[0]);
                var info = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(tiles, "info.json")))!;
                Assert.That((int?)info["width"], Is.EqualTo(1200));
                Assert.That((int?)info["height"], Is.EqualTo((int)Math.Round(1200 * page.HeightPt / page.WidthPt)).Within(1));
                Assert.That((string?)info["id"], Is.EqualTo("/iiif/image/" + page.Images.Zoom.Split('-')[0]));
                var listed = Core.Iiif.IiifImageTiles.Tiles((int)info["width"]!, (int)info["height"]!).Select(t => t.Path).ToList();
                Assert.That(listed.All(t => File.Exists(Path.Combine(tiles, t))), $"every tile of {tiles}");
                Assert.That(Directory.GetFiles(tiles, "*.jpg", SearchOption.AllDirectories), Has.Length.EqualTo(listed.Count));
            }

            Assert.That(File.Exists(Path.Combine(DataDir, detail.Issue.OriginalFile)), "the original PDF is kept");
            Assert.That(Directory.GetDirectories(Path.Combine(DataDir, "images")).Select(Path.GetFileName), Is.EqualTo(new[] { "iiif" }), "no staging folder left");
            Assert.That(Directory.GetDirectories(Path.Combine(DataDir, "images", "iiif")), Has.Length.EqualTo(detail.Pages.Count), "no unnamed tile set left");
        });

        TestContext.Out.WriteLine($"articles per page: {string.Join(", ", result.ArticlesPerPage)}; truth: {string.Join(", ", truth.Pages.Select(p => p.Articles.Count))}");
        var lead = await issues.GetPageAsync(result.IssueId, 1);
        var truthKinds = truth.Pages[0].Articles.Select(a => a.Kind).Order();
        Assert.That(lead!.Articles.Where(a => a.Kind is not (RegionKind.Masthead or RegionKind.Other)).Select(a => a.Kind.ToString().ToLowerInvariant()).Order(), Is.EqualTo(truthKinds),
            "front page kinds: articles, notices (決定, 喜報) and the advertisement; the slogan banner is furniture (other)");
        var leadArticle = lead.Articles.Single(a => a.Title?.Contains("三十而立", StringComparison.Ordinal) == true);
        var article = await issues.GetArticleAsync(leadArticle.Id);
        Assert.That(article!.ContinuedOnId, Is.Not.Null, "下轉第2版 links the lead to its page-2 part");

        var search = await new SearchStore(Database).SearchAsync("徐匯");
        Assert.That(search.Total, Is.GreaterThan(5));
    }

    [Test]
    public async Task Same_file_twice_is_the_same_issue()
    {
        var (pipeline, issues, _, _) = Build();
        var first = await pipeline.IngestAsync(SamplePaths.Pdf, new MetadataOverrides());
        var second = await pipeline.IngestAsync(SamplePaths.Pdf, new MetadataOverrides());
        Assert.Multiple(() =>
        {
            Assert.That(second.IssueId, Is.EqualTo(first.IssueId));
            Assert.That(second.AlreadyPublished, Is.True);
            Assert.That(Directory.GetFiles(Path.Combine(DataDir, "originals"), "*.pdf"), Has.Length.EqualTo(1));
        });
        Assert.That((await issues.ListIssuesAsync(null, null)).Total, Is.EqualTo(1));
    }

    [Test]
    public async Task A_bad_file_fails_its_job_with_the_reason_and_the_runner_goes_on()
    {
        var (_, issues, jobs, runner) = Build();
        var notPdf = Path.Combine(DataDir, "notes.pdf");
        await File.WriteAllTextAsync(notPdf, "these are meeting notes, not a PDF");
        var bad = await jobs.EnqueueAsync(notPdf, "0000");
        var good = await jobs.EnqueueAsync(SamplePaths.Pdf, "1111");

        Assert.That(await runner.RunNextAsync(null, CancellationToken.None), Is.True);
        Assert.That(await runner.RunNextAsync(null, CancellationToken.None), Is.True);

        var failed = await jobs.GetAsync(bad);
        var succeeded = await jobs.GetAsync(good);
        Assert.Multiple(() =>
        {
            Assert.That(failed!.State, Is.EqualTo(JobState.Failed));
            Assert.That(failed.Error, Does.StartWith("not a PDF"));
            Assert.That(succeeded!.State, Is.EqualTo(JobState.Succeeded));
            Assert.That(succeeded.IssueId, Is.Not.Null);
        });
        Assert.That((await issues.ListIssuesAsync(null, null)).Total, Is.EqualTo(1));
    }

    [Test]
    public async Task A_date_given_by_the_archivist_overrides_the_one_printed()
    {
        var (pipeline, issues, _, _) = Build();
        var result = await pipeline.IngestAsync(SamplePaths.Pdf, new MetadataOverrides(Date: new DateOnly(2021, 12, 14), Number: 52));
        var issue = (await issues.GetIssueAsync(result.IssueId))!.Issue;
        Assert.That((issue.Date, issue.Number, issue.TotalNumber), Is.EqualTo((new DateOnly(2021, 12, 14), (int?)52, (int?)1652)));
    }

    [Test]
    public async Task The_same_file_again_with_a_corrected_date_replaces_its_issue()
    {
        var (pipeline, issues, _, _) = Build();
        var first = await pipeline.IngestAsync(SamplePaths.Pdf, new MetadataOverrides());
        var second = await pipeline.IngestAsync(SamplePaths.Pdf, new MetadataOverrides(Date: new DateOnly(2021, 12, 20)));

        var all = await issues.ListIssuesAsync(null, null);
        Assert.Multiple(() =>
        {
            Assert.That(all.Total, Is.EqualTo(1), "one PDF is one issue");
            Assert.That(all.Items.Single().Id, Is.EqualTo(second.IssueId).And.Not.EqualTo(first.IssueId));
            Assert.That(all.Items.Single().Date, Is.EqualTo(new DateOnly(2021, 12, 20)));
        });
    }

    private sealed class InlineProgress(Action<IngestProgress> report) : IProgress<IngestProgress>
    {
        public void Report(IngestProgress value) => report(value);
    }
}

/// <summary>The committed sample files, found from the repository root (the folder holding XuhuiEpaper.sln).</summary>
internal static class SamplePaths
{
    public static string Root { get; } = FindRoot();
    public static string Pdf => Path.Combine(Root, "samples", "xuhuibao-2021-12-13.pdf");
    public static string Truth => Path.Combine(Root, "samples", "xuhuibao-2021-12-13.truth.json");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "XuhuiEpaper.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("XuhuiEpaper.sln not found above the test directory");
    }
}
