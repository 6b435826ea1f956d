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

    /// <summary>Lossy WebP quality (0-100) of the zoom image. Default 70.</summary>
    public int ZoomQuality { get; set; } = 70;

    /// <summary>Lossy WebP quality (0-100) of the screen image. Default 75.</summary>
    public int ScreenQuality { get; set; } = 75;

    /// <summary>Lossy WebP quality (0-100) of the thumbnail. Default 80.</summary>
    public int ThumbnailQuality { get; set; } = 80;
}
