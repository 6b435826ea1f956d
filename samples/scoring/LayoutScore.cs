using System.Text;
using UglyToad.PdfPig;
using XuhuiEpaper.Samples.Truth;

namespace XuhuiEpaper.Samples.Scoring;

/// <summary>
/// How well the article finder's regions and texts match ground truth, over any number of pages: the sum of
/// <see cref="TruthPageScore"/>s. The first figures (articles matched at IoU 0.8, kinds, body characters) are the
/// ones the accuracy tests hold bars on.
/// </summary>
public sealed class LayoutScore
{
    public const double IoUBar = TruthPageScorer.StrictBar;
    private readonly List<TruthPageScore> _pages = [];

    public IReadOnlyList<TruthPageScore> Pages => _pages;

    public int TruthArticles => _pages.Sum(p => p.Items);
    public int Regions => _pages.Sum(p => p.Regions);
    public int MatchedArticles => Strict.Matched;
    public int MatchedWithRightKind => _pages.Sum(p => p.KindsRight);
    public long BodyCharacters => Body.Of;
    public long BodyCharactersRight => Body.Count;

    public MatchFigures Loose => _pages.Select(p => p.Loose).Aggregate(new MatchFigures(TruthPageScorer.LooseBar, 0, 0, 0), MatchFigures.Add);
    public MatchFigures Strict => _pages.Select(p => p.Strict).Aggregate(new MatchFigures(TruthPageScorer.StrictBar, 0, 0, 0), MatchFigures.Add);
    public Share Clicks => _pages.Select(p => p.Clicks).Aggregate(new Share(0, 0), Share.Add);
    public Share Body => _pages.Select(p => p.BodyCharacters).Aggregate(new Share(0, 0), Share.Add);
    /// <summary>Truth furniture entries covered by a found furniture region.</summary>
    public Share FurnitureAnswered => new(_pages.Sum(p => p.Furniture.Count(f => f.Answered)), _pages.Sum(p => p.Furniture.Count));

    public IReadOnlyList<string> Misses => _pages.SelectMany(p => p.Misses).ToList();
    public IReadOnlyList<string> Overlaps => _pages.SelectMany(p => p.Overlaps).ToList();
    /// <summary>Matched articles found with the wrong kind: label, page, title, truth kind, found kind.</summary>
    public IReadOnlyList<string> WrongKinds => _pages.SelectMany(p => p.WrongKinds).ToList();
    public IReadOnlyList<string> ClickMisses => _pages.SelectMany(p => p.ClickMisses).ToList();
    public IReadOnlyList<string> FurnitureAsItems => _pages.SelectMany(p => p.FurnitureAsItems).ToList();

    /// <summary>Matched articles by (truth kind, found kind), kinds in lower case.</summary>
    public IReadOnlyDictionary<(string Truth, string Found), int> Confusion =>
        _pages.SelectMany(p => p.Kinds).GroupBy(k => k).ToDictionary(g => g.Key, g => g.Count());

    public double ArticleRecall => TruthArticles == 0 ? 0 : (double)MatchedArticles / TruthArticles;
    public double KindAccuracy => MatchedArticles == 0 ? 0 : (double)MatchedWithRightKind / MatchedArticles;
    public double BodyAccuracy => Body.Value;

    /// <summary>Analyses every page the truth describes and scores it.</summary>
    public void Add(byte[] pdf, IssueTruth truth, string label)
    {
        ArgumentNullException.ThrowIfNull(truth);
        using var document = PdfDocument.Open(pdf);
        foreach (var pageTruth in truth.Pages)
        {
            Add(TruthPageScorer.Score(PageAnalyser.Analyse(document, pageTruth.Number), pageTruth, label));
        }
    }

    public void Add(TruthPageScore page) => _pages.Add(page);

    /// <summary>The confusion matrix as text: a row per truth kind, a column per found kind.</summary>
    public string ConfusionTable()
    {
        var confusion = Confusion;
        var truths = confusion.Keys.Select(k => k.Truth).Distinct().Order().ToList();
        var founds = confusion.Keys.Select(k => k.Found).Union(truths).Distinct().Order().ToList();
        var lines = new List<string> { $"{"truth \\ found",-16}" + string.Concat(founds.Select(f => $"{f,15}")) };
        lines.AddRange(truths.Select(t => $"{t,-16}" + string.Concat(founds.Select(f => $"{confusion.GetValueOrDefault((t, f)),15}"))));
        return string.Join(Environment.NewLine, lines);
    }

    /// <summary>Every figure, a line each, for a report.</summary>
    public string Summary()
    {
        var text = new StringBuilder();
        text.AppendLine($"items printed {TruthArticles}, regions returned {Regions} ({(TruthArticles == 0 ? 0 : (double)Regions / TruthArticles):0.00} regions per item), furniture regions {_pages.Sum(p => p.FurnitureRegions)}");
        text.AppendLine(Loose.ToString());
        text.AppendLine(Strict.ToString());
        text.AppendLine($"clicks right {Clicks}");
        text.AppendLine($"body characters in the right article {Body}");
        text.AppendLine($"kinds right {MatchedWithRightKind}/{MatchedArticles} of the items matched at IoU >= {IoUBar:0.0}");
        text.AppendLine($"furniture answered by a furniture region {FurnitureAnswered} ({FurnitureByKind()}); furniture returned as items {FurnitureAsItems.Count}; overlapping region pairs {Overlaps.Count}");
        return text.ToString();
    }

    private string FurnitureByKind() => string.Join(", ", _pages.SelectMany(p => p.Furniture).GroupBy(f => f.Kind).OrderBy(g => g.Key)
        .Select(g => $"{g.Key} {g.Count(f => f.Answered)}/{g.Count()}"));

    public override string ToString() =>
        $"articles matched (IoU >= {IoUBar}): {MatchedArticles}/{TruthArticles} = {ArticleRecall:P1} ({MatchedWithRightKind} of the right kind = {KindAccuracy:P1}); body characters right: {BodyCharactersRight}/{BodyCharacters} = {BodyAccuracy:P1}";
}
