using System.Diagnostics;
using System.Globalization;
using SkiaSharp;
using UglyToad.PdfPig;
using XuhuiEpaper.Core.Layout;
using XuhuiEpaper.Core.Pdf;
using XuhuiEpaper.Core.Recognition;
using XuhuiEpaper.Core.Text;
using XuhuiEpaper.Ingest.Recognition;
using XuhuiEpaper.Samples;
using XuhuiEpaper.Samples.Scoring;
using XuhuiEpaper.Samples.Truth;

/// <summary>
/// `bench ocr-replay [--variants scan150,scan300] [--cache DIR] [--pages 1,2] [--overlays DIR] [--geometry raster|rules|pdf|none]
/// [--truth X.truth.json --pdf X.pdf]`: the scan half of issue 13's bars, for working on the analysis after recognition.
/// Each page's raster (pdftoppm, grey, 300 dpi) and tesseract's hOCR are kept in the cache folder, so only the first
/// run pays for recognition (a page is read again when the raster tesseract is given changes); headline rows are read a
/// second time as <see cref="TesseractRecognizer"/> reads them (<see cref="DisplayRowReader"/>, kept in the cache by the
/// crops; `--no-reread` leaves them as first read, `--rows` shows both readings, `--articles` the articles found); every
/// run then does what <see cref="PageTextJudge"/> does with them (recognised glyphs,
/// the raster's rules, frames and photos), runs the finder and scores the pages against the truth with the finder's
/// scorer. `--geometry pdf` gives the finder the original PDF's rules, frames and images instead of the raster's (to
/// tell what the raster analysis still loses); `rules` only the raster's rules (as before frames and photos were found), `none` nothing. `--overlays` draws the regions, the truth and the
/// raster's rules (red), frames (blue) and photos (green). Commands and options as <see cref="OcrBench"/>'s; it does
/// not ingest, so its figures are the finder's on recognised pages, not the published issue's.
/// </summary>
internal static class OcrReplay
{
    /// <summary>
    /// Tesseract's languages for the variant being replayed: chosen per PDF as <see cref="PageTextJudge"/> chooses them
    /// (the readable text, else a strip of page 1 read by both models, else <c>--paper</c>'s script), or as
    /// <c>--languages</c> configures them. The cache keeps each language's readings apart.
    /// </summary>
    private static string Languages = "chi_tra";

    public const string Usage = "bench ocr-replay [--variants scan150,scan300] [--cache DIR] [--pages 1,2] [--overlays DIR] [--geometry raster|rules|pdf|none] [--dpi N] [--pdf X.pdf --truth X.truth.json] [--languages chi_tra] [--paper 徐匯報] [--no-reread] [--rows] [--articles]";

