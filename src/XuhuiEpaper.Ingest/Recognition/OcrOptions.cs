namespace XuhuiEpaper.Ingest.Recognition;

/// <summary>
/// Recognition (OCR) of pages whose text cannot be read: scans without a text layer, fonts without a Unicode map.
/// Bound from configuration section <see cref="SectionName"/>; the analysis child gets a copy.
/// </summary>
public sealed class OcrOptions
{
    public const string SectionName = "Ingest:Ocr";

    /// <summary>Recognise pages judged unreadable or scanned. Off: they are published as images, their text not indexed.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Tesseract languages, e.g. <c>chi_tra</c> or <c>chi_sim+eng</c>. Empty: <c>chi_tra</c> or <c>chi_sim</c> by the
    /// title's script, as printed: the readable text, else strips of its first page to recognise read by both
    /// models (<see cref="ScriptFromScan"/>), else the paper named by the upload or <c>Epaper:Paper</c>; else
    /// <see cref="FallbackLanguages"/>.
    /// </summary>
    public string? Languages { get; set; }

    /// <summary>
    /// When an issue has no readable text, tell its script from two strips of its first page to recognise read by
    /// <c>chi_tra+chi_sim</c> (two small tesseract runs at once, once an issue), before the paper's name.
    /// </summary>
    public bool ScriptFromScan { get; set; } = true;

    /// <summary>Languages when the script cannot be told.</summary>
    public string FallbackLanguages { get; set; } = "chi_tra+chi_sim";

    /// <summary>Also run the vertical model (<c>chi_tra_vert</c> / <c>chi_sim_vert</c>) for vertical headlines; slower.</summary>
    public bool Vertical { get; set; }

    /// <summary>Resolution pages are rasterized at for recognition.</summary>
    public int Dpi { get; set; } = 300;

    /// <summary>Wall clock for one page (rasterizing and recognising); past it the page is published as an image.</summary>
    public TimeSpan PageTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Pages recognised at once (one tesseract each, single-threaded). Default: the number of cores.</summary>
    public int Parallelism { get; set; } = Environment.ProcessorCount;

    /// <summary>Address-space limit of one tesseract or pdftoppm process.</summary>
    public long MemoryLimitBytes { get; set; } = 1L << 30;

    /// <summary>CPU seconds one tesseract may use.</summary>
    public int CpuSeconds { get; set; } = 300;

    /// <summary>Words recognised with less confidence (0–100) are dropped: noise read into photos and rules.</summary>
    public double MinConfidence { get; set; } = 20;

    /// <summary>
    /// For a page whose PDF still places every glyph (fonts without a Unicode map): name each distinct glyph by the votes
    /// of its recognised uses and keep the PDF's positions (<c>glyphs</c>), or take the recognised words as they are
    /// (<c>page</c>).
    /// </summary>
    public string GlyphRoute { get; set; } = "glyphs";

    /// <summary>
    /// Read a scan's headline rows a second time, each as one line (one more tesseract run a page, on the rows only):
    /// tesseract's page segmentation reads large type in pieces, which the finder takes for separate items.
    /// </summary>
    public bool RereadDisplayRows { get; set; } = true;

    public string TesseractPath { get; set; } = "tesseract";

    public string PdftoppmPath { get; set; } = "pdftoppm";

    /// <summary>util-linux prlimit for the limits; empty runs without them.</summary>
    public string? PrlimitPath { get; set; } = "prlimit";
}
