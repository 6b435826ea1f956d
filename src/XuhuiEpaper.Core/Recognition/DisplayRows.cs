using XuhuiEpaper.Core.Layout;

namespace XuhuiEpaper.Core.Recognition;

/// <summary>
/// One row of display type (a headline line) on a recognised page, to be read again as a single line: its
/// <see cref="Band"/> (the row's ink, in page points), the <see cref="Crop"/> read again (the band with a margin), the
/// first reading's lines that belong to it (the headline's fragments, and small pieces read inside it), and its type's
/// ink height.
/// </summary>
public sealed record DisplayRow(Box Band, Box Crop, IReadOnlyList<Box> Lines, double Ink);

/// <summary>
/// Headlines a page recogniser (tesseract's page segmentation) read in pieces. Tesseract reads large type well once it
/// is told a crop is one line, but its page layout analysis cuts a headline's row into several lines, each a few
/// characters, some read as small type or not at all (建設人民城市 as 又人 / 民城r, 區 as two lines Lm呈| and 口口),
/// and the finder makes each piece a small item or an article start. This finds those rows on the first reading, with
/// the raster to recover characters at their ends that were not read at all, so that each row can be read again as one
/// line; and it puts the second reading in place of the first's pieces.
/// </summary>
public static partial class DisplayRows
{
    /// <summary>A line of type this much taller than the page's typical (its body) is display type.</summary>
    private const double DisplayRatio = 1.4;

    /// <summary>
    /// The rows of display type on a page read by a recogniser: <paramref name="words"/> are its characters in reading
    /// order with their lines' boxes (as <c>TesseractHocr</c> gives them), in page points; <paramref name="grey"/> is the
    /// raster they were read from (0 black, 255 white), <paramref name="pointsPerPixel"/> its scale.
    /// </summary>
    public static IReadOnlyList<DisplayRow> Find(IReadOnlyList<RecognisedWord> words, byte[] grey, int width, int height, double pointsPerPixel)
    {
        ArgumentNullException.ThrowIfNull(words);
        ArgumentNullException.ThrowIfNull(grey);
        var lines = Lines(words);
        if (lines.Count < 2)
        {
            return [];
        }

        var typical = Median(lines.SelectMany(l => Enumerable.Repeat(l.Ink, l.Count)));
        if (typical <= 0)
        {
            return [];
        }

        var display = lines.Where(l => l.Ink >= DisplayRatio * typical && l.Ink <= 12 * typical).ToList();
        var parent = Enumerable.Range(0, display.Count).ToArray();
        int Root(int i) => parent[i] == i ? i : parent[i] = Root(parent[i]);
        for (var i = 0; i < display.Count; i++)
        {
            for (var j = i + 1; j < display.Count; j++)
            {
                // Pieces of one headline (its lines, read as lines that overlap or stop short): near each other, of like type.
                var (a, b) = (display[i], display[j]);
                if (a.Box.Inflate(0.5 * Math.Max(a.Ink, b.Ink)).Intersects(b.Box) && Math.Max(a.Ink, b.Ink) <= 2 * Math.Min(a.Ink, b.Ink))
                {
                    parent[Root(i)] = Root(j);
                }
            }
        }

        var rows = new List<DisplayRow>();
        var raster = new Raster(grey, width, height, pointsPerPixel);
        foreach (var group in display.Select((l, i) => (l, i)).GroupBy(x => Root(x.i)).Select(g => g.Select(x => x.l).ToList()))
        {
            // The type's size is its largest pieces': pieces read as halves of characters (信息平台 read as its upper and
            // lower halves) are smaller, never larger.
            var ink = Quantile(group.SelectMany(l => Enumerable.Repeat(l.Ink, l.Count)), 0.75);
            var area = Box.Bounding(group.Select(l => l.Box));

            // Pieces of the headline read as smaller type: short lines inside it, whose type is not the body's (a body line
            // beside a headline is read at the body's size).
            var members = group.Concat(lines.Where(l => !group.Contains(l) && IsFragment(l, area, ink, typical))).ToList();
            foreach (var band in raster.Bands(members.Select(m => m.Box).ToArray(), ink))
            {
                var inside = members.Where(m => m.Box.VerticalOverlap(band) >= 0.3 * Math.Min(band.Height, m.Box.Height)).ToArray();
                if (inside.Length == 0 || raster.Trim(band with { Left = inside.Min(m => m.Box.Left), Right = inside.Max(m => m.Box.Right) }) is not { } trimmed)
                {
                    continue;
                }

                var row = raster.Extend(trimmed, ink);
                rows.Add(new DisplayRow(row, default, inside.Where(m => m.Box.VerticalOverlap(row) >= 0.6 * m.Box.Height).Select(m => m.Box).ToArray(), ink));
            }
        }

        return OneRowALine(rows).Select(r =>
        {
            var margin = 0.2 * r.Ink;
            return r with
            {
                Crop = new Box(
                    Math.Max(0, r.Band.Left - (1.5 * margin)), Math.Max(0, r.Band.Top - margin),
                    Math.Min(width * pointsPerPixel, r.Band.Right + (1.5 * margin)), Math.Min(height * pointsPerPixel, r.Band.Bottom + margin)),
            };
        }).ToArray();
    }

