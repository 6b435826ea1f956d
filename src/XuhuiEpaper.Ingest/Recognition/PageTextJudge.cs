using System.Diagnostics;
using System.Globalization;
using System.Text;
using XuhuiEpaper.Core.Layout;
using XuhuiEpaper.Core.Model;
using XuhuiEpaper.Core.Recognition;
using XuhuiEpaper.Core.Text;
using XuhuiEpaper.Ingest.Analysis;

namespace XuhuiEpaper.Ingest.Recognition;

/// <summary>What the analysis needs to recognise pages: the options, and the paper's name when known (its script picks the languages).</summary>
public sealed record RecognitionRequest(OcrOptions Options, string? TitleHint = null);

/// <summary>
/// Judges each page's text layer (<see cref="TextPlausibility"/>) and decides what the article finder gets: the PDF's
/// glyphs when they are text (less the glyphs of fonts whose text is not), text recognised from the page when they are
/// not or when the page is a scan, or nothing, so that garbage is never published or indexed. Recognition runs pages in
/// parallel, each in bounded children (<see cref="TesseractRecognizer"/>); a page whose recognition fails is published
/// as an image with the reason, never failing the issue.
/// </summary>
public static class PageTextJudge
{
    public static (IReadOnlyList<PageInput> Inputs, IReadOnlyList<PageTextReport> Reports) Judge(
        string pdfPath, IReadOnlyList<PageInput> pages, RecognitionRequest? recognition, IProgress<AnalysisProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pages);
        var inputs = pages.ToArray();
        var reports = new PageTextReport[pages.Count];
        var judgements = pages.Select(p => TextPlausibility.JudgePage(p.Glyphs.Select(g => (g.Text, g.Font)), p.IsScan)).ToArray();
        var toRecognise = new List<int>();
        for (var i = 0; i < pages.Count; i++)
        {
            var j = judgements[i];
            var badFonts = j.UnreadableFonts.ToArray();
            switch (j.Verdict)
            {
                case TextVerdict.Readable when badFonts.Length > 0:
                    // A font of symbols or a stray font without a map: its glyphs are left out, the rest is text.
                    var bad = badFonts.ToHashSet(StringComparer.Ordinal);
                    inputs[i] = pages[i] with { Glyphs = pages[i].Glyphs.Where(g => !bad.Contains(g.Font ?? "")).ToArray() };
                    reports[i] = new PageTextReport(j.Verdict, TextSource.Pdf, j.Figures, badFonts, j.Reason);
                    break;
                case TextVerdict.Readable or TextVerdict.NoText:
                    reports[i] = new PageTextReport(j.Verdict, TextSource.Pdf, j.Figures, [], j.Reason);
                    break;
                default:
                    toRecognise.Add(i);
                    inputs[i] = pages[i] with { Glyphs = [] };
                    reports[i] = new PageTextReport(j.Verdict, TextSource.None, j.Figures, badFonts, j.Reason
                        + (recognition?.Options.Enabled == true ? "" : "; recognition is off (Ingest:Ocr:Enabled): published as an image, its text not indexed"));
                    break;
            }
        }

        if (toRecognise.Count == 0 || recognition is not { Options.Enabled: true } request)
        {
            return (inputs, reports);
        }

        var recognizer = new TesseractRecognizer(request.Options);
        var readable = inputs.Where((_, i) => reports[i].Source == TextSource.Pdf).ToArray();
        ScriptVerdict? fromScan = null;
        if (MustTellScript(request, readable))
        {
            var first = toRecognise[0];
            try
            {
                fromScan = recognizer.TellScriptAsync(pdfPath, first + 1, pages[first].Width, pages[first].Height, cancellationToken).GetAwaiter().GetResult();
            }
            catch (RecognitionFailedException)
            {
                // The paper's name, else the fallback, decides; the page's own recognition reports any lasting fault.
            }
        }

