using XuhuiEpaper.Samples.Scoring;
using XuhuiEpaper.Samples.Truth;

/// <summary>`bench score`'s output: plain-text tables, written as the pages are analysed.</summary>
internal sealed class ScoreReport(TextWriter output)
{
    private const int WrongClicksPerPdf = 3;
    private const int WrongClicksInSummary = 12;
    private const int WorstPages = 5;
    private const int SlowestPages = 3;

    private const string RowHeader =
        " page  glyphs        ms  regions  furn  big | items  m@0.5  m@0.8  clicks |  words  cover   prec";

    public void Start(ScoreArguments arguments, int zoomWidth)
    {
        output.WriteLine($"bench score: {string.Join(' ', arguments.Inputs)}");
        output.WriteLine($"machine {Environment.ProcessorCount} cores, load average {Bench.LoadAverage()}; pages {(arguments.MaxPages is { } n ? $"1-{n} of each PDF" : "all")}"
            + (arguments.MaxGlyphs is { } g ? $", none over {g:N0} glyphs" : "")
            + (arguments.PageTimeout is { } t ? $", each in a child process stopped after {t.TotalSeconds:0} s (its ms include JIT)" : "")
            + (arguments.IngestDll is null ? "" : $"; ingest {arguments.IngestDll}, floor at {zoomWidth} px")
            + (arguments.OverlaysDir is null ? "" : $"; overlays in {arguments.OverlaysDir}"));
        output.WriteLine("columns: regions returned (not furniture), furniture regions, the biggest region's share of the page; truth items,");
        output.WriteLine("         one-to-one matches at IoU 0.5 and 0.8, grid clicks right; pdftotext words clicked, share answered by a region,");
        output.WriteLine("         share of those answered with the word in the region's text.");
        output.WriteLine("ms is PdfPig's read and the finder's analysis; the first page of a run includes JIT compilation.");
    }

    public void PdfHeader(ScoreInput input, IssueTruth? truth)
    {
        output.WriteLine();
        output.WriteLine($"== {input.Name}.pdf{(truth is null ? " (no truth)" : $" (truth: {Path.GetFileName(input.Truth)})")} ==");
        output.WriteLine(RowHeader);
    }

    public void Row(PageRow row)
    {
        if (row.Error is not null)
        {
            output.WriteLine($"{row.Page,5}  error: {row.Error}");
            return;
        }

        if (row.Skipped is not null)
        {
            output.WriteLine($"{row.Page,5} {(row.Glyphs > 0 ? row.Glyphs.ToString() : "-"),7}  skipped: {row.Skipped}");
            return;
        }

        output.WriteLine(Format($"{row.Page,5}", row.Glyphs, row.Milliseconds, row.Regions, row.Furniture, row.BiggestShare,
            row.Truth?.Items, row.Truth?.Loose.Matched, row.Truth?.Strict.Matched, row.Truth?.Clicks, row.Words));
    }

    /// <summary>A total row when there were several pages, then what to read: misses, wrong kinds, furniture, wrong clicks.</summary>
    public void PdfDetails(IReadOnlyList<PageRow> rows)
    {
        var good = rows.Where(r => r.Scored).ToList();
        if (good.Count > 1)
        {
            var truths = good.Select(r => r.Truth).OfType<TruthPageScore>().ToList();
            var words = good.Select(r => r.Words).OfType<WordClickPage>().ToList();
            output.WriteLine(Format("  all", good.Sum(r => r.Glyphs), good.Sum(r => r.Milliseconds), good.Sum(r => r.Regions), good.Sum(r => r.Furniture), good.Max(r => r.BiggestShare),
                truths.Count == 0 ? null : truths.Sum(t => t.Items), truths.Count == 0 ? null : truths.Sum(t => t.Loose.Matched),
                truths.Count == 0 ? null : truths.Sum(t => t.Strict.Matched), truths.Count == 0 ? null : truths.Select(t => t.Clicks).Aggregate(Share.Add),
                words.Count == 0 ? null : Merge(words)));
        }

        foreach (var truth in good.Select(r => r.Truth).OfType<TruthPageScore>())
        {
            if (truth.Furniture.Count > 0)
            {
                output.WriteLine($"  furniture p{truth.Page}: " + string.Join(", ", truth.Furniture.Select(f => $"{f.Kind} {(f.Answered ? "found" : "MISSED")}")));
            }

            List("furniture returned as item", truth.FurnitureAsItems);
            List("miss", truth.Misses);
            List("wrong kind", truth.WrongKinds);
            List("clicks astray", truth.ClickMisses);
            List("overlap", truth.Overlaps);
        }

        var sample = new WordClickScore();
        foreach (var words in good.Select(r => r.Words).OfType<WordClickPage>())
        {
            sample.Add(words);
        }

        List("wrong click", sample.SampleWrong(WrongClicksPerPdf).Select(Describe));
    }

