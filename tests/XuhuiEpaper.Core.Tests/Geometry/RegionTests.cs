using XuhuiEpaper.Core.Geometry;

namespace XuhuiEpaper.Core.Tests.Geometry;

public class RegionTests
{
    // An L: a wide top band over the left half of the page, the right-bottom quarter cut out.
    private static readonly Region LShape = new([new NormRect(0, 0, 1, 0.5), new NormRect(0, 0.5, 0.5, 0.5)]);

    [Test]
    public void Contains_follows_the_shape_not_the_bounding_box()
    {
        Assert.Multiple(() =>
        {
            Assert.That(LShape.Contains(0.75, 0.25), Is.True);
            Assert.That(LShape.Contains(0.25, 0.75), Is.True);
            Assert.That(LShape.Contains(0.75, 0.75), Is.False, "the notch");
            Assert.That(LShape.Bounds, Is.EqualTo(new NormRect(0, 0, 1, 1)));
        });
    }

    [Test]
    public void Area_counts_overlaps_once()
    {
        var overlapping = new Region([new NormRect(0, 0, 0.5, 0.5), new NormRect(0.25, 0.25, 0.5, 0.5)]);
        Assert.That(overlapping.Area, Is.EqualTo(0.4375).Within(1e-12));
        Assert.That(LShape.Area, Is.EqualTo(0.75).Within(1e-12));
    }

    [Test]
    public void IoU_of_identical_regions_is_one_and_of_disjoint_regions_zero()
    {
        var same = new Region([new NormRect(0, 0.5, 0.5, 0.5), new NormRect(0, 0, 1, 0.5)]);
        var elsewhere = new Region([new NormRect(0.6, 0.6, 0.3, 0.3)]);
        Assert.That(LShape.IoU(same), Is.EqualTo(1).Within(1e-12));
        Assert.That(LShape.IoU(elsewhere), Is.Zero);
        Assert.That(new Region([new NormRect(0, 0, 1, 1)]).IoU(LShape), Is.EqualTo(0.75).Within(1e-12));
    }

    [Test]
    public void Outline_of_an_L_has_six_corners_clockwise()
    {
        var rings = LShape.Outline();
        Assert.That(rings, Has.Count.EqualTo(1));
        Assert.That(rings[0], Is.EqualTo(new[] { (0.0, 0.0), (1.0, 0.0), (1.0, 0.5), (0.5, 0.5), (0.5, 1.0), (0.0, 1.0) }));
    }

    [Test]
    public void Outline_of_two_separate_parts_has_two_rings_largest_first()
    {
        var rings = new Region([new NormRect(0, 0, 0.1, 0.1), new NormRect(0.5, 0.5, 0.4, 0.4)]).Outline();
        Assert.That(rings, Has.Count.EqualTo(2));
        Assert.That(rings[0][0], Is.EqualTo((0.5, 0.5)));
    }

    [Test]
    public void Outline_of_adjacent_rectangles_merges_them()
    {
        var rings = new Region([new NormRect(0, 0, 0.5, 1), new NormRect(0.5, 0, 0.5, 1)]).Outline();
        Assert.That(rings.Single(), Has.Count.EqualTo(4));
    }
}
