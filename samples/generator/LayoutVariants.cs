using SkiaSharp;
using XuhuiEpaper.Samples.Layout;
using XuhuiEpaper.Samples.Truth;

namespace XuhuiEpaper.Samples;

/// <summary>A generated PDF and the ground truth written while drawing it.</summary>
public sealed record GeneratedIssue(byte[] Pdf, IssueTruth Truth);

/// <summary>Seeded random layouts of 徐匯報 pages, built from recombined seed text, with exact truth.</summary>
public static class LayoutVariants
{
    private static readonly string[] PageNames = ["要聞", "綜合", "社區", "文化", "民生", "專版", "副刊", "城事"];

    public static GeneratedIssue Generate(int seed, int pageCount = 1)
    {
        var text = SeedText.Load();
        var rng = new Random(seed);
        var pages = new List<PageComposer>();
        var truths = new List<PageTruth>();
        for (var n = 1; n <= pageCount; n++)
        {
            var composer = ComposeRandomPage(rng, text, n, PageNames[(n - 1) % PageNames.Length], withMasthead: n == 1);
            pages.Add(composer);
            truths.Add(composer.Finish());
        }

        var truth = new IssueTruth("徐匯報", "2021-12-13", 51, 1652, truths);
        return new GeneratedIssue(PdfRenderer.Render(pages.Select(p => p.Drawing).ToList(), $"徐匯報 layout variant {seed}"), truth);
    }

