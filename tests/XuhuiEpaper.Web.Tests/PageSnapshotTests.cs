using XuhuiEpaper.Core.Geometry;
using XuhuiEpaper.Core.Model;
using XuhuiEpaper.Web.Api;

namespace XuhuiEpaper.Web.Tests;

/// <summary>The one hit test: a page's regions in memory, as the page cache holds them.</summary>
public class PageSnapshotTests
{
    [Test]
    public void Hit_test_respects_l_shaped_regions_boundaries_and_nesting()
    {
        // An L: a tall left column plus a bottom bar; the notch (top right) belongs to another article.
        var snapshot = Snapshot(
            ("L", RegionKind.Article, [new NormRect(0.0, 0.0, 0.3, 1.0), new NormRect(0.3, 0.6, 0.7, 0.4)]),
            ("notch", RegionKind.Article, [new NormRect(0.5, 0.1, 0.3, 0.3)]),
            ("inner", RegionKind.Other, [new NormRect(0.05, 0.05, 0.1, 0.1)]));

        string? At(double x, double y) => snapshot.Hit(x, y)?.Title;

        Assert.Multiple(() =>
        {
            Assert.That(At(0.1, 0.5), Is.EqualTo("L"));
            Assert.That(At(0.9, 0.9), Is.EqualTo("L"), "bottom bar");
            Assert.That(At(0.4, 0.3), Is.Null, "inside L's bounding box but in the notch, not in any rect");
            Assert.That(At(0.6, 0.2), Is.EqualTo("notch"));
            Assert.That(At(0.1, 0.1), Is.EqualTo("inner"), "smallest containing region wins");
            Assert.That(At(0.0, 0.0), Is.EqualTo("L"), "left/top edges are inside");
            Assert.That(At(0.3, 0.5), Is.Null, "right edge of the column is outside (half-open)");
            Assert.That(At(0.3, 0.6), Is.EqualTo("L"), "top-left corner of the bar");
            Assert.That(At(0.5, 0.4), Is.Null, "bottom edge of notch is outside");
            Assert.That(At(0.5, 0.1), Is.EqualTo("notch"));
            Assert.That(At(1.0, 1.0), Is.Null);
            Assert.That(At(double.NaN, 0.5), Is.Null);
        });
    }

    private static PageSnapshot Snapshot(params (string Title, RegionKind Kind, NormRect[] Rects)[] articles)
    {
        var targets = articles
            .Select((a, i) => new PageSnapshot.Target(
                new PageArticleDto(i + 1, a.Kind, a.Title, RegionDto.From(a.Rects), ApiUrls.Article(i + 1)), a.Rects, a.Rects.Sum(r => r.Area), i))
            .ToList();
        var page = new PageDetailDto(1, 1, null, null, 842, 1191, "", "", "", 1, 1, 1, "", targets.Select(t => t.Article).ToList());
        return new PageSnapshot(page, targets);
    }
}
