using System.Diagnostics;
using System.Globalization;
using XuhuiEpaper.Core.Layout;
using XuhuiEpaper.Core.Recognition;
using XuhuiEpaper.Ingest.Isolation;

namespace XuhuiEpaper.Ingest.Recognition;

/// <summary>A page could not be recognised: the reason names the step and says why.</summary>
public sealed class RecognitionFailedException(string reason, Exception? inner = null) : Exception(reason, inner);

/// <summary>
/// What one page's recognition gave: its characters, what its raster shows besides text (rules, frames, photos: what a
/// PDF's paths and images give the finder), and how long it took.
/// </summary>
public sealed record PageRecognition(IReadOnlyList<RecognisedWord> Words, RasterLayout Layout, TimeSpan Elapsed)
{
    public FoundRules Rules => Layout.Rules;
}

/// <summary>
/// Recognises one page: pdftoppm rasterizes it (grey, <see cref="OcrOptions.Dpi"/>) to a temporary file and tesseract
/// reads it into characters with boxes (hOCR with character boxes). Both are children under the limits pdftoppm has in
/// <see cref="Rendering.PopplerRenderer"/> (prlimit address space and CPU, killed at the page's deadline); tesseract
/// runs single-threaded (OMP_THREAD_LIMIT=1), since pages are recognised in parallel.
/// </summary>
public sealed class TesseractRecognizer(OcrOptions options)
{
    public OcrOptions Options => options;

