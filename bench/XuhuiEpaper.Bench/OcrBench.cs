using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using XuhuiEpaper.Core.Geometry;
using XuhuiEpaper.Core.Model;
using XuhuiEpaper.Core.Pdf;
using XuhuiEpaper.Core.Text;
using XuhuiEpaper.Ingest.Images;
using XuhuiEpaper.Ingest.Pipeline;
using XuhuiEpaper.Ingest.Recognition;
using XuhuiEpaper.Ingest.Rendering;
using XuhuiEpaper.Ingest.Validation;
using XuhuiEpaper.Samples;
using XuhuiEpaper.Samples.Scoring;
using XuhuiEpaper.Samples.Truth;
using XuhuiEpaper.Storage;

/// <summary>
/// `bench ocr [--variants notu,notu-page,scan150,scan300] [--pages N] [--parallelism N] [--dpi N] [--keep DIR]`: issue 13's bars.
/// Each variant of the sample issue (fonts without /ToUnicode, with the glyph route and with the page route; the
/// pages as images only at 150 and 300 dpi) is ingested through the real IngestPipeline (tesseract, production image
/// sizes) into a fresh data folder, then read back from the database and scored against the sample's truth with the
/// finder's scorer: articles at IoU ≥ 0.8, body characters in the right article, searches for 徐匯 and 大走訪, each
/// page's text report, recognition time per page and the progress the job showed. Last, the cost of the judgement on
/// pages with a good text layer, against PdfPig's reading of the same pages.
/// </summary>
internal static class OcrBench
{
    public const string Usage = "bench ocr [--variants notu,notu-page,scan150,scan300] [--pages N] [--parallelism N] [--dpi N] [--page-timeout S] [--keep DIR]";

