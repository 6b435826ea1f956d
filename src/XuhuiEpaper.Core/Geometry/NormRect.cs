namespace XuhuiEpaper.Core.Geometry;

/// <summary>
/// An axis-aligned rectangle in normalized page coordinates: 0..1 on both axes,
/// origin at the top-left corner of the page, y growing downwards.
/// </summary>
public readonly record struct NormRect(double X, double Y, double Width, double Height)
{
    public double Right => X + Width;
    public double Bottom => Y + Height;
    public double Area => Width * Height;
    public double CenterX => X + (Width / 2);
    public double CenterY => Y + (Height / 2);
    public bool IsEmpty => Width <= 0 || Height <= 0;

    public static NormRect FromEdges(double left, double top, double right, double bottom) =>
        new(left, top, right - left, bottom - top);

    /// <summary>Half-open on the right and bottom edges, so adjacent rectangles never both contain a point.</summary>
    public bool Contains(double x, double y) => x >= X && x < Right && y >= Y && y < Bottom;

    public NormRect Intersect(NormRect other)
    {
        var left = Math.Max(X, other.X);
        var top = Math.Max(Y, other.Y);
        var right = Math.Min(Right, other.Right);
        var bottom = Math.Min(Bottom, other.Bottom);
        return right > left && bottom > top ? FromEdges(left, top, right, bottom) : default;
    }

    public NormRect Union(NormRect other) => IsEmpty ? other : other.IsEmpty ? this :
        FromEdges(Math.Min(X, other.X), Math.Min(Y, other.Y), Math.Max(Right, other.Right), Math.Max(Bottom, other.Bottom));

    /// <summary>Converts a rectangle in PDF points (origin bottom-left, y up) to normalized page coordinates.</summary>
    public static NormRect FromPdf(double left, double bottom, double right, double top, double pageWidth, double pageHeight) =>
        FromEdges(left / pageWidth, 1 - (top / pageHeight), right / pageWidth, 1 - (bottom / pageHeight));
}