        var (languages, chosenBy) = Languages(request, readable, fromScan);
        var recognised = new PageRecognition?[pages.Count];
        var failures = new string?[pages.Count];
        var done = 0;
        progress?.Report(new AnalysisProgress(pages.Count, 0, pages.Count, 0, toRecognise.Count));
        Parallel.ForEach(toRecognise, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, request.Options.Parallelism), CancellationToken = cancellationToken }, i =>
        {
            try
            {
                recognised[i] = recognizer.RecognizeAsync(pdfPath, i + 1, pages[i].Width, pages[i].Height, languages, cancellationToken).GetAwaiter().GetResult();
            }
            catch (RecognitionFailedException ex)
            {
                failures[i] = ex.Message;
            }

            progress?.Report(new AnalysisProgress(pages.Count, 0, pages.Count, Interlocked.Increment(ref done), toRecognise.Count));
        });

        var ocrGlyphs = new IReadOnlyList<Glyph>?[pages.Count];
        foreach (var i in toRecognise)
        {
            if (recognised[i] is { } r)
            {
                ocrGlyphs[i] = RecognisedGlyphs.FromWords(r.Words, request.Options.MinConfidence);
            }
        }

        // Fonts without a map whose glyphs the PDF still places: each glyph named once by the votes of its uses, all pages together.
        var glyphPages = toRecognise.Where(i => ocrGlyphs[i] is not null && judgements[i].Verdict == TextVerdict.Unreadable && pages[i].Glyphs.Count > 0).ToArray();
        IReadOnlyDictionary<(string, string), string>? names = null;
        var glyphFonts = new HashSet<string>(StringComparer.Ordinal);
        if (string.Equals(request.Options.GlyphRoute, "glyphs", StringComparison.OrdinalIgnoreCase) && glyphPages.Length > 0)
        {
            foreach (var i in glyphPages)
            {
                var bad = judgements[i].UnreadableFonts.ToArray();
                glyphFonts.UnionWith(bad.Length > 0 ? bad : pages[i].Glyphs.Select(g => g.Font ?? ""));
            }

            names = GlyphNaming.Vote(glyphPages.Select(i => (pages[i].Glyphs, ocrGlyphs[i]!)), glyphFonts);
        }

        foreach (var i in toRecognise)
        {
            var j = judgements[i];
            if (failures[i] is { } failure || ocrGlyphs[i] is null)
            {
                reports[i] = reports[i] with { Reason = j.Reason + $"; recognition failed ({failures[i] ?? "no result"}): published as an image, its text not indexed" };
                continue;
            }

            var route = names is not null && glyphPages.Contains(i) ? "glyphs" : "page";
            // The page route: characters evened out a line at a time, as a text layer sets them.
            var glyphs = route == "glyphs"
                ? GlyphNaming.Apply(pages[i].Glyphs.Select(g => g with { Font = g.Font ?? "" }).ToArray(), glyphFonts, names!)
                : RecognisedGlyphs.Evened(recognised[i]!.Words, request.Options.MinConfidence);
            var text = new StringBuilder();
            foreach (var g in glyphs)
            {
                text.Append(g.Text);
            }

            var figures = TextPlausibility.Measure(text.ToString());
            var seconds = recognised[i]!.Elapsed.TotalSeconds;
            var how = string.Create(CultureInfo.InvariantCulture, $"tesseract {languages} ({chosenBy}) at {request.Options.Dpi} dpi, {seconds:0.0} s");
            if (TextPlausibility.Fault(figures) is { } fault)
            {
                reports[i] = reports[i] with
                {
                    Reason = j.Reason + $"; the recognised text ({how}) is not text either ({fault}): published as an image, its text not indexed",
                    RecognisedFigures = figures,
                    RecognitionSeconds = seconds,
                };
                continue;
            }

            inputs[i] = route == "glyphs"
                ? pages[i] with { Glyphs = glyphs }
                : AsRecognisedPage(pages[i], glyphs, recognised[i]!.Layout);
            reports[i] = reports[i] with
            {
                Source = TextSource.Recognised,
                Route = route,
                RecognisedFigures = figures,
                RecognitionSeconds = seconds,
                Reason = j.Reason + (route == "glyphs"
                    ? $"; recognised ({how}): each glyph named by the votes of its uses, at the PDF's positions"
                    : $"; recognised ({how})"),
            };
        }

        return (inputs, reports);
    }

    /// <summary>
    /// A page whose text was recognised from its raster, for the finder: OCR gives every character its own box, so the
    /// page counts as a scan (an image the size of the page), whose steps allow for that; a page without vector rules,
    /// frames or images of its own (besides the scan) gets those seen on the raster, as a PDF's paths and images would
    /// give them.
    /// </summary>
    public static PageInput AsRecognisedPage(PageInput page, IReadOnlyList<Glyph> glyphs, RasterLayout layout)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(layout);
        // Characters read inside a photo are the recogniser seeing type in windows and leaves.
        var recognised = page with { Glyphs = glyphs.Where(g => !layout.Photos.Any(p => p.Contains(g.Box.CenterX, g.Box.CenterY))).ToArray() };
        if (page.HorizontalRules.Count + page.VerticalRules.Count == 0)
        {
            recognised = recognised with { HorizontalRules = layout.Rules.Horizontal, VerticalRules = layout.Rules.Vertical };
        }

        if (page.Frames.Count == 0)
        {
            recognised = recognised with { Frames = layout.Frames };
        }

        var scanImage = new Box(0, 0, page.Width, page.Height);
        var ownImages = page.Images.Where(i => i.Area < PageInput.ScanShare * page.Width * page.Height).ToArray();
        if (ownImages.Length == 0)
        {
            recognised = recognised with { Images = [.. page.Images, .. layout.Photos] };
        }

        return recognised.IsScan ? recognised : recognised with { Images = [.. recognised.Images, scanImage] };
    }

    /// <summary>Ideographs of readable text that tell an issue's script without looking at its scans.</summary>
    public const int ReadableIdeographs = 20;

    /// <summary>
    /// Whether the script must be told from a page's raster (<see cref="TesseractRecognizer.TellScriptAsync"/>): no
    /// languages configured, the option on, and too little readable text in the issue to tell it by.
    /// </summary>
    public static bool MustTellScript(RecognitionRequest request, IEnumerable<PageInput> readablePages)
    {
        ArgumentNullException.ThrowIfNull(request);
        return string.IsNullOrWhiteSpace(request.Options.Languages) && request.Options.ScriptFromScan && ReadableSample(readablePages).Length < ReadableIdeographs;
    }

    /// <summary>
    /// The languages and what chose them: as configured; else the script of the issue's readable text; else that told
    /// from a scan (<paramref name="fromScan"/>); else that of the paper's name (the upload's, else <c>Epaper:Paper</c>);
    /// else the fallback. The print itself goes before the name: an archive configured for 徐匯報 also holds issues
    /// printed in Simplified. With <see cref="OcrOptions.Vertical"/>, the vertical model of each language too.
    /// </summary>
    public static (string Languages, string ChosenBy) Languages(RecognitionRequest request, IEnumerable<PageInput> readablePages, ScriptVerdict? fromScan)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(readablePages);
        var options = request.Options;
        var sample = ReadableSample(readablePages);
        var (languages, chosenBy) =
            !string.IsNullOrWhiteSpace(options.Languages) ? (options.Languages, "configured")
            : sample.Length >= ReadableIdeographs ? (ScriptOf(sample), "by the issue's readable text")
            : fromScan is { Languages: { } told } ? (told, "by the scan: " + fromScan)
            : request.TitleHint is { } hint && hint.Any(c => CjkText.IsIdeograph(c)) ? (ScriptOf(hint), "by the paper's name " + hint)
            : (options.FallbackLanguages, "the script could not be told" + (fromScan is null ? "" : " (" + fromScan + ")"));
        if (options.Vertical)
        {
            languages = string.Join('+', languages.Split('+').SelectMany(l => l.StartsWith("chi_", StringComparison.Ordinal) && !l.EndsWith("_vert", StringComparison.Ordinal) ? new[] { l, l + "_vert" } : [l]).Distinct());
        }

        return (languages, chosenBy);
    }

    private static string ScriptOf(string text) => TextPlausibility.LooksTraditional(text) ? "chi_tra" : "chi_sim";

    private static string ReadableSample(IEnumerable<PageInput> readablePages) =>
        string.Concat(readablePages.SelectMany(p => p.Glyphs).Select(g => g.Text).Where(t => t.Length == 1 && CjkText.IsIdeograph(t[0])).Take(2000));
}