    /// <summary>
    /// Rows found twice (from two groups of pieces) or in parts (a headline's pieces parted by a phrase space, each part
    /// grouped alone) are one row: read whole, a headline is read better than in parts, and never twice.
    /// </summary>
    private static List<DisplayRow> OneRowALine(List<DisplayRow> rows)
    {
        for (var merged = true; merged;)
        {
            merged = false;
            for (var i = 0; i < rows.Count && !merged; i++)
            {
                for (var j = i + 1; j < rows.Count && !merged; j++)
                {
                    var (a, b) = (rows[i].Band, rows[j].Band);
                    var ink = Math.Max(rows[i].Ink, rows[j].Ink);
                    var gap = Math.Max(a.Left, b.Left) - Math.Min(a.Right, b.Right);
                    if (a.VerticalOverlap(b) >= 0.5 * Math.Min(a.Height, b.Height) && gap <= 1.5 * ink)
                    {
                        rows[i] = new DisplayRow(a.Union(b), default, [.. rows[i].Lines.Union(rows[j].Lines)], ink);
                        rows.RemoveAt(j);
                        merged = true;
                    }
                }
            }
        }

        return rows;
    }

    /// <summary>
    /// The first reading with each row's second reading in its place: the row's lines and the characters inside its band
    /// go, the second reading's characters inside the band come in (where the row's first character was, so the reading
    /// order holds). A row whose second reading holds no ideograph keeps its first.
    /// </summary>
    public static IReadOnlyList<RecognisedWord> Replace(IReadOnlyList<RecognisedWord> words, IReadOnlyList<(DisplayRow Row, IReadOnlyList<RecognisedWord> Reread)> rereads)
    {
        ArgumentNullException.ThrowIfNull(words);
        ArgumentNullException.ThrowIfNull(rereads);
        var result = words.Select(w => (Word: w, Row: -1)).ToList();
        var insertAt = new Dictionary<int, (int Index, IReadOnlyList<RecognisedWord> Words)>();
        for (var r = 0; r < rereads.Count; r++)
        {
            var (row, reread) = rereads[r];
            var kept = reread.Where(w => w.Box.CenterY >= row.Band.Top - (0.25 * row.Ink) && w.Box.CenterY <= row.Band.Bottom + (0.25 * row.Ink)).ToArray();
            if (!kept.Any(w => w.Text.EnumerateRunes().Any(c => Text.CjkText.IsIdeograph(c.Value))))
            {
                continue;
            }

            var inner = row.Band.Inflate(0.1 * row.Ink);
            var first = -1;
            for (var i = 0; i < result.Count; i++)
            {
                var w = result[i].Word;
                if (result[i].Row < 0 && (row.Lines.Contains(w.Line) || inner.Contains(w.Box.CenterX, w.Box.CenterY)))
                {
                    result[i] = (w, r);
                    first = first < 0 ? i : first;
                }
            }

            insertAt[r] = (first, InOrder(kept, row.Ink));
        }

        var output = new List<RecognisedWord>(words.Count);
        var byIndex = insertAt.Where(p => p.Value.Index >= 0).ToLookup(p => p.Value.Index, p => p.Value.Words);
        for (var i = 0; i < result.Count; i++)
        {
            foreach (var reread in byIndex[i])
            {
                output.AddRange(reread);
            }

            if (result[i].Row < 0)
            {
                output.Add(result[i].Word);
            }
        }

        // A row none of whose first reading was kept (read not at all): its second reading goes last.
        foreach (var p in insertAt.Where(p => p.Value.Index < 0))
        {
            output.AddRange(p.Value.Words);
        }

        return output;
    }

