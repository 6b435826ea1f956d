namespace XuhuiEpaper.Ingest.Images;

/// <summary>Sizes and WebP qualities of the derived page images. Bound from configuration section <see cref="SectionName"/>.</summary>
public sealed class ImageOptions
{
    public const string SectionName = "Ingest:Images";

    /// <summary>Width of the zoom image, and the width pages are rendered at. Default 3200 px.</summary>
    public int ZoomWidth { get; set; } = 3200;

    /// <summary>Width of the screen image. Default 1600 px.</summary>
    public int ScreenWidth { get; set; } = 1600;

    /// <summary>Width of the thumbnail. Default 240 px.</summary>
    public int ThumbnailWidth { get; set; } = 240;

    // Chosen by looking at crops of a rendered A3 text page (CJK body text 9.5 pt, Latin 8.5 pt, red masthead):
    // at 3200 px text edges show no visible ringing down to q50; Skia's lossy WebP encode time hardly depends on
    // quality, so quality only trades file size (zoom q50 1.30 MB, q60 1.39 MB, q70 1.46 MB, q80 1.66 MB per page).

    /// <summary>Lossy WebP quality (0-100) of the zoom image. Default 60: 1:1 inspection, clean glyph edges.</summary>
    public int ZoomQuality { get; set; } = 60;

    /// <summary>Lossy WebP quality (0-100) of the screen image. Default 70: the image readers see most, small text at ~1.9 px/pt.</summary>
    public int ScreenQuality { get; set; } = 70;

    /// <summary>Lossy WebP quality (0-100) of the thumbnail. Default 75: tiny file, keeps the masthead crisp.</summary>
    public int ThumbnailQuality { get; set; } = 75;

    /// <summary>
    /// Make the static tiles of a level-0 IIIF Image API 3 service from each zoom render (JPEG, 512 px, every scale
    /// factor down to one tile): deep zoom in IIIF viewers. Default true.
    /// </summary>
    public bool IiifTiles { get; set; } = true;

    /// <summary>JPEG quality (0-100) of the IIIF tiles. Default 80.</summary>
    public int TileQuality { get; set; } = 80;

    /// <summary>
    /// libwebp's speed/size trade-off, 0 (fastest) to 6. Default 0 (see the benchmark figures in the README).
    /// </summary>
    public int WebpMethod { get; set; }
}
