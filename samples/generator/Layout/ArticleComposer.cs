using SkiaSharp;
using XuhuiEpaper.Samples.Truth;

namespace XuhuiEpaper.Samples.Layout;

/// <summary>A photo in the first block of an article: its columns (relative to that block), height and caption.</summary>
public sealed record PhotoSpec(int FirstColumn, int ColumnSpan, float Height, string Caption, string? Credit, int Seed);

/// <summary>
/// What to draw for one article. Blocks are the rectangles (points, gutters excluded) whose union is the
/// article's region; the header spans the first block, body columns run through all blocks in order.
/// </summary>
public sealed record ArticleSpec(
    string Id, string Kind, string? Kicker, string Title, string? Subtitle, string? Byline,
    IReadOnlyList<string> Paragraphs, IReadOnlyList<SKRect> Blocks, float ColumnWidth, float Gutter)
{
    public FlowPosition Start { get; init; }
    public float TitleSize { get; init; } = 28;
    public bool CenterHeader { get; init; }
    public SKColor TitleColor { get; init; } = SKColors.Black;
    public PhotoSpec? Photo { get; init; }
    public bool Boxed { get; init; }
    public SKColor? BoxFill { get; init; }
    public string? ContinuedFrom { get; init; }
    public string? ContinuedOn { get; init; }
    public string? ContinuationMarker { get; init; }
    /// <summary>When the text does not fit and the article does not jump, end it at the last full sentence.</summary>
    public bool TrimToSentence { get; init; } = true;
    public BodyStyle Body { get; init; } = BodyStyle.Default;
}

/// <summary>Trimmed: the text did not fit and was cut back to the last full sentence.</summary>
public sealed record ComposedArticle(ArticleTruth Truth, FlowResult Flow, bool Trimmed);

public static class ArticleComposer
{
    private const float BoxPadding = 7f;
    private static readonly SKColor CaptionColor = new(0x20, 0x20, 0x20);

    public static ComposedArticle Compose(PageDrawing page, ArticleSpec spec)
    {
        var ops = new List<DrawOp>();
        var inner = spec.Blocks.Select(b => spec.Boxed ? b.Inflated(-BoxPadding) : b).ToList();
        if (spec.Boxed)
        {
            foreach (var (block, i) in spec.Blocks.Select((b, i) => (b, i)))
            {
                ops.Add(new BoxOp(spec.Id, i, block.Inflated(-1.5f), spec.BoxFill, new SKColor(0x9a, 0x10, 0x10), 1f));
            }
        }

        var first = inner[0];
        var y = first.Top;
        if (spec.Kicker is not null)
        {
            y = SetHeaderLines(ops, spec.Id, spec.Kicker, first, y, 14f, 1.3f, spec.CenterHeader, SKColors.Black);
        }

        y = SetHeaderLines(ops, spec.Id, spec.Title, first, y + 2, spec.TitleSize, 1.18f, spec.CenterHeader, spec.TitleColor);
        if (spec.Subtitle is not null)
        {
            y = SetHeaderLines(ops, spec.Id, spec.Subtitle, first, y + 1, 14f, 1.3f, spec.CenterHeader, SKColors.Black);
        }

        if (spec.Byline is not null)
        {
            y = SetHeaderLines(ops, spec.Id, spec.Byline, first, y + 3, 10f, 1.5f, false, SKColors.Black);
        }

        y += 6;
        var captions = new List<string>();
        var columns = new List<ColumnSlot>();
        var photoBottom = 0f;
        for (var b = 0; b < inner.Count; b++)
        {
            var block = inner[b];
            var count = Math.Max(1, (int)Math.Round((block.Width + spec.Gutter) / (spec.ColumnWidth + spec.Gutter)));
            var width = (block.Width - ((count - 1) * spec.Gutter)) / count;
            for (var c = 0; c < count; c++)
            {
                var x = block.Left + (c * (width + spec.Gutter));
                var top = b == 0 ? y : block.Top;
                if (b == 0 && spec.Photo is { } photo && c >= photo.FirstColumn && c < photo.FirstColumn + photo.ColumnSpan)
                {
                    if (c == photo.FirstColumn)
                    {
                        var right = block.Left + ((c + photo.ColumnSpan) * (width + spec.Gutter)) - spec.Gutter;
                        var bottom = DrawPhoto(ops, spec.Id, photo, new SKRect(x, y, right, y + photo.Height));
                        captions.Add(photo.Caption);
                        if (photo.Credit is not null)
                        {
                            captions.Add(photo.Credit);
                        }

                        photoBottom = bottom;
                    }

                    top = photoBottom + 8;
                }

                columns.Add(new ColumnSlot(b, x, top, width, block.Bottom));
            }
        }

        var markerAtEnd = spec.ContinuedOn is not null && spec.ContinuationMarker is not null;
        var markerAtStart = spec.ContinuedFrom is not null && spec.ContinuationMarker is not null;
        if (markerAtStart)
        {
            var c0 = columns[0];
            AddLine(ops, spec.Id, c0.Block, spec.ContinuationMarker!, c0.X, c0.Top + (spec.Body.Size * 0.92f), spec.Body.Size, SKColors.Black);
            columns[0] = c0 with { Top = c0.Top + spec.Body.Leading };
        }

        if (markerAtEnd)
        {
            var last = columns[^1];
            columns[^1] = last with { Bottom = last.Bottom - spec.Body.Leading };
        }

        var paragraphs = spec.Paragraphs;
        var flow = ColumnFlow.Flow(spec.Id, paragraphs, spec.Start, columns, spec.Body);
        var trimmed = false;
        if (markerAtEnd && flow.Complete)
        {
            throw new InvalidOperationException($"{spec.Id} jumps to {spec.ContinuedOn} but all of its text fits.");
        }
        if (!flow.Complete && !markerAtEnd && spec.TrimToSentence)
        {
            paragraphs = TrimToSentence(flow);
            trimmed = true;
            flow = ColumnFlow.Flow(spec.Id, paragraphs, new FlowPosition(0, 0), columns, spec.Body);
            if (spec.Start.Offset > 0)
            {
                throw new InvalidOperationException("Trimming a continued part is not supported.");
            }
        }

        ops.AddRange(flow.Glyphs);
        if (markerAtEnd)
        {
            var last = columns[^1];
            var width = TextSetter.Measure(spec.ContinuationMarker!, spec.Body.Size);
            var lastBaseline = flow.Glyphs.Count > 0 ? flow.Glyphs[^1].Baseline : last.Top;
            AddLine(ops, spec.Id, last.Block, spec.ContinuationMarker!, last.X + last.Width - width, lastBaseline + spec.Body.Leading, spec.Body.Size, SKColors.Black);
        }

        page.Ops.AddRange(ops);
        var rects = spec.Blocks.Select((block, i) => TightRect(ops.Where(o => o.Block == i), block)).ToList();
        var truth = new ArticleTruth(spec.Id, spec.Kind, spec.Kicker, spec.Title, spec.Subtitle, spec.Byline,
            flow.DrawnParagraphs, captions, spec.ContinuedFrom, spec.ContinuedOn,
            spec.ContinuationMarker, rects.Select(r => Normalize(r, page)).ToList());
        return new ComposedArticle(truth, flow, trimmed);
    }

