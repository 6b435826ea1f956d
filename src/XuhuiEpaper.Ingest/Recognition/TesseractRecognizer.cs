using System.Diagnostics;
using System.Globalization;
using XuhuiEpaper.Core.Layout;
using XuhuiEpaper.Core.Recognition;
using XuhuiEpaper.Ingest.Isolation;

namespace XuhuiEpaper.Ingest.Recognition;

/// <summary>A page could not be recognised: the reason names the step and says why.</summary>
public sealed class RecognitionFailedException(string reason, Exception? inner = null) : Exception(reason, inner);

/// <summary>What one page's recognition gave: its words and how long it took.</summary>
public sealed record PageRecognition(IReadOnlyList<RecognisedWord> Words, TimeSpan Elapsed);

/// <summary>
/// Recognises one page: pdftoppm rasterizes it (grey, <see cref="OcrOptions.Dpi"/>) to a temporary file and tesseract
/// reads it into words with boxes (TSV). Both are children under the limits pdftoppm has in
/// <see cref="Rendering.PopplerRenderer"/> (prlimit address space and CPU, killed at the page's deadline); tesseract
/// runs single-threaded (OMP_THREAD_LIMIT=1), since pages are recognised in parallel.
/// </summary>
public sealed class TesseractRecognizer(OcrOptions options)
{
    public OcrOptions Options => options;

    public async Task<PageRecognition> RecognizeAsync(string pdfPath, int pageNumber, double widthPt, double heightPt, string languages, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var folder = Path.Combine(Path.GetTempPath(), "epaper-ocr-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(options.PageTimeout);
        try
        {
            var prefix = Path.Combine(folder, "page");
            var page = pageNumber.ToString(CultureInfo.InvariantCulture);
            var render = BoundedProcess.StartInfo(options.PrlimitPath, options.MemoryLimitBytes, options.CpuSeconds, options.PdftoppmPath,
                ["-f", page, "-l", page, "-cropbox", "-r", options.Dpi.ToString(CultureInfo.InvariantCulture), "-gray", "-singlefile", Path.GetFullPath(pdfPath), prefix]);
            var rendered = await RunAsync(render, "rasterizing", deadline, cancellationToken);
            var image = prefix + ".pgm";
            if (rendered.ExitCode != 0 || !File.Exists(image))
            {
                throw new RecognitionFailedException($"rasterizing page {pageNumber} failed (pdftoppm exit code {rendered.ExitCode})");
            }

            var (widthPx, heightPx) = ReadPgmSize(image);
            var read = BoundedProcess.StartInfo(options.PrlimitPath, options.MemoryLimitBytes, options.CpuSeconds, options.TesseractPath,
                [image, "stdout", "-l", languages, "--psm", "3", "--dpi", options.Dpi.ToString(CultureInfo.InvariantCulture), "tsv"]);
            read.Environment["OMP_THREAD_LIMIT"] = "1";
            var recognised = await RunAsync(read, "recognising", deadline, cancellationToken, 64 << 20);
            if (recognised.ExitCode != 0)
            {
                throw new RecognitionFailedException($"recognising page {pageNumber} failed (tesseract exit code {recognised.ExitCode}{Signal(recognised)}): {FirstLine(recognised.Stderr)}");
            }

            var words = TesseractTsv.Parse(recognised.Stdout, widthPt / widthPx, heightPt / heightPx);
            return new PageRecognition(words, clock.Elapsed);
        }
        finally
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private async Task<BoundedResult> RunAsync(ProcessStartInfo info, string step, CancellationTokenSource deadline, CancellationToken cancellationToken, int maxOutput = 8000)
    {
        try
        {
            var result = await BoundedProcess.RunAsync(info, options.PageTimeout, maxOutput, deadline.Token);
            if (result.TimedOut)
            {
                throw new RecognitionFailedException($"{step} took longer than {options.PageTimeout.TotalSeconds.ToString("0", CultureInfo.InvariantCulture)} s");
            }

            return result;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new RecognitionFailedException($"{step} took longer than {options.PageTimeout.TotalSeconds.ToString("0", CultureInfo.InvariantCulture)} s");
        }
        catch (InvalidOperationException ex)
        {
            throw new RecognitionFailedException($"{step}: {ex.Message}", ex);
        }
    }

    private static string Signal(BoundedResult result) => result.Signal is { } s ? $", signal {s}" : "";

    private static string FirstLine(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "";

    /// <summary>Width and height from a binary PGM's header (P5, width, height, maxval, with comments).</summary>
    private static (int Width, int Height) ReadPgmSize(string path)
    {
        using var stream = File.OpenRead(path);
        var fields = new List<int>();
        var token = new System.Text.StringBuilder();
        var magic = (char)stream.ReadByte() + "" + (char)stream.ReadByte();
        if (magic != "P5")
        {
            throw new RecognitionFailedException("the rasterized page is not a PGM");
        }

        int b;
        while (fields.Count < 2 && (b = stream.ReadByte()) >= 0)
        {
            if (b == '#')
            {
                while ((b = stream.ReadByte()) >= 0 && b != '\n')
                {
                }
            }
            else if (char.IsWhiteSpace((char)b))
            {
                if (token.Length > 0)
                {
                    fields.Add(int.Parse(token.ToString(), CultureInfo.InvariantCulture));
                    token.Clear();
                }
            }
            else
            {
                token.Append((char)b);
            }
        }

        return fields.Count == 2 && fields[0] > 0 && fields[1] > 0
            ? (fields[0], fields[1])
            : throw new RecognitionFailedException("the rasterized page has no size");
    }
}

/// <summary>Tesseract's TSV output: words (level 5) with the boxes of their lines (level 4), scaled to page points.</summary>
public static class TesseractTsv
{
    public static IReadOnlyList<RecognisedWord> Parse(string tsv, double scaleX, double scaleY)
    {
        ArgumentNullException.ThrowIfNull(tsv);
        var lines = new Dictionary<(int, int, int, int), Box>();
        var words = new List<RecognisedWord>();
        foreach (var row in tsv.Split('\n'))
        {
            var f = row.TrimEnd('\r').Split('\t');
            if (f.Length < 12 || !int.TryParse(f[0], CultureInfo.InvariantCulture, out var level))
            {
                continue;
            }

            var key = (Int(f[1]), Int(f[2]), Int(f[3]), Int(f[4]));
            var box = new Box(Int(f[6]) * scaleX, Int(f[7]) * scaleY, (Int(f[6]) + Int(f[8])) * scaleX, (Int(f[7]) + Int(f[9])) * scaleY);
            if (level == 4)
            {
                lines[key] = box;
            }
            else if (level == 5 && f[11].Trim().Length > 0)
            {
                var confidence = double.TryParse(f[10], NumberStyles.Float, CultureInfo.InvariantCulture, out var c) ? c : 0;
                words.Add(new RecognisedWord(f[11].Trim(), box, lines.GetValueOrDefault(key, box), confidence));
            }
        }

        return words;

        static int Int(string s) => int.TryParse(s, CultureInfo.InvariantCulture, out var v) ? v : 0;
    }
}
