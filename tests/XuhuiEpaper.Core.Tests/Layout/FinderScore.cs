using UglyToad.PdfPig;
using XuhuiEpaper.Core.Geometry;
using XuhuiEpaper.Core.Layout;
using XuhuiEpaper.Core.Model;
using XuhuiEpaper.Core.Pdf;
using XuhuiEpaper.Core.Text;
using XuhuiEpaper.Samples.Truth;

namespace XuhuiEpaper.Core.Tests.Layout;

/// <summary>How well the article finder's regions and texts match a generated issue's ground truth.</summary>
internal sealed class FinderScore
{
    public int TruthArticles { get; private set; }
    public int MatchedArticles { get; private set; }
    public int MatchedWithRightKind { get; private set; }
    public long BodyCharacters { get; private set; }
    public long BodyCharactersRight { get; private set; }
    public List<string> Misses { get; } = [];
    public List<string> Overlaps { get; } = [];
    /// <summary>Matched articles found with the wrong kind: label, page, title, truth kind, found kind.</summary>
    public List<string> WrongKinds { get; } = [];
    /// <summary>Matched articles by (truth kind, found kind), kinds in lower case.</summary>
    public Dictionary<(string Truth, string Found), int> Confusion { get; } = [];

    public double ArticleRecall => TruthArticles == 0 ? 0 : (double)MatchedArticles / TruthArticles;
    public double KindAccuracy => MatchedArticles == 0 ? 0 : (double)MatchedWithRightKind / MatchedArticles;
    public double BodyAccuracy => BodyCharacters == 0 ? 0 : (double)BodyCharactersRight / BodyCharacters;

    public const double IoUBar = 0.8;

    public void Add(byte[] pdf, IssueTruth truth, string label)
    {
        using var document = PdfDocument.Open(pdf);
        foreach (var pageTruth in truth.Pages)
        {
            var input = PdfPageReader.Read(document.GetPage(pageTruth.Number));
            var found = ArticleFinder.Instance.Find(input).Articles
                .Where(a => a.Content.Kind is not (RegionKind.Masthead or RegionKind.PageHeader))
                .Select(a => (Article: a.Content, Region: new Region(a.Content.Rects)))
                .ToList();
            for (var i = 0; i < found.Count; i++)
            {
                for (var j = i + 1; j < found.Count; j++)
                {
                    if (found[i].Region.IntersectionArea(found[j].Region) > 1e-9)
                    {
                        Overlaps.Add($"{label} page {pageTruth.Number}: '{found[i].Article.Title}' and '{found[j].Article.Title}'");
                    }
                }
            }

            var taken = new HashSet<int>();
            foreach (var article in pageTruth.Articles)
            {
                TruthArticles++;
                var region = new Region(article.Rects.Select(r => new NormRect(r[0], r[1], r[2], r[3])));
                var best = found.Select((f, i) => (i, IoU: f.Region.IoU(region))).Where(x => !taken.Contains(x.i)).OrderByDescending(x => x.IoU).FirstOrDefault();
                var truthChars = Characters(article.Body);
                BodyCharacters += truthChars.Values.Sum();
                if (found.Count > 0 && best.IoU >= IoUBar)
                {
                    taken.Add(best.i);
                    MatchedArticles++;
                    var foundKind = found[best.i].Article.Kind.ToString().ToLowerInvariant();
                    var truthKind = article.Kind.ToLowerInvariant();
                    Confusion[(truthKind, foundKind)] = Confusion.GetValueOrDefault((truthKind, foundKind)) + 1;
                    if (foundKind == truthKind)
                    {
                        MatchedWithRightKind++;
                    }
                    else
                    {
                        WrongKinds.Add($"{label} page {pageTruth.Number} '{article.Title}': truth {truthKind}, found {foundKind} (as '{found[best.i].Article.Title}', {(found[best.i].Article.Byline is null ? "no byline" : "byline")}, {found[best.i].Article.Body.Sum(p => p.Length)} body characters)");
                    }
                }
                else
                {
                    Misses.Add($"{label} {article.Id} '{article.Title}': best IoU {(found.Count > 0 ? best.IoU : 0):0.00}");
                }

                // Body characters are right when the region that overlaps the truth most holds them as body text.
                var owner = found.Select((f, i) => (i, Overlap: f.Region.IntersectionArea(region))).OrderByDescending(x => x.Overlap).FirstOrDefault();
                if (found.Count > 0 && owner.Overlap > 0)
                {
                    var got = Characters(found[owner.i].Article.Body);
                    BodyCharactersRight += truthChars.Sum(kv => Math.Min(kv.Value, got.GetValueOrDefault(kv.Key)));
                }
            }
        }
    }

    private static Dictionary<string, int> Characters(IEnumerable<string> paragraphs)
    {
        var counts = new Dictionary<string, int>();
        foreach (var rune in CjkText.Normalize(string.Concat(paragraphs)).EnumerateRunes())
        {
            if (!System.Text.Rune.IsWhiteSpace(rune))
            {
                var key = rune.ToString();
                counts[key] = counts.GetValueOrDefault(key) + 1;
            }
        }

        return counts;
    }

    /// <summary>The confusion matrix as text: a row per truth kind, a column per found kind.</summary>
    public string ConfusionTable()
    {
        var truths = Confusion.Keys.Select(k => k.Truth).Distinct().Order().ToList();
        var founds = Confusion.Keys.Select(k => k.Found).Union(truths).Distinct().Order().ToList();
        var lines = new List<string> { $"{"truth \\ found",-16}" + string.Concat(founds.Select(f => $"{f,15}")) };
        lines.AddRange(truths.Select(t => $"{t,-16}" + string.Concat(founds.Select(f => $"{Confusion.GetValueOrDefault((t, f)),15}"))));
        return string.Join(Environment.NewLine, lines);
    }

    public override string ToString() =>
        $"articles matched (IoU >= {IoUBar}): {MatchedArticles}/{TruthArticles} = {ArticleRecall:P1} ({MatchedWithRightKind} of the right kind = {KindAccuracy:P1}); body characters right: {BodyCharactersRight}/{BodyCharacters} = {BodyAccuracy:P1}";
}
