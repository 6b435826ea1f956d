using XuhuiEpaper.Core.Layout;
using XuhuiEpaper.Core.Recognition;

namespace XuhuiEpaper.Ingest.Recognition;

/// <summary>
/// What a scanned page's raster shows besides its text, in page points, as a PDF's paths and images give it to the
/// finder: rules, frames (stroked boxes, tint bands and solid bars: a PDF's stroked or filled rectangles) and photos
/// (a PDF's images).
/// </summary>
public sealed record RasterLayout(FoundRules Rules, IReadOnlyList<Box> Frames, IReadOnlyList<Box> Photos)
{
    /// <summary>The frames drawn as strokes (not tints or bars): their edges are lines, like rules.</summary>
    public IReadOnlyList<Box> Strokes { get; init; } = [];

    /// <summary>The solid (dark) bars: type on them is reversed, paper-white on ink.</summary>
    public IReadOnlyList<Box> Solids { get; init; } = [];

    public static RasterLayout Empty { get; } = new(new FoundRules([], []), [], []);

    /// <summary>Finds rules, frames and photos on a grey raster (0 black, 255 white).</summary>
    public static RasterLayout Find(ReadOnlySpan<byte> grey, int width, int height, double pointsPerPixel)
    {
        var rules = RasterRules.Find(grey, width, height, pointsPerPixel);
        var toned = FilledAreas.Find(grey, width, height, pointsPerPixel);
        var filled = toned.Concat(FilledAreas.PaleTints(grey, width, height, pointsPerPixel, toned)).ToArray();
        var (frames, remaining) = StrokedFrames.Find(rules);
        var photos = filled.Where(a => a.Kind == FilledKind.Picture).Select(a => a.Box).ToList();
        var allFrames = frames.Concat(filled.Where(a => a.Kind != FilledKind.Picture).Select(a => a.Box)).ToList();
        // The edges of a photo or a tint and the lines inside them (a roofline, the strokes of reversed type) are no rules.
        var areas = filled.Select(a => a.Box.Inflate(2)).ToArray();
        var kept = new FoundRules(
            remaining.Horizontal.Where(r => !areas.Any(a => a.Encloses(r))).ToArray(),
            remaining.Vertical.Where(r => !areas.Any(a => a.Encloses(r))).ToArray());
        return new RasterLayout(kept, allFrames, photos) { Strokes = frames, Solids = filled.Where(a => a.Kind == FilledKind.Solid).Select(a => a.Box).ToArray() };
    }

    /// <summary>
    /// The raster with its photos, rules and stroked boxes' edges painted paper white, for the recogniser: tesseract's page segmentation takes
    /// a photo's edges and long rules for tab stops and runs lines across columns; without them it keeps to the columns.
    /// </summary>
    public byte[] Whiten(ReadOnlySpan<byte> grey, int width, int height, double pointsPerPixel)
    {
        var copy = grey[..(width * height)].ToArray();
        // A stroked box's edges too: tesseract takes a boxed notice for a picture and leaves its text unread. (A tint's
        // or a bar's edge is no line, and type may come close to it.)
        const double Edge = 3;
        var edges = Strokes.SelectMany(f => new[]
        {
            f with { Bottom = Math.Min(f.Bottom, f.Top + Edge) }, f with { Top = Math.Max(f.Top, f.Bottom - Edge) },
            f with { Right = Math.Min(f.Right, f.Left + Edge) }, f with { Left = Math.Max(f.Left, f.Right - Edge) },
        });
        foreach (var box in Photos.Concat(Rules.Horizontal).Concat(Rules.Vertical).Concat(edges))
        {
            var left = Math.Max(0, (int)Math.Floor(box.Left / pointsPerPixel) - 1);
            var top = Math.Max(0, (int)Math.Floor(box.Top / pointsPerPixel) - 1);
            var right = Math.Min(width, (int)Math.Ceiling(box.Right / pointsPerPixel) + 1);
            var bottom = Math.Min(height, (int)Math.Ceiling(box.Bottom / pointsPerPixel) + 1);
            for (var y = top; y < bottom; y++)
            {
                copy.AsSpan((y * width) + left, right - left).Fill(255);
            }
        }

        // Reversed type on a solid bar is turned dark on paper, as tesseract reads it (it leaves white on black unread): the
        // bar's ink goes white, a little beyond its box (found a cell at a time, the box may stop short of the bar's edge),
        // and what is light inside the box (the type) goes black.
        foreach (var bar in Solids)
        {
            var margin = (int)Math.Ceiling(2.5 / pointsPerPixel);
            var (left, top) = ((int)Math.Floor(bar.Left / pointsPerPixel), (int)Math.Floor(bar.Top / pointsPerPixel));
            var (right, bottom) = ((int)Math.Ceiling(bar.Right / pointsPerPixel), (int)Math.Ceiling(bar.Bottom / pointsPerPixel));
            for (var y = Math.Max(0, top - margin); y < Math.Min(height, bottom + margin); y++)
            {
                for (var x = Math.Max(0, left - margin); x < Math.Min(width, right + margin); x++)
                {
                    var at = (y * width) + x;
                    var inside = x >= left && x < right && y >= top && y < bottom;
                    copy[at] = copy[at] < 128 ? (byte)255 : inside ? (byte)(255 - copy[at]) : copy[at];
                }
            }
        }

        return copy;
    }
}
