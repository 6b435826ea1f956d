using XuhuiEpaper.Core.Text;

namespace XuhuiEpaper.Core.Tests.Text;

public class CjkTextTests
{
    [TestCase("\u2F24", "大", Description = "Kangxi radical: NFKC alone would do")]
    [TestCase("\u2EA0", "民", Description = "CJK Radicals Supplement: NFKC leaves it")]
    [TestCase("人\u2EA0至上", "人民至上")]
    [TestCase("第 51 期(總第 1652 期)", "第 51 期(總第 1652 期)")]
    [TestCase("ＡＢＣ１２３", "ABC123")]
    [TestCase("徐匯報", "徐匯報", Description = "Traditional characters are kept as they are")]
    public void Normalize_folds_radicals_and_compatibility_forms(string input, string expected) =>
        Assert.That(CjkText.Normalize(input), Is.EqualTo(expected));

    [Test]
    public void Every_radical_supplement_character_with_an_equivalent_becomes_an_ideograph()
    {
        for (var cp = 0x2E80; cp <= 0x2FDF; cp++)
        {
            var folded = CjkText.FoldRadicals(char.ConvertFromUtf32(cp));
            if (folded != char.ConvertFromUtf32(cp))
            {
                Assert.That(CjkText.IsIdeograph(char.ConvertToUtf32(folded, 0)), Is.True, $"U+{cp:X4} -> {folded}");
            }
        }
    }

    [Test]
    public void Embedded_table_matches_the_systems_unicode_data_when_present()
    {
        const string systemTable = "/usr/share/unicode/EquivalentUnifiedIdeograph.txt";
        if (!File.Exists(systemTable))
        {
            Assert.Ignore("Debian's unicode-data is not installed");
        }

        var system = CjkText.ParseEquivalents(File.ReadAllText(systemTable));
        Assert.That(system, Has.Count.GreaterThan(300));
        foreach (var (radical, unified) in system)
        {
            Assert.That(CjkText.FoldRadicals(char.ConvertFromUtf32(radical)), Is.EqualTo(char.ConvertFromUtf32(unified)));
        }
    }
}
