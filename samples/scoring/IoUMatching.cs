namespace XuhuiEpaper.Samples.Scoring;

/// <summary>A truth item paired with a found region.</summary>
public readonly record struct Match(int Item, int Region, double IoU);

/// <summary>
/// One-to-one matching of truth items to found regions: the pair of highest IoU first, then the next among the
/// unpaired, down to a bar. (At a bar of 0.5 or more, with items that do not overlap and regions that do not
/// either, each item has at most one candidate, so greedy is also optimal.)
/// </summary>
public static class IoUMatching
{
    /// <param name="iou">IoU of item i (rows) and region j (columns).</param>
    public static IReadOnlyList<Match> Greedy(double[,] iou, double bar)
    {
        ArgumentNullException.ThrowIfNull(iou);
        var pairs = new List<Match>();
        for (var i = 0; i < iou.GetLength(0); i++)
        {
            for (var j = 0; j < iou.GetLength(1); j++)
            {
                if (iou[i, j] >= bar)
                {
                    pairs.Add(new Match(i, j, iou[i, j]));
                }
            }
        }

        var items = new HashSet<int>();
        var regions = new HashSet<int>();
        var matches = new List<Match>();
        foreach (var pair in pairs.OrderByDescending(p => p.IoU).ThenBy(p => p.Item).ThenBy(p => p.Region))
        {
            if (!items.Contains(pair.Item) && !regions.Contains(pair.Region))
            {
                items.Add(pair.Item);
                regions.Add(pair.Region);
                matches.Add(pair);
            }
        }

        return matches;
    }
}

/// <summary>Matched pairs at one IoU bar, with recall, precision and F1.</summary>
public readonly record struct MatchFigures(double Bar, int Matched, int Items, int Regions)
{
    public double Recall => Items == 0 ? 0 : (double)Matched / Items;
    public double Precision => Regions == 0 ? 0 : (double)Matched / Regions;
    public double F1 => Recall + Precision == 0 ? 0 : 2 * Recall * Precision / (Recall + Precision);

    public static MatchFigures operator +(MatchFigures a, MatchFigures b) => new(a.Bar, a.Matched + b.Matched, a.Items + b.Items, a.Regions + b.Regions);

    public static MatchFigures Add(MatchFigures a, MatchFigures b) => a + b;

    public override string ToString() =>
        $"IoU >= {Bar:0.0}: {Matched} matched of {Items} items and {Regions} regions, recall {Recall:P1}, precision {Precision:P1}, F1 {F1:P1}";
}
