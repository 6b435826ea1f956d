using XuhuiEpaper.Core.Model;

namespace XuhuiEpaper.Core.Tests.Addresses;

/// <summary>The page segment of a readable address: the 版次 as printed, else the sequence number, kept over a re-analysis.</summary>
public class PageAddressesTests
{
    [TestCase("第1版", "1")]
    [TestCase("第 12 版", "12")]
    [TestCase("第１版", "1")]
    [TestCase("01", "1")]
    [TestCase("A01", "a1")]
    [TestCase("B3版", "b3")]
    [TestCase("第十二版", "12")]
    [TestCase("第十版", "10")]
    [TestCase("第二十版", "20")]
    [TestCase("第三版", "3")]
    [TestCase("要聞", null)]
    [TestCase("第0版", null)]
    [TestCase("", null)]
    [TestCase(null, null)]
    [TestCase("1/2", null)]
    public void A_label_gives_its_page_number(string? label, string? segment) =>
        Assert.That(PageAddresses.FromLabel(label), Is.EqualTo(segment));

    [Test]
    public void Labels_that_give_every_page_its_own_segment_are_used()
    {
        var pages = new (int, string?)[] { (1, "第1版"), (2, "第2版"), (3, "A3") };
        Assert.That(PageAddresses.Assign(pages), Is.EqualTo(new Dictionary<int, string> { [1] = "1", [2] = "2", [3] = "a3" }));
    }

    [Test]
    public void A_missing_or_repeated_label_makes_every_page_take_its_sequence_number()
    {
        var sequence = new Dictionary<int, string> { [1] = "1", [2] = "2", [3] = "3" };
        Assert.That(PageAddresses.Assign([(1, "第5版"), (2, null), (3, "第7版")]), Is.EqualTo(sequence));
        Assert.That(PageAddresses.Assign([(1, "第1版"), (2, "第1版"), (3, "第3版")]), Is.EqualTo(sequence));
    }

    [Test]
    public void A_page_keeps_the_segment_it_had_before_a_re_analysis()
    {
        // The finder now reads 第2版 on page 2 as 第3版: the link to /…/2 stays the page's.
        var before = new Dictionary<int, string> { [1] = "1", [2] = "2" };
        Assert.That(PageAddresses.Assign([(1, "第1版"), (2, "第3版"), (3, "第4版")], before),
            Is.EqualTo(new Dictionary<int, string> { [1] = "1", [2] = "2", [3] = "4" }));
    }
}
