namespace XuhuiEpaper.Samples.Scoring;

/// <summary>
/// The click rule of the API (PageSnapshot.Hit): the region containing the point, the smallest (by the sum of its
/// rectangles' areas) if several do, the first in the finder's order on a tie.
/// </summary>
public static class RegionHitTest
{
    public static FoundRegion? Hit(IReadOnlyList<FoundRegion> regions, double x, double y)
    {
        ArgumentNullException.ThrowIfNull(regions);
        FoundRegion? best = null;
        foreach (var region in regions)
        {
            if (region.Content.Rects.Any(r => r.Contains(x, y)) && (best is null || region.HitArea < best.HitArea))
            {
                best = region;
            }
        }

        return best;
    }
}
