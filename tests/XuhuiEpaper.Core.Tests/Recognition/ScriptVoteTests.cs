using XuhuiEpaper.Core.Layout;
using XuhuiEpaper.Core.Recognition;
using XuhuiEpaper.Core.Text;

namespace XuhuiEpaper.Core.Tests.Recognition;

public class ScriptVoteTests
{
    /// <summary>A joint reading (chi_tra+chi_sim) of <paramref name="text"/>, one character a box.</summary>
    private static RecognisedWord[] Read(string text) =>
        text.Select((c, i) => new RecognisedWord(c.ToString(), new Box(i * 10, 0, (i * 10) + 9, 9), new Box(0, 0, text.Length * 10, 9), 96)).ToArray();

    private static string Times(string text, int n) => string.Concat(Enumerable.Repeat(text, n));

    [Test]
    public void Only_the_characters_one_script_prints_are_counted()
    {
        Assert.Multiple(() =>
        {
            Assert.That(ChineseScript.IsTraditionalOnly('匯'), Is.True);
            Assert.That(ChineseScript.IsSimplifiedOnly('汇'), Is.True);
            Assert.That(ChineseScript.IsTraditionalOnly('汇') || ChineseScript.IsSimplifiedOnly('匯'), Is.False);
            Assert.That(ChineseScript.IsTraditionalOnly('徐') || ChineseScript.IsSimplifiedOnly('徐'), Is.False, "both scripts print 徐");
        });
    }

    [Test]
    public void A_traditional_page_is_told_although_chi_sim_wins_some_of_its_lines()
    {
        // As on the tuning scans: up to about 40 % of the marked characters come from lines chi_sim read.
        var verdict = ScriptVote.Judge(Read(Times("徐匯報導", 15) + Times("徐汇报", 10)));

        Assert.That(verdict.Languages, Is.EqualTo("chi_tra"));
        Assert.That((verdict.TraditionalOnly, verdict.SimplifiedOnly), Is.EqualTo((45, 20)));
    }

    [Test]
    public void A_simplified_page_is_told()
    {
        Assert.That(ScriptVote.Judge(Read(Times("满意在徐汇", 20) + "滿意")).Languages, Is.EqualTo("chi_sim"));
    }

    [Test]
    public void Too_few_marked_characters_or_an_even_mix_tell_nothing()
    {
        Assert.Multiple(() =>
        {
            Assert.That(ScriptVote.Judge(Read(Times("徐匯", 10) + Times("人民", 40))).Languages, Is.Null, "10 marked characters");
            Assert.That(ScriptVote.Judge(Read(Times("匯", 30) + Times("汇", 70))).Languages, Is.Null, "70 % Simplified-only: between the bounds");
            Assert.That(ScriptVote.Judge([]).Languages, Is.Null);
        });
    }
}
