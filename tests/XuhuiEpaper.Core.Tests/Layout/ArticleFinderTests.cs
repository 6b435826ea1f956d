using XuhuiEpaper.Core.Geometry;
using XuhuiEpaper.Core.Layout;
using XuhuiEpaper.Core.Model;

namespace XuhuiEpaper.Core.Tests.Layout;

/// <summary>The chain of steps as a whole: a page in, its articles out in reading order, each step with its options.</summary>
public class ArticleFinderTests
{
    /// <summary>
    /// A front page: masthead over a rule; an article under a headline over two columns; a brief in the third column
    /// with a photo and its caption under it, standing on their own; a folio line under a rule at the foot.
    /// </summary>
    private static PageInput FrontPage() => new PageBuilder()
        .Text("徐匯報", 228, 40, size: 48).Text("2024年12月6日星期五", 215, 95, size: 9).HorizontalRule(40, 560, 112)
        .Text("滿意在徐匯三十而立", 50, 130, size: 30).Paragraph("城市更新進展順利", 50, 170, lines: 30).Paragraph("居民生活需求", 215, 170, lines: 30)
        .Text("便民服務", 380, 130, size: 24).Paragraph("社區服務指南", 380, 164, lines: 12).VerticalRule(372.5, 125, 620)
        .Image(380, 370, 530, 490).Text("區委書記走訪社區了解居民", 380, 496, size: 8.5)
        .HorizontalRule(40, 560, 740).Text("徐匯報2024年12月6日第1版", 50, 748, size: 9)
        .Build(1);

    [Test]
    public void A_front_page_comes_out_furniture_first_articles_in_reading_order_and_the_folio_last()
    {
        var articles = ArticleFinder.Instance.Find(FrontPage()).Articles;
        Assert.That(articles.Select(a => (a.Content.Kind, a.Content.Title)), Is.EqualTo(new (RegionKind, string?)[]
        {
            (RegionKind.Masthead, null),
            (RegionKind.Article, "滿意在徐匯三十而立"),
            (RegionKind.Article, "便民服務"),
            (RegionKind.Photo, null),
            (RegionKind.Folio, null),
        }));
    }

    [Test]
    public void The_regions_of_a_page_never_overlap_and_hold_their_articles_text()
    {
        var page = FrontPage();
        var articles = ArticleFinder.Instance.Find(page).Articles;
        var regions = articles.Select(a => new Region(a.Content.Rects)).ToArray();
        Assert.Multiple(() =>
        {
            for (var a = 0; a < regions.Length; a++)
            {
                for (var b = a + 1; b < regions.Length; b++)
                {
                    Assert.That(regions[a].IntersectionArea(regions[b]), Is.Zero, $"{articles[a].Content.Kind} and {articles[b].Content.Kind}");
                }
            }

            var article = articles.Single(a => a.Content.Title == "滿意在徐匯三十而立");
            Assert.That(string.Concat(article.Content.Body), Does.Contain("城市更新").And.Contain("居民生活"));
        });
    }

    [Test]
    public void Each_step_works_with_the_options_the_finder_is_given()
    {
        var page = FrontPage();
        var found = new ArticleFinder(new ArticleFinderOptions
        {
            Furniture = new FurnitureFinderOptions { FooterBand = 0 },
            Regions = new RegionPainterOptions { MaxGrowth = 3 },
        }).Find(page).Articles;
        var defaults = ArticleFinder.Instance.Find(page).Articles;

        double Area(IReadOnlyList<FoundArticle> articles) => new Region(articles.Single(a => a.Content.Title == "便民服務").Content.Rects).Area;
        Assert.Multiple(() =>
        {
            Assert.That(found.Select(a => a.Content.Kind), Does.Not.Contain(RegionKind.Folio), "no footer band, no folio");
            Assert.That(Area(found), Is.GreaterThan(Area(defaults)), "regions grow further");
        });
    }
}
