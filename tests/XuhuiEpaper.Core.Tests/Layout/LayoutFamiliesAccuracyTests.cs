using System.Globalization;
using XuhuiEpaper.Samples.Families;
using XuhuiEpaper.Samples.Scoring;

namespace XuhuiEpaper.Core.Tests.Layout;

/// <summary>
/// The article finder on the second, independent generator (samples/families, its axes in its README, written
/// before any tuning). Seeds 1-40 are the tuning half: the finder was tuned looking at them, so their figures are a
/// guard against regressions, not a measurement (51-100, 101-140, 201-240 and 301-340 were tuned on too, once their
/// held-out figures had been reported). Seeds 401-440 and 501-540 are held out: scored once, by hand, against the
/// issue's bars (97 % of items at IoU 0.8, 99 % of clicks, regions within 5 % of items).
/// </summary>
[NonParallelizable]
public class LayoutFamiliesAccuracyTests
{
    [Test]
    public void Tuning_seeds_stay_where_tuning_left_them()
    {
        var score = Score(1, 40);
        Assert.Multiple(() =>
        {
            Assert.That(score.Strict.Recall, Is.GreaterThanOrEqualTo(0.95), score.Summary());
            Assert.That(score.Clicks.Value, Is.GreaterThanOrEqualTo(0.985), score.Summary());
            Assert.That((double)score.Regions / score.TruthArticles, Is.InRange(0.95, 1.05), "regions returned against items printed");
            Assert.That(score.KindAccuracy, Is.GreaterThanOrEqualTo(0.98), score.Summary());
            Assert.That(score.Overlaps, Is.Empty, "regions of different items overlap");
        });
    }

    /// <summary>A held-out set, with the issue's bars: FAMILY_SEEDS=401-440 (the default) or 501-540.</summary>
    [Test]
    [Explicit("the held-out half: scored by hand, once")]
    public void Held_out_seeds_meet_the_bars()
    {
        var range = (Environment.GetEnvironmentVariable("FAMILY_SEEDS") ?? "401-440").Split('-');
        var score = Score(int.Parse(range[0], CultureInfo.InvariantCulture), int.Parse(range[^1], CultureInfo.InvariantCulture));
        Assert.Multiple(() =>
        {
            Assert.That(score.Strict.Recall, Is.GreaterThanOrEqualTo(0.97), score.Summary());
            Assert.That(score.Clicks.Value, Is.GreaterThanOrEqualTo(0.99), score.Summary());
            Assert.That((double)score.Regions / score.TruthArticles, Is.InRange(0.95, 1.05), "regions returned against items printed");
        });
    }

    private static LayoutScore Score(int first, int last)
    {
        var score = new LayoutScore();
        for (var seed = first; seed <= last; seed++)
        {
            var issue = LayoutFamilies.Generate(seed);
            score.Add(issue.Pdf, issue.Truth, $"family seed {seed}");
        }

        TestContext.Out.WriteLine($"family seeds {first}-{last}:");
        TestContext.Out.WriteLine(score.Summary());
        foreach (var miss in score.Misses)
        {
            TestContext.Out.WriteLine($"  miss: {miss}");
        }

        return score;
    }
}
