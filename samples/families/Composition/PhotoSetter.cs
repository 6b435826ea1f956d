using SkiaSharp;
using XuhuiEpaper.Samples.Families.Style;
using XuhuiEpaper.Samples.Layout;

namespace XuhuiEpaper.Samples.Families.Composition;

/// <summary>A photo's caption and credit (… 攝), and the seed of its synthesized picture.</summary>
public sealed record PhotoCopy(string Caption, string? Credit, int Seed);

/// <summary>Photos as embedded JPEGs with a justified caption below and the credit flush right.</summary>
public static class PhotoSetter
{
    private const float PixelsPerPoint = 1.2f;
    private const float CaptionPitch = 1.4f;

    public static void Image(List<DrawOp> ops, string owner, SKRect rect, int seed)
    {
        var width = Math.Max(16, (int)Math.Round(rect.Width * PixelsPerPoint));
        var height = Math.Max(16, (int)Math.Round(rect.Height * PixelsPerPoint));
        ops.Add(new ImageOp(owner, 0, rect, PhotoSynthesizer.Jpeg(seed, width, height)));
    }

    /// <summary>Draws the caption (and credit) under a photo, from <paramref name="top"/>; returns the y below it.</summary>
    public static float Caption(List<DrawOp> ops, string owner, PhotoCopy copy, float left, float width, float top, float size)
    {
        var y = top + (size * 0.35f);
        var start = 0;
        SetLine? last = null;
        while (start < copy.Caption.Length)
        {
            last = TextSetter.NextLine(copy.Caption, start, width, size, 0, justify: true);
            Lettering.Set(ops, owner, last, left, y, size, Ink.Caption);
            start += last.Text.Length;
            y += size * CaptionPitch;
        }

        if (copy.Credit is { } credit)
        {
            var creditWidth = Lettering.Width(credit, size);
            var fitsOnLastLine = last is not null && last.Width + size + creditWidth <= width;
            var creditTop = fitsOnLastLine ? y - (size * CaptionPitch) : y;
            Lettering.Line(ops, owner, credit, left + width - creditWidth, creditTop, size, Ink.Caption);
            if (!fitsOnLastLine)
            {
                y += size * CaptionPitch;
            }
        }

        return y;
    }

    public static float CaptionHeight(PhotoCopy copy, float width, float size) => Caption([], string.Empty, copy, 0, width, 0, size);

    /// <summary>The copy as it is if its caption is at most <paramref name="maxHeight"/> tall, else with the longest caption that is.</summary>
    public static PhotoCopy Fit(PhotoCopy copy, IReadOnlyList<string> captions, float width, float size, float maxHeight)
    {
        if (CaptionHeight(copy, width, size) <= maxHeight)
        {
            return copy;
        }

        var shorter = captions.OrderByDescending(c => c.Length).ThenBy(c => c, StringComparer.Ordinal)
            .Select(c => copy with { Caption = c })
            .FirstOrDefault(c => CaptionHeight(c, width, size) <= maxHeight);
        return shorter ?? copy with { Caption = captions.OrderBy(c => c.Length).ThenBy(c => c, StringComparer.Ordinal).First() };
    }

    /// <summary>A photo across [left, left + width] and its caption; returns the y below the caption.</summary>
    public static float PhotoWithCaption(ItemDraft draft, PhotoCopy copy, float left, float width, float top, float imageHeight, float captionSize)
    {
        Image(draft.Ops, draft.Id, new SKRect(left, top, left + width, top + imageHeight), copy.Seed);
        AddCaptions(draft, copy);
        return Caption(draft.Ops, draft.Id, copy, left, width, top + imageHeight, captionSize);
    }

    public static void AddCaptions(ItemDraft draft, PhotoCopy copy)
    {
        draft.Captions.Add(copy.Caption);
        if (copy.Credit is { } credit)
        {
            draft.Captions.Add(credit);
        }
    }
}
