using XuhuiEpaper.Core.Layout;

namespace XuhuiEpaper.Core.Recognition;

/// <summary>The rules found on a raster, in page points.</summary>
public sealed record FoundRules(IReadOnlyList<Box> Horizontal, IReadOnlyList<Box> Vertical);

/// <summary>
/// Finds the rules of a scanned page on its raster, as <see cref="Pdf.PdfPageReader"/> finds them among a PDF's paths:
/// a scan has no vector rules, and without them only headlines separate the articles. A rule is a run of dark pixels
/// at least <paramref name="minLengthPt"/> long that stays so, row after row, for no more than
/// <paramref name="maxThicknessPt"/> (a photo or a block of type is dark over a greater height and is no rule).
/// </summary>
public static class RasterRules
{
    public static FoundRules Find(ReadOnlySpan<byte> grey, int width, int height, double pointsPerPixel, double minLengthPt = 36, double maxThicknessPt = 3, byte dark = 150)
    {
        if (grey.Length < (long)width * height)
        {
            throw new ArgumentException("the raster is smaller than its size says", nameof(grey));
        }

        var minLength = (int)Math.Ceiling(minLengthPt / pointsPerPixel);
        var maxThickness = Math.Max(1, (int)Math.Floor(maxThicknessPt / pointsPerPixel));
        var horizontal = Scan(grey, width, height, horizontal: true, minLength, maxThickness, dark)
            .Select(r => new Box(r.Start * pointsPerPixel, r.First * pointsPerPixel, r.End * pointsPerPixel, (r.Last + 1) * pointsPerPixel)).ToArray();
        var vertical = Scan(grey, width, height, horizontal: false, minLength, maxThickness, dark)
            .Select(r => new Box(r.First * pointsPerPixel, r.Start * pointsPerPixel, (r.Last + 1) * pointsPerPixel, r.End * pointsPerPixel)).ToArray();
        return new FoundRules(horizontal, vertical);
    }

    /// <summary>A run along lines First..Last (rows for horizontal rules), from Start to End along them.</summary>
    private sealed class Run(int start, int end, int line)
    {
        public int Start { get; set; } = start;
        public int End { get; set; } = end;
        public int First { get; } = line;
        public int Last { get; set; } = line;
    }

    private static List<Run> Scan(ReadOnlySpan<byte> grey, int width, int height, bool horizontal, int minLength, int maxThickness, byte dark)
    {
        var lines = horizontal ? height : width;
        var along = horizontal ? width : height;
        var open = new List<Run>();
        var found = new List<Run>();
        for (var line = 0; line < lines; line++)
        {
            var next = new List<Run>();
            var position = 0;
            while (position < along)
            {
                while (position < along && Pixel(grey, width, horizontal, line, position) >= dark)
                {
                    position++;
                }

                var start = position;
                var lastDark = position - 1;
                // One light pixel inside a rule (scan noise) does not break it.
                while (position < along && (Pixel(grey, width, horizontal, line, position) < dark || position - lastDark <= 1))
                {
                    if (Pixel(grey, width, horizontal, line, position) < dark)
                    {
                        lastDark = position;
                    }

                    position++;
                }

                var end = lastDark + 1;
                if (end - start >= minLength)
                {
                    var continued = open.Find(r => Math.Min(r.End, end) - Math.Max(r.Start, start) >= 0.8 * Math.Min(r.End - r.Start, end - start));
                    if (continued is not null)
                    {
                        open.Remove(continued);
                        continued.Start = Math.Min(continued.Start, start);
                        continued.End = Math.Max(continued.End, end);
                        continued.Last = line;
                        next.Add(continued);
                    }
                    else
                    {
                        next.Add(new Run(start, end, line));
                    }
                }
            }

            found.AddRange(open);
            open = next;
        }

        found.AddRange(open);
        return found.Where(r => r.Last - r.First + 1 <= maxThickness).ToList();
    }

    private static byte Pixel(ReadOnlySpan<byte> grey, int width, bool horizontal, int line, int position) =>
        horizontal ? grey[(line * width) + position] : grey[(position * width) + line];
}
