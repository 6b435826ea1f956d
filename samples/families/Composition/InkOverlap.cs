using SkiaSharp;
using XuhuiEpaper.Samples.Layout;

namespace XuhuiEpaper.Samples.Families.Composition;

/// <summary>
/// Finds glyphs drawn over other glyphs or over photos: a page must never print text on text. Glyph boxes are
/// trimmed a little (neighbours in a line touch by design); tinted boxes are backgrounds and not checked.
/// </summary>
public static class InkOverlap
{
    private const float Cell = 24f;

    public static int Count(IEnumerable<DrawOp> ops)
    {
        var shapes = ops.Select(Shape).Where(s => s is not null).Select(s => s!.Value).ToList();
        var buckets = new Dictionary<(int, int), List<int>>();
        var overlaps = 0;
        for (var i = 0; i < shapes.Count; i++)
        {
            var (rect, isImage) = shapes[i];
            var seen = new HashSet<int>();
            foreach (var key in Keys(rect))
            {
                if (!buckets.TryGetValue(key, out var list))
                {
                    buckets[key] = list = [];
                }

                foreach (var j in list)
                {
                    if (seen.Add(j) && !(isImage && shapes[j].IsImage) && rect.IntersectsWith(shapes[j].Rect))
                    {
                        overlaps++;
                    }
                }

                list.Add(i);
            }
        }

        return overlaps;
    }

    private static (SKRect Rect, bool IsImage)? Shape(DrawOp op) => op switch
    {
        GlyphOp g => (new SKRect(g.X + 0.1f, g.Baseline - (g.Size * 0.8f), g.X + g.Advance - 0.1f, g.Baseline + (g.Size * 0.1f)), false),
        ImageOp i => (i.Rect, true),
        _ => null,
    };

    private static IEnumerable<(int, int)> Keys(SKRect rect)
    {
        for (var x = (int)MathF.Floor(rect.Left / Cell); x <= (int)MathF.Floor(rect.Right / Cell); x++)
        {
            for (var y = (int)MathF.Floor(rect.Top / Cell); y <= (int)MathF.Floor(rect.Bottom / Cell); y++)
            {
                yield return (x, y);
            }
        }
    }
}