    public async Task<PageRecognition> RecognizeAsync(string pdfPath, int pageNumber, double widthPt, double heightPt, string languages, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        using var scratch = ScratchFolder.Create();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(options.PageTimeout);
        var prefix = scratch.File("page");
        var page = pageNumber.ToString(CultureInfo.InvariantCulture);
        var render = BoundedProcess.StartInfo(options.PrlimitPath, options.MemoryLimitBytes, options.CpuSeconds, options.PdftoppmPath,
            ["-f", page, "-l", page, "-cropbox", "-r", options.Dpi.ToString(CultureInfo.InvariantCulture), "-gray", "-singlefile", Path.GetFullPath(pdfPath), prefix]);
        var rendered = await RunAsync(render, "rasterizing", deadline, cancellationToken);
        var image = prefix + ".pgm";
        if (rendered.ExitCode != 0 || !File.Exists(image))
        {
            throw new RecognitionFailedException($"rasterizing page {pageNumber} failed (pdftoppm exit code {rendered.ExitCode})");
        }

        var (widthPx, heightPx, offset) = ReadPgmHeader(image);
        var grey = ReadPixels(image, widthPx, heightPx, offset);
        var layout = RasterLayout.Find(grey, widthPx, heightPx, widthPt / widthPx);
        // Tesseract reads the page with its photos and rules whitened (it takes them for tab stops otherwise).
        var clean = scratch.File("clean.pgm");
        var whitened = layout.Whiten(grey, widthPx, heightPx, widthPt / widthPx);
        await using (var file = File.Create(clean))
        {
            await file.WriteAsync(System.Text.Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"P5\n{widthPx} {heightPx}\n255\n")), cancellationToken);
            await file.WriteAsync(whitened, cancellationToken);
        }

        var read = BoundedProcess.StartInfo(options.PrlimitPath, options.MemoryLimitBytes, options.CpuSeconds, options.TesseractPath,
            [clean, "stdout", "-l", languages, "--psm", "3", "--dpi", options.Dpi.ToString(CultureInfo.InvariantCulture), "-c", "hocr_char_boxes=1", "hocr"]);
        read.Environment["OMP_THREAD_LIMIT"] = "1";
        var recognised = await RunAsync(read, "recognising", deadline, cancellationToken, 128 << 20);
        if (recognised.ExitCode != 0)
        {
            throw new RecognitionFailedException($"recognising page {pageNumber} failed (tesseract exit code {recognised.ExitCode}{Signal(recognised)}): {FirstLine(recognised.Stderr)}");
        }

        var words = TesseractHocr.Parse(recognised.Stdout, widthPt / widthPx, heightPt / heightPx);
        if (options.RereadDisplayRows)
        {
            words = await DisplayRowReader.RereadAsync(words, whitened, widthPx, heightPx, widthPt / widthPx, scratch.Path, async (list, token) =>
            {
                var lines = BoundedProcess.StartInfo(options.PrlimitPath, options.MemoryLimitBytes, options.CpuSeconds, options.TesseractPath,
                    [list, "stdout", "-l", languages, "--psm", "7", "--dpi", options.Dpi.ToString(CultureInfo.InvariantCulture), "-c", "hocr_char_boxes=1", "hocr"]);
                lines.Environment["OMP_THREAD_LIMIT"] = "1";
                var result = await RunAsync(lines, "reading headlines", deadline, token, 16 << 20);
                return result.ExitCode == 0
                    ? result.Stdout
                    : throw new RecognitionFailedException($"reading page {pageNumber}'s headlines failed (tesseract exit code {result.ExitCode}{Signal(result)}): {FirstLine(result.Stderr)}");
            }, cancellationToken);
        }

        return new PageRecognition(words, layout, clock.Elapsed);
    }

    /// <summary>
    /// The strips read to tell the script: 5 % of the page's height each (four or five lines of body type), above and
    /// below its middle (two places, so that one photo does not blind the test). They are read at once, one child each.
    /// With 3 % strips a Traditional page came to within 0.11 of the Traditional bound (<see cref="ScriptVote"/>).
    /// </summary>
    public static readonly IReadOnlyList<(double Top, double Bottom)> ScriptStrips = [(0.35, 0.40), (0.60, 0.65)];

    /// <summary>
    /// The script of a page that has no text to tell it by (<see cref="ScriptVote"/>): strips of the page
    /// (<see cref="ScriptStrips"/>) are rasterized, whitened as for the page's reading, and read by <c>chi_tra+chi_sim</c>
    /// (about 1–2 s of CPU a strip on a 4开 page, the two at once).
    /// </summary>
    public async Task<ScriptVerdict> TellScriptAsync(string pdfPath, int pageNumber, double widthPt, double heightPt, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        using var scratch = ScratchFolder.Create();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(options.PageTimeout);
        var readings = await Task.WhenAll(ScriptStrips.Select((strip, i) => ReadStripAsync(pdfPath, pageNumber, widthPt, heightPt, strip, scratch.File("strip" + i.ToString(CultureInfo.InvariantCulture)), deadline, cancellationToken)));
        return ScriptVote.Judge(readings.SelectMany(r => r)) with { Seconds = clock.Elapsed.TotalSeconds };
    }

    private async Task<IReadOnlyList<RecognisedWord>> ReadStripAsync(
        string pdfPath, int pageNumber, double widthPt, double heightPt, (double Top, double Bottom) strip, string prefix, CancellationTokenSource deadline, CancellationToken cancellationToken)
    {
        var scale = options.Dpi / 72.0;
        var top = (int)(heightPt * strip.Top * scale);
        var height = Math.Max(1, (int)(heightPt * (strip.Bottom - strip.Top) * scale));
        var page = pageNumber.ToString(CultureInfo.InvariantCulture);
        var render = BoundedProcess.StartInfo(options.PrlimitPath, options.MemoryLimitBytes, options.CpuSeconds, options.PdftoppmPath,
            ["-f", page, "-l", page, "-cropbox", "-r", options.Dpi.ToString(CultureInfo.InvariantCulture), "-gray", "-singlefile",
             "-x", "0", "-y", top.ToString(CultureInfo.InvariantCulture), "-W", ((int)Math.Ceiling(widthPt * scale)).ToString(CultureInfo.InvariantCulture), "-H", height.ToString(CultureInfo.InvariantCulture),
             Path.GetFullPath(pdfPath), prefix]);
        var rendered = await RunAsync(render, "rasterizing a strip to tell the script", deadline, cancellationToken);
        var image = prefix + ".pgm";
        if (rendered.ExitCode != 0 || !File.Exists(image))
        {
            throw new RecognitionFailedException($"rasterizing a strip of page {pageNumber} failed (pdftoppm exit code {rendered.ExitCode})");
        }

        var (grey, widthPx, heightPx) = ReadPgm(image);
        var clean = prefix + ".clean.pgm";
        await WritePgmAsync(clean, RasterLayout.Find(grey, widthPx, heightPx, 1 / scale).Whiten(grey, widthPx, heightPx, 1 / scale), widthPx, heightPx, cancellationToken);
        var read = BoundedProcess.StartInfo(options.PrlimitPath, options.MemoryLimitBytes, options.CpuSeconds, options.TesseractPath,
            [clean, "stdout", "-l", "chi_tra+chi_sim", "--psm", "3", "--dpi", options.Dpi.ToString(CultureInfo.InvariantCulture), "-c", "hocr_char_boxes=1", "hocr"]);
        read.Environment["OMP_THREAD_LIMIT"] = "1";
        var result = await RunAsync(read, "reading a strip to tell the script", deadline, cancellationToken, 16 << 20);
        return result.ExitCode == 0
            ? TesseractHocr.Parse(result.Stdout, 1, 1)
            : throw new RecognitionFailedException($"reading a strip of page {pageNumber} failed (tesseract exit code {result.ExitCode}{Signal(result)}): {FirstLine(result.Stderr)}");
    }

    private static async Task WritePgmAsync(string path, byte[] grey, int width, int height, CancellationToken cancellationToken)
    {
        await using var file = File.Create(path);
        await file.WriteAsync(System.Text.Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"P5\n{width} {height}\n255\n")), cancellationToken);
        await file.WriteAsync(grey, cancellationToken);
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

    private static byte[] ReadPixels(string image, int width, int height, long offset)
    {
        var pixels = new byte[(long)width * height];
        using var stream = File.OpenRead(image);
        stream.Position = offset;
        stream.ReadExactly(pixels);
        return pixels;
    }

    /// <summary>A binary PGM's size and grey pixels (pdftoppm -gray): for tools that replay a page's analysis.</summary>
    public static (byte[] Grey, int Width, int Height) ReadPgm(string path)
    {
        var (width, height, offset) = ReadPgmHeader(path);
        return (ReadPixels(path, width, height, offset), width, height);
    }

    /// <summary>Width, height and where the pixels start, from a binary PGM's header (P5, width, height, maxval, with comments).</summary>
    private static (int Width, int Height, long Offset) ReadPgmHeader(string path)
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
        while (fields.Count < 3 && (b = stream.ReadByte()) >= 0)
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

        // The single whitespace after maxval has been read: the pixels follow.
        return fields.Count == 3 && fields[0] > 0 && fields[1] > 0 && fields[2] < 256
            ? (fields[0], fields[1], stream.Position)
            : throw new RecognitionFailedException("the rasterized page has no size");
    }
}

