using SkiaSharp;

namespace XuhuiEpaper.Samples.Families.Composition;

/// <summary>A vertical (竖排) headline: one upright character under the other, down one side of the article.</summary>
public sealed record VerticalSpec(string Title, float Size, SKColor Color, bool OnRight);

/// <summary>A photo set inside the body over <see cref="Cols"/> columns from <see cref="FirstCol"/> (relative to the first block).</summary>
public sealed record BodyPhoto(PhotoCopy Copy, int FirstCol, int Cols, bool AtTop, float Aspect);

/// <summary>Everything decided about an article before it is drawn. Null parts are absent.</summary>
public sealed record ArticleDesign
{
    public HeaderSpec? Header { get; init; }
    public VerticalSpec? Vertical { get; init; }

    /// <summary>Columns of the first block the header spans, from its left edge.</summary>
    public int HeaderCols { get; init; }

    public PhotoCopy? PhotoAbove { get; init; }
    public float PhotoAboveAspect { get; init; } = 0.55f;

    /// <summary>A photo at the top of the columns right of a header that spans only some columns.</summary>
    public PhotoCopy? PhotoBeside { get; init; }
    public float PhotoBesideAspect { get; init; } = 0.7f;

    public BodyPhoto? BodyPhoto { get; init; }

    /// <summary>A photo across all columns that splits the body into two bands, read band after band.</summary>
    public PhotoCopy? BandPhoto { get; init; }

    public string? BylineTop { get; init; }
    public string? BylineEnd { get; init; }
    public CrossheadType? Crossheads { get; init; }
    public bool Dateline { get; init; }

    public string Title => Header?.Title ?? Vertical?.Title ?? string.Empty;
}
