using SkiaSharp;
using XuhuiEpaper.Samples.Layout;
using XuhuiEpaper.Samples.Truth;

namespace XuhuiEpaper.Samples;

/// <summary>
/// The committed sample: 徐匯報 第51期, 2021-12-13, four pages. Page 1 is the real front page text;
/// the lead article jumps to page 2. Decisions: 喜報 is a boxed "notice"; the 深入貫徹落實 banner is
/// furniture of kind "slogan"; photo captions list the caption and the credit as two entries.
/// </summary>
public static class SampleIssue
{
    public const string FileStem = "xuhuibao-2021-12-13";

    public static GeneratedIssue Generate()
    {
        var text = SeedText.Load();
        var pages = new List<PageComposer> { FrontPage(text, out var leadRest), SecondPage(text, leadRest) };
        pages.Add(LayoutVariants.ComposeRandomPage(new Random(3103), text, 3, "社區", withMasthead: false));
        pages.Add(LayoutVariants.ComposeRandomPage(new Random(4104), text, 4, "文化", withMasthead: false));
        var truth = new IssueTruth("徐匯報", "2021-12-13", 51, 1652, pages.Select(p => p.Finish()).ToList());
        return new GeneratedIssue(PdfRenderer.Render(pages.Select(p => p.Drawing).ToList(), "徐匯報 2021年12月13日 第51期"), truth);
    }

    private static PageComposer FrontPage(SeedText text, out FlowPosition leadRest)
    {
        const float Left = PageComposer.Margin;
        const float Right = PageComposer.Width - PageComposer.Margin;
        var page = new PageComposer(1, "要聞", new PageGrid(0, 0, 0, 0, 1, 12));
        var top = PageFurniture.Masthead(page.Drawing, text, "第1版", "要聞", Left, Right, PageComposer.Margin, page.Furniture) + 10;
        var grid = new PageGrid(Left, top, Right, PageComposer.Height - PageComposer.Margin, 6, 12);
        page.Grid = grid;
        const float Split = 760f;
        var lead = page.Add(new ArticleSpec("p1-a1", "article", text.LeadKicker, text.LeadTitle, null, text.LeadByline,
            text.LeadBody, [grid.Cell(0, 4, top, Split)], grid.ColumnWidth, grid.Gutter)
        {
            TitleSize = 36,
            CenterHeader = true,
            TitleColor = PageFurniture.PaperRed,
            Photo = new PhotoSpec(0, 4, 320, text.PhotoCaption, text.PhotoCredit, 20211206),
            ContinuedOn = "p2-a1",
            ContinuationMarker = "下轉第2版",
        });
        leadRest = lead.Flow.End;
        Require(page.Add(new ArticleSpec("p1-a4", "article", null, text.SecondTitle, text.SecondSubtitle, text.SecondByline,
            text.SecondBody, [grid.Cell(0, 4, Split, grid.Bottom)], grid.ColumnWidth, grid.Gutter) { TitleSize = 28, CenterHeader = true }));

        const float NoticeBottom = 720f;
        const float AwardBottom = 920f;
        PageFurniture.Slogan(page.Drawing, text.Slogan, new SKRect(grid.Cell(4, 2, top, Split).Left, top, grid.Right, top + 52), page.Furniture);
        Require(page.Add(new ArticleSpec("p1-a2", "notice", null, text.NoticeTitle, text.NoticeSubtitle, null,
            text.NoticeBody, [grid.Cell(4, 2, top + 50, NoticeBottom)], grid.ColumnWidth, grid.Gutter) { TitleSize = 24, CenterHeader = true, Body = new BodyStyle(9.5f, 14.25f, SKColors.Black) }));
        var award = grid.Cell(4, 2, NoticeBottom, AwardBottom);
        Require(page.Add(new ArticleSpec("p1-a3", "notice", null, text.AwardTitle, null, null,
            text.AwardBody, [award], award.Width, grid.Gutter)
        {
            TitleSize = 30, CenterHeader = true, TitleColor = PageFurniture.PaperRed, Boxed = true, BoxFill = new SKColor(0xfd, 0xf3, 0xe6),
        }));
        page.AddAdvertisement("p1-a5", grid.Cell(4, 2, AwardBottom, grid.Bottom), 2);
        return page;
    }

