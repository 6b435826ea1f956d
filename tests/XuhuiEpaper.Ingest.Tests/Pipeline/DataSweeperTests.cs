using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using XuhuiEpaper.Core.Geometry;
using XuhuiEpaper.Core.Model;
using XuhuiEpaper.Ingest.Housekeeping;
using XuhuiEpaper.Ingest.Pipeline;
using XuhuiEpaper.Storage;

namespace XuhuiEpaper.Ingest.Tests.Pipeline;

/// <summary>The start-up sweep over a real data folder and SQLite file: what crashes leave behind goes; nothing in use does.</summary>
public class DataSweeperTests : PipelineTestBase
{
    private static readonly DateTime Old = DateTime.UtcNow.AddHours(-1);

    [Test]
    public async Task The_sweep_removes_leftovers_and_expired_trash_and_spares_what_is_referenced_or_fresh()
    {
        var options = Options.Create(new EpaperOptions { DataDir = DataDir, JobLease = TimeSpan.FromMinutes(2) });
        var publisher = new PublishStore(Database);
        var admin = new IssueAdminStore(Database);
        var trashStore = new TrashStore(Database);
        var trash = new TrashBin(options);
        var sweeper = new DataSweeper(trashStore, trash, options, NullLogger<DataSweeper>.Instance);
        var images = Path.Combine(DataDir, "images");
        Directory.CreateDirectory(images);
        Directory.CreateDirectory(Path.Combine(DataDir, "originals"));

        // A published issue, and a deleted one whose delete died before its original moved (still in originals/).
        var live = await publisher.PublishAsync(Issue(1, "live", new DateOnly(2024, 1, 1)));
        var gone = await publisher.PublishAsync(Issue(2, "gone", new DateOnly(2024, 1, 2)));
        await admin.DeleteIssueAsync(gone.IssueId);
        var expired = await publisher.PublishAsync(Issue(3, "expired", new DateOnly(2024, 1, 3)));
        await admin.DeleteIssueAsync(expired.IssueId, TimeSpan.Zero);
        string[] files =
        [
            "live-t.webp", "live-s.webp", "live-z.webp", "gone-t.webp", "gone-s.webp", "gone-z.webp", "expired-t.webp", "expired-s.webp", "expired-z.webp",
            "crash-z.webp", "fresh-z.webp",
        ];
        foreach (var name in files)
        {
            var path = Path.Combine(images, name);
            await File.WriteAllTextAsync(path, name);
            File.SetLastWriteTimeUtc(path, name == "fresh-z.webp" ? DateTime.UtcNow : Old);
        }

        foreach (var sha in new[] { Sha(1), Sha(2) })
        {
            var path = Path.Combine(DataDir, "originals", sha + ".pdf");
            await File.WriteAllTextAsync(path, "%PDF");
            File.SetLastWriteTimeUtc(path, Old);
        }

        // IIIF tile sets live as long as their zoom image: iiif/<hash> for <hash>-zoom.webp (here <prefix>-z.webp).
        foreach (var name in new[] { "live", "gone", "expired", "crash", "fresh" })
        {
            var set = Directory.CreateDirectory(Path.Combine(images, "iiif", name, "full", "max", "0"));
            await File.WriteAllTextAsync(Path.Combine(set.FullName, "default.jpg"), name);
            Directory.SetLastWriteTimeUtc(Path.Combine(images, "iiif", name), name == "fresh" ? DateTime.UtcNow : Old);
        }

        // Article previews live as long as their page image: previews/<image>-<key>.jpg for <image>.webp.
        var previews = Directory.CreateDirectory(Path.Combine(DataDir, "previews")).FullName;
        foreach (var name in new[] { "live-z-0123456789abcdef.jpg", "gone-z-0123456789abcdef.jpg", "crash-z-0123456789abcdef.jpg", "fresh-z-0123456789abcdef.jpg" })
        {
            var path = Path.Combine(previews, name);
            await File.WriteAllTextAsync(path, name);
            File.SetLastWriteTimeUtc(path, name.StartsWith("fresh", StringComparison.Ordinal) ? DateTime.UtcNow : Old);
        }

        var staging = Directory.CreateDirectory(Path.Combine(images, StagingSweeper.Prefix + "dead"));
        Directory.SetLastWriteTimeUtc(staging.FullName, Old);
        var orphan = Directory.CreateDirectory(Path.Combine(DataDir, "trash", "999"));
        Directory.SetLastWriteTimeUtc(orphan.FullName, Old);

        var result = await sweeper.SweepAsync(CancellationToken.None);

        Assert.Multiple(async () =>
        {
            Assert.That(result.Images, Is.EqualTo(new[] { "crash-z.webp", "previews/crash-z-0123456789abcdef.jpg" }), "what a crash between the move and the commit left, and its preview");
            Assert.That(Directory.GetFiles(previews).Select(Path.GetFileName), Is.EquivalentTo(new[]
            {
                "live-z-0123456789abcdef.jpg", "gone-z-0123456789abcdef.jpg", "fresh-z-0123456789abcdef.jpg",
            }), "the previews of the images kept");
            Assert.That(Directory.GetFiles(images).Select(Path.GetFileName), Is.EquivalentTo(new[]
            {
                "live-t.webp", "live-s.webp", "live-z.webp", "gone-t.webp", "gone-s.webp", "gone-z.webp", "fresh-z.webp",
            }), "published, kept by the trash, or too fresh to judge (an ingest about to commit); the expired entry's images were purged with it");
            Assert.That(result.TileSets, Is.EquivalentTo(new[] { "iiif/expired", "iiif/crash" }), "tile sets whose zoom image is gone");
            Assert.That(Directory.GetDirectories(Path.Combine(images, "iiif")).Select(Path.GetFileName), Is.EquivalentTo(new[] { "live", "gone", "fresh" }));
            Assert.That(result.StagingFolders, Has.Count.EqualTo(1));
            Assert.That(result.Expired, Is.EqualTo(new[] { expired.IssueId }));
            Assert.That(result.OriginalsTrashed, Is.EqualTo(new[] { $"originals/{Sha(2)}.pdf" }));
            Assert.That(File.Exists(Path.Combine(DataDir, "trash", gone.IssueId.ToString(System.Globalization.CultureInfo.InvariantCulture), Sha(2) + ".pdf")), "the delete's move, completed");
            Assert.That(File.Exists(Path.Combine(DataDir, "originals", Sha(1) + ".pdf")), "a published original stays");
            Assert.That(result.TrashFolders, Is.EqualTo(new[] { orphan.FullName }));
            Assert.That((await trashStore.ListAsync()).Select(t => t.IssueId), Is.EqualTo(new[] { gone.IssueId }));
            Assert.That((await new AuditStore(Database).ListAsync()).Items.Select(a => a.Action), Is.EqualTo(new[] { "expire" }));
        });
    }

    private static string Sha(int n) => n.ToString("x64", System.Globalization.CultureInfo.InvariantCulture);

    private static IssueContent Issue(int sha, string prefix, DateOnly date) => new()
    {
        Paper = "徐匯報",
        Date = date,
        Sha256 = Sha(sha),
        OriginalFile = $"originals/{Sha(sha)}.pdf",
        Pages =
        [
            new PageContent
            {
                Number = 1, WidthPt = 842, HeightPt = 1191,
                Images = new PageImages($"{prefix}-t.webp", $"{prefix}-s.webp", $"{prefix}-z.webp", 200, 800, 1200),
                Articles = [new ArticleContent { Kind = RegionKind.Article, Title = prefix, Rects = [new NormRect(0, 0, 1, 1)] }],
            },
        ],
    };
}