    public void Ingest(IngestMeasure m)
    {
        output.WriteLine($"  ingest {m.IngestSeconds:0.00} s (its own clock {Seconds(m.OwnSeconds)}), floor {m.FloorSeconds:0.00} s: {m.Ratio:0.00}x the floor ({Times(m.OwnRatio)} by its own clock); peak memory: epaper {Mb(m.EpaperPeak)}, "
            + $"{Children(m)}, whole tree {Mb(m.TreePeak)}; floor pdftoppm {Mb(m.FloorPeak)}{(m.Error is null ? "" : $"; FAILED {m.Error}")}");
    }

    public void Error(string message) => output.WriteLine($"  error: {message}");

    public void Summary(ScoreSet set)
    {
        var good = set.Rows.Where(r => r.Scored).ToList();
        output.WriteLine();
        output.WriteLine($"== summary: {set.Name} ({Count(set.Pdfs, "PDF")}, {Count(good.Count, "page")}; {set.PdfsWithTruth} with truth) ==");
        var seconds = good.Sum(r => r.Milliseconds) / 1000;
        var slowest = string.Join(", ", good.OrderByDescending(r => r.Milliseconds).Take(SlowestPages).Select(r => $"{r.Pdf} p{r.Page} {r.Milliseconds / 1000:0.0} s ({r.Glyphs:N0} glyphs)"));
        Line("analysis", $"{good.Sum(r => r.Glyphs):N0} glyphs, {seconds:0.0} s in PdfPig and the finder ({(good.Count == 0 ? 0 : seconds / good.Count):0.00} s a page); slowest: {slowest}");
        if (set.Truth.Pages.Count > 0)
        {
            Block("truth", set.Truth.Summary());
            Block("kinds", $"of the items matched at IoU >= {LayoutScore.IoUBar:0.0}, truth x found\n{set.Truth.ConfusionTable()}");
            Line("word clicks", $"on pages with truth: {set.WordsWithTruth}");
        }

        if (set.WordsWithoutTruth.Pages.Count > 0)
        {
            var wordless = set.WordsWithoutTruth.Pages.Count(p => p.Clicks == 0);
            Line("word clicks", $"on pages without truth: {set.WordsWithoutTruth}{(wordless == 0 ? "" : $" ({Count(wordless, "page")} without words)")}");
            Block("worst pages", "(without truth, by the share of all word clicks answered with the word)\n" + string.Join('\n',
                set.WordsWithoutTruth.Worst(WorstPages).Select(p => $"{p.Label} p{p.Page}: {p.Clicks} words, coverage {p.Coverage.Percent()}, precision {p.Precision.Percent()}, right of all {p.RightOfAll.Percent()}")));
        }

        var words = new WordClickScore();
        foreach (var page in set.WordsWithTruth.Pages.Concat(set.WordsWithoutTruth.Pages))
        {
            words.Add(page);
        }

        var wrong = words.SampleWrong(WrongClicksInSummary);
        Block("wrong clicks", wrong.Count == 0 ? "none" : "a sample: word, page, the region that answered\n" + string.Join('\n', wrong.Select(Describe)));
        if (set.Ingests.Count > 0)
        {
            IngestTable(set.Ingests);
        }

        if (set.Skipped.Count > 0)
        {
            Block("skipped", $"{Count(set.Skipped.Count, "page")} not scored:\n" + string.Join('\n', set.Skipped));
        }

        if (set.Errors.Count > 0)
        {
            Block("errors", string.Join('\n', set.Errors));
        }
    }

