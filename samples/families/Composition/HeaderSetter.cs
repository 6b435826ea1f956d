using SkiaSharp;
using XuhuiEpaper.Samples.Families.Style;
using XuhuiEpaper.Samples.Families.Text;
using XuhuiEpaper.Samples.Layout;

namespace XuhuiEpaper.Samples.Families.Composition;

public enum KickerLook
{
    /// <summary>A smaller plain line above the headline.</summary>
    Plain,

    /// <summary>A short label in a stroked box.</summary>
    Boxed,

    /// <summary>A short label on a filled band (white on red or dark, or black on a light tint).</summary>
    Band,
}

/// <summary>Kicker (引題): its text (two phrases are joined by U+3000), look, and the band's fill.</summary>
public sealed record KickerSpec(string Text, KickerLook Look, SKColor Ink, SKColor? Fill);

/// <summary>What goes above an article's body: kicker, headline (主題) and subtitle (副題).</summary>
public sealed record HeaderSpec(KickerSpec? Kicker, string Title, float TitleSize, SKColor TitleColor, bool Centre, string? Subtitle, float SmallSize)
{
    public bool SpaceGlyph { get; init; }
}

/// <summary>Breaks, sizes and draws headers.</summary>
public static class HeaderSetter
{
    public const float TitlePitch = 1.18f;
    public const float SmallPitch = 1.32f;

    /// <summary>
    /// Headline lines: a headline of two phrases that does not fit on one line breaks at the full-width space,
    /// and each phrase (or a plain headline) breaks into even lines.
    /// </summary>
    public static List<string> TitleLines(string title, float size, float width)
    {
        if (Lettering.Width(title, size) <= width)
        {
            return [title];
        }

        return [.. title.Split(IssueText.PhraseSpace).SelectMany(phrase => Lettering.BreakEvenly(phrase, size, width))];
    }

    /// <summary>The largest size from <paramref name="preferred"/> down to <paramref name="minimum"/> that needs at most <paramref name="maxLines"/> lines.</summary>
    public static float? FitTitle(string title, float width, float preferred, float minimum, int maxLines)
    {
        for (var size = preferred; size >= minimum - 0.01f; size -= 0.5f)
        {
            var lines = TitleLines(title, size, width);
            if (lines.Count <= maxLines && lines.All(l => Lettering.Width(l, size) <= width + 0.5f))
            {
                return size;
            }
        }

        return null;
    }

    /// <summary>Draws the header across [left, right] from <paramref name="top"/>; returns the y below it.</summary>
    public static float Draw(List<DrawOp> ops, string owner, HeaderSpec spec, float left, float right, float top)
    {
        var width = right - left;
        var y = top;
        if (spec.Kicker is { } kicker)
        {
            y = DrawKicker(ops, owner, kicker, spec, left, width, y);
        }

        foreach (var line in TitleLines(spec.Title, spec.TitleSize, width))
        {
            Lettering.Line(ops, owner, line, Align(line, spec.TitleSize, left, width, spec.Centre), y, spec.TitleSize, spec.TitleColor, spec.SpaceGlyph);
            y += spec.TitleSize * TitlePitch;
        }

        if (spec.Subtitle is { } subtitle)
        {
            y += spec.SmallSize * 0.3f;
            foreach (var line in Lettering.BreakEvenly(subtitle, spec.SmallSize, width))
            {
                Lettering.Line(ops, owner, line, Align(line, spec.SmallSize, left, width, spec.Centre), y, spec.SmallSize, Ink.Black, spec.SpaceGlyph);
                y += spec.SmallSize * SmallPitch;
            }
        }

        return y;
    }

    /// <summary>Height the header would take, without drawing it.</summary>
    public static float Height(HeaderSpec spec, float width) => Draw([], string.Empty, spec, 0, width, 0);

    private static float DrawKicker(List<DrawOp> ops, string owner, KickerSpec kicker, HeaderSpec spec, float left, float width, float y)
    {
        var size = spec.SmallSize;
        if (kicker.Look == KickerLook.Plain)
        {
            foreach (var line in Lettering.BreakEvenly(kicker.Text, size, width))
            {
                Lettering.Line(ops, owner, line, Align(line, size, left, width, spec.Centre), y, size, kicker.Ink, spec.SpaceGlyph);
                y += size * SmallPitch;
            }

            return y + (size * 0.15f);
        }

        var pad = size * 0.45f;
        var textWidth = Lettering.Width(kicker.Text, size);
        var boxWidth = Math.Min(width, textWidth + (2 * pad));
        var boxLeft = spec.Centre ? left + ((width - boxWidth) / 2) : left;
        var box = new SKRect(boxLeft, y, boxLeft + boxWidth, y + (size * 1.55f));
        ops.Add(kicker.Look == KickerLook.Boxed
            ? new BoxOp(owner, 0, box.Inflated(-0.5f), null, kicker.Ink, 0.9f)
            : new BoxOp(owner, 0, box, kicker.Fill, null, 0));
        Lettering.Line(ops, owner, kicker.Text, boxLeft + ((boxWidth - textWidth) / 2), y + (size * 0.2f), size, kicker.Ink, spec.SpaceGlyph);
        return box.Bottom + (size * 0.45f);
    }

    private static float Align(string line, float size, float left, float width, bool centre) =>
        centre ? left + ((width - Lettering.Width(line, size)) / 2) : left;
}
