namespace XuhuiEpaper.Samples.Scoring;

/// <summary>A count out of a total, printed with both so a percentage of nothing is not mistaken for a result.</summary>
public readonly record struct Share(long Count, long Of)
{
    /// <summary>The share, 0 when the total is 0.</summary>
    public double Value => Of == 0 ? 0 : (double)Count / Of;

    public static Share operator +(Share a, Share b) => new(a.Count + b.Count, a.Of + b.Of);

    public static Share Add(Share a, Share b) => a + b;

    /// <summary>"12/15 = 80.0%", or "0/0" when there was nothing to count.</summary>
    public override string ToString() => Of == 0 ? "0/0" : $"{Count}/{Of} = {Value:P1}";

    /// <summary>The percentage alone ("80.0%"), "-" when there was nothing to count: for table cells.</summary>
    public string Percent() => Of == 0 ? "-" : $"{Value * 100:0.0}%";
}
