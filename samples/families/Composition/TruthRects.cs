using SkiaSharp;
using XuhuiEpaper.Samples.Layout;

namespace XuhuiEpaper.Samples.Families.Composition;

/// <summary>
/// The truth rectangle convention of samples/generator, reimplemented: per block, the bounding box of what the
/// owner drew inside it plus 2 pt, clipped to the block; normalized [x, y, w, h] to 5 decimals.
/// </summary>
public static class TruthRects
{
    private const float Margin = 2f;

    public static SKRect Tight(IEnumerable<DrawOp> ops, SKRect block)
    {
        var bounds = ops.Select(o => o.Bounds).ToList();
        if (bounds.Count == 0)
        {
            return block;
        }

        return new SKRect(
            Math.Max(bounds.Min(b => b.Left) - Margin, block.Left),
            Math.Max(bounds.Min(b => b.Top) - Margin, block.Top),
            Math.Min(bounds.Max(b => b.Right) + Margin, block.Right),
            Math.Min(bounds.Max(b => b.Bottom) + Margin, block.Bottom));
    }

    /// <summary>
    /// Edges are rounded first and sizes taken between rounded edges, so two blocks of one article that touch
    /// still touch after rounding instead of overlapping by 0.00001.
    /// </summary>
    public static double[] Normalize(SKRect rect, SKSize page)
    {
        var (left, top) = (Math.Round(rect.Left / page.Width, 5), Math.Round(rect.Top / page.Height, 5));
        var (right, bottom) = (Math.Round(rect.Right / page.Width, 5), Math.Round(rect.Bottom / page.Height, 5));
        return [left, top, Math.Round(right - left, 5), Math.Round(bottom - top, 5)];
    }

    /// <summary>Index of the block that holds the centre of <paramref name="bounds"/> (the nearest one if none does).</summary>
    public static int BlockOf(SKRect bounds, IReadOnlyList<SKRect> blocks)
    {
        var (x, y) = (bounds.MidX, bounds.MidY);
        var best = 0;
        var bestDistance = float.MaxValue;
        for (var i = 0; i < blocks.Count; i++)
        {
            var b = blocks[i];
            var dx = Math.Max(0, Math.Max(b.Left - x, x - b.Right));
            var dy = Math.Max(0, Math.Max(b.Top - y, y - b.Bottom));
            var distance = (dx * dx) + (dy * dy);
            if (distance < bestDistance)
            {
                (best, bestDistance) = (i, distance);
            }
        }

        return best;
    }
}
