using SkiaSharp;

namespace XuhuiEpaper.Samples.Layout;

/// <summary>The column grid of a page's content area. Cells exclude the gutters, where the rules go.</summary>
public sealed record PageGrid(float Left, float Top, float Right, float Bottom, int Columns, float Gutter)
{
    public float ColumnWidth => (Right - Left - ((Columns - 1) * Gutter)) / Columns;

    /// <summary>Columns [column, column + span) between two band edges; inner band edges give up half a gutter each.</summary>
    public SKRect Cell(int column, int span, float top, float bottom)
    {
        var left = Left + (column * (ColumnWidth + Gutter));
        var right = left + (span * ColumnWidth) + ((span - 1) * Gutter);
        var t = top <= Top + 0.5f ? Top : top + (Gutter / 2);
        var b = bottom >= Bottom - 0.5f ? Bottom : bottom - (Gutter / 2);
        return new SKRect(left, t, right, b);
    }
}

/// <summary>An article's region, for drawing the rules that separate it from its neighbours.</summary>
public sealed record Region(string Owner, IReadOnlyList<SKRect> Blocks);

public static class ColumnRules
{
    private static readonly SKColor RuleColor = new(0x30, 0x30, 0x30);

    /// <summary>Draws a thin rule along the right and bottom edges of every block that borders another article.</summary>
    public static void Draw(PageDrawing page, PageGrid grid, IEnumerable<Region> regions)
    {
        var half = grid.Gutter / 2;
        foreach (var region in regions)
        {
            foreach (var block in region.Blocks)
            {
                if (block.Right < grid.Right - 1)
                {
                    var top = block.Top > grid.Top + 1 ? block.Top - half : block.Top;
                    var bottom = block.Bottom < grid.Bottom - 1 ? block.Bottom + half : block.Bottom;
                    page.Ops.Add(new LineOp(string.Empty, 0, block.Right + half, top, block.Right + half, bottom, 0.5f, RuleColor));
                }

                if (block.Bottom < grid.Bottom - 1)
                {
                    var segments = new List<(float From, float To)> { (block.Left > grid.Left + 1 ? block.Left - half : block.Left, block.Right < grid.Right - 1 ? block.Right + half : block.Right) };
                    foreach (var below in region.Blocks.Where(b => Math.Abs(b.Top - block.Bottom - grid.Gutter) < 1))
                    {
                        segments = segments.SelectMany(s => Subtract(s, below.Left - half, below.Right + half)).ToList();
                    }

                    foreach (var (from, to) in segments.Where(s => s.To - s.From > 1))
                    {
                        page.Ops.Add(new LineOp(string.Empty, 0, from, block.Bottom + half, to, block.Bottom + half, 0.5f, RuleColor));
                    }
                }
            }
        }
    }

    private static IEnumerable<(float, float)> Subtract((float From, float To) segment, float from, float to)
    {
        if (from > segment.From)
        {
            yield return (segment.From, Math.Min(from, segment.To));
        }

        if (to < segment.To)
        {
            yield return (Math.Max(to, segment.From), segment.To);
        }
    }
}