    public static async Task<int> RunAsync(string[] args)
    {
        var variants = Option(args, "--variants")?.Split(',') ?? ["notu", "notu-page", "scan150", "scan300"];
        var pages = int.Parse(Option(args, "--pages") ?? "4", CultureInfo.InvariantCulture);
        var parallelism = int.Parse(Option(args, "--parallelism") ?? Environment.ProcessorCount.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        var dpi = int.Parse(Option(args, "--dpi") ?? "300", CultureInfo.InvariantCulture);
        var keep = Option(args, "--keep");
        // Accuracy is measured whatever the machine's load: the bench waits longer for a page than production does.
        var pageTimeout = TimeSpan.FromSeconds(double.Parse(Option(args, "--page-timeout") ?? "900", CultureInfo.InvariantCulture));
        var root = RepositoryRoot.Find();
        var sample = Path.Combine(root, "samples", "xuhuibao-2021-12-13.pdf");
        var truth = IssueTruthJson.Deserialize(await File.ReadAllTextAsync(Path.Combine(root, "samples", "xuhuibao-2021-12-13.truth.json")));
        var work = keep ?? Path.Combine(Path.GetTempPath(), "epaper-ocr-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(work);
        Console.WriteLine($"bench ocr: {Environment.ProcessorCount} cores, load average {LoadAverage()}, OCR at {dpi} dpi, {parallelism} pages at once, {pages} page(s)");
        try
        {
            foreach (var variant in variants)
            {
                var file = Path.Combine(work, variant + ".pdf");
                await File.WriteAllBytesAsync(file, variant switch
                {
                    "notu" or "notu-page" => Trim(UnreadableVariants.WithoutToUnicode(await File.ReadAllBytesAsync(sample)), pages, work),
                    "scan150" => await UnreadableVariants.ImageOnlyAsync(sample, 150, 1, pages),
                    "scan300" => await UnreadableVariants.ImageOnlyAsync(sample, 300, 1, pages),
                    _ => throw new ArgumentException($"unknown variant {variant}"),
                });
                var ocr = new OcrOptions { Dpi = dpi, Parallelism = parallelism, PageTimeout = pageTimeout, GlyphRoute = variant == "notu-page" ? "page" : "glyphs" };
                await MeasureAsync(variant, file, ocr, truth, pages);
            }

            MeasureJudgement(sample);
            return 0;
        }
        finally
        {
            if (keep is null)
            {
                Directory.Delete(work, recursive: true);
            }
        }
    }

    private static byte[] Trim(byte[] pdf, int pages, string work) =>
        pages >= 4 ? pdf : throw new ArgumentException("--pages below 4 applies to the scans only: the no-/ToUnicode variant is the whole sample");

    private static async Task MeasureAsync(string variant, string file, OcrOptions ocr, IssueTruth truth, int pageCount)
    {
        var dataDir = Path.Combine(Path.GetTempPath(), $"epaper-ocr-bench-data-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dataDir);
        try
        {
            using var database = new EpaperDatabase(Path.Combine(dataDir, "epaper.db"));
            await database.MigrateAsync();
            var epaper = Options.Create(new EpaperOptions { DataDir = dataDir, Paper = "徐匯報" });
            var images = Options.Create(new ImageOptions());
            var store = new BrowseStore(database);
            var search = new SearchStore(database);
            var texts = new PageTextStore(database);
            var pipeline = new IngestPipeline(
                new PdfValidator(new IngestLimits()), new PopplerRenderer(new RenderOptions()), new PageImageDeriver(images), images,
                XuhuiEpaper.Core.Layout.ArticleFinder.Instance, store, new PublishStore(database), epaper, NullLogger<IngestPipeline>.Instance,
                null, texts, Options.Create(ocr));
            var clock = Stopwatch.StartNew();
            var progress = new List<string>();
            var reporter = new SynchronousProgress(p =>
            {
                lock (progress)
                {
                    var line = $"{clock.Elapsed.TotalSeconds:0.0}s {p.Stage} {p.PagesDone}/{p.PageCount}";
                    if (progress.Count == 0 || !progress[^1].EndsWith($"{p.Stage} {p.PagesDone}/{p.PageCount}", StringComparison.Ordinal))
                    {
                        progress.Add(line);
                    }
                }
            });
            var cpuBefore = ChildCpuSeconds();
            var result = await pipeline.IngestAsync(file, new MetadataOverrides { Date = new DateOnly(2021, 12, 13) }, reporter);
            clock.Stop();
            var cpu = ChildCpuSeconds() - cpuBefore + Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;

            var score = new LayoutScore();
            for (var n = 1; n <= pageCount; n++)
            {
                var page = await store.GetPageAsync(result.IssueId, n) ?? throw new InvalidOperationException($"no page {n}");
                var contents = new List<ArticleContent>();
                foreach (var a in page.Articles)
                {
                    var d = await store.GetArticleAsync(a.Id) ?? throw new InvalidOperationException($"no article {a.Id}");
                    contents.Add(new ArticleContent { Kind = d.Kind, Kicker = d.Kicker, Title = d.Title, Subtitle = d.Subtitle, Byline = d.Byline, Body = d.Body, Captions = d.Captions, Rects = d.Rects });
                }

                var pageTruth = truth.Pages[n - 1];
                score.Add(TruthPageScorer.Score(PageAnalysis.Of(n, pageTruth.WidthPt, pageTruth.HeightPt, 0, 0, contents), pageTruth, variant));
            }

            var reports = await texts.GetAsync((await store.GetIssueAsync(result.IssueId))!.Issue.Sha256);
            Console.WriteLine();
            Console.WriteLine($"== {variant}: {Path.GetFileName(file)} ({new FileInfo(file).Length / 1024} KB), ingest {clock.Elapsed.TotalSeconds:0.0} s wall, {cpu:0.0} s CPU (this process and its children), load average {LoadAverage()}");
            Console.WriteLine($"   articles at IoU >= 0.8: {score.MatchedArticles}/{score.TruthArticles} ({score.ArticleRecall:P1}); at 0.5: {score.Loose.Matched}; regions {score.Regions}; clicks right {score.Clicks.Value:P1}");
            Console.WriteLine($"   body characters in the right article: {score.Body.Count}/{score.Body.Of} ({score.BodyAccuracy:P1})");
            foreach (var r in reports)
            {
                Console.WriteLine($"   page {r.PageNumber}: verdict {r.Report.Verdict}, source {r.Report.Source}, route {r.Report.Route ?? "-"}, recognised in {r.Report.RecognitionSeconds:0.0} s; PDF text: {Figures(r.Report.Figures)}; recognised: {(r.Report.RecognisedFigures is { } f ? Figures(f) : "-")}");
                var pageScore = score.Pages[r.PageNumber - 1];
                Console.WriteLine($"     IoU >= 0.8 {pageScore.Strict.Matched}/{pageScore.Items}, body characters {pageScore.BodyCharacters.Value:P1}; {r.Report.Reason}");
            }

            foreach (var query in new[] { "徐匯", "大走訪" })
            {
                var hits = await search.SearchAsync(query, pageSize: 50);
                var front = hits.Items.Where(h => h.PageNumber == 1).Select(h => h.Title).ToArray();
                var truthFront = truth.Pages[0].Articles.Count(a => (a.Title + a.Kicker + a.Subtitle + string.Concat(a.Body)).Contains(query, StringComparison.Ordinal));
                Console.WriteLine($"   search {query}: {hits.Total} hits, {front.Length} on page 1 (truth: {truthFront} front-page articles hold it): {string.Join(" | ", front.Select(t => ScoringText.Head(t ?? "", 20)))}");
            }

            Console.WriteLine("   progress: " + string.Join("; ", progress));
            var ocrSeconds = reports.Select(r => r.Report.RecognitionSeconds).OfType<double>().ToArray();
            if (ocrSeconds.Length > 0)
            {
                Console.WriteLine($"   recognition per page (wall, {ocr.Parallelism} at once): {string.Join(", ", ocrSeconds.Select(s => s.ToString("0.0", CultureInfo.InvariantCulture)))} s; max {ocrSeconds.Max():0.0} s");
            }

            foreach (var miss in score.Misses.Take(8))
            {
                Console.WriteLine("   miss: " + miss);
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dataDir, recursive: true);
        }
    }

    /// <summary>The judgement's cost on pages with a good text layer, against PdfPig reading them (the cost it adds to).</summary>
    private static void MeasureJudgement(string sample)
    {
        var read = Stopwatch.StartNew();
        var inputs = PdfPageReader.ReadAll(sample);
        read.Stop();
        var glyphs = inputs.Sum(p => p.Glyphs.Count);
        for (var warm = 0; warm < 3; warm++)
        {
            _ = inputs.Select(p => TextPlausibility.JudgePage(p.Glyphs.Select(g => (g.Text, g.Font)), p.IsScan)).ToArray();
        }

        const int Runs = 50;
        var judge = Stopwatch.StartNew();
        PageTextJudgement[] verdicts = [];
        for (var i = 0; i < Runs; i++)
        {
            verdicts = inputs.Select(p => TextPlausibility.JudgePage(p.Glyphs.Select(g => (g.Text, g.Font)), p.IsScan)).ToArray();
        }

        judge.Stop();
        var perPage = judge.Elapsed.TotalMilliseconds / Runs / inputs.Count;
        Console.WriteLine();
        Console.WriteLine($"== judgement on the sample's good text layer: {inputs.Count} pages, {glyphs} glyphs: {perPage:0.000} ms a page ({judge.Elapsed.TotalMilliseconds / Runs / glyphs * 1000:0.0} µs per 1,000 glyphs... per glyph {judge.Elapsed.TotalMilliseconds * 1000 / Runs / glyphs:0.00} µs), against {read.Elapsed.TotalMilliseconds / inputs.Count:0.0} ms a page for PdfPig's reading (first read, JIT included): {perPage / (read.Elapsed.TotalMilliseconds / inputs.Count):P2}");
        Console.WriteLine("   verdicts: " + string.Join("; ", verdicts.Select((v, i) => $"page {i + 1} {v.Verdict} ({Figures(v.Figures)})")));
    }

    private static string Figures(TextFigures f) => string.Create(CultureInfo.InvariantCulture,
        $"{f.Characters} chars, expected {f.ExpectedShare:P0}, control {f.ControlShare:P1}, common hanzi {f.CommonHanziShare:P0}, bigrams {(f.BigramCoverage is { } b ? b.ToString("P0", CultureInfo.InvariantCulture) : "-")}");

    private static string? Option(string[] args, string name)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";

    /// <summary>CPU seconds of this process's waited-for children (tesseract, pdftoppm), from /proc/self/stat.</summary>
    private static double ChildCpuSeconds()
    {
        var stat = File.ReadAllText("/proc/self/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // cutime and cstime are fields 16 and 17 (1-based) of the whole line: 14 and 15 after the name.
        return (double.Parse(fields[13], CultureInfo.InvariantCulture) + double.Parse(fields[14], CultureInfo.InvariantCulture)) / 100.0;
    }

    private sealed class SynchronousProgress(Action<IngestProgress> report) : IProgress<IngestProgress>
    {
        public void Report(IngestProgress value) => report(value);
    }
}