    private void IngestTable(List<IngestMeasure> ingests)
    {
        var lines = new List<string> { $"{"pdf",-44} pages  ingest s  own s  floor s   ratio  own ratio  epaper MB  pdftoppm MB  tree MB  floor MB" };
        lines.AddRange(ingests.Select(m => $"{Shorten(m.Pdf, 44),-44} {m.Pages,5} {m.IngestSeconds,9:0.00} {m.OwnSeconds?.ToString("0.00") ?? "-",6} {m.FloorSeconds,8:0.00} {m.Ratio,6:0.00}x {Times(m.OwnRatio),10} {m.EpaperPeak >> 20,10} {m.ChildPeaks.GetValueOrDefault("pdftoppm") >> 20,12} {m.TreePeak >> 20,8} {m.FloorPeak >> 20,9}{(m.Error is null ? "" : "  FAILED")}"));
        var worst = ingests.Where(m => m.Error is null).OrderByDescending(m => m.Ratio).FirstOrDefault();
        if (worst is not null)
        {
            var ownWorst = ingests.Where(m => m.Error is null && m.OwnRatio is not null).Select(m => m.OwnRatio!.Value).DefaultIfEmpty(0).Max();
            lines.Add($"max ratio {worst.Ratio:0.00}x ({worst.Pdf}), by the ingest's own clock {ownWorst:0.00}x; largest epaper peak {ingests.Max(m => m.EpaperPeak) >> 20} MB, largest tree {ingests.Max(m => m.TreePeak) >> 20} MB");
        }

        Block("ingest", "epaper ingest in a child process (fresh data folder) against the floor (pdftoppm, same pages): ingest s is start to exit,\n"
            + "own s the ingest's own clock (from queueing the job: no start-up); peaks: VmHWM sampled every 20 ms (epaper; its largest\n"
            + "pdftoppm child), the largest sum of the process tree's RSS, the floor's pdftoppm\n" + string.Join('\n', lines));
    }

    private static string Format(string page, int glyphs, double ms, int regions, int furniture, double biggest, int? items, int? loose, int? strict, Share? clicks, WordClickPage? words) =>
        $"{page} {glyphs,7} {ms,9:0} {regions,8} {furniture,5} {biggest * 100,3:0}% | {Cell(items),5} {Cell(loose),6} {Cell(strict),6} {clicks?.Percent() ?? "-",7} | {words?.Clicks.ToString() ?? "-",6} {words?.Coverage.Percent() ?? "-",6} {words?.Precision.Percent() ?? "-",6}";

    private static string Cell(int? value) => value?.ToString() ?? "-";

    private static string Count(int count, string noun) => $"{count} {noun}{(count == 1 ? "" : "s")}";

    private static WordClickPage Merge(List<WordClickPage> pages) => new()
    {
        Label = pages[0].Label,
        Page = 0,
        Clicks = pages.Sum(p => p.Clicks),
        Answered = pages.Sum(p => p.Answered),
        Right = pages.Sum(p => p.Right),
        Wrong = [],
    };

    private static string Describe(WrongClick w) => $"'{w.Word}' on {w.Label} p{w.Page}: {w.Answer}";

    private static string Children(IngestMeasure m) => m.ChildPeaks.Count == 0
        ? "no child seen"
        : string.Join(", ", m.ChildPeaks.OrderByDescending(c => c.Value).Select(c => $"{c.Key} {Mb(c.Value)}"));

    private static string Mb(long bytes) => $"{bytes >> 20} MB";

    private static string Seconds(double? seconds) => seconds is { } s ? $"{s:0.00} s" : "-";

    private static string Times(double? ratio) => ratio is { } r ? $"{r:0.00}x" : "-";

    private static string Shorten(string text, int length) => text.Length <= length ? text : "…" + text[^(length - 1)..];

    private void List(string what, IEnumerable<string> lines)
    {
        foreach (var line in lines)
        {
            output.WriteLine($"  {what}: {line}");
        }
    }

    private void Line(string title, string text) => output.WriteLine($"{title,-13} {text}");

    private void Block(string title, string text)
    {
        var lines = text.TrimEnd('\n').Split('\n');
        output.WriteLine($"{title,-13} {lines[0]}");
        foreach (var line in lines.Skip(1))
        {
            output.WriteLine($"{"",-13} {line}");
        }
    }
}
