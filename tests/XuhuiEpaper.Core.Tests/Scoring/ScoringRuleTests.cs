using XuhuiEpaper.Core.Geometry;
using XuhuiEpaper.Core.Model;
using XuhuiEpaper.Samples.Scoring;
using XuhuiEpaper.Samples.Truth;

namespace XuhuiEpaper.Core.Tests.Scoring;

/// <summary>The scoring rules on made-up pages, where the right answer is known by construction (no finder involved).</summary>
public class ScoringRuleTests
{
    private const double PagePt = 1000;

    [Test]
    public void Click_grid_keeps_2_pt_inside_and_has_at_least_3_points_a_side()
    {
        // 100 x 10 pt: 96 pt across gives 13 points 8 pt apart; 6 pt down still gives 3.
        var points = ClickGrid.Points([[0.1, 0.1, 0.1, 0.01]], PagePt, PagePt).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(points, Has.Count.EqualTo(13 * 3));
            Assert.That(points.Min(p => p.X) * PagePt, Is.EqualTo(102).Within(1e-9));
            Assert.That(points.Max(p => p.X) * PagePt, Is.EqualTo(198).Within(1e-9));
            Assert.That(points.Min(p => p.Y) * PagePt, Is.EqualTo(102).Within(1e-9));
            Assert.That(points.Max(p => p.Y) * PagePt, Is.EqualTo(108).Within(1e-9));
        });
    }

    [Test]
    public void Matching_is_one_to_one_highest_IoU_first()
    {
        // Region 0 is the best for both items; item 0 has it (0.9), item 1 falls back to region 1.
        var iou = new double[,] { { 0.9, 0.6 }, { 0.85, 0.7 } };
        var matches = IoUMatching.Greedy(iou, 0.5);
        Assert.That(matches, Is.EquivalentTo(new[] { new Match(0, 0, 0.9), new Match(1, 1, 0.7) }));
        Assert.That(IoUMatching.Greedy(iou, 0.8), Is.EqualTo(new[] { new Match(0, 0, 0.9) }));
    }

    [Test]
    public void A_click_answers_the_smallest_region_holding_it_and_the_first_of_equals()
    {
        var page = Page(
            Found(RegionKind.Article, "big", new NormRect(0, 0, 1, 1)),
            Found(RegionKind.Article, "small", new NormRect(0.2, 0.2, 0.1, 0.1)),
            Found(RegionKind.Article, "small twin", new NormRect(0.2, 0.2, 0.1, 0.1)));
        Assert.Multiple(() =>
        {
            Assert.That(RegionHitTest.Hit(page.Regions, 0.25, 0.25)?.Content.Title, Is.EqualTo("small"));
            Assert.That(RegionHitTest.Hit(page.Regions, 0.5, 0.5)?.Content.Title, Is.EqualTo("big"));
        });
    }

    [Test]
    public void Clicks_on_an_item_split_in_two_regions_are_right_and_furniture_offered_as_an_item_is_listed()
    {
        // Item A, the left half, found as two regions (top and bottom): IoU 0.5 each, so one matches at 0.5 and none
        // at 0.8, yet every click opens a part of A. Item B, the right half, is found whole. The masthead is found
        // as an article.
        var truth = new PageTruth(1, "1", "", PagePt, PagePt,
            [new FurnitureTruth("masthead", "報", [[0, 0, 1, 0.1]])],
            [Item("A", [0, 0.1, 0.5, 0.9]), Item("B", [0.5, 0.1, 0.5, 0.9])]);
        var page = Page(
            Found(RegionKind.Article, "masthead as article", new NormRect(0, 0, 1, 0.1)),
            Found(RegionKind.Article, "A top", new NormRect(0, 0.1, 0.5, 0.45)),
            Found(RegionKind.Article, "A bottom", new NormRect(0, 0.55, 0.5, 0.45)),
            Found(RegionKind.Notice, "B", new NormRect(0.5, 0.1, 0.5, 0.9)));

        var score = TruthPageScorer.Score(page, truth, "made up");

        Assert.Multiple(() =>
        {
            Assert.That((score.Items, score.Regions), Is.EqualTo((2, 4)));
            Assert.That(score.Loose.Matched, Is.EqualTo(2));
            Assert.That(score.Strict.Matched, Is.EqualTo(1));
            Assert.That(score.Clicks.Value, Is.EqualTo(1));
            Assert.That(score.Kinds, Is.EqualTo(new[] { ("article", "notice") }));
            Assert.That(score.WrongKinds, Has.Count.EqualTo(1));
            Assert.That(score.Misses.Single(), Does.StartWith("made up A "));
            Assert.That(score.Furniture.Single().Answered, Is.False);
            Assert.That(score.FurnitureAsItems.Single(), Does.Contain("masthead as article"));
        });
    }

    [Test]
    public void Clicks_answered_by_furniture_or_by_nothing_are_wrong()
    {
        var truth = new PageTruth(1, "1", "", PagePt, PagePt, [], [Item("A", [0, 0, 1, 1])]);
        var page = Page(Found(RegionKind.Masthead, "", new NormRect(0, 0, 1, 0.5)));
        var score = TruthPageScorer.Score(page, truth, "made up");
        Assert.That(score.Clicks.Value, Is.Zero);
        Assert.That(score.ClickMisses.Single(), Does.Contain("answered by #0 masthead"));
    }

    [Test]
    public void A_word_click_is_right_when_the_region_holds_the_word()
    {
        var page = Page(Found(RegionKind.Article, "Der Prozeß", new NormRect(0, 0, 0.5, 1)));
        var words = new WordPage(1, PagePt, PagePt,
        [
            new PdfWord("Prozeß", new NormRect(0.1, 0.1, 0.1, 0.01)),
            new PdfWord("Pro\u00AD", new NormRect(0.1, 0.2, 0.1, 0.01)), // OCR's soft hyphen at a line end
            new PdfWord("Urteil", new NormRect(0.1, 0.3, 0.1, 0.01)), // not in the region's text
            new PdfWord("Urteil", new NormRect(0.6, 0.3, 0.1, 0.01)), // in no region
            new PdfWord("—", new NormRect(0.1, 0.4, 0.1, 0.01)), // no letter: not clicked
        ]);

        var score = WordClickScorer.Score(page, words, "made up");

        Assert.Multiple(() =>
        {
            Assert.That((score.Clicks, score.Answered, score.Right), Is.EqualTo((4, 3, 2)));
            Assert.That(score.Wrong.Single().Word, Is.EqualTo("Urteil"));
        });
    }

    [Test]
    public void Pdftotext_words_are_read_with_their_pages_and_normalized_boxes()
    {
        // As pdftotext -bbox-layout writes it, but with two words back to back (no whitespace node between them).
        const string Xhtml = """
            <!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd"><html xmlns="http://www.w3.org/1999/xhtml">
            <head><title></title></head><body><doc>
              <page width="200.000000" height="400.000000">
                <flow><block><line>
                  <word xMin="20.000000" yMin="40.000000" xMax="60.000000" yMax="50.000000">徐匯報</word><word xMin="70" yMin="40" xMax="90" yMax="50">A&amp;B</word>
                </line></block></flow>
              </page>
              <page width="100" height="100">
              </page>
            </doc></body></html>
            """;
        var pages = PdfWords.Parse(new StringReader(Xhtml), firstNumber: 3);
        Assert.Multiple(() =>
        {
            Assert.That(pages.Select(p => p.Number), Is.EqualTo(new[] { 3, 4 }));
            Assert.That(pages[0].Words.Select(w => w.Text), Is.EqualTo(new[] { "徐匯報", "A&B" }));
            var box = pages[0].Words[0].Box;
            Assert.That(new[] { box.X, box.Y, box.Right, box.Bottom }, Is.EqualTo(new[] { 0.1, 0.1, 0.3, 0.125 }).Within(1e-12));
            Assert.That(pages[1].Words, Is.Empty);
        });
    }

    private static ArticleTruth Item(string id, double[] rect) =>
        new(id, "article", null, id, null, null, [], [], null, null, null, [rect]);

    private static FoundRegion Found(RegionKind kind, string title, params NormRect[] rects) =>
        new(0, new ArticleContent { Kind = kind, Title = title, Rects = rects });

    /// <summary>A page of the regions given, numbered in order as the finder numbers them.</summary>
    private static PageAnalysis Page(params FoundRegion[] regions) =>
        new(1, PagePt, PagePt, 0, 0, regions.Select((r, i) => new FoundRegion(i, r.Content)).ToList());
}
