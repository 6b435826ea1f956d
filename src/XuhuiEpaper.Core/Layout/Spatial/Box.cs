namespace XuhuiEpaper.Core.Layout;

/// <summary>
/// A rectangle in PDF points with the origin at the top-left of the page and y growing downwards:
/// the frame every layout step works in, so that font sizes and distances share one unit.
/// </summary>
public readonly record struct Box(double Left, double Top, double Right, double Bottom)
{
    public double Width => Right - Left;
    public double Height => Bottom - Top;
    public double CenterX => (Left + Right) / 2;
    public double CenterY => (Top + Bottom) / 2;
    public double Area => Math.Max(0, Width) * Math.Max(0, Height);

    public Box Union(Box other) => new(
        Math.Min(Left, other.Left), Math.Min(Top, other.Top), Math.Max(Right, other.Right), Math.Max(Bottom, other.Bottom));

    public Box Intersect(Box other) => new(
        Math.Max(Left, other.Left), Math.Max(Top, other.Top), Math.Min(Right, other.Right), Math.Min(Bottom, other.Bottom));

    public bool Intersects(Box other) => Left < other.Right && other.Left < Right && Top < other.Bottom && other.Top < Bottom;

    public bool Contains(double x, double y) => x >= Left && x <= Right && y >= Top && y <= Bottom;

    /// <summary>True when <paramref name="inner"/> lies inside this box, allowing <paramref name="slack"/> points on each side.</summary>
    public bool Encloses(Box inner, double slack = 0) =>
        inner.Left >= Left - slack && inner.Right <= Right + slack && inner.Top >= Top - slack && inner.Bottom <= Bottom + slack;

    /// <summary>Length of the overlap of the two boxes' horizontal extents (0 when apart).</summary>
    public double HorizontalOverlap(Box other) => Math.Max(0, Math.Min(Right, other.Right) - Math.Max(Left, other.Left));

    /// <summary>Length of the overlap of the two boxes' vertical extents (0 when apart).</summary>
    public double VerticalOverlap(Box other) => Math.Max(0, Math.Min(Bottom, other.Bottom) - Math.Max(Top, other.Top));

    public Box Inflate(double by) => new(Left - by, Top - by, Right + by, Bottom + by);

    public static Box Bounding(IEnumerable<Box> boxes)
    {
        ArgumentNullException.ThrowIfNull(boxes);
        Box? result = null;
        foreach (var box in boxes)
        {
            result = result is { } r ? r.Union(box) : box;
        }

        return result ?? default;
    }

    public Geometry.NormRect Normalize(double pageWidth, double pageHeight) =>
        Geometry.NormRect.FromEdges(
            Math.Clamp(Left / pageWidth, 0, 1), Math.Clamp(Top / pageHeight, 0, 1),
            Math.Clamp(Right / pageWidth, 0, 1), Math.Clamp(Bottom / pageHeight, 0, 1));
}
