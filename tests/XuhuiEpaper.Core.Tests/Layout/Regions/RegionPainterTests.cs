using System.Diagnostics;
using XuhuiEpaper.Core.Geometry;
using XuhuiEpaper.Core.Layout;

namespace XuhuiEpaper.Core.Tests.Layout.Regions;

/// <summary>Regions over the articles' print: covering their gutters, never overlapping, growing no further than MaxGrowth.</summary>
public class RegionPainterTests
{
    private static readonly PageInput Blank = new PageBuilder().Build();

    private static Region[] Paint(IReadOnlyList<Box>[] articles, PageInput? page = null, RegionPainterOptions? options = null, IReadOnlyList<IReadOnlyList<Box>>? outlines = null) =>
        new RegionPainter(options ?? new RegionPainterOptions()).Paint(articles, page ?? Blank, PageBuilder.Body, outlines).Select(r => new Region(r)).ToArray();

    private static bool Contains(Region region, double x, double y) => region.Contains(x / PageBuilder.Width, y / PageBuilder.Height);

    /// <summary>Lines of a column, 10 pt high on a 15 pt pitch, from (left, top) to right.</summary>
    private static IEnumerable<Box> Lines(double left, double top, double right, int count) =>
        Enumerable.Range(0, count).Select(i => new Box(left, top + (i * 15), right, top + (i * 15) + 10));

    [Test]
    public void Regions_of_articles_set_close_around_each_other_never_overlap()
    {
        // A headline over two columns; an L-shaped article around a photo; a boxed sidebar whose frame holds another
        // article's line; briefs stacked in the last column.
        IReadOnlyList<Box>[] articles =
        [
            [new Box(50, 100, 360, 130), .. Lines(50, 140, 200, 10), .. Lines(210, 140, 360, 8)],
            [new Box(210, 265, 360, 340), .. Lines(50, 295, 200, 12), .. Lines(210, 350, 360, 4)],
            [new Box(375, 100, 560, 300), .. Lines(385, 110, 550, 6)],
            [new Box(385, 250, 550, 260)],
            [.. Lines(375, 310, 560, 5)],
            [.. Lines(375, 395, 560, 3)],
        ];

        var regions = Paint(articles, new PageBuilder().VerticalRule(367.5, 95, 460).Build());

        Assert.Multiple(() =>
        {
            Assert.That(regions.Select(r => r.IsEmpty), Is.All.False);
            for (var a = 0; a < regions.Length; a++)
            {
                for (var b = a + 1; b < regions.Length; b++)
                {
                    Assert.That(regions[a].IntersectionArea(regions[b]), Is.Zero, $"regions {a} and {b}");
                }
            }

            Assert.That(Contains(regions[3], 450, 255), Is.True, "a line inside another article's frame keeps its own cells");
        });
    }

    [TestCase(0.5, false)]
    [TestCase(1.5, true)]
    public void Growth_into_white_space_stops_at_MaxGrowth(double maxGrowth, bool reaches)
    {
        // Article 0 ends at 140; article 1 beside it runs on to 400, so nothing but the limit stops growth at 148.
        IReadOnlyList<Box>[] articles = [[.. Lines(50, 100, 150, 3)], [.. Lines(160, 100, 260, 21)]];
        var regions = Paint(articles, options: new RegionPainterOptions { MaxGrowth = maxGrowth });
        Assert.Multiple(() =>
        {
            Assert.That(Contains(regions[0], 100, 148), Is.EqualTo(reaches), "0.8 em below the last line");
            Assert.That(Contains(regions[0], 100, 200), Is.False, "far below it");
        });
    }

    [TestCase(0.5)]
    [TestCase(2)]
    public void A_rule_stops_growth_within_MaxGrowth(double thickness)
    {
        // Article 0 ends at 140, a rule 3 pt under it; MaxGrowth (7.5 pt) would reach 147.5.
        IReadOnlyList<Box>[] articles = [[.. Lines(50, 100, 150, 3)], [.. Lines(160, 100, 260, 21)]];
        var page = Blank with { HorizontalRules = [new Box(45, 143 - (thickness / 2), 155, 143 + (thickness / 2))] };
        var regions = Paint(articles, page);
        Assert.Multiple(() =>
        {
            Assert.That(Contains(regions[0], 100, 141.5), Is.True, "above the rule");
            Assert.That(Contains(regions[0], 100, 146.5), Is.False, "below the rule");
        });
    }

    [Test]
    public void Outlines_of_whole_blocks_paint_the_same_regions_as_their_lines()
    {
        IReadOnlyList<Box>[] articles = [[.. Lines(50, 100, 150, 12)], [.. Lines(160, 100, 260, 30)], [new Box(50, 300, 150, 330), .. Lines(50, 340, 150, 5)]];
        var outlines = articles.Select(a => (IReadOnlyList<Box>)[Box.Bounding(a)]).ToArray();
        outlines[2] = [articles[2][0], Box.Bounding(articles[2].Skip(1))];

        var byLines = Paint(articles);
        var byOutlines = Paint(articles, outlines: outlines);

        Assert.That(byOutlines.Zip(byLines, (o, l) => o.IoU(l)), Is.All.GreaterThan(0.98));
    }

    [Test]
    public void A_page_of_100_000_edges_still_paints_in_reasonable_time()
    {
        // A broadsheet scan's OCR layer, character by character: 25,000 boxes of 7 pt type, each a little off in size
        // and baseline, in 50 articles of 5 columns by 10 rows.
        var page = Blank with { Width = 1200, Height = 1700 };
        var random = new Random(7);
        var articles = new List<IReadOnlyList<Box>>();
        for (var column = 0; column < 5; column++)
        {
            for (var row = 0; row < 10; row++)
            {
                var characters = new List<Box>();
                for (var line = 0; characters.Count < 500; line++)
                {
                    var top = 20 + (row * 166) + (line * 9) + (0.6 * random.NextDouble());
                    for (var i = 0; i < 30 && characters.Count < 500; i++)
                    {
                        var left = 20 + (column * 236) + (i * 7.5) + (0.4 * random.NextDouble());
                        characters.Add(new Box(left, top, left + 6.5 + (0.6 * random.NextDouble()), top + 6.5 + (0.6 * random.NextDouble())));
                    }
                }

                articles.Add(characters);
            }
        }

        Assert.That(articles.Sum(a => a.Count) * 4, Is.EqualTo(100_000), "the page has its edges");
        var clock = Stopwatch.StartNew();
        var regions = new RegionPainter(new RegionPainterOptions()).Paint(articles, page, bodySize: 7).Select(r => new Region(r)).ToArray();
        clock.Stop();

        Assert.Multiple(() =>
        {
            Assert.That(regions.Select(r => r.IsEmpty), Is.All.False, "every article keeps a region");
            Assert.That(regions.Zip(regions.Skip(1), (a, b) => a.IntersectionArea(b)), Is.All.LessThan(1e-9), "next articles in a column do not overlap (but for rounding in normalized units)");
            Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(10)));
        });
        TestContext.Out.WriteLine($"painted 25,000 boxes in {clock.ElapsedMilliseconds} ms");
    }
}
