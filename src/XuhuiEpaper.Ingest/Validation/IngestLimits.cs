namespace XuhuiEpaper.Ingest.Validation;

/// <summary>What an uploaded PDF may be. Bound from configuration section <see cref="SectionName"/>.</summary>
public sealed class IngestLimits
{
    public const string SectionName = "Ingest:Limits";

    /// <summary>Largest accepted file, in bytes. Default 200 MB.</summary>
    public long MaxFileBytes { get; set; } = 200L * 1024 * 1024;

    /// <summary>Most pages an issue may have. Default 64.</summary>
    public int MaxPages { get; set; } = 64;

    /// <summary>Longest accepted page side, in points. Default 5080 pt (about 1.8 m; a broadsheet is about 1700 pt).</summary>
    public double MaxPageSidePt { get; set; } = 5080;

    /// <summary>Shortest accepted page side, in points. Default 72 pt (one inch).</summary>
    public double MinPageSidePt { get; set; } = 72;

    /// <summary>How far from the start the <c>%PDF-</c> header may be. Default 1024 bytes (as Acrobat accepts).</summary>
    public int HeaderSearchBytes { get; set; } = 1024;

    /// <summary>
    /// poppler's pdfinfo, which reads the page count, the page sizes and whether a password is needed, in a child process
    /// under the limits below: a hostile file cannot take the web server with it. Default "pdfinfo" from PATH.
    /// </summary>
    public string PdfinfoPath { get; set; } = "pdfinfo";

    /// <summary>util-linux prlimit, to cap pdfinfo's address space and CPU time. Default "prlimit"; empty runs pdfinfo without.</summary>
    public string? PrlimitPath { get; set; } = "prlimit";

    /// <summary>Wall-clock limit of the page-tree inspection (pdfinfo). Default 15 s.</summary>
    public TimeSpan InspectTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Address-space limit of pdfinfo, in bytes. Default 512 MiB.</summary>
    public long InspectMemoryLimitBytes { get; set; } = 512L << 20;
}