/// <summary>
/// Tesseract's hOCR output with character boxes (<c>-c hocr_char_boxes=1</c>): one <see cref="RecognisedWord"/> a
/// character, with its ink box, its confidence, and the box of its line, scaled to page points.
/// </summary>
public static partial class TesseractHocr
{
    private static readonly HashSet<string> LineClasses = ["ocr_line", "ocr_textfloat", "ocr_header", "ocr_caption"];

    public static IReadOnlyList<RecognisedWord> Parse(string hocr, double scaleX, double scaleY)
    {
        ArgumentNullException.ThrowIfNull(hocr);
        var characters = new List<RecognisedWord>();
        var line = default(Box);
        foreach (System.Text.RegularExpressions.Match m in Span().Matches(hocr))
        {
            var cls = m.Groups["class"].Value;
            var title = m.Groups["title"].Value;
            if (LineClasses.Contains(cls) && Bbox().Match(title) is { Success: true } lb)
            {
                line = Scaled(lb, scaleX, scaleY);
            }
            else if (cls == "ocrx_cinfo" && CharBox().Match(title) is { Success: true } cb)
            {
                var text = System.Net.WebUtility.HtmlDecode(m.Groups["text"].Value).Trim();
                // A character tesseract could not place comes with an empty box (at the page's far corner): it has no
                // place on the page, and put on its line it fell between two characters of a headline (多 inside
                // 徐匯, family 43). 146 of 354,688 characters on the tuning pages, all in lines of one to four.
                if (text.Length == 0 || Int(cb.Groups["l"].Value) >= Int(cb.Groups["r"].Value) || Int(cb.Groups["t"].Value) >= Int(cb.Groups["b"].Value))
                {
                    continue;
                }

                var confidence = double.TryParse(cb.Groups["conf"].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var c) ? c : 0;
                var box = Scaled(cb, scaleX, scaleY);
                characters.Add(new RecognisedWord(text, box, line.Height > 0 ? line : box, confidence));
            }
        }

        return characters;
    }

    /// <summary>
    /// The hOCR of a run over a list of images: each image's characters (as <see cref="Parse"/>, in its own pixels), in
    /// the list's order.
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<RecognisedWord>> ParsePages(string hocr)
    {
        ArgumentNullException.ThrowIfNull(hocr);
        return hocr.Split("<div class='ocr_page'", StringSplitOptions.None).Skip(1).Select(page => Parse(page, 1, 1)).ToArray();
    }

    private static Box Scaled(System.Text.RegularExpressions.Match m, double sx, double sy) => new(
        Int(m.Groups["l"].Value) * sx, Int(m.Groups["t"].Value) * sy, Int(m.Groups["r"].Value) * sx, Int(m.Groups["b"].Value) * sy);

    private static int Int(string s) => int.Parse(s, CultureInfo.InvariantCulture);

    [System.Text.RegularExpressions.GeneratedRegex("""<span class='(?<class>[a-z_]+)'[^>]*?title=['"](?<title>[^'"]*)['"][^>]*>(?<text>[^<]*)""")]
    private static partial System.Text.RegularExpressions.Regex Span();

    [System.Text.RegularExpressions.GeneratedRegex(@"bbox (?<l>\d+) (?<t>\d+) (?<r>\d+) (?<b>\d+)")]
    private static partial System.Text.RegularExpressions.Regex Bbox();

    [System.Text.RegularExpressions.GeneratedRegex(@"x_bboxes (?<l>\d+) (?<t>\d+) (?<r>\d+) (?<b>\d+)(; x_conf (?<conf>[0-9.]+))?")]
    private static partial System.Text.RegularExpressions.Regex CharBox();
}