    public static async Task<int> RunAsync(string[] args)
    {
        var root = RepositoryRoot.Find();
        var variants = Option(args, "--variants")?.Split(',') ?? ["scan150", "scan300"];
        var cache = Option(args, "--cache") ?? Path.Combine(Path.GetTempPath(), "epaper-ocr-replay");
        var overlays = Option(args, "--overlays");
        var geometry = Option(args, "--geometry") ?? "raster";
        var sample = Option(args, "--pdf") ?? Path.Combine(root, "samples", "xuhuibao-2021-12-13.pdf");
        var truthPath = Option(args, "--truth") ?? Path.ChangeExtension(sample, null) + ".truth.json";
        var truth = IssueTruthJson.Deserialize(await File.ReadAllTextAsync(truthPath));
        var pages = Option(args, "--pages")?.Split(',').Select(p => int.Parse(p, CultureInfo.InvariantCulture)).ToArray()
            ?? Enumerable.Range(1, truth.Pages.Count).ToArray();
        var name = Path.GetFileNameWithoutExtension(sample);
        Directory.CreateDirectory(cache);
        var original = PdfPageReader.ReadAll(sample);
        foreach (var variant in variants)
        {
            var dpi = int.Parse(variant.Replace("scan", "", StringComparison.Ordinal), CultureInfo.InvariantCulture);
            var pdf = Path.Combine(cache, $"{name}-{variant}.pdf");
            if (!File.Exists(pdf))
            {
                await File.WriteAllBytesAsync(pdf, await UnreadableVariants.ImageOnlyAsync(sample, dpi, 1, truth.Pages.Count));
            }

            var recognitionDpi = int.Parse(Option(args, "--dpi") ?? "300", CultureInfo.InvariantCulture);
            string chosenBy;
            var choosing = Stopwatch.StartNew();
            (Languages, chosenBy) = await ChooseLanguagesAsync(pdf, new RecognitionRequest(new OcrOptions { Dpi = recognitionDpi, Languages = Option(args, "--languages") }, Option(args, "--paper")));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{variant}: tesseract {Languages} ({chosenBy}; chosen in {choosing.Elapsed.TotalSeconds:0.0} s)"));
            await RecogniseMissingAsync(pdf, pages, cache, recognitionDpi);
            var score = new LayoutScore();
            using var document = PdfDocument.Open(pdf);
            var clock = Stopwatch.StartNew();
            foreach (var n in pages)
            {
                var page = PdfPageReader.Read(document.GetPage(n));
                var stem = Path.Combine(cache, $"{Path.GetFileNameWithoutExtension(pdf)}-p{n}");
                var (grey, widthPx, heightPx) = TesseractRecognizer.ReadPgm(stem + ".pgm");
                IReadOnlyList<RecognisedWord> words = TesseractHocr.Parse(await File.ReadAllTextAsync(HocrFile(stem)), page.Width / widthPx, page.Height / heightPx);
                if (!args.Contains("--no-reread"))
                {
                    var (clean, _, _) = TesseractRecognizer.ReadPgm(stem + ".clean.pgm");
                    var rowsFolder = stem + ".rows";
                    Directory.CreateDirectory(rowsFolder);
                    var firstReading = words;
                    words = await DisplayRowReader.RereadAsync(words, clean, widthPx, heightPx, page.Width / widthPx, rowsFolder, (list, token) => ReadRowsAsync(list, stem, token), CancellationToken.None);
                    if (args.Contains("--rows"))
                    {
                        foreach (var row in DisplayRows.Find(firstReading, clean, widthPx, heightPx, page.Width / widthPx))
                        {
                            string Inside(IEnumerable<RecognisedWord> set) => string.Concat(set.Where(w => row.Band.Contains(w.Box.CenterX, w.Box.CenterY)).Select(w => w.Text));
                            Console.WriteLine($"   row {B(row.Band)} ink {row.Ink:0.0}: {Inside(firstReading)} -> {Inside(words)}");
                        }
                    }
                }

                var analysis = Stopwatch.StartNew();
                var layout = RasterLayout.Find(grey, widthPx, heightPx, page.Width / widthPx);
                var glyphs = args.Contains("--raw-glyphs") ? RecognisedGlyphs.FromWords(words, new OcrOptions().MinConfidence) : RecognisedGlyphs.Evened(words, new OcrOptions().MinConfidence);
                analysis.Stop();
                if (Option(args, "--dump") is { } dump)
                {
                    var old = RecognisedGlyphs.FromWords(words, 20);
                    foreach (var (set, label) in new[] { (old, "raw"), (glyphs, "even") })
                    {
                        var text = string.Concat(set.Select(g => g.Text));
                        var at = text.IndexOf(dump, StringComparison.Ordinal);
                        for (var k = Math.Max(0, at); at >= 0 && k < Math.Min(set.Count, at + 14); k++)
                        {
                            var g = set[k];
                            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {label} {g.Text} {g.Box.Left:0.0} {g.Box.Top:0.0} {g.Box.Right:0.0} {g.Box.Bottom:0.0} size {g.Size:0.00}"));
                        }
                    }
                }

                var input = PageTextJudge.AsRecognisedPage(page, glyphs, layout);
                var pdfPage = original[n - 1];
                input = geometry switch
                {
                    "pdf" => input with { HorizontalRules = pdfPage.HorizontalRules, VerticalRules = pdfPage.VerticalRules, Frames = pdfPage.Frames, Images = [.. pdfPage.Images, new Box(0, 0, page.Width, page.Height)] },
                    "rules" => input with { Frames = [], Images = [new Box(0, 0, page.Width, page.Height)] },
                    "none" => input with { HorizontalRules = [], VerticalRules = [], Frames = [], Images = [new Box(0, 0, page.Width, page.Height)] },
                    _ => input,
                };
                var found = ArticleFinder.Instance.Find(input);
                var analysed = PageAnalysis.Of(n, page.Width, page.Height, glyphs.Count, 0, found.Articles.Select(a => a.Content));
                var pageScore = TruthPageScorer.Score(analysed, truth.Pages[n - 1], variant);
                score.Add(pageScore);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{variant} page {n}: IoU>=0.8 {pageScore.Strict.Matched}/{pageScore.Items}, 0.5 {pageScore.Loose.Matched}, regions {pageScore.Regions}, body {pageScore.BodyCharacters.Value:P1}; raster {analysis.Elapsed.TotalMilliseconds:0} ms: rules {layout.Rules.Horizontal.Count}+{layout.Rules.Vertical.Count}, frames {layout.Frames.Count}, photos {layout.Photos.Count} (PDF: rules {pdfPage.HorizontalRules.Count}+{pdfPage.VerticalRules.Count}, frames {pdfPage.Frames.Count}, images {pdfPage.Images.Count})"));
                if (args.Contains("--verbose"))
                {
                    foreach (var a in FilledAreas.Find(grey, widthPx, heightPx, page.Width / widthPx))
                    {
                        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"   filled {a.Kind} {B(a.Box)} tone {a.Tone} share {a.ToneShare:0.00}"));
                    }

                    var raw = RasterRules.Find(grey, widthPx, heightPx, page.Width / widthPx);
                    Console.WriteLine("   raw rules " + string.Join(" ", raw.Horizontal.Concat(raw.Vertical).Select(B)));
                    Console.WriteLine("   frames " + string.Join(" ", input.Frames.Select(B)));
                    Console.WriteLine("   PDF frames " + string.Join(" ", pdfPage.Frames.Select(B)) + "; images " + string.Join(" ", pdfPage.Images.Select(B)));
                    Console.WriteLine("   rules " + string.Join(" ", input.HorizontalRules.Concat(input.VerticalRules).Select(B)));
                    Console.WriteLine("   PDF rules " + string.Join(" ", pdfPage.HorizontalRules.Concat(pdfPage.VerticalRules).Select(B)));
                }

                if (args.Contains("--articles"))
                {
                    foreach (var a in found.Articles)
                    {
                        var c = a.Content;
                        Console.WriteLine($"   article {c.Kind}: kicker '{c.Kicker}' title '{c.Title}' subtitle '{c.Subtitle}' body {c.Body.Sum(b => b.Length)} chars '{ScoringText.Head(string.Concat(c.Body), 24)}' at {string.Join(" ", c.Rects.Select(r => B(new Box(r.X * page.Width, r.Y * page.Height, r.Right * page.Width, r.Bottom * page.Height))))}");
                    }
                }

                foreach (var miss in pageScore.Misses)
                {
                    Console.WriteLine("   miss: " + miss);
                }

                if (overlays is not null)
                {
                    Paint(overlays, pdf, analysed, truth.Pages[n - 1], input);
                }
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"== {variant} ({geometry} geometry): articles at IoU >= 0.8 {score.MatchedArticles}/{score.TruthArticles} ({score.ArticleRecall:P1}), at 0.5 {score.Loose.Matched}; regions {score.Regions}; body characters {score.Body.Count}/{score.Body.Of} ({score.BodyAccuracy:P1}); {clock.Elapsed.TotalSeconds:0.0} s"));
        }

        return 0;
    }

    /// <summary>
    /// The languages production would give this PDF (<see cref="PageTextJudge.Languages"/>), telling the script from a
    /// strip of page 1 (<see cref="TesseractRecognizer.TellScriptAsync"/>) when it must, as the judge does.
    /// </summary>
    private static async Task<(string Languages, string ChosenBy)> ChooseLanguagesAsync(string pdf, RecognitionRequest request)
    {
        var pages = PdfPageReader.ReadAll(pdf);
        var readable = pages.Where(p =>
            TextPlausibility.JudgePage(p.Glyphs.Select(g => (g.Text, g.Font)), p.IsScan) is { Verdict: TextVerdict.Readable or TextVerdict.NoText }).ToArray();
        var fromScan = PageTextJudge.MustTellScript(request, readable)
            ? await new TesseractRecognizer(request.Options).TellScriptAsync(pdf, 1, pages[0].Width, pages[0].Height, CancellationToken.None)
            : null;
        return PageTextJudge.Languages(request, readable, fromScan);
    }

    /// <summary>A page's first reading in the cache: <c>.hocr</c> for chi_tra (as caches before the choice held), else named by the languages.</summary>
    private static string HocrFile(string stem) => $"{stem}.{LanguageTag}hocr";

    private static string LanguageTag => Languages == "chi_tra" ? "" : Languages.Replace('+', '-') + ".";

    /// <summary>Rasterizes and recognises the pages not in the cache yet, two at a time, as the recognizer does.</summary>
    private static async Task RecogniseMissingAsync(string pdf, int[] pages, string cache, int recognitionDpi)
    {
        var options = new OcrOptions { Dpi = recognitionDpi };
        await Parallel.ForEachAsync(pages, new ParallelOptions { MaxDegreeOfParallelism = 2 }, async (n, token) =>
        {
            var stem = Path.Combine(cache, $"{Path.GetFileNameWithoutExtension(pdf)}-p{n}");
            var page = n.ToString(CultureInfo.InvariantCulture);
            var dpi = options.Dpi.ToString(CultureInfo.InvariantCulture);
            if (!File.Exists(stem + ".pgm"))
            {
                await RunAsync("pdftoppm", ["-f", page, "-l", page, "-cropbox", "-r", dpi, "-gray", "-singlefile", pdf, stem], null, token);
            }

            // As the recognizer: tesseract reads the raster with its photos and rules whitened. A page is read again when
            // what tesseract is given changed.
            var (grey, width, height) = TesseractRecognizer.ReadPgm(stem + ".pgm");
            var pointsPerPixel = 72.0 / options.Dpi;
            var clean = RasterLayout.Find(grey, width, height, pointsPerPixel).Whiten(grey, width, height, pointsPerPixel);
            byte[] file = [.. System.Text.Encoding.ASCII.GetBytes($"P5\n{width} {height}\n255\n"), .. clean];
            if (File.Exists(HocrFile(stem)) && File.Exists(stem + ".clean.pgm") && (await File.ReadAllBytesAsync(stem + ".clean.pgm", token)).AsSpan().SequenceEqual(file))
            {
                return;
            }

            await File.WriteAllBytesAsync(stem + ".clean.pgm", file, token);
            var hocr = await RunAsync("tesseract", [stem + ".clean.pgm", "stdout", "-l", Languages, "--psm", "3", "--dpi", dpi, "-c", "hocr_char_boxes=1", "hocr"], "1", token);
            await File.WriteAllTextAsync(HocrFile(stem), hocr, token);
            Console.WriteLine($"recognised {Path.GetFileName(stem)}");
        });
    }

    /// <summary>Tesseract on a page's headline rows as single lines, as the recognizer runs it; kept in the cache by the crops' bytes.</summary>
    private static async Task<string> ReadRowsAsync(string list, string stem, CancellationToken token)
    {
        var files = (await File.ReadAllLinesAsync(list, token)).Where(l => l.Length > 0).ToArray();
        var hash = System.Security.Cryptography.SHA256.Create();
        foreach (var f in files)
        {
            var bytes = await File.ReadAllBytesAsync(f, token);
            hash.TransformBlock(bytes, 0, bytes.Length, null, 0);
        }

        hash.TransformFinalBlock([], 0, 0);
        var cached = $"{stem}.rows-{LanguageTag}{Convert.ToHexString(hash.Hash!)[..16]}.hocr";
        if (!File.Exists(cached))
        {
            await File.WriteAllTextAsync(cached, await RunAsync("tesseract", [list, "stdout", "-l", Languages, "--psm", "7", "--dpi", "300", "-c", "hocr_char_boxes=1", "hocr"], "1", token), token);
        }

        return await File.ReadAllTextAsync(cached, token);
    }

    private static async Task<string> RunAsync(string program, string[] arguments, string? threads, CancellationToken token)
    {
        var info = new ProcessStartInfo(program) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in arguments)
        {
            info.ArgumentList.Add(a);
        }

        if (threads is not null)
        {
            info.Environment["OMP_THREAD_LIMIT"] = threads;
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"cannot start {program}");
        var output = process.StandardOutput.ReadToEndAsync(token);
        var errors = process.StandardError.ReadToEndAsync(token);
        await process.WaitForExitAsync(token);
        return process.ExitCode == 0 ? await output : throw new InvalidOperationException($"{program} failed ({process.ExitCode}): {await errors}");
    }

    /// <summary>The bench's overlay (regions, truth), with the finder's input geometry drawn over it.</summary>
    private static void Paint(string folder, string pdf, PageAnalysis analysed, PageTruth truth, PageInput input)
    {
        new OverlayPainter(folder).Paint(new ScoreInput(pdf, null), analysed, truth);
        var file = Path.Combine(folder, $"{Path.GetFileNameWithoutExtension(pdf)}-p{analysed.Number}.png");
        using var bitmap = SKBitmap.Decode(file);
        var scale = (float)(bitmap.Width / input.Width);
        using (var canvas = new SKCanvas(bitmap))
        {
            void Draw(IEnumerable<Box> boxes, SKColor colour, float stroke)
            {
                using var paint = new SKPaint { Color = colour, Style = SKPaintStyle.Stroke, StrokeWidth = stroke };
                foreach (var b in boxes)
                {
                    canvas.DrawRect((float)b.Left * scale, (float)b.Top * scale, (float)b.Width * scale, (float)b.Height * scale, paint);
                }
            }

            Draw(input.HorizontalRules.Concat(input.VerticalRules), SKColors.Red, 2);
            Draw(input.Frames, SKColors.Blue, 3);
            Draw(input.Images.Where(i => i.Area < 0.8 * input.Width * input.Height), SKColors.Lime, 4);
        }

        using var image = SKImage.FromBitmap(bitmap);
        using var png = image.Encode(SKEncodedImageFormat.Png, 100);
        using var output = File.Create(file);
        png.SaveTo(output);
    }

    private static string B(Box b) => string.Create(CultureInfo.InvariantCulture, $"[{b.Left:0},{b.Top:0},{b.Right:0},{b.Bottom:0}]");

    private static string? Option(string[] args, string name)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }
}
