using XuhuiEpaper.Core.Layout;

namespace XuhuiEpaper.Ingest.Recognition;

/// <summary>What a filled area of a raster is: a picture (a photo, an ad's artwork), a light tint behind text, or a solid dark bar.</summary>
public enum FilledKind
{
    Picture,
    Tint,
    Solid,
}

/// <summary>
/// An area of a raster that is ink or tone almost throughout, in page points, with its commonest grey and the share of
/// its pixels near that grey (a tint or a solid bar is one tone throughout, a picture is not).
/// </summary>
public sealed record FilledArea(Box Box, FilledKind Kind, int Tone, double ToneShare);

/// <summary>
/// Finds the areas of a raster that are filled (photos, tint bands, solid bars): print on paper leaves paper white
/// between the strokes of type, a photo or a tint does not. The raster is cut into cells about
/// <paramref name="cellPt"/> square; a cell is filled when nearly all its pixels are darker than paper; neighbouring
/// filled cells form an area. A tint is one light tone throughout, a solid bar one dark tone, anything else a picture.
/// </summary>
public static class FilledAreas
{
    public static IReadOnlyList<FilledArea> Find(ReadOnlySpan<byte> grey, int width, int height, double pointsPerPixel,
        double cellPt = 2, double minSidePt = 20, byte paper = 235, double filledShare = 0.9, double minDensity = 0.5)
    {
        if (grey.Length < (long)width * height)
        {
            throw new ArgumentException("the raster is smaller than its size says", nameof(grey));
        }

        var cell = Math.Max(1, (int)Math.Round(cellPt / pointsPerPixel));
        var columns = (width + cell - 1) / cell;
        var rows = (height + cell - 1) / cell;
        var filled = new bool[columns * rows];
        for (var row = 0; row < rows; row++)
        {
            for (var column = 0; column < columns; column++)
            {
                int inked = 0, count = 0;
                for (var y = row * cell; y < Math.Min(height, (row + 1) * cell); y++)
                {
                    var line = grey.Slice(y * width, width);
                    for (var x = column * cell; x < Math.Min(width, (column + 1) * cell); x++)
                    {
                        count++;
                        if (line[x] < paper)
                        {
                            inked++;
                        }
                    }
                }

                filled[(row * columns) + column] = inked >= filledShare * count;
            }
        }

        var areas = new List<FilledArea>();
        var seen = new bool[filled.Length];
        var stack = new Stack<int>();
        var minSide = minSidePt / (cell * pointsPerPixel);
        for (var start = 0; start < filled.Length; start++)
        {
            if (!filled[start] || seen[start])
            {
                continue;
            }

            // One area: the filled cells connected to this one (4-neighbours).
            int left = int.MaxValue, top = int.MaxValue, right = -1, bottom = -1, cells = 0;
            var members = new List<int>();
            seen[start] = true;
            stack.Push(start);
            while (stack.Count > 0)
            {
                var at = stack.Pop();
                members.Add(at);
                var (r, c) = Math.DivRem(at, columns);
                (left, top, right, bottom) = (Math.Min(left, c), Math.Min(top, r), Math.Max(right, c), Math.Max(bottom, r));
                cells++;
                foreach (var next in new[] { c > 0 ? at - 1 : -1, c < columns - 1 ? at + 1 : -1, r > 0 ? at - columns : -1, r < rows - 1 ? at + columns : -1 })
                {
                    if (next >= 0 && filled[next] && !seen[next])
                    {
                        seen[next] = true;
                        stack.Push(next);
                    }
                }
            }

            var w = right - left + 1;
            var h = bottom - top + 1;
            if (w < minSide || h < minSide || cells < minDensity * w * h)
            {
                continue;
            }

            var box = new Box(left * cell * pointsPerPixel, top * cell * pointsPerPixel,
                Math.Min(width, (right + 1) * cell) * pointsPerPixel, Math.Min(height, (bottom + 1) * cell) * pointsPerPixel);
            areas.Add(Classify(box, grey, width, height, cell, columns, members));
        }

        return areas;
    }

    /// <summary>A tint or a solid bar is one tone (the commonest) nearly throughout; a picture has many.</summary>
    private static FilledArea Classify(Box box, ReadOnlySpan<byte> grey, int width, int height, int cell, int columns, List<int> members)
    {
        var histogram = new int[256];
        var total = 0;
        foreach (var at in members)
        {
            var (row, column) = Math.DivRem(at, columns);
            for (var y = row * cell; y < Math.Min(height, (row + 1) * cell); y++)
            {
                for (var x = column * cell; x < Math.Min(width, (column + 1) * cell); x++)
                {
                    histogram[grey[(y * width) + x]]++;
                    total++;
                }
            }
        }

        var mode = 0;
        for (var v = 1; v < 256; v++)
        {
            if (histogram[v] > histogram[mode])
            {
                mode = v;
            }
        }

        var near = 0;
        for (var v = Math.Max(0, mode - 24); v <= Math.Min(255, mode + 24); v++)
        {
            near += histogram[v];
        }

        var share = (double)near / total;
        var kind = share < 0.85 ? FilledKind.Picture : mode >= 128 ? FilledKind.Tint : FilledKind.Solid;
        return new FilledArea(box, kind, mode, share);
    }
}
