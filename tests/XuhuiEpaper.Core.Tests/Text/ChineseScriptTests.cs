using System.Diagnostics;
using XuhuiEpaper.Core.Text;

namespace XuhuiEpaper.Core.Tests.Text;

public class ChineseScriptTests
{
    [TestCase("徐匯報", "徐汇报")]
    [TestCase("總第1652期", "总第1652期")]
    [TestCase("徐汇区", "徐汇区", Description = "Simplified text is left as it is")]
    [TestCase("ABC 123，。", "ABC 123，。", Description = "not Chinese: unchanged")]
    [TestCase("乾坤", "乾坤", Description = "乾 is also a Simplified character (乾坤): its variants include itself, so it is kept")]
    [TestCase("裡弄", "裡弄", Description = "裡 lists itself too")]
    [TestCase("麵條", "面条", Description = "many-to-one: 麵 and 面 both end as 面")]
    [TestCase("\U0002A6A5", "\U0002A6A5", Description = "a supplementary-plane character without a fold survives intact")]
    public void ToSimplified_folds_traditional_characters(string input, string expected) =>
        Assert.That(ChineseScript.ToSimplified(input), Is.EqualTo(expected));

    [Test]
    public void Supplementary_plane_characters_fold_too()
    {
        // U+346E 㑮 has the Simplified form U+2B748, outside the BMP: one char becomes a surrogate pair.
        Assert.That(ChineseScript.ToSimplified("甲\u346E乙"), Is.EqualTo("甲\U0002B748乙"));
    }

    [Test]
    public void Embedded_table_matches_the_systems_unihan_when_present()
    {
        const string systemTable = "/usr/share/unicode/Unihan_Variants.txt.bz2";
        if (!File.Exists(systemTable) || !File.Exists("/bin/bzcat"))
        {
            Assert.Ignore("Debian's unicode-data (or bzcat) is not installed");
        }

        using var bzcat = Process.Start(new ProcessStartInfo("/bin/bzcat", [systemTable]) { RedirectStandardOutput = true })!;
        var text = bzcat.StandardOutput.ReadToEnd();
        bzcat.WaitForExit();
        var system = ChineseScript.ParseSimplifiedVariants(text);

        Assert.That(system, Has.Count.GreaterThan(2500));
        foreach (var (traditional, simplified) in system)
        {
            Assert.That(ChineseScript.ToSimplified(char.ConvertFromUtf32(traditional)), Is.EqualTo(char.ConvertFromUtf32(simplified)), $"U+{traditional:X4}");
        }
    }
}
