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
    public static RasterLayout Empty { get; } = new(new FoundRules([], []), [], []);

    /// <summary>Finds rules, frames and photos on a grey raster (0 black, 255 white); the recognised words tell text from picture.</summary>
    public static RasterLayout Find(ReadOnlySpan<byte> grey, int width, int height, double pointsPerPixel, IReadOnlyList<RecognisedWord> words)
    {
        ArgumentNullException.ThrowIfNull(words);
        var rules = RasterRules.Find(grey, width, height, pointsPerPixel);
        var filled = FilledAreas.Find(grey, width, height, pointsPerPixel);
        var (frames, remaining) = StrokedFrames.Find(rules);
        var photos = filled.Where(a => a.Kind == FilledKind.Picture).Select(a => a.Box).ToList();
        var allFrames = frames.Concat(filled.Where(a => a.Kind != FilledKind.Picture).Select(a => a.Box)).ToList();
        // The edges of a photo or a tint and the lines inside them (a roofline, the strokes of reversed type) are no rules.
        var areas = filled.Select(a => a.Box.Inflate(2)).ToArray();
        var kept = new FoundRules(
            remaining.Horizontal.Where(r => !areas.Any(a => a.Encloses(r))).ToArray(),
            remaining.Vertical.Where(r => !areas.Any(a => a.Encloses(r))).ToArray());
        return new RasterLayout(kept, allFrames, photos);
    }
}
