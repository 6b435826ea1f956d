using XuhuiEpaper.Storage;

namespace XuhuiEpaper.Ingest.Pipeline;

/// <summary>Where the service keeps its data and who may change it. Configuration section "Epaper".</summary>
public sealed class EpaperOptions
{
    public const string SectionName = "Epaper";

    /// <summary>The data folder: database, originals, images, incoming uploads. Default ./data.</summary>
    public string DataDir { get; set; } = "data";

    /// <summary>The bearer token for upload and edit routes; none configured means those routes are closed.</summary>
    public string? AdminToken { get; set; }

    /// <summary>The name <see cref="AdminToken"/> stands for in the region editor's log. Default "admin".</summary>
    public string AdminName { get; set; } = "admin";

    /// <summary>
    /// More archivists, each with a name and a token of their own (<c>Epaper:Admins:0:Name</c>, <c>:Token</c>): each
    /// token opens the admin routes, and the edits it makes are logged under its name.
    /// </summary>
    public IList<AdminAccount> Admins { get; } = [];

    /// <summary>Every configured token with the name it stands for.</summary>
    public IEnumerable<AdminAccount> AdminAccounts() =>
        (string.IsNullOrWhiteSpace(AdminToken) ? [] : new[] { new AdminAccount { Name = AdminName, Token = AdminToken } })
        .Concat(Admins.Where(a => !string.IsNullOrWhiteSpace(a.Token)));

    /// <summary>A running job whose lease is older than this is taken to be abandoned (its worker died).</summary>
    public TimeSpan JobLease { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Attempts a job gets: every failure counts (a crash, an internal error); a refused PDF fails at once. Default 3.</summary>
    public int JobMaxAttempts { get; set; } = 3;

    /// <summary>Wait before a failed job's next attempt; it doubles with each attempt. Default 30 s.</summary>
    public TimeSpan JobRetryBackoff { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A job running longer than this is stopped and fails, whatever its lease. Default 30 minutes.</summary>
    public TimeSpan JobDeadline { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How long a deleted (or replaced) issue stays in the trash, restorable, before it is purged. Default 30 days.</summary>
    public TimeSpan TrashRetention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Run the ingest worker inside <c>serve</c>. Default true.</summary>
    public bool RunWorker { get; set; } = true;

    /// <summary>/healthz says Degraded when the worker has not ticked (polled or renewed a lease) for this long. Default 1 minute.</summary>
    public TimeSpan WorkerStallAfter { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>/healthz says Degraded when a queued job has waited longer than this to be claimed. Default 10 minutes.</summary>
    public TimeSpan MaxQueueWait { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How often an idle worker looks for queued jobs.</summary>
    public TimeSpan WorkerPollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The paper's name when a front page has no masthead that reads as one (a blackletter title read by OCR as
    /// noise, a page without a masthead) and the archivist gives none. Unset: such an upload is refused.
    /// </summary>
    public string? Paper { get; set; }

    /// <summary>
    /// Whether a newly ingested issue is published at once (<see cref="PublishingMode.Immediate"/>, the default) or kept as
    /// a draft that only admins see until POST /api/issues/{id}/publish (<see cref="PublishingMode.Review"/>).
    /// </summary>
    public PublishingMode Publishing { get; set; } = PublishingMode.Immediate;

    /// <summary>Pages analysed at once (PdfPig parsing and article finding).</summary>
    public int AnalysisParallelism { get; set; } = Environment.ProcessorCount;

    public string DatabasePath => Path.Combine(DataDir, "epaper.db");
    public string ImagesDir => Path.Combine(DataDir, "images");
    public string IncomingDir => Path.Combine(DataDir, "incoming");

    /// <summary>Articles' link preview images (JPEG crops of their page images), named <c>{page image's name}-{key}.jpg</c>, made on demand.</summary>
    public string PreviewsDir => Path.Combine(DataDir, "previews");
    public string TrashDir => Path.Combine(DataDir, "trash");

    /// <summary>When jobs are retried and given up.</summary>
    public RetryPolicy RetryPolicy => new(Math.Max(1, JobMaxAttempts), JobRetryBackoff, JobDeadline);
}

/// <summary>What happens to an issue once it is ingested.</summary>
public enum PublishingMode
{
    /// <summary>Readers see it at once.</summary>
    Immediate,

    /// <summary>It is a draft: admins see and edit it; readers, kiosks, search and the public API do not until it is published.</summary>
    Review,
}

/// <summary>One archivist: the name the editor's log shows, and their bearer token.</summary>
public sealed class AdminAccount
{
    public string Name { get; set; } = "";
    public string Token { get; set; } = "";
}
