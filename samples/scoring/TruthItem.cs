using XuhuiEpaper.Core.Geometry;
using XuhuiEpaper.Samples.Truth;

namespace XuhuiEpaper.Samples.Scoring;

/// <summary>
/// One item printed on a page as the truth has it: an article, notice, advertisement or photo (a reader can open it),
/// with its region.
/// </summary>
public sealed class TruthItem
{
    public TruthItem(int index, ArticleTruth truth)
    {
        ArgumentNullException.ThrowIfNull(truth);
        Index = index;
        Truth = truth;
        Kind = truth.Kind.ToLowerInvariant();
        Region = TruthRegions.From(truth.Rects);
        Area = Region.Area;
    }

    public int Index { get; }
    public ArticleTruth Truth { get; }
    /// <summary>"article", "notice", "advertisement" or "photo".</summary>
    public string Kind { get; }
    public Region Region { get; }
    public double Area { get; }
}

/// <summary>Truth rectangles, [x, y, w, h] normalized, as regions.</summary>
public static class TruthRegions
{
    public static Region From(IEnumerable<double[]> rects) =>
        new(rects.Select(r => new NormRect(r[0], r[1], r[2], r[3])));
}
