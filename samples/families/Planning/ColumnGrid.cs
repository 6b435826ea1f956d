using SkiaSharp;
using XuhuiEpaper.Samples.Layout;

namespace XuhuiEpaper.Samples.Families.Planning;

/// <summary>A rectangle of the grid: columns [Col, Col + Cols) between Top and Bottom (points, y down).</summary>
public readonly record struct Cell(int Col, int Cols, float Top, float Bottom)
{
    public int End => Col + Cols;
    public float Height => Bottom - Top;

    public bool Covers(int column) => column >= Col && column < End;
}

/// <summary>
/// The content area of a page cut into equal columns. Items of the page are unions of cells; cells of different
/// items are separated by a gutter side by side and by <see cref="ItemGap"/> one above the other.
/// </summary>
public sealed record ColumnGrid(float Left, float Top, float Right, float Bottom, int Columns, float Gutter, float ItemGap)
{
    public float ColumnWidth => (Right - Left - ((Columns - 1) * Gutter)) / Columns;
    public float Height => Bottom - Top;

    public float X(int column) => Left + (column * (ColumnWidth + Gutter));

    public float Width(int columns) => (columns * ColumnWidth) + ((columns - 1) * Gutter);

    public SKRect Rect(Cell cell) => new(X(cell.Col), cell.Top, X(cell.Col) + Width(cell.Cols), cell.Bottom);

    /// <summary>True when every op lies inside the blocks (each corner of its bounds in one of them).</summary>
    public bool Holds(IEnumerable<DrawOp> ops, IReadOnlyList<Cell> blocks)
    {
        var rects = blocks.Select(b => Rect(b).Inflated(0.3f)).ToList();
        return ops.All(op =>
        {
            var r = op.Bounds;
            SKPoint[] corners = [new(r.Left, r.Top), new(r.Right, r.Top), new(r.Left, r.Bottom), new(r.Right, r.Bottom)];
            return corners.All(p => rects.Any(b => p.X >= b.Left && p.X <= b.Right && p.Y >= b.Top && p.Y <= b.Bottom));
        });
    }
}