    /// <summary>
    /// A single line's characters as a recogniser boxes them run on over each other (持 boxed over 持人民至上, a closing
    /// quotation mark placed after the character that follows it); their left edges are nearly right. Each character
    /// starts where it was read, at least a quarter em after the one before, and ends where the next starts, as a text
    /// layer advances.
    /// </summary>
    private static RecognisedWord[] InOrder(RecognisedWord[] characters, double ink)
    {
        var lefts = new double[characters.Length];
        for (var i = 0; i < characters.Length; i++)
        {
            lefts[i] = i == 0 ? characters[i].Box.Left : Math.Max(characters[i].Box.Left, lefts[i - 1] + (0.25 * ink));
        }

        return characters.Select((c, i) =>
        {
            var right = i + 1 < characters.Length ? Math.Min(Math.Max(c.Box.Right, lefts[i] + (0.25 * ink)), lefts[i + 1]) : Math.Max(c.Box.Right, lefts[i] + (0.25 * ink));
            return c with { Box = c.Box with { Left = lefts[i], Right = right } };
        }).ToArray();
    }

    private static bool IsFragment(Line l, Box area, double ink, double typical) =>
        l.Box.Top >= area.Top - (0.2 * ink) && l.Box.Bottom <= area.Bottom + (0.2 * ink)
        && l.Box.Right >= area.Left - (1.5 * ink) && l.Box.Left <= area.Right + (1.5 * ink)
        && l.Box.Width <= 2 * ink
        && (l.Ink < 0.8 * typical || l.Ink > 1.25 * typical);

    /// <summary>A line of the first reading: its box, its type's ink height (its ideographs' median), its characters.</summary>
    private sealed record Line(Box Box, double Ink, int Count);

    private static List<Line> Lines(IReadOnlyList<RecognisedWord> words)
    {
        var lines = new List<Line>();
        var start = 0;
        while (start < words.Count)
        {
            var end = start + 1;
            while (end < words.Count && words[end].Line == words[start].Line)
            {
                end++;
            }

            var characters = words.Skip(start).Take(end - start).Where(w => w.Box.Height > 0 && w.Text.Length > 0).ToArray();
            var square = characters.Where(w => Text.CjkText.IsIdeograph(char.ConvertToUtf32(w.Text, 0))).ToArray();
            var heights = (square.Length > 0 ? square : characters).Select(w => w.Box.Height).ToArray();
            if (heights.Length > 0)
            {
                // A line box holds every character's ink, the misboxed ones too: the smaller of it and the characters' median.
                lines.Add(new Line(words[start].Line, Math.Min(Median(heights), Math.Max(words[start].Line.Height, 0.01)), characters.Length));
            }

            start = end;
        }

        return lines;
    }

    private static double Quantile(IEnumerable<double> values, double q)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? 0 : sorted[(int)Math.Min(sorted.Length - 1, Math.Floor(q * sorted.Length))];
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? 0 : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
