namespace XuhuiEpaper.Samples.Families.Text;

/// <summary>Date and numbering of an issue: a weekly paper, so the number is the week of the year.</summary>
public sealed record IssueFacts(DateOnly Date, int Number, int TotalNumber)
{
    private static readonly DateOnly FirstDate = new(2021, 1, 4);

    public static IssueFacts Pick(Random rng)
    {
        var date = FirstDate.AddDays(rng.Next(0, 1000));
        var number = ((date.DayOfYear - 1) / 7) + 1;
        var total = 1601 + ((date.DayNumber - FirstDate.DayNumber) / 7);
        return new IssueFacts(date, number, total);
    }

    /// <summary>"2021年12月13日 星期一", in the issue's script.</summary>
    public string DateLine(IssueText text) =>
        text.S($"{Date.Year}年{Date.Month}月{Date.Day}日 星期{"日一二三四五六"[(int)Date.DayOfWeek]}");

    public string NumberLine(IssueText text) => text.S($"第{Number}期 總第{TotalNumber}期");

    public string IsoDate => Date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
