namespace XuhuiEpaper.Ingest.Pipeline;

/// <summary>Where the service keeps its data and who may change it. Configuration section "Epaper".</summary>
public sealed class EpaperOptions
{
    public const string SectionName = "Epaper";

    /// <summary>The data folder: database, originals, images, incoming uploads. Default ./data.</summary>
    public string DataDir { get; set; } = "data";

    /// <summary>The bearer token for upload and edit routes; none configured means those routes are closed.</summary>
    public string? AdminToken { get; set; }

    /// <summary>A running job whose lease is older than this is taken to be abandoned (its worker died).</summary>
    public TimeSpan JobLease { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How often an idle worker looks for queued jobs.</summary>
    public TimeSpan WorkerPollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The paper's name when a front page has no masthead that reads as one (a blackletter title read by OCR as
    /// noise, a page without a masthead) and the archivist gives none. Unset: such an upload is refused.
    /// </summary>
    public string? Paper { get; set; }

    /// <summary>Pages analysed at once (PdfPig parsing and article finding).</summary>
    public int AnalysisParallelism { get; set; } = Environment.ProcessorCount;

    public string DatabasePath => Path.Combine(DataDir, "epaper.db");
    public string ImagesDir => Path.Combine(DataDir, "images");
    public string IncomingDir => Path.Combine(DataDir, "incoming");
}
