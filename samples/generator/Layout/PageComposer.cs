using SkiaSharp;
using XuhuiEpaper.Samples.Truth;

namespace XuhuiEpaper.Samples.Layout;

/// <summary>Collects one page's drawing, its articles and furniture, and the regions that need rules.</summary>
public sealed class PageComposer(int number, string name, PageGrid grid)
{
    public const float Width = 842f;  // Skia rounds the MediaBox to whole points: 297 x 420 mm ≈ 842 x 1191 pt.
    public const float Height = 1191f;
    public const float Margin = 34f;

    public PageDrawing Drawing { get; } = new(Width, Height);
    public PageGrid Grid { get; set; } = grid;
    public List<FurnitureTruth> Furniture { get; } = [];
    public List<ArticleTruth> Articles { get; } = [];
    public List<Region> Regions { get; } = [];

    public ComposedArticle Add(ArticleSpec spec)
    {
        var composed = ArticleComposer.Compose(Drawing, spec);
        Articles.Add(composed.Truth);
        Regions.Add(new Region(spec.Id, spec.Blocks));
        return composed;
    }

    public void AddAdvertisement(string id, SKRect block, int variant)
    {
        Articles.Add(AdComposer.Compose(Drawing, id, block, variant));
        Regions.Add(new Region(id, [block]));
    }

    public PageTruth Finish()
    {
        ColumnRules.Draw(Drawing, Grid, Regions);
        return new PageTruth(number, $"第{number}版", name, Width, Height, Furniture, Articles);
    }
}
