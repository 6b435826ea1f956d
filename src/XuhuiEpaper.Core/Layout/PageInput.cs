namespace XuhuiEpaper.Core.Layout;

/// <summary>One character as printed: normalized text, its em box (not its ink) and its type.</summary>
/// <param name="Text">The character after <see cref="Text.CjkText.Normalize(string)"/>; may be more than one char.</param>
/// <param name="Box">The em box: advance width by font size, from the baseline up, so lines line up.</param>
/// <param name="Size">The font size in points as printed (text matrix applied).</param>
/// <param name="Bold">The font's name or flags say bold, or the text is stroked as fake bold.</param>
/// <param name="Invisible">Rendering mode 3: an OCR text layer under a scanned image.</param>
/// <param name="Font">The font it is set in (its PDF name), for judging each font's text on its own.</param>
public sealed record Glyph(string Text, Box Box, double Size, bool Bold, bool Invisible = false, string? Font = null)
{
    public bool IsSpace => string.IsNullOrWhiteSpace(Text);
}

/// <summary>Everything the article finder needs to know about one page, taken from the PDF.</summary>
public sealed record PageInput
{
    public required int Number { get; init; }
    public required double Width { get; init; }
    public required double Height { get; init; }
    public required IReadOnlyList<Glyph> Glyphs { get; init; }
    /// <summary>Thin horizontal lines (column rules, underlines of headers).</summary>
    public IReadOnlyList<Box> HorizontalRules { get; init; } = [];
    /// <summary>Thin vertical lines (the rules between columns of different articles).</summary>
    public IReadOnlyList<Box> VerticalRules { get; init; } = [];
    /// <summary>Stroked or tinted rectangles large enough to hold text: boxed sidebars, notices, ads.</summary>
    public IReadOnlyList<Box> Frames { get; init; } = [];
    /// <summary>Where raster images are drawn (photos, ads, or the scan of a whole page).</summary>
    public IReadOnlyList<Box> Images { get; init; } = [];

    /// <summary>
    /// The page is a scan with a text layer from OCR: an image covers most of it. OCR gives every word its own size
    /// and baseline, so the steps that compare sizes and baselines allow more.
    /// </summary>
    public bool IsScan => Images.Any(i => i.Area >= ScanShare * Width * Height);

    /// <summary>The share of the page an image covers when it is the scan of the page.</summary>
    public const double ScanShare = 0.8;
}
