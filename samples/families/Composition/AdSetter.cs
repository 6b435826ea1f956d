using SkiaSharp;
using XuhuiEpaper.Samples.Families.Planning;
using XuhuiEpaper.Samples.Families.Style;
using XuhuiEpaper.Samples.Families.Text;
using XuhuiEpaper.Samples.Layout;

namespace XuhuiEpaper.Samples.Families.Composition;

/// <summary>
/// A display advertisement: a framed and/or tinted box holding a stack of display blocks (slogan, two to four
/// lines, perhaps a picture or an inner box, a hotline, the advertiser), spread evenly down the box.
/// </summary>
public sealed class AdSetter(IssueStyle style, CopyDesk desk, ColumnGrid grid, Random rng)
{
    private float Body => style.BodySize;

    /// <summary>One display block: a line of text at a size and colour, a picture, or a line in an inner box.</summary>
    private sealed record Display(string? Text, float Size, SKColor Ink, bool Boxed = false, float Picture = 0)
    {
        public bool Line { get; init; }
        public bool Hotline { get; init; }
    }

    public ItemDraft Compose(string id, PlannedItem plan)
    {
        var copy = desk.Pick(desk.Text.Ads);
        var draft = new ItemDraft(id, "advertisement", plan) { Title = copy.Slogan };
        var block = grid.Rect(plan.First);
        var look = rng.Next(4);
        var (background, ink, accent) = look switch
        {
            0 => (Ink.Tint(rng), Ink.Black, Ink.Red),
            1 => (SKColors.White, Ink.Black, Ink.Red),
            2 => (Ink.Tint(rng), Ink.Black, Ink.Black),
            _ => (Ink.Red, Ink.White, Ink.White),
        };
        var frame = block.Inflated(-1.5f);
        draft.Ops.Add(look switch
        {
            0 => new BoxOp(id, 0, frame, background, Ink.Red, 2f),
            1 => new BoxOp(id, 0, frame, null, Ink.Black, 1.5f),
            _ => new BoxOp(id, 0, frame, background, null, 0),
        });

        var inner = block.Inflated(-(Body * 1.4f));
        var blocks = Blocks(copy, inner, ink, accent);
        for (var scale = 1f; scale > 0.3f; scale *= 0.9f)
        {
            var sized = blocks.Select(b => b with { Size = Math.Max(Body * 0.9f, b.Size * scale), Picture = b.Picture * scale }).ToList();
            while (Height(sized, inner.Width) > inner.Height && Expendable(sized) is { } drop)
            {
                sized.Remove(drop);
            }

            if (Height(sized, inner.Width) <= inner.Height)
            {
                Draw(draft, sized, inner, background);
                Note(draft, sized, look);
                return draft;
            }
        }

        throw new InvalidOperationException($"{id}: the advertisement does not fit {block}.");
    }

    private List<Display> Blocks(AdCopy copy, SKRect inner, SKColor ink, SKColor accent)
    {
        var sloganSize = Math.Min(Body * 4.5f, inner.Width / Math.Max(4, copy.Slogan.Length) * 0.95f);
        var blocks = new List<Display>();
        if (rng.NextDouble() < 0.35)
        {
            blocks.Add(new Display(null, 0, ink, Picture: Math.Min(inner.Width * 0.3f, inner.Height * 0.28f)));
        }

        blocks.Add(new Display(copy.Slogan, sloganSize, accent));
        var lineSize = Body * new Between(1.4f, 2f).Pick(rng);
        var boxedLine = rng.NextDouble() < 0.3 ? rng.Next(copy.Lines.Count) : -1;
        blocks.AddRange(copy.Lines.Select((l, i) => new Display(l, lineSize, ink, Boxed: i == boxedLine) { Line = true }));
        if (copy.Hotline is { } hotline)
        {
            blocks.Add(new Display(hotline, Body * 1.4f, accent) { Hotline = true });
        }

        blocks.Add(new Display(copy.Advertiser, Body * 1.05f, ink));
        return blocks;
    }

    private static void Note(ItemDraft draft, List<Display> blocks, int look)
    {
        var flags = new (bool On, LayoutFeature Feature)[]
        {
            (blocks.Count >= 3, LayoutFeature.MultiBlockAd),
            (look >= 2, LayoutFeature.FramelessAd),
            (blocks.Any(b => b.Text is null), LayoutFeature.AdPicture),
            (blocks.Any(b => b.Boxed), LayoutFeature.AdInnerBox),
        };
        draft.Features.UnionWith(flags.Where(f => f.On).Select(f => f.Feature));
    }

    /// <summary>What a small box gives up first: the picture, then the hotline, then display lines from the last.</summary>
    private static Display? Expendable(List<Display> blocks) =>
        blocks.FirstOrDefault(b => b.Text is null) ?? blocks.FirstOrDefault(b => b.Hotline)
            ?? (blocks.Count(b => b.Line) > 1 ? blocks.Last(b => b.Line) : null);

    private static float Height(List<Display> blocks, float width) => blocks.Sum(b => BlockHeight(b, width)) + (blocks.Count * 4);

    private static float BlockHeight(Display block, float width) => block.Text is null
        ? block.Picture
        : (Lettering.BreakEvenly(block.Text, block.Size, width - (block.Boxed ? block.Size * 1.6f : 0)).Count * block.Size * 1.25f) + (block.Boxed ? block.Size * 0.8f : 0);

    private void Draw(ItemDraft draft, List<Display> blocks, SKRect inner, SKColor background)
    {
        var natural = blocks.Sum(b => BlockHeight(b, inner.Width));
        var gap = Math.Min((inner.Height - natural) / (blocks.Count + 1), Body * 3);
        var y = inner.Top + ((inner.Height - natural - (gap * (blocks.Count - 1))) / 2);
        foreach (var block in blocks)
        {
            if (block.Text is null)
            {
                var left = inner.MidX - (block.Picture / 2);
                PhotoSetter.Image(draft.Ops, draft.Id, new SKRect(left, y, left + block.Picture, y + block.Picture), rng.Next());
            }
            else
            {
                DrawText(draft, block, inner, y, background);
            }

            y += BlockHeight(block, inner.Width) + gap;
        }
    }

    private static void DrawText(ItemDraft draft, Display block, SKRect inner, float top, SKColor background)
    {
        var text = block.Text!;
        var pad = block.Boxed ? block.Size * 0.8f : 0;
        var lines = Lettering.BreakEvenly(text, block.Size, inner.Width - (2 * pad));
        if (block.Boxed)
        {
            var width = lines.Max(l => Lettering.Width(l, block.Size)) + (2 * pad);
            var box = new SKRect(inner.MidX - (width / 2), top, inner.MidX + (width / 2), top + BlockHeight(block, inner.Width));
            var fill = block.Ink == Ink.White ? new SKColor(0x8e, 0x0c, 0x14) : background == SKColors.White ? Ink.Tints[1] : SKColors.White;
            draft.Ops.Add(new BoxOp(draft.Id, 0, box, fill, block.Ink, 0.8f));
            top += block.Size * 0.4f;
        }

        foreach (var line in lines)
        {
            Lettering.Line(draft.Ops, draft.Id, line, inner.MidX - (Lettering.Width(line, block.Size) / 2), top, block.Size, block.Ink);
            top += block.Size * 1.25f;
        }

        if (text != draft.Title)
        {
            draft.Body.Add(text);
        }
    }
}
