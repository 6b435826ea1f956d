using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using XuhuiEpaper.Core.Layout;
using XuhuiEpaper.Ingest.Images;
using XuhuiEpaper.Ingest.Pipeline;
using XuhuiEpaper.Ingest.Recognition;
using XuhuiEpaper.Ingest.Rendering;
using XuhuiEpaper.Ingest.Validation;
using XuhuiEpaper.Storage;

namespace XuhuiEpaper.Ingest.Tests.Pipeline;

/// <summary>The pipeline and job runner as production wires them, over a fresh data folder and SQLite file per test.</summary>
public abstract class PipelineTestBase
{
    protected string DataDir { get; private set; } = "";
    protected EpaperDatabase Database { get; private set; } = null!;

    [SetUp]
    public async Task CreateDataFolder()
    {
        DataDir = Path.Combine(Path.GetTempPath(), $"epaper-pipeline-{Guid.NewGuid():N}");
        Directory.CreateDirectory(DataDir);
        Database = new EpaperDatabase(Path.Combine(DataDir, "epaper.db"));
        await Database.MigrateAsync();
    }

    [TearDown]
    public void RemoveDataFolder()
    {
        Database.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(DataDir, recursive: true);
    }

    /// <summary>
    /// Smaller images than production keep the suite quick unless a test passes its own. The render options are
    /// shared by reference with the renderer, as bound configuration is, so a test may change them between jobs.
    /// </summary>
    protected (IngestPipeline Pipeline, BrowseStore Issues, JobStore Jobs, JobRunner Runner) Build(
        RenderOptions? render = null, ImageOptions? imageOptions = null, string? paper = null, Action<EpaperOptions>? epaper = null, OcrOptions? ocr = null)
    {
        var settings = new EpaperOptions { DataDir = DataDir, JobLease = TimeSpan.FromSeconds(30), Paper = paper };
        epaper?.Invoke(settings);
        var options = Options.Create(settings);
        var images = Options.Create(imageOptions ?? new ImageOptions { ZoomWidth = 1200, ScreenWidth = 800, ThumbnailWidth = 200 });
        var issues = new BrowseStore(Database);
        var jobs = new JobStore(Database);
        var pipeline = new IngestPipeline(
            new PdfValidator(new IngestLimits()), new PopplerRenderer(render ?? new RenderOptions()), new PageImageDeriver(images), images,
            ArticleFinder.Instance, issues, new PublishStore(Database), options, NullLogger<IngestPipeline>.Instance, null, new PageTextStore(Database), Options.Create(ocr ?? new OcrOptions()));
        return (pipeline, issues, jobs, new JobRunner(jobs, pipeline, options, NullLogger<JobRunner>.Instance));
    }

    /// <summary>What makes the IIIF tiles after a publish, as the worker runs it, over this test's data folder and database.</summary>
    protected TileRunner BuildTiles(EpaperDatabase? database = null, ImageOptions? imageOptions = null, Action<EpaperOptions>? epaper = null)
    {
        var settings = new EpaperOptions { DataDir = DataDir, JobLease = TimeSpan.FromSeconds(30) };
        epaper?.Invoke(settings);
        return new TileRunner(new TileTaskStore(database ?? Database), Options.Create(imageOptions ?? new ImageOptions()), Options.Create(settings), NullLogger<TileRunner>.Instance);
    }
}
