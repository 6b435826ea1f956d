using XuhuiEpaper.Core.Geometry;
using XuhuiEpaper.Core.Model;

namespace XuhuiEpaper.Core.Tests.Geometry;

public sealed class ArticleSuccessionTests
{
    private static ArticleSuccession.Part Part(int page, string? title, params NormRect[] rects) => new(page, title, rects);

    [Test]
    public void The_region_that_overlaps_most_on_the_same_page_succeeds()
    {
        var old = Part(2, null, new NormRect(0.1, 0.1, 0.4, 0.3));
        ArticleSuccession.Part[] candidates =
        [
            Part(1, null, new NormRect(0.1, 0.1, 0.4, 0.3)),   // same place, another page
            Part(2, null, new NormRect(0.3, 0.1, 0.4, 0.3)),   // half of it
            Part(2, null, new NormRect(0.1, 0.12, 0.4, 0.3)),  // nearly all of it
        ];
        Assert.That(ArticleSuccession.Successor(old, candidates), Is.EqualTo(2));
    }

    [Test]
    public void The_same_title_wins_even_where_the_region_moved()
    {
        var old = Part(1, "人民城市 人民建", new NormRect(0.0, 0.0, 0.5, 0.5));
        ArticleSuccession.Part[] candidates =
        [
            Part(1, "另一篇", new NormRect(0.0, 0.0, 0.5, 0.5)),
            Part(1, "人民城市人民建", new NormRect(0.5, 0.5, 0.5, 0.5)),
        ];
        Assert.That(ArticleSuccession.Successor(old, candidates), Is.EqualTo(1));
    }

    [Test]
    public void Nothing_succeeds_where_no_region_shares_the_place_or_the_title()
    {
        var old = Part(3, "標題", new NormRect(0.0, 0.0, 0.2, 0.2));
        Assert.That(ArticleSuccession.Successor(old, [Part(3, null, new NormRect(0.5, 0.5, 0.2, 0.2)), Part(4, "標題", new NormRect(0, 0, 0.2, 0.2))]), Is.Null);
    }
}
