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
        double cellPt = 2, double minSidePt = 20, byte paper = Paper, double filledShare = 0.9, double minDensity = 0.5)
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

    /// <summary>How much darker than the page's paper a pale tint is at least.</summary>
    public const int PaleMargin = 10;

    /// <summary>The lightest grey <see cref="Find"/> takes for tone; paler panels are <see cref="PaleTints"/>'.</summary>
    public const byte Paper = 235;

    /// <summary>
    /// Panels tinted paler than <see cref="Paper"/> (grey 238 on paper 255 behind family 46's concert ad): the raster is
    /// searched again with the page's own paper (<see cref="PaperTone"/>) less <see cref="PaleMargin"/> as its bound, and
    /// what it finds apart from <paramref name="found"/> is a tint, type on it or not. Only tints: a pale area is never
    /// taken for a photo and whitened (a tinted text panel would lose its text).
    /// </summary>
    public static IReadOnlyList<FilledArea> PaleTints(ReadOnlySpan<byte> grey, int width, int height, double pointsPerPixel, IReadOnlyList<FilledArea> found)
    {
        ArgumentNullException.ThrowIfNull(found);
        var bound = PaperTone(grey[..(width * height)]) - PaleMargin;
        if (bound <= Paper)
        {
            return [];
        }

        return Find(grey, width, height, pointsPerPixel, paper: (byte)bound)
            .Where(a => a.Tone > Paper && a.Tone < bound && !found.Any(f => f.Box.Intersects(a.Box)))
            .Select(a => a with { Kind = FilledKind.Tint })
            .ToArray();
    }

    /// <summary>The paper's grey: the commonest light value (a page is mostly paper between its type).</summary>
    public static int PaperTone(ReadOnlySpan<byte> grey)
    {
        var histogram = new int[256];
        for (var i = 0; i < grey.Length; i += 7)
        {
            histogram[grey[i]]++;
        }

        var mode = 255;
        for (var v = 160; v < 256; v++)
        {
            if (histogram[v] > histogram[mode])
            {
                mode = v;
            }
        }

        return mode;
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