    /// <summary>Bands of articles over a 3..8 column grid; neighbouring bands may merge into L-shaped articles.</summary>
    public static PageComposer ComposeRandomPage(Random rng, SeedText text, int number, string name, bool withMasthead)
    {
        var composer = new PageComposer(number, name, new PageGrid(0, 0, 0, 0, 1, 12));
        const float Left = PageComposer.Margin;
        const float Right = PageComposer.Width - PageComposer.Margin;
        var top = withMasthead
            ? PageFurniture.Masthead(composer.Drawing, text, $"第{number}版", name, Left, Right, PageComposer.Margin, composer.Furniture) + 10
            : PageFurniture.PageHeader(composer.Drawing, $"第{number}版", name, "徐匯報 2021年12月13日 星期一", Left, Right, PageComposer.Margin - 8, composer.Furniture) + 6;
        var columns = rng.Next(3, 9);
        var grid = new PageGrid(Left, top, Right, PageComposer.Height - PageComposer.Margin, columns, 12);
        composer.Grid = grid;

        List<List<(int Col, int Span)>> bands;
        List<float> edges;
        do
        {
            var bandCount = rng.Next(2, 4);
            var weights = Enumerable.Range(0, bandCount).Select(_ => 0.7 + rng.NextDouble()).ToList();
            edges = [top];
            foreach (var w in weights)
            {
                edges.Add(edges[^1] + (float)(w / weights.Sum() * (grid.Bottom - top)));
            }

            edges[^1] = grid.Bottom;
            bands = Enumerable.Range(0, bandCount).Select(_ => Partition(rng, columns)).ToList();
        }
        while (bands.Sum(b => b.Count) is < 3 or > 9);

        // Regions: one or two blocks per article; merge the first (or last) article of a band with the one below it.
        var regions = new List<List<SKRect>>();
        var taken = new HashSet<(int Band, int Index)>();
        for (var b = 0; b < bands.Count; b++)
        {
            for (var i = 0; i < bands[b].Count; i++)
            {
                if (taken.Contains((b, i)))
                {
                    continue;
                }

                var (col, span) = bands[b][i];
                var blocks = new List<SKRect> { grid.Cell(col, span, edges[b], edges[b + 1]) };
                if (b + 1 < bands.Count && bands[b + 1].Count >= 2 && rng.NextDouble() < 0.5)
                {
                    var belowIndex = i == 0 ? 0 : i == bands[b].Count - 1 ? bands[b + 1].Count - 1 : -1;
                    if (belowIndex >= 0 && !taken.Contains((b + 1, belowIndex)))
                    {
                        var below = bands[b + 1][belowIndex];
                        var inside = below.Col >= col && below.Col + below.Span <= col + span && below.Span < span;
                        if (inside && (below.Col == col || below.Col + below.Span == col + span))
                        {
                            blocks.Add(grid.Cell(below.Col, below.Span, edges[b + 1], edges[b + 2]));
                            taken.Add((b + 1, belowIndex));
                        }
                    }
                }

                regions.Add(blocks);
            }
        }

        var adIndex = rng.NextDouble() < 0.6 ? regions.FindLastIndex(r => r.Count == 1 && r[0].Height < 420) : -1;
        var boxIndex = rng.NextDouble() < 0.6 ? regions.FindIndex(r => r.Count == 1 && r[0].Width < 400 && r[0].Height > 150) : -1;
        var pool = text.AllParagraphs;
        for (var a = 0; a < regions.Count; a++)
        {
            var id = $"p{number}-a{a + 1}";
            if (a == adIndex && a != boxIndex)
            {
                composer.AddAdvertisement(id, regions[a][0], rng.Next(3));
                continue;
            }

            var blocks = regions[a];
            var first = blocks[0];
            var cols = (int)Math.Round((first.Width + grid.Gutter) / (grid.ColumnWidth + grid.Gutter));
            var title = text.Headlines[rng.Next(text.Headlines.Count)];
            var titleSize = (float)rng.Next(24, 41);
            while (titleSize > 24 && TextSetter.Measure(title, titleSize) > first.Width * 2)
            {
                titleSize -= 2;
            }

            PhotoSpec? photo = null;
            if (a != boxIndex && cols >= 2 && first.Height > 300 && rng.NextDouble() < 0.55)
            {
                var span = rng.Next(1, cols);
                photo = new PhotoSpec(rng.Next(0, cols - span + 1), span, Math.Min(first.Height * 0.35f, 260), text.PhotoCaption, text.PhotoCredit, rng.Next());
            }

            var paragraphs = Enumerable.Range(0, 4).SelectMany(_ => pool.OrderBy(_ => rng.Next())).ToList();
            var spec = new ArticleSpec(
                id, a == boxIndex ? "notice" : "article",
                rng.NextDouble() < 0.35 ? text.Phrases[rng.Next(text.Phrases.Count)] : null,
                title,
                rng.NextDouble() < 0.3 ? text.Phrases[rng.Next(text.Phrases.Count)] : null,
                rng.NextDouble() < 0.6 ? text.LeadByline : null,
                paragraphs, blocks, grid.ColumnWidth, grid.Gutter)
            {
                TitleSize = titleSize,
                CenterHeader = rng.NextDouble() < 0.4,
                Photo = photo,
                Boxed = a == boxIndex,
                BoxFill = a == boxIndex ? new SKColor(0xf4, 0xf0, 0xe8) : null,
            };
            if (!FitsBlocks(spec))
            {
                // A short or narrow region cannot carry a big header: fall back to a plain one.
                spec = spec with { Kicker = null, Subtitle = null, Byline = null, Photo = null, TitleSize = 24, Title = text.Headlines[2] };
            }

            composer.Add(spec);
        }

        return composer;
    }

    private static bool FitsBlocks(ArticleSpec spec)
    {
        var scratch = new PageDrawing(PageComposer.Width, PageComposer.Height);
        ArticleComposer.Compose(scratch, spec);
        return scratch.Ops.All(o => spec.Blocks[o.Block].Contains(o.Bounds.Inflated(-0.01f)));
    }

    private static List<(int Col, int Span)> Partition(Random rng, int columns)
    {
        var minSpan = columns >= 4 ? 2 : 1;
        var maxParts = Math.Max(1, Math.Min(3, columns / minSpan));
        var parts = rng.Next(1, maxParts + 1);
        var spans = Enumerable.Repeat(minSpan, parts).ToList();
        for (var left = columns - (minSpan * parts); left > 0; left--)
        {
            spans[rng.Next(parts)]++;
        }

        var result = new List<(int, int)>();
        var col = 0;
        foreach (var span in spans)
        {
            result.Add((col, span));
            col += span;
        }

        return result;
    }
}
