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

    public double ArticleRecall => TruthArticles == 0 ? 0 : (double)MatchedArticles / TruthArticles;
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
                    if (found[best.i].Article.Kind.ToString().Equals(article.Kind, StringComparison.OrdinalIgnoreCase))
                    {
                        MatchedWithRightKind++;
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

    public override string ToString() =>
        $"articles matched (IoU >= {IoUBar}): {MatchedArticles}/{TruthArticles} = {ArticleRecall:P1} ({MatchedWithRightKind} of the right kind); body characters right: {BodyCharactersRight}/{BodyCharacters} = {BodyAccuracy:P1}";
}
