using System.Globalization;
using System.Text;
using XuhuiEpaper.Core.Layout;
using XuhuiEpaper.Core.Recognition;

namespace XuhuiEpaper.Ingest.Recognition;

/// <summary>
/// The second reading of a recognised page's headline rows (<see cref="DisplayRows"/>): each row is cut from the raster
/// tesseract read and all of them are read in one more tesseract run, each as a single line (a list of images,
/// <c>--psm 7</c>); the rows' second readings then take the place of the first reading's pieces.
/// </summary>
public static class DisplayRowReader
{
    /// <summary>
    /// <paramref name="words"/> with the page's headline rows read again. <paramref name="grey"/> is the raster tesseract
    /// read (photos and rules whitened); <paramref name="readLines"/> runs tesseract on a list of images (the path of a
    /// list file) as single lines and gives its hOCR with character boxes. The crops are written to <paramref name="folder"/>.
    /// </summary>
    public static async Task<IReadOnlyList<RecognisedWord>> RereadAsync(
        IReadOnlyList<RecognisedWord> words, byte[] grey, int width, int height, double pointsPerPixel, string folder,
        Func<string, CancellationToken, Task<string>> readLines, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(readLines);
        var rows = DisplayRows.Find(words, grey, width, height, pointsPerPixel);
        if (rows.Count == 0)
        {
            return words;
        }

        var list = new StringBuilder();
        var origins = new List<(int X, int Y)>();
        for (var i = 0; i < rows.Count; i++)
        {
            var crop = rows[i].Crop;
            var left = Math.Clamp((int)Math.Floor(crop.Left / pointsPerPixel), 0, width - 1);
            var top = Math.Clamp((int)Math.Floor(crop.Top / pointsPerPixel), 0, height - 1);
            var right = Math.Clamp((int)Math.Ceiling(crop.Right / pointsPerPixel), left + 1, width);
            var bottom = Math.Clamp((int)Math.Ceiling(crop.Bottom / pointsPerPixel), top + 1, height);
            var file = Path.Combine(folder, $"row-{i.ToString(CultureInfo.InvariantCulture)}.pgm");
            await File.WriteAllBytesAsync(file, Crop(grey, width, left, top, right, bottom), cancellationToken);
            list.Append(file).Append('\n');
            origins.Add((left, top));
        }

        var listFile = Path.Combine(folder, "rows.txt");
        await File.WriteAllTextAsync(listFile, list.ToString(), cancellationToken);
        var pages = TesseractHocr.ParsePages(await readLines(listFile, cancellationToken));
        var rereads = new List<(DisplayRow, IReadOnlyList<RecognisedWord>)>();
        for (var i = 0; i < rows.Count && i < pages.Count; i++)
        {
            var (x, y) = origins[i];
            rereads.Add((rows[i], pages[i].Select(w => new RecognisedWord(w.Text, ToPage(w.Box, x, y, pointsPerPixel), ToPage(w.Line, x, y, pointsPerPixel), w.Confidence)).ToArray()));
        }

        return DisplayRows.Replace(words, rereads);
    }

    private static Box ToPage(Box px, int x, int y, double scale) =>
        new((px.Left + x) * scale, (px.Top + y) * scale, (px.Right + x) * scale, (px.Bottom + y) * scale);

    /// <summary>A binary PGM of the raster's rectangle [left, right) × [top, bottom).</summary>
    private static byte[] Crop(byte[] grey, int width, int left, int top, int right, int bottom)
    {
        var header = Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"P5\n{right - left} {bottom - top}\n255\n"));
        var pixels = new byte[header.Length + ((right - left) * (bottom - top))];
        header.CopyTo(pixels, 0);
        for (var y = top; y < bottom; y++)
        {
            Array.Copy(grey, (y * width) + left, pixels, header.Length + ((y - top) * (right - left)), right - left);
        }

        return pixels;
    }
}
