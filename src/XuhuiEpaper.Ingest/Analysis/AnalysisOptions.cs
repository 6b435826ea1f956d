namespace XuhuiEpaper.Ingest.Analysis;

/// <summary>
/// Where and within which limits the page text is read (PdfPig) and the articles are found. Configuration section
/// <see cref="SectionName"/>. By default in a child process (<c>epaper analyse</c>), as pdftoppm renders in one: a
/// content-stream bomb or a page of millions of operators can then take only that child down.
/// </summary>
public sealed class AnalysisOptions
{
    public const string SectionName = "Ingest:Analysis";

    /// <summary>Run the analysis in a child process. Default true where the program knows how to start one (see <see cref="Command"/>).</summary>
    public bool InChildProcess { get; set; } = true;

    /// <summary>
    /// The child's command line before its arguments, e.g. <c>["/usr/bin/dotnet", "/opt/epaper/epaper.dll"]</c> or
    /// <c>["/opt/epaper/epaper"]</c>. Set by the epaper program to itself; empty: the analysis runs in this process.
    /// </summary>
    public IList<string> Command { get; } = [];

    /// <summary>util-linux prlimit. Default "prlimit"; empty runs the child without limits (the deadlines still hold).</summary>
    public string? PrlimitPath { get; set; } = "prlimit";

    /// <summary>
    /// Address-space limit of the child, in bytes. Default 4 GiB: the .NET runtime reserves much address space it never
    /// touches, and sizes its GC heap to what the limit leaves.
    /// </summary>
    public long MemoryLimitBytes { get; set; } = 4L << 30;

    /// <summary>
    /// The child's managed heap limit (DOTNET_GCHeapHardLimit), in bytes: past it the analysis fails cleanly with "out of
    /// memory" long before the address-space limit. Default 2 GiB. A 300 KB content-stream bomb (3 million path operators)
    /// reaches 1 GiB in about 6 s.
    /// </summary>
    public long HeapLimitBytes { get; set; } = 2L << 30;

    /// <summary>CPU seconds the child may use in all. Default 600.</summary>
    public int CpuSeconds { get; set; } = 600;

    /// <summary>Wall-clock limit for one page (reading it, or finding its articles); the clock restarts as each page is done. Default 60 s.</summary>
    public TimeSpan PageTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Wall-clock limit for the child to start (the runtime, before it opens the PDF). Default 30 s.</summary>
    public TimeSpan StartupTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Wall-clock limit for the whole analysis of an issue. Default 10 minutes.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Largest result the child may write, in characters. Default 64 M.</summary>
    public int MaxResultChars { get; set; } = 64 << 20;
}
