using UglyToad.PdfPig;
using XuhuiEpaper.Samples.Scoring;
using XuhuiEpaper.Samples.Truth;

/// <summary>
/// One page's figures. Truth and Words are null when there is no truth, or pdftotext found no page. A page the finder
/// failed on has an Error; one left out (--max-glyphs, --page-timeout) says why in Skipped.
/// </summary>
internal sealed record PageRow(
    string Pdf, int Page, int Glyphs, double Milliseconds, int Regions, int Furniture, double BiggestShare,
    TruthPageScore? Truth, WordClickPage? Words, string? Error = null, string? Skipped = null)
{
    public bool Scored => Error is null && Skipped is null;
}

/// <summary>Analyses the pages of one PDF and scores each: against its truth if it has one, by word clicks always.</summary>
internal sealed class PdfScorer(ScoreInput input, IssueTruth? truth, OverlayPainter? overlays)
{
    /// <summary>The pages, one at a time, so a slow run reports as it goes.</summary>
    public IEnumerable<PageRow> Score(ScoreArguments arguments)
    {
        using var document = PdfDocument.Open(input.Pdf);
        var last = Math.Min(document.NumberOfPages, arguments.MaxPages ?? int.MaxValue);
        var words = last == 0 ? new Dictionary<int, WordPage>() : PdfWords.Read(input.Pdf, 1, last).ToDictionary(p => p.Number);
        var maxGlyphs = arguments.MaxGlyphs ?? int.MaxValue;
        IPageSource pages = arguments.PageTimeout is { } timeout
            ? new ChildProcessPages(document, input.Pdf, maxGlyphs, timeout)
            : new InProcessPages(document, maxGlyphs);
        for (var number = 1; number <= last; number++)
        {
            yield return ScorePage(pages, number, words.GetValueOrDefault(number));
        }
    }

    private PageRow ScorePage(IPageSource pages, int number, WordPage? words)
    {
        PageOutcome outcome;
        try
        {
            outcome = pages.Analyse(number);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A page the finder or PdfPig cannot read is a finding too; the other pages still count.
            return new PageRow(input.Name, number, 0, 0, 0, 0, 0, null, null, $"{e.GetType().Name}: {e.Message}");
        }

        if (outcome.Page is not { } page)
        {
            return new PageRow(input.Name, number, outcome.Glyphs, 0, 0, 0, 0, null, null, Skipped: outcome.Skipped);
        }

        var pageTruth = truth?.Pages.FirstOrDefault(p => p.Number == number);
        var truthScore = pageTruth is null ? null : TruthPageScorer.Score(page, pageTruth, input.Name);
        var wordScore = words is null ? null : WordClickScorer.Score(page, words, input.Name);
        overlays?.Paint(input, page, pageTruth);
        return new PageRow(input.Name, number, page.Glyphs, page.Milliseconds, page.Items.Count(), page.Furniture.Count(), page.BiggestItemShare, truthScore, wordScore);
    }
}
