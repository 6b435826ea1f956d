using System.Diagnostics;
using System.Globalization;
using XuhuiEpaper.Core.Layout;
using XuhuiEpaper.Core.Text;
using XuhuiEpaper.Samples;

/// <summary>
/// `bench scaling [--runs N]`: the article finder on generated pages of about 2,000, 8,000, 32,000 and 64,000 glyphs:
/// milliseconds per 1,000 glyphs and the peak memory of each size. The pages grow as a newspaper does, in area at
/// one type size (a broadsheet of more and more articles), so a linear finder shows the same milliseconds per
/// 1,000 glyphs at every size. The goal: the 64,000-glyph figure within 2x of the 2,000-glyph one.
/// </summary>
internal static class LayoutScaling
{
    public const string Usage = "bench scaling [--runs N]";

    private static readonly int[] Sizes = [2_000, 8_000, 32_000, 64_000];

    public static int Run(string[] args)
    {
        var runs = 5;
        if (args.Length == 2 && args[0] == "--runs" && int.TryParse(args[1], CultureInfo.InvariantCulture, out var n) && n > 0)
        {
            runs = n;
        }
        else if (args.Length > 0)
        {
            Console.Error.WriteLine($"usage: {Usage}");
            return 2;
        }

        var text = string.Concat(SeedText.Load().AllParagraphs.Select(CjkText.Normalize)).Where(c => !char.IsWhiteSpace(c)).Select(c => c.ToString()).ToArray();
        var finder = ArticleFinder.Instance;
        finder.Find(SyntheticPage.Build(2_000, text)); // JIT
        Console.WriteLine($"machine     {Environment.ProcessorCount} cores, load average {Bench.LoadAverage()}; {runs} runs a size, median");
        Console.WriteLine($"{"glyphs",8} {"page pt",12} {"articles",9} {"regions",8} {"ms",8} {"ms/1k glyphs",13} {"peak MB",8} {"alloc MB",9}");
        var perThousand = new List<double>();
        foreach (var size in Sizes)
        {
            var page = SyntheticPage.Build(size, text);
            var times = new List<double>();
            long peak = 0;
            long allocated = 0;
            var regions = 0;
            for (var run = 0; run < runs; run++)
            {
                var before = Bench.ResetPeakMemory();
                var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
                var clock = Stopwatch.StartNew();
                var layout = finder.Find(page);
                clock.Stop();
                allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
                peak = Math.Max(peak, Bench.PeakMemoryBytes() - before);
                times.Add(clock.Elapsed.TotalMilliseconds);
                regions = layout.Articles.Count;
            }

            var median = Bench.Median(times);
            perThousand.Add(median * 1000 / page.Glyphs.Count);
            Console.WriteLine($"{page.Glyphs.Count,8} {$"{page.Width:0}x{page.Height:0}",12} {SyntheticPage.Articles(size),9} {regions,8} {median,8:0.0} {perThousand[^1],13:0.00} {peak >> 20,8} {allocated >> 20,9}");
        }

        Console.WriteLine($"ratio       {perThousand[^1] / perThousand[0]:0.00}x: ms per 1,000 glyphs at {Sizes[^1]:N0} glyphs against {Sizes[0]:N0} (goal at most 2x)");
        Console.WriteLine("peak MB is the rise of this process's resident memory (VmHWM) during one analysis; alloc MB what it allocated.");
        return 0;
    }

    /// <summary>A broadsheet-like page of articles in a grid, each a headline over four ruled columns of body text.</summary>
    private static class SyntheticPage
    {
        private const double Body = 9;
        private const double Pitch = 13.5;
        private const double Gutter = 12;
        private const double Column = 15 * Body;
        private const int LinesPerColumn = 30;
        private const int ColumnsPerArticle = 4;
        private const int ArticlesPerRow = 2;

        /// <summary>About 2,000 glyphs an article: a title of 12, four columns of 30 lines of 15 characters.</summary>
        public static int Articles(int glyphs) => Math.Max(1, (int)Math.Round(glyphs / 1_812.0));

        public static PageInput Build(int glyphs, string[] text)
        {
            var articles = Articles(glyphs);
            var articleWidth = (ColumnsPerArticle * Column) + ((ColumnsPerArticle - 1) * Gutter);
            var articleHeight = 40 + (LinesPerColumn * Pitch);
            var rows = (articles + ArticlesPerRow - 1) / ArticlesPerRow;
            var width = 40 + (ArticlesPerRow * (articleWidth + (2 * Gutter)));
            var height = 40 + (rows * (articleHeight + (2 * Gutter)));
            var list = new List<Glyph>(articles * 1_900);
            var horizontal = new List<Box>();
            var vertical = new List<Box>();
            var next = 0;
            for (var a = 0; a < articles; a++)
            {
                var left = 20 + ((a % ArticlesPerRow) * (articleWidth + (2 * Gutter)));
                var top = 20 + ((a / ArticlesPerRow) * (articleHeight + (2 * Gutter)));
                for (var i = 0; i < 12; i++)
                {
                    list.Add(new Glyph(text[next++ % text.Length], new Box(left + (i * 24), top, left + ((i + 1) * 24), top + 24), 24, Bold: true));
                }

                for (var c = 0; c < ColumnsPerArticle; c++)
                {
                    var x = left + (c * (Column + Gutter));
                    for (var line = 0; line < LinesPerColumn; line++)
                    {
                        var y = top + 40 + (line * Pitch);
                        var indent = line % 8 == 0 ? 2 : 0;
                        for (var i = indent; i < 15; i++)
                        {
                            list.Add(new Glyph(text[next++ % text.Length], new Box(x + (i * Body), y, x + ((i + 1) * Body), y + Body), Body, false));
                        }
                    }
                }

                horizontal.Add(new Box(left - Gutter, top + articleHeight + Gutter - 0.25, left + articleWidth + Gutter, top + articleHeight + Gutter + 0.25));
                vertical.Add(new Box(left + articleWidth + Gutter - 0.25, top - Gutter, left + articleWidth + Gutter + 0.25, top + articleHeight + Gutter));
            }

            return new PageInput
            {
                Number = 2,
                Width = width,
                Height = height,
                Glyphs = list,
                HorizontalRules = horizontal,
                VerticalRules = vertical,
            };
        }
    }
}
