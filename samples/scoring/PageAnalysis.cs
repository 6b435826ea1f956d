using System.Diagnostics;
using UglyToad.PdfPig;
using XuhuiEpaper.Core.Geometry;
using XuhuiEpaper.Core.Layout;
using XuhuiEpaper.Core.Model;
using XuhuiEpaper.Core.Pdf;

namespace XuhuiEpaper.Samples.Scoring;

/// <summary>One region the finder returned, with what scoring needs of it precomputed.</summary>
public sealed class FoundRegion
{
    // Kinds compared by lower-case name, not switched on: the finder's enum grows (photo, folio).
    private static readonly HashSet<string> FurnitureKinds = ["masthead", "pageheader", "folio"];
    private readonly Lazy<string> _clickText;

    public FoundRegion(int index, ArticleContent content)
    {
        ArgumentNullException.ThrowIfNull(content);
        Index = index;
        Content = content;
        Kind = content.Kind.ToString().ToLowerInvariant();
        Region = new Region(content.Rects);
        // The API's hit test weighs a region by the sum of its rectangles' areas (PageSnapshot.Target).
        HitArea = content.Rects.Sum(r => r.Area);
        _clickText = new Lazy<string>(() => ScoringText.Comparable(Text));
    }

    /// <summary>The region's position in the finder's answer (the API's tie-break between equal areas).</summary>
    public int Index { get; }
    public ArticleContent Content { get; }
    /// <summary>The kind's name in lower case: "article", "notice", "masthead", ...</summary>
    public string Kind { get; }
    public Region Region { get; }
    public double HitArea { get; }
    /// <summary>Masthead, page header or folio: the page's furniture, not an item a reader opens.</summary>
    public bool IsFurniture => FurnitureKinds.Contains(Kind);

    /// <summary>Kicker, title, subtitle, byline, body and captions, as the article panel shows them.</summary>
    public string Text => string.Concat(
        new[] { Content.Kicker, Content.Title, Content.Subtitle, Content.Byline }.OfType<string>()
            .Concat(Content.Body).Concat(Content.Captions));

    /// <summary><see cref="Text"/> normalized and without whitespace, for containment tests.</summary>
    public string ComparableText => _clickText.Value;

    /// <summary>A short name for reading: index, kind and the first characters of its text.</summary>
    public string Describe() => $"#{Index} {Kind} '{ScoringText.Head(Text, 40)}'";
}

/// <summary>What the finder made of one page, and what it cost.</summary>
public sealed record PageAnalysis(int Number, double WidthPt, double HeightPt, int Glyphs, double Milliseconds, IReadOnlyList<FoundRegion> Regions)
{
    /// <summary>The analysis of the regions given in the finder's order (also for regions found in another process).</summary>
    public static PageAnalysis Of(int number, double widthPt, double heightPt, int glyphs, double milliseconds, IEnumerable<ArticleContent> regions) =>
        new(number, widthPt, heightPt, glyphs, milliseconds, regions.Select((a, i) => new FoundRegion(i, a)).ToList());

    public IEnumerable<FoundRegion> Items => Regions.Where(r => !r.IsFurniture);
    public IEnumerable<FoundRegion> Furniture => Regions.Where(r => r.IsFurniture);

    /// <summary>
    /// The largest item region's share of the page. Word clicks alone reward one region over the whole page (its
    /// text holds every word); this figure shows it.
    /// </summary>
    public double BiggestItemShare => Items.Select(r => r.Region.Area).DefaultIfEmpty(0).Max();
}

/// <summary>
/// The one place that calls the article finder: when its API is renamed during a rewrite, only this class changes.
/// </summary>
public static class PageAnalyser
{
    /// <summary>The glyphs the finder would get from page <paramref name="number"/>, without running it.</summary>
    public static int CountGlyphs(PdfDocument document, int number)
    {
        ArgumentNullException.ThrowIfNull(document);
        return PdfPageReader.Read(document.GetPage(number)).Glyphs.Count;
    }

    /// <summary>Reads page <paramref name="number"/> with PdfPig and runs the finder on it, timing both.</summary>
    public static PageAnalysis Analyse(PdfDocument document, int number) => Analyse(document, number, int.MaxValue, out _)!;

    /// <summary>
    /// As <see cref="Analyse(PdfDocument, int)"/>, but leaves the finder out (returns null) when the page has more than
    /// <paramref name="maxGlyphs"/> glyphs: a finder that is slow on dense pages need not hold up a whole run.
    /// </summary>
    public static PageAnalysis? Analyse(PdfDocument document, int number, int maxGlyphs, out int glyphs)
    {
        ArgumentNullException.ThrowIfNull(document);
        var clock = Stopwatch.StartNew();
        var input = PdfPageReader.Read(document.GetPage(number));
        glyphs = input.Glyphs.Count;
        if (glyphs > maxGlyphs)
        {
            return null;
        }

        var layout = ArticleFinder.Instance.Find(input);
        clock.Stop();
        return PageAnalysis.Of(number, input.Width, input.Height, glyphs, clock.Elapsed.TotalMilliseconds, layout.Articles.Select(a => a.Content));
    }
}