    private static PageComposer SecondPage(SeedText text, FlowPosition leadRest)
    {
        const float Left = PageComposer.Margin;
        const float Right = PageComposer.Width - PageComposer.Margin;
        var page = new PageComposer(2, "綜合", new PageGrid(0, 0, 0, 0, 1, 12));
        var top = PageFurniture.PageHeader(page.Drawing, "第2版", "綜合", "徐匯報 2021年12月13日 星期一", Left, Right, PageComposer.Margin - 8, page.Furniture) + 6;
        var grid = new PageGrid(Left, top, Right, PageComposer.Height - PageComposer.Margin, 7, 12);
        page.Grid = grid;
        const float Band1 = 560f;
        const float Band2 = 900f;
        Require(page.Add(new ArticleSpec("p2-a1", "article", null, text.LeadTitle, null, null,
            text.LeadBody, [grid.Cell(0, 3, top, Band1)], grid.ColumnWidth, grid.Gutter)
        {
            Start = leadRest, TitleSize = 24, ContinuedFrom = "p1-a1", ContinuationMarker = "上接第1版",
        }));
        var pool = text.AllParagraphs;
        page.Add(new ArticleSpec("p2-a2", "article", "深化“滿意在徐匯”大走訪", "打造社情民意的“直通車”", null, text.LeadByline,
            [pool[2], pool[0], pool[7], pool[1]], [grid.Cell(3, 4, top, Band1), grid.Cell(5, 2, Band1, Band2)], grid.ColumnWidth, grid.Gutter)
        {
            TitleSize = 30, Photo = new PhotoSpec(0, 2, 150, text.PhotoCaption, text.PhotoCredit, 2021120702),
        });
        page.Add(new ArticleSpec("p2-a3", "article", null, "建設人民城市最佳實踐區", text.SecondSubtitle, null,
            [.. text.SecondBody.Skip(1), .. text.SecondBody], [grid.Cell(0, 5, Band1, Band2)], grid.ColumnWidth, grid.Gutter) { TitleSize = 28 });
        Require(page.Add(new ArticleSpec("p2-a4", "notice", null, "相關鏈接", null, null,
            [text.AwardBody[0], text.NoticeBody[0]], [grid.Cell(0, 2, Band2, grid.Bottom)], grid.ColumnWidth * 2, grid.Gutter)
        {
            TitleSize = 24, Boxed = true, BoxFill = new SKColor(0xf2, 0xf2, 0xf2), Body = new BodyStyle(9.5f, 14.25f, SKColors.Black),
        }));
        page.Add(new ArticleSpec("p2-a5", "article", null, "讓人民滿意成為卓越徐匯的標準", null, text.LeadByline,
            [.. text.LeadBody.Skip(2), .. text.LeadBody], [grid.Cell(2, 3, Band2, grid.Bottom)], grid.ColumnWidth, grid.Gutter) { TitleSize = 26 });
        page.AddAdvertisement("p2-a6", grid.Cell(5, 2, Band2, grid.Bottom), 0);
        return page;
    }

    private static void Require(ComposedArticle article)
    {
        if (!article.Flow.Complete || article.Trimmed)
        {
            throw new InvalidOperationException($"{article.Truth.Id} does not fit its region.");
        }
    }

    public static void WriteFiles(string directory)
    {
        var issue = Generate();
        Directory.CreateDirectory(directory);
        File.WriteAllBytes(Path.Combine(directory, FileStem + ".pdf"), issue.Pdf);
        File.WriteAllText(Path.Combine(directory, FileStem + ".truth.json"), IssueTruthJson.Serialize(issue.Truth), new System.Text.UTF8Encoding(false));
    }
}
