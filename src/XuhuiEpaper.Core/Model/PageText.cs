using XuhuiEpaper.Core.Text;

namespace XuhuiEpaper.Core.Model;

/// <summary>Where the text a page is published with comes from. Stored as its lower-case name.</summary>
public enum TextSource
{
    /// <summary>The PDF's own text layer, judged readable.</summary>
    Pdf,
    /// <summary>Recognised from the page's image (OCR), or the PDF's glyphs named by recognising each once.</summary>
    Recognised,
    /// <summary>No text: the page is published as an image only; nothing of it is indexed.</summary>
    None,
}

/// <summary>
/// A page's text as judged and, where it was not text, recognised: the verdict on the PDF's own text layer with its
/// figures, where the published text comes from, and in words why (shown to archivists and in the job).
/// </summary>
/// <param name="Verdict">The verdict on the PDF's text layer.</param>
/// <param name="Source">Where the published text comes from.</param>
/// <param name="Figures">The PDF text layer's figures.</param>
/// <param name="UnreadableFonts">Fonts whose text is not text (left out, or recognised).</param>
/// <param name="Reason">The verdict and what was done, in words.</param>
/// <param name="Route">How text was recognised: <c>page</c> (the page's image), <c>glyphs</c> (the PDF's glyphs named by recognition), or null.</param>
/// <param name="RecognisedFigures">The figures of the recognised text.</param>
/// <param name="RecognitionSeconds">Wall time of the recognition of this page.</param>
public sealed record PageTextReport(
    TextVerdict Verdict,
    TextSource Source,
    TextFigures Figures,
    IReadOnlyList<string> UnreadableFonts,
    string Reason,
    string? Route = null,
    TextFigures? RecognisedFigures = null,
    double? RecognitionSeconds = null)
{
    /// <summary>A page whose text is published as the PDF gives it.</summary>
    public static PageTextReport Readable(TextFigures figures) => new(TextVerdict.Readable, TextSource.Pdf, figures, [], "readable");

    /// <summary>The page's text is not text and none could be recognised: it is published as an image, nothing indexed.</summary>
    public bool ImageOnly => Source == TextSource.None && Verdict is TextVerdict.Unreadable or TextVerdict.Scan;
}
