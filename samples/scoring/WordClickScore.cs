namespace XuhuiEpaper.Samples.Scoring;

/// <summary>A click on a word answered by a region that does not hold the word.</summary>
public sealed record WrongClick(string Label, int Page, string Word, string Answer);

/// <summary>Word clicks on one page. Built by <see cref="WordClickScorer"/>.</summary>
public sealed class WordClickPage
{
    public required string Label { get; init; }
    public required int Page { get; init; }
    /// <summary>Words clicked: those with a letter or a digit.</summary>
    public required int Clicks { get; init; }
    /// <summary>Clicks that landed in a region, furniture included.</summary>
    public required int Answered { get; init; }
    /// <summary>Answered clicks whose region's text holds the word.</summary>
    public required int Right { get; init; }
    public required IReadOnlyList<WrongClick> Wrong { get; init; }

    public Share Coverage => new(Answered, Clicks);
    public Share Precision => new(Right, Answered);
    /// <summary>Clicks answered with the right text, of all clicks: coverage times precision.</summary>
    public Share RightOfAll => new(Right, Clicks);

    public override string ToString() => $"{Label} p{Page}: {Clicks} words clicked, coverage {Coverage}, precision {Precision}";
}

/// <summary>
/// Clicks the centre of every word pdftotext finds on a page (the API's hit rule) and checks that the region
/// answering holds the word: a measure that needs no ground truth.
/// </summary>
public static class WordClickScorer
{
    public static WordClickPage Score(PageAnalysis page, WordPage words, string label)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(words);
        int clicks = 0, answered = 0, right = 0;
        var wrong = new List<WrongClick>();
        foreach (var word in words.Words)
        {
            if (!ScoringText.HasLetterOrDigit(word.Text))
            {
                continue;
            }

            clicks++;
            var hit = RegionHitTest.Hit(page.Regions, word.Box.CenterX, word.Box.CenterY);
            if (hit is null)
            {
                continue;
            }

            answered++;
            if (hit.ComparableText.Contains(ScoringText.Comparable(word.Text), StringComparison.Ordinal))
            {
                right++;
            }
            else
            {
                wrong.Add(new WrongClick(label, page.Number, word.Text, hit.Describe()));
            }
        }

        return new WordClickPage { Label = label, Page = page.Number, Clicks = clicks, Answered = answered, Right = right, Wrong = wrong };
    }
}

/// <summary>Word clicks over any number of pages.</summary>
public sealed class WordClickScore
{
    private readonly List<WordClickPage> _pages = [];

    public IReadOnlyList<WordClickPage> Pages => _pages;
    public Share Coverage => new(_pages.Sum(p => (long)p.Answered), _pages.Sum(p => (long)p.Clicks));
    public Share Precision => new(_pages.Sum(p => (long)p.Right), _pages.Sum(p => (long)p.Answered));

    public void Add(WordClickPage page) => _pages.Add(page);

    /// <summary>The pages with the smallest share of clicks answered right, worst first (pages with no words left out).</summary>
    public IEnumerable<WordClickPage> Worst(int count) =>
        _pages.Where(p => p.Clicks > 0).OrderBy(p => p.RightOfAll.Value).ThenBy(p => p.Label, StringComparer.Ordinal).Take(count);

    /// <summary>
    /// Up to <paramref name="count"/> wrong clicks spread evenly over all of them (the first of a page's wrong
    /// clicks are often one bad region; spreading shows more kinds of mistake).
    /// </summary>
    public IReadOnlyList<WrongClick> SampleWrong(int count)
    {
        var all = _pages.SelectMany(p => p.Wrong).ToList();
        if (all.Count <= count)
        {
            return all;
        }

        return Enumerable.Range(0, count).Select(k => all[(int)((long)k * all.Count / count)]).ToList();
    }

    public override string ToString() =>
        $"word clicks {_pages.Sum(p => p.Clicks)} on {_pages.Count} page{(_pages.Count == 1 ? "" : "s")}: coverage {Coverage}, precision {Precision}";
}
