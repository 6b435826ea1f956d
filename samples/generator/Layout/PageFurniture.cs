using SkiaSharp;
using XuhuiEpaper.Samples.Truth;

namespace XuhuiEpaper.Samples.Layout;

/// <summary>Masthead, page headers and slogans: text on the page that belongs to no article.</summary>
public static class PageFurniture
{
    public static readonly SKColor PaperRed = new(0xc8, 0x10, 0x1c);

    /// <summary>
    /// Front-page masthead: big title, channel lines, digital edition, and the issue line with the page's 版次 and
    /// 版名 at its right end. Returns the y below it.
    /// </summary>
    public static float Masthead(PageDrawing page, SeedText seed, string label, string name, float left, float right, float top, List<FurnitureTruth> furniture)
    {
        var ops = new List<DrawOp>();
        const string Owner = "masthead";
        ArticleComposer.AddLine(ops, Owner, 0, seed.Masthead, left, top + 76, 84, PaperRed);
        var x = left + TextSetter.Measure(seed.Masthead, 84) + 30;
        var channelWidth = (right - x) / seed.Channels.Count;
        for (var i = 0; i < seed.Channels.Count; i++)
        {
            var cx = x + (i * channelWidth);
            // Stand-in for the QR code printed above each channel name.
            ops.Add(new BoxOp(Owner, 0, new SKRect(cx + 20, top + 8, cx + 62, top + 50), null, SKColors.Black, 1f));
            ops.Add(new BoxOp(Owner, 0, new SKRect(cx + 28, top + 16, cx + 54, top + 42), new SKColor(0x60, 0x60, 0x60), null, 0));
            ArticleComposer.AddLine(ops, Owner, 0, seed.Channels[i], cx + 4, top + 64, 9.5f, SKColors.Black);
        }

        ArticleComposer.AddLine(ops, Owner, 0, seed.DigitalEdition, x + 4, top + 86, 9.5f, SKColors.Black);
        ops.Add(new LineOp(Owner, 0, left, top + 100, right, top + 100, 2.5f, PaperRed));
        ArticleComposer.AddLine(ops, Owner, 0, seed.IssueLine, left, top + 116, 10, SKColors.Black);
        var pageLine = $"{label} {name}";
        ArticleComposer.AddLine(ops, Owner, 0, pageLine, right - TextSetter.Measure(pageLine, 10), top + 116, 10, PaperRed);
        ops.Add(new LineOp(Owner, 0, left, top + 123, right, top + 123, 0.8f, PaperRed));
        page.Ops.AddRange(ops);
        var text = string.Join("\n", new[] { seed.Masthead }.Concat(seed.Channels).Append(seed.DigitalEdition).Append(seed.IssueLine).Append(pageLine));
        furniture.Add(new FurnitureTruth("masthead", text, [Rect(page, ops)]));
        return top + 126;
    }

    /// <summary>Inside-page header: page label and name on the left, paper and date on the right, a rule below.</summary>
    public static float PageHeader(PageDrawing page, string label, string name, string dateLine, float left, float right, float top, List<FurnitureTruth> furniture)
    {
        var ops = new List<DrawOp>();
        const string Owner = "pageHeader";
        var head = $"{label} {name}";
        ArticleComposer.AddLine(ops, Owner, 0, label, left, top + 20, 20, PaperRed);
        ArticleComposer.AddLine(ops, Owner, 0, name, left + TextSetter.Measure(label, 20) + 14, top + 20, 20, SKColors.Black);
        var dateWidth = TextSetter.Measure(dateLine, 10);
        ArticleComposer.AddLine(ops, Owner, 0, dateLine, right - dateWidth, top + 20, 10, SKColors.Black);
        ops.Add(new LineOp(Owner, 0, left, top + 30, right, top + 30, 1.5f, PaperRed));
        page.Ops.AddRange(ops);
        furniture.Add(new FurnitureTruth("pageHeader", $"{head}\n{dateLine}", [Rect(page, ops)]));
        return top + 40;
    }

    /// <summary>A red banner with white text, as the paper prints its campaign slogans.</summary>
    public static void Slogan(PageDrawing page, IReadOnlyList<string> lines, SKRect rect, List<FurnitureTruth> furniture)
    {
        var ops = new List<DrawOp> { new BoxOp("slogan", 0, rect, PaperRed, null, 0) };
        var size = 14f;
        var y = rect.Top + ((rect.Height - (lines.Count * size * 1.4f)) / 2);
        foreach (var line in lines)
        {
            var width = TextSetter.Measure(line, size);
            ArticleComposer.AddLine(ops, "slogan", 0, line, rect.Left + ((rect.Width - width) / 2), y + (size * 0.92f), size, SKColors.White);
            y += size * 1.4f;
        }

        page.Ops.AddRange(ops);
        furniture.Add(new FurnitureTruth("slogan", string.Join("\n", lines), [Rect(page, ops)]));
    }

    private static double[] Rect(PageDrawing page, List<DrawOp> ops) =>
        ArticleComposer.Normalize(ArticleComposer.TightRect(ops, new SKRect(0, 0, page.Width, page.Height)), page);
}

/// <summary>A generic public-service advertisement in a framed, tinted box.</summary>
public static class AdComposer
{
    public static ArticleTruth Compose(PageDrawing page, string id, SKRect block, int variant)
    {
        var (title, lines) = (variant % 3) switch
        {
            0 => ("垃圾分類 從我做起", new[] { "分類投放 減量循環", "共建整潔美麗家園" }),
            1 => ("文明出行 禮讓斑馬線", new[] { "安全出行 人人有責", "公益廣告" }),
            _ => ("節約用水 珍惜資源", new[] { "一滴水 一份責任", "公益廣告" }),
        };
        var ops = new List<DrawOp>
        {
            new BoxOp(id, 0, block.Inflated(-2), new SKColor(0xfb, 0xf1, 0xe4), PageFurniture.PaperRed, 2f),
        };
        var titleSize = Math.Min(32f, (block.Width - 24) / title.Length);
        var y = block.Top + Math.Max(14, (block.Height - titleSize - 60) / 2);
        ArticleComposer.SetHeaderLines(ops, id, title, block.Inflated(-12), y, titleSize, 1.2f, true, PageFurniture.PaperRed);
        y += (titleSize * 1.2f * Math.Max(1, (int)Math.Ceiling(TextSetter.Measure(title, titleSize) / (block.Width - 24)))) + 8;
        foreach (var line in lines)
        {
            ArticleComposer.SetHeaderLines(ops, id, line, block.Inflated(-12), y, 13, 1.4f, true, SKColors.Black);
            y += 13 * 1.4f;
        }

        page.Ops.AddRange(ops);
        var rect = ArticleComposer.TightRect(ops, block);
        return new ArticleTruth(id, "advertisement", null, title, null, null, lines, [], null, null, null, [ArticleComposer.Normalize(rect, page)]);
    }
}
