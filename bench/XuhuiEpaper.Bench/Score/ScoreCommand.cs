using UglyToad.PdfPig;
using XuhuiEpaper.Ingest.Images;
using XuhuiEpaper.Samples.Truth;

/// <summary>
/// `bench score`: runs the article finder over every page of the PDFs given and prints what it got right, page by
/// page, then a summary per input. It measures; it asserts nothing, so it exits 0 whatever the figures.
/// </summary>
internal static class ScoreCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var arguments = ScoreArguments.Parse(args, out var error);
        if (arguments is null)
        {
            await Console.Error.WriteLineAsync($"bench score: {error}\nusage: {ScoreArguments.Usage}");
            return 2;
        }

        // The floor renders at the width production renders at; read from the ingest's options, not repeated here.
        var zoomWidth = new ImageOptions().ZoomWidth;
        var report = new ScoreReport(Console.Out);
        report.Start(arguments, zoomWidth);
        var overlays = arguments.OverlaysDir is null ? null : new OverlayPainter(arguments.OverlaysDir);
        var sets = ScoreInput.Sets(arguments.Inputs).Select(s => (Totals: new ScoreSet(s.Set), s.Inputs)).ToList();
        var all = new ScoreSet("all inputs");
        foreach (var (set, inputs) in sets)
        {
            foreach (var input in inputs)
            {
                var truth = LoadTruth(input, report);
                report.PdfHeader(input, truth);
                var rows = new List<PageRow>();
                try
                {
                    foreach (var row in new PdfScorer(input, truth, overlays).Score(arguments))
                    {
                        report.Row(row);
                        rows.Add(row);
                        set.Add(row, truth is not null);
                        all.Add(row, truth is not null);
                    }
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    report.Error($"{input.Name}: {e.GetType().Name}: {e.Message}");
                    set.Errors.Add($"{input.Name}: {e.Message}");
                    all.Errors.Add($"{input.Name}: {e.Message}");
                }

                report.PdfDetails(rows);
                foreach (var s in new[] { set, all })
                {
                    s.Pdfs++;
                    s.PdfsWithTruth += truth is null ? 0 : 1;
                }

                if (arguments.IngestDll is not null)
                {
                    var measure = await IngestProbe.MeasureAsync(arguments.IngestDll, input.Pdf, PageCount(input.Pdf), zoomWidth);
                    report.Ingest(measure);
                    set.Ingests.Add(measure);
                    all.Ingests.Add(measure);
                }
            }
        }

        foreach (var (set, _) in sets)
        {
            report.Summary(set);
        }

        if (sets.Count > 1)
        {
            report.Summary(all);
        }

        return 0;
    }

    private static IssueTruth? LoadTruth(ScoreInput input, ScoreReport report)
    {
        if (input.Truth is null)
        {
            return null;
        }

        try
        {
            return IssueTruthJson.Deserialize(File.ReadAllText(input.Truth));
        }
        catch (Exception e) when (e is IOException or System.Text.Json.JsonException)
        {
            report.Error($"{input.Truth}: unreadable truth, scored without it: {e.Message}");
            return null;
        }
    }

    private static int PageCount(string pdf)
    {
        try
        {
            using var document = PdfDocument.Open(pdf);
            return document.NumberOfPages;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return 0;
        }
    }
}