    public static double[] Normalize(SKRect r, PageDrawing page) =>
    [
        Math.Round(r.Left / page.Width, 5), Math.Round(r.Top / page.Height, 5),
        Math.Round(r.Width / page.Width, 5), Math.Round(r.Height / page.Height, 5),
    ];

    /// <summary>Bounding box of what was drawn in a block plus a small margin, never leaving the block (so it stays clear of rules).</summary>
    public static SKRect TightRect(IEnumerable<DrawOp> ops, SKRect block)
    {
        var list = ops.ToList();
        if (list.Count == 0)
        {
            return block;
        }

        var left = list.Min(o => o.Bounds.Left) - 2;
        var top = list.Min(o => o.Bounds.Top) - 2;
        var right = list.Max(o => o.Bounds.Right) + 2;
        var bottom = list.Max(o => o.Bounds.Bottom) + 2;
        return new SKRect(Math.Max(left, block.Left), Math.Max(top, block.Top), Math.Min(right, block.Right), Math.Min(bottom, block.Bottom));
    }

    /// <summary>Sets header text (kicker, title, byline) in as many lines as needed; returns the y below it.</summary>
    public static float SetHeaderLines(List<DrawOp> ops, string owner, string text, SKRect area, float top, float size, float leading, bool center, SKColor color)
    {
        var start = 0;
        var y = top;
        while (start < text.Length)
        {
            var line = TextSetter.NextLine(text, start, area.Width, size, 0, justify: false);
            var x = center ? area.Left + ((area.Width - line.Width) / 2) : area.Left;
            var baseline = y + (size * 0.92f);
            for (var i = 0; i < line.Text.Length; i++)
            {
                if (line.Text[i] != ' ')
                {
                    ops.Add(new GlyphOp(owner, 0, line.Text[i], x + line.Offsets[i], baseline, size, line.Advances[i], color));
                }
            }

            y += size * leading;
            start += line.Text.Length;
        }

        return y;
    }

    public static void AddLine(List<DrawOp> ops, string owner, int block, string text, float x, float baseline, float size, SKColor color)
    {
        foreach (var c in text)
        {
            var advance = TextSetter.UnitAdvance(c) * size;
            if (c != ' ')
            {
                ops.Add(new GlyphOp(owner, block, c, x, baseline, size, advance, color));
            }

            x += advance;
        }
    }

    private static float DrawPhoto(List<DrawOp> ops, string owner, PhotoSpec photo, SKRect rect)
    {
        var pixelWidth = (int)Math.Round(rect.Width * 1.6f);
        var pixelHeight = (int)Math.Round(rect.Height * 1.6f);
        ops.Add(new ImageOp(owner, 0, rect, PhotoSynthesizer.Jpeg(photo.Seed, pixelWidth, pixelHeight)));
        var y = rect.Bottom + 4;
        var start = 0;
        const float size = 8.5f;
        while (start < photo.Caption.Length)
        {
            var line = TextSetter.NextLine(photo.Caption, start, rect.Width, size, 0, justify: true);
            for (var i = 0; i < line.Text.Length; i++)
            {
                if (line.Text[i] == ' ')
                {
                    continue;
                }

                ops.Add(new GlyphOp(owner, 0, line.Text[i], rect.Left + line.Offsets[i], y + (size * 0.92f), size, line.Advances[i], CaptionColor));
            }

            y += size * 1.45f;
            start += line.Text.Length;
        }

        if (photo.Credit is not null)
        {
            var width = TextSetter.Measure(photo.Credit, size);
            AddLine(ops, owner, 0, photo.Credit, rect.Right - width, y + (size * 0.92f), size, CaptionColor);
            y += size * 1.45f;
        }

        return y;
    }

    private static List<string> TrimToSentence(FlowResult flow)
    {
        var drawn = flow.DrawnParagraphs.ToList();
        if (drawn.Count == 0)
        {
            return drawn;
        }

        var last = drawn[^1];
        var cut = last.LastIndexOf('。');
        drawn.RemoveAt(drawn.Count - 1);
        if (cut > 0)
        {
            drawn.Add(last[..(cut + 1)]);
        }

        return drawn;
    }
}
