using System.Text.Json.Nodes;
using XuhuiEpaper.Core.Iiif;
using XuhuiEpaper.Core.Model;
using XuhuiEpaper.Ingest.Images;
using XuhuiEpaper.Storage;

namespace XuhuiEpaper.Ingest.Tests.Pipeline;

/// <summary>
/// The IIIF tiles follow the publish (issue 12): queued in the publish's commit, made by <see cref="Ingest.Pipeline.TileRunner"/>
/// afterwards, picked up again after a restart (a task a dead worker held, the remains of a tile set it was writing).
/// </summary>
[NonParallelizable]
public class TileRunnerTests : PipelineTestBase
{
    private string TileSet(string zoom) => Path.Combine(DataDir, "images", IiifTileWriter.RootFolder, IiifTileWriter.FolderName(zoom));

    [Test]
    public async Task The_issue_is_published_before_its_tiles_and_a_restart_makes_the_tiles_left_behind()
    {
        var (pipeline, issues, _, _) = Build();
        var result = await pipeline.IngestAsync(SamplePaths.Pdf, new MetadataOverrides());

        // Readers see the issue now; its tiles are tasks, one per page.
        var detail = await issues.GetIssueAsync(result.IssueId);
        Assert.That(detail, Is.Not.Null, "published");
        var zooms = detail!.Pages.Select(p => p.Images.Zoom).ToList();
        Assert.That((await new TileTaskStore(Database).ListAsync()).Select(t => t.ZoomFile), Is.EquivalentTo(zooms));
        Assert.That(zooms.Any(z => IiifTileWriter.IsComplete(Path.Combine(DataDir, "images"), z)), Is.False);

        // A worker made one page's tiles and died in the second: it holds that task, and left half a tile set behind.
        var dead = new TileTaskStore(Database);
        var held = await dead.ClaimNextAsync("dead-worker", TimeSpan.FromSeconds(30));
        Assert.That(held, Is.Not.Null);
        var half = Directory.CreateDirectory(Path.Combine(TileSet(held!.ZoomFile), "full", "max", "0"));
        await File.WriteAllBytesAsync(Path.Combine(half.FullName, "default.jpg"), [0xFF, 0xD8]);
        Directory.CreateDirectory(Path.Combine(DataDir, "images", IiifTileWriter.RootFolder, ".tiles-deadbeef", "full"));

        // The restart: a new process (its own database object over the same file) whose lease has passed the dead one's.
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        using (var restarted = new EpaperDatabase(Path.Combine(DataDir, "epaper.db")))
        {
            var early = BuildTiles(restarted);
            Assert.That(await early.RunAllAsync(2, CancellationToken.None), Is.EqualTo(zooms.Count - 1), "the held task waits for its lease");
            await Task.Delay(TimeSpan.FromMilliseconds(300));
            var late = BuildTiles(restarted, epaper: o => o.JobLease = TimeSpan.FromMilliseconds(200));
            Assert.That(await late.RunAllAsync(2, CancellationToken.None), Is.EqualTo(1), "the dead worker's task, taken over");
            Assert.That(await new TileTaskStore(restarted).ListAsync(), Is.Empty);
        }

        Assert.That(await dead.CompleteAsync(held), Is.False, "the dead worker no longer holds its task");
        foreach (var zoom in zooms)
        {
            var info = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(TileSet(zoom), "info.json")))!;
            var listed = IiifImageTiles.Tiles((int)info["width"]!, (int)info["height"]!).Select(t => t.Path).ToList();
            Assert.That(listed.All(t => new FileInfo(Path.Combine(TileSet(zoom), t)).Length > 100), $"every tile of {zoom}, whole");
            Assert.That(Directory.GetFiles(TileSet(zoom), "*.jpg", SearchOption.AllDirectories), Has.Length.EqualTo(listed.Count));
        }
    }

    [Test]
    public async Task A_page_whose_image_cannot_be_read_is_retried_then_given_up_and_a_gone_image_is_dropped()
    {
        var (pipeline, issues, _, _) = Build();
        var result = await pipeline.IngestAsync(SamplePaths.Pdf, new MetadataOverrides());
        var pages = (await issues.GetIssueAsync(result.IssueId))!.Pages;
        var images = Path.Combine(DataDir, "images");
        await File.WriteAllBytesAsync(Path.Combine(images, pages[0].Images.Zoom), [1, 2, 3]);
        File.Delete(Path.Combine(images, pages[1].Images.Zoom));

        var tiles = BuildTiles(epaper: o =>
        {
            o.JobMaxAttempts = 2;
            o.JobRetryBackoff = TimeSpan.Zero;
        });
        Assert.That(await tiles.RunAllAsync(1, CancellationToken.None), Is.EqualTo(pages.Count + 1), "every page, and the unreadable one twice");

        var left = await new TileTaskStore(Database).ListAsync();
        Assert.That(left, Has.Count.EqualTo(1), "the gone image's task is dropped, the made ones are done");
        Assert.Multiple(() =>
        {
            Assert.That(left[0].ZoomFile, Is.EqualTo(pages[0].Images.Zoom));
            Assert.That(left[0].GivenUp, Is.True);
            Assert.That(left[0].Attempts, Is.EqualTo(2));
            Assert.That(left[0].Error, Does.Contain("decode"));
            Assert.That(IiifTileWriter.IsComplete(images, pages[2].Images.Zoom), Is.True);
        });
    }

    [Test]
    public async Task Pages_left_without_tiles_and_without_a_task_are_queued_again()
    {
        var (pipeline, issues, _, _) = Build();
        var result = await pipeline.IngestAsync(SamplePaths.Pdf, new MetadataOverrides());
        var zooms = (await issues.GetIssueAsync(result.IssueId))!.Pages.Select(p => p.Images.Zoom).ToList();
        var tiles = BuildTiles();
        Assert.That(await tiles.RunAllAsync(1, CancellationToken.None), Is.EqualTo(zooms.Count));
        Assert.That(await tiles.QueueMissingAsync(CancellationToken.None), Is.Zero, "every page has its tiles");

        // One page's tile set went (an archive ingested with tiles off, a restore after its task was dropped).
        Directory.Delete(TileSet(zooms[1]), recursive: true);
        Assert.That(await tiles.QueueMissingAsync(CancellationToken.None), Is.EqualTo(1));
        Assert.That(await tiles.QueueMissingAsync(CancellationToken.None), Is.Zero, "queued once");
        Assert.That(await tiles.RunAllAsync(1, CancellationToken.None), Is.EqualTo(1));
        Assert.That(IiifTileWriter.IsComplete(Path.Combine(DataDir, "images"), zooms[1]), Is.True);
    }
}
