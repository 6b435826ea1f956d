using SkiaSharp;

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
}
