using XuhuiEpaper.Samples;
using XuhuiEpaper.Samples.Scoring;

namespace XuhuiEpaper.Core.Tests.Layout;

/// <summary>
/// The article finder against ground truth: the sample issue and generated layouts. The finder was tuned on
/// seeds 1-24; held-out batches of 24 (seeds 101-124, 201-224, 301-324) scored 98.0, 95.5 and 94.7 %, and
/// 401-448 97.2 %. Once growth into white space was held to MaxGrowth (and that cut to 0.75 em): 100 % on seeds
/// 1-48 and on each of those held-out batches, and 100 % on a fresh batch (501-548) scored once, untuned.
/// Bars: 95% of truth articles matched by a region with IoU at least 0.8; 98% of body characters in the right article.
/// Kinds: once a box of running text counted as a notice, 225 of 226 matched articles on seeds 1-48 (99.6 %) are of
/// the right kind (was 197), 18/18 on the sample issue (was 16), 210/210 on 101-148 (was 188) and 208/210 on 501-548
/// (was 183); the misses are boxed notices with no body text, which look like display advertisements. A fresh batch
/// (601-648), scored once, untuned: 211/211 of the right kind (was 186).
/// Bar: 95% of matched articles of the right kind.
/// </summary>
[NonParallelizable]
public class ArticleFinderAccuracyTests
{
    private const int VariantCount = 48;
    private const double ArticleBar = 0.95;
    private const double BodyBar = 0.98;
    private const double KindBar = 0.95;

    [Test]
    public void Sample_issue_meets_the_bars()
    {
        var score = new LayoutScore();
        var sample = SampleIssue.Generate();
        score.Add(sample.Pdf, sample.Truth, "sample");
        Report("sample issue", score);
    }

    [Test]
    public void Generated_layouts_meet_the_bars()
    {
        var score = new LayoutScore();
        for (var seed = 1; seed <= VariantCount; seed++)
        {
            var variant = LayoutVariants.Generate(seed);
            score.Add(variant.Pdf, variant.Truth, $"seed {seed}");
        }

        Report($"{VariantCount} generated layouts", score);
    }

    /// <summary>Layouts the finder was not tuned on, by hand: FINDER_SEEDS=401-448 (default 101-124).</summary>
    [Test]
    [Explicit("evaluation of held-out seeds: run by hand")]
    public void Held_out_layouts()
    {
        var range = (Environment.GetEnvironmentVariable("FINDER_SEEDS") ?? "101-124").Split('-');
        var (first, last) = (int.Parse(range[0], System.Globalization.CultureInfo.InvariantCulture), int.Parse(range[^1], System.Globalization.CultureInfo.InvariantCulture));
        var score = new LayoutScore();
        for (var seed = first; seed <= last; seed++)
        {
            var variant = LayoutVariants.Generate(seed);
            score.Add(variant.Pdf, variant.Truth, $"seed {seed}");
        }

        Report($"held-out seeds {first}-{last}", score);
    }

    private static void Report(string what, LayoutScore score)
    {
        TestContext.Out.WriteLine($"{what}: {score} (bars: {ArticleBar:P0} articles, {BodyBar:P0} body characters, {KindBar:P0} of the right kind)");
        foreach (var miss in score.Misses)
        {
            TestContext.Out.WriteLine($"  miss: {miss}");
        }

        TestContext.Out.WriteLine("kinds of matched articles (truth x found):");
        TestContext.Out.WriteLine(score.ConfusionTable());
        foreach (var wrong in score.WrongKinds)
        {
            TestContext.Out.WriteLine($"  wrong kind: {wrong}");
        }

        Assert.Multiple(() =>
        {
            Assert.That(score.ArticleRecall, Is.GreaterThanOrEqualTo(ArticleBar), $"{what}: {score}");
            Assert.That(score.BodyAccuracy, Is.GreaterThanOrEqualTo(BodyBar), $"{what}: {score}");
            Assert.That(score.KindAccuracy, Is.GreaterThanOrEqualTo(KindBar), $"{what}: {score}");
            Assert.That(score.Overlaps, Is.Empty, "regions of different articles overlap");
        });
    }
}
