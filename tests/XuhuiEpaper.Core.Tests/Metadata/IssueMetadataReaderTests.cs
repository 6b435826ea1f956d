using XuhuiEpaper.Core.Metadata;

namespace XuhuiEpaper.Core.Tests.Metadata;

public class IssueMetadataReaderTests
{
    [Test]
    public void Reads_date_number_and_total_from_the_issue_line()
    {
        var (date, number, total) = IssueMetadataReader.ParseIssueLine("准印證號(B)0150 / 第 51 期(總第 1652 期) / 2021 年 12 月 13 日 星期一");
        Assert.Multiple(() =>
        {
            Assert.That(date, Is.EqualTo(new DateOnly(2021, 12, 13)));
            Assert.That(number, Is.EqualTo(51));
            Assert.That(total, Is.EqualTo(1652));
        });
    }

    [Test]
    public void Simplified_total_and_no_spaces_work_too()
    {
        var (date, number, total) = IssueMetadataReader.ParseIssueLine("总第1652期 第51期 2021年1月3日");
        Assert.That((date, number, total), Is.EqualTo(((DateOnly?)new DateOnly(2021, 1, 3), (int?)51, (int?)1652)));
    }

    [Test]
    public void An_impossible_date_is_no_date()
    {
        Assert.That(IssueMetadataReader.ParseIssueLine("2021 年 13 月 40 日").Date, Is.Null);
    }

    [TestCase("第2版 綜合", 2, "綜合")]
    [TestCase("第 3 版 · 社區    2021年12月13日", 3, "社區")]
    [TestCase("04版 文化", 4, "文化")]
    [TestCase("第1版", 1, null)]
    public void Reads_page_label_and_name(string text, int number, string? name)
    {
        var heading = IssueMetadataReader.ParsePageHeading(text);
        Assert.That(heading, Is.EqualTo(new PageHeading(number, $"第{number}版", name)));
    }

    [TestCase("2021年12月13日")]
    [TestCase("下轉第2版")]
    public void Dates_are_not_page_labels_but_jump_lines_look_like_them(string text)
    {
        // "下轉第2版" does match: callers only look in the header band, where jump lines are not printed.
        var heading = IssueMetadataReader.ParsePageHeading(text);
        Assert.That(heading.Label is null, Is.EqualTo(text.StartsWith("2021", StringComparison.Ordinal)));
    }
}

public class PaperNameTests
{
    [TestCase("徐匯報", true)]
    [TestCase("徐汇报", true)]
    [TestCase("THE OMAHA DAILY BEE", true)]
    [TestCase("Evening Star.", true)]
    [TestCase("Der Nordstern", true)]
    [TestCase("®mttt§", false)]
    [TestCase("1860", false)]
    [TestCase("——", false)]
    [TestCase("Qxx Zzz", false)]
    [TestCase("徐匯報 2021", false)]
    public void A_masthead_is_a_name_only_when_it_reads_like_one(string text, bool plausible) =>
        Assert.That(IssueMetadataReader.IsPlausibleName(text), Is.EqualTo(plausible));
}
