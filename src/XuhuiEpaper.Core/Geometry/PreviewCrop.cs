namespace XuhuiEpaper.Core.Geometry;

/// <summary>A rectangle in whole pixels of an image, origin top-left.</summary>
public readonly record struct PixelRect(int X, int Y, int Width, int Height)
{
    public int Right => X + Width;
    public int Bottom => Y + Height;
}

/// <summary>How an article's preview image is cut from its page image.</summary>
/// <param name="Margin">Page around the article on every side, as a fraction of the page's width.</param>
/// <param name="MaxWidth">The widest preview; a wider crop is scaled down.</param>
/// <param name="MinShortSide">The preview's shortest side when the page allows: the crop takes more of the page around the article (never upscales).</param>
/// <param name="MaxHeightToWidth">The tallest preview relative to its width; a taller article keeps its top, where its headline is.</param>
public sealed record PreviewCropRules(double Margin = 0.015, int MaxWidth = 1200, int MinShortSide = 300, double MaxHeightToWidth = 2.0)
{
    public static PreviewCropRules Default { get; } = new();
}

/// <summary>The part of the page image a preview shows (<see cref="Source"/>, in its pixels) and the preview's size.</summary>
public sealed record PreviewCrop(PixelRect Source, int Width, int Height);

/// <summary>
/// Where an article's link preview (og:image) is cut from its page image: the box around its region with a margin,
/// widened or heightened around the article to a usable size where the page allows (link previews enlarge small images
/// into mush), cut to its top when much taller than wide (previews are about as tall as wide), then scaled down to at
/// most <see cref="PreviewCropRules.MaxWidth"/>.
/// </summary>
public static class ArticlePreviewCrop
{
    /// <summary>The crop of an article whose region is <paramref name="rects"/> (normalized page coordinates) from a page image
    /// <paramref name="pageWidth"/> × <paramref name="pageHeight"/> px; null when the region is empty or the image has no pixels.</summary>
    public static PreviewCrop? Of(IEnumerable<NormRect> rects, int pageWidth, int pageHeight, PreviewCropRules? rules = null)
    {
        ArgumentNullException.ThrowIfNull(rects);
        rules ??= PreviewCropRules.Default;
        var box = rects.Select(r => r.Intersect(new NormRect(0, 0, 1, 1))).Where(r => !r.IsEmpty).Aggregate(default(NormRect), (a, r) => a.Union(r));
        if (box.IsEmpty || pageWidth < 1 || pageHeight < 1)
        {
            return null;
        }

        var margin = rules.Margin * pageWidth;
        var left = Math.Max(0, Floor((box.X * pageWidth) - margin));
        var top = Math.Max(0, Floor((box.Y * pageHeight) - margin));
        var right = Math.Min(pageWidth, Ceiling((box.Right * pageWidth) + margin));
        var bottom = Math.Min(pageHeight, Ceiling((box.Bottom * pageHeight) + margin));
        var (x, width) = Grow(left, Math.Max(1, right - left), rules.MinShortSide, pageWidth);

        // A wide crop is scaled down to MaxWidth, so its height must be larger to keep MinShortSide after scaling.
        var scale = Math.Min(1.0, (double)rules.MaxWidth / width);
        var (y, height) = Grow(top, Math.Max(1, bottom - top), (int)Math.Ceiling(rules.MinShortSide / scale), pageHeight);
        var tallest = Math.Max(1, (int)Math.Floor(width * rules.MaxHeightToWidth));
        if (height > tallest)
        {
            // Cut to the article's top: its headline stays in view.
            height = tallest;
            y = Math.Min(top, pageHeight - height);
        }

        return new PreviewCrop(new PixelRect(x, y, width, height),
            Math.Max(1, (int)Math.Round(width * scale)), Math.Max(1, (int)Math.Round(height * scale)));
    }

    // Rounded outwards, but 0.3 × 4500 (1350.0000000000002) is 1350: edges a hair past a whole pixel are on it.
    private static int Floor(double v) => (int)Math.Floor(v + 1e-6);

    private static int Ceiling(double v) => (int)Math.Ceiling(v - 1e-6);

    /// <summary>The span [start, start + length) widened to <paramref name="target"/> (at most <paramref name="limit"/>) around its middle, kept inside [0, limit).</summary>
    private static (int Start, int Length) Grow(int start, int length, int target, int limit)
    {
        if (length >= target || length >= limit)
        {
            return (start, Math.Min(length, limit));
        }

        var grown = Math.Min(target, limit);
        var from = start - ((grown - length) / 2);
        return (Math.Clamp(from, 0, limit - grown), grown);
    }
}
