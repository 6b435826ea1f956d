namespace XuhuiEpaper.Ingest.Rendering;

/// <summary>How pages are rasterized with poppler. Bound from configuration section <see cref="SectionName"/>.</summary>
public sealed class RenderOptions
{
    public const string SectionName = "Ingest:Render";

    /// <summary>The pdftoppm executable (poppler-utils). Default "pdftoppm" from PATH.</summary>
    public string PdftoppmPath { get; set; } = "pdftoppm";

    /// <summary>
    /// util-linux prlimit, used to cap the child's address space. Default "prlimit" from PATH;
    /// null or empty runs pdftoppm without a memory limit.
    /// </summary>
    public string? PrlimitPath { get; set; } = "prlimit";

    /// <summary>Address-space limit of one pdftoppm process, in bytes. Default 1 GiB.</summary>
    public long MemoryLimitBytes { get; set; } = 1L << 30;

    /// <summary>Wall-clock limit for rendering one page. Default 2 minutes.</summary>
    public TimeSpan PageTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>pdftoppm processes at once, and so pages rendered (and processed) at once. Default: the number of cores.</summary>
    public int MaxParallelism { get; set; } = Environment.ProcessorCount;

    /// <summary>
    /// Most consecutive pages one pdftoppm process renders (it streams them one after another). Pages are shared out in
    /// runs of at most this length, and of at most the page count divided by <see cref="MaxParallelism"/>. Default 8.
    /// </summary>
    public int PagesPerProcess { get; set; } = 8;

    /// <summary>Largest raster side accepted from pdftoppm, in pixels. Default 20000.</summary>
    public int MaxRasterSidePx { get; set; } = 20000;
}
