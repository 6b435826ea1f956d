using SkiaSharp;
using XuhuiEpaper.Samples.Families.Text;
using XuhuiEpaper.Samples.Layout;

namespace XuhuiEpaper.Samples.Families.Composition;

/// <summary>A stretch of text column, filled top to bottom; slots are filled in reading order.</summary>
public sealed record Slot(float X, float Width, float Top, float Bottom);

/// <summary>Running text: size, line pitch, first-line indent or a blank line between paragraphs.</summary>
public sealed record BodyType(float Size, float Leading, bool Indent, float ParagraphGap, SKColor Color);

/// <summary>Crosshead (小標題) look: size, colour, centred or flush left.</summary>
public sealed record CrossheadType(float Size, SKColor Color, bool Centre);

/// <summary>
/// Sets body text into slots line by line. Every step either succeeds whole or leaves no trace, so the caller
/// can try a paragraph, a shorter cut of it or a filler sentence, and stop with the text ending on a full sentence.
/// </summary>
public sealed class BodyFlow(string owner, IReadOnlyList<Slot> slots, BodyType type)
{
    private readonly List<DrawOp> ops = [];
    private readonly List<string> drawn = [];
    private readonly List<Mark> marks = [];
    private readonly List<bool> crossheads = [];
    private int slot;
    private float y = slots.Count > 0 ? slots[0].Top : 0;

    private readonly record struct Mark(int Ops, int Slot, float Y);

    public IReadOnlyList<DrawOp> Ops => ops;

    /// <summary>Paragraphs and crossheads as drawn, in order.</summary>
    public IReadOnlyList<string> Drawn => drawn;

    /// <summary>Space kept free at the foot of the last slot (for a byline or jump line set afterwards).</summary>
    public float Reserve { get; set; }

    public bool EndsWithCrosshead => crossheads.Count > 0 && crossheads[^1];

    public int CrossheadCount => crossheads.Count(c => c);

    /// <summary>Sets a whole paragraph, or nothing.</summary>
    public bool TryParagraph(string text, bool indent = true)
    {
        var mark = Begin();
        StartParagraph();
        if (SetLines(text, 0, indent) < text.Length)
        {
            Undo(mark);
            return false;
        }

        Commit(mark, text, isCrosshead: false);
        return true;
    }

    /// <summary>Sets the longest run of whole sentences from the start of the paragraph that fits.</summary>
    public bool TrySentences(string text, bool indent = true)
    {
        var cuts = new List<int>();
        var end = 0;
        foreach (var sentence in IssueText.SplitSentences(text))
        {
            end += sentence.Length;
            cuts.Add(end);
        }

        for (var i = cuts.Count - 1; i >= 0; i--)
        {
            if (TryParagraph(text[..cuts[i]], indent))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Sets as much of the paragraph (from <paramref name="start"/>) as fits; returns where it stopped.</summary>
    public int FillFrom(string text, int start, bool indent)
    {
        var mark = Begin();
        StartParagraph();
        var end = SetLines(text, start, indent);
        if (end == start)
        {
            Undo(mark);
            return start;
        }

        Commit(mark, text[start..end], isCrosshead: false);
        return end;
    }

    /// <summary>Sets a crosshead with a little space above it, kept with at least two lines of text below.</summary>
    public bool TryCrosshead(string text, CrossheadType look)
    {
        var mark = Begin();
        var lineHeight = look.Size * 1.3f;
        if (slot < slots.Count && !AtSlotTop)
        {
            y += type.Leading * 0.6f;
        }

        if (!Fit(lineHeight + (2 * type.Leading)))
        {
            Undo(mark);
            return false;
        }

        var s = slots[slot];
        foreach (var line in Lettering.BreakEvenly(text, look.Size, s.Width))
        {
            var width = Lettering.Width(line, look.Size);
            Lettering.Line(ops, owner, line, look.Centre ? s.X + ((s.Width - width) / 2) : s.X, y, look.Size, look.Color);
            y += lineHeight;
        }

        y += type.Leading * 0.2f;
        Commit(mark, text, isCrosshead: true);
        return true;
    }

    /// <summary>A right-aligned line after the text (a byline at the end), or nothing. Not part of <see cref="Drawn"/>.</summary>
    public bool TryEndLine(string text)
    {
        var mark = Begin();
        if (!Fit(type.Size * Lettering.Depth))
        {
            Undo(mark);
            return false;
        }

        var s = slots[slot];
        var width = Lettering.Width(text, type.Size);
        if (width > s.Width)
        {
            Undo(mark);
            return false;
        }

        Lettering.Line(ops, owner, text, s.X + s.Width - width, y, type.Size, type.Color);
        y += type.Leading;
        return true;
    }

    /// <summary>The jump line (下轉第N版): right-aligned on the reserved last line of the last slot.</summary>
    public void PlaceMarker(string text)
    {
        var s = slots[^1];
        var top = slot >= slots.Count - 1 ? Math.Min(y, s.Bottom - (type.Size * Lettering.Depth)) : s.Bottom - (type.Size * Lettering.Depth);
        Lettering.Line(ops, owner, text, s.X + s.Width - Lettering.Width(text, type.Size), top, type.Size, type.Color);
    }

    /// <summary>Takes back the last paragraph or crosshead.</summary>
    public void RemoveLast()
    {
        Undo(marks[^1]);
        marks.RemoveAt(marks.Count - 1);
        crossheads.RemoveAt(crossheads.Count - 1);
        drawn.RemoveAt(drawn.Count - 1);
    }

    private bool AtSlotTop => y <= slots[slot].Top + 0.01f;

    private float Bottom(int index) => slots[index].Bottom - (index == slots.Count - 1 ? Reserve : 0);

    private Mark Begin() => new(ops.Count, slot, y);

    private void Undo(Mark mark)
    {
        ops.RemoveRange(mark.Ops, ops.Count - mark.Ops);
        slot = mark.Slot;
        y = mark.Y;
    }

    private void Commit(Mark mark, string text, bool isCrosshead)
    {
        marks.Add(mark);
        drawn.Add(text);
        crossheads.Add(isCrosshead);
    }

    private void StartParagraph()
    {
        if (type.ParagraphGap > 0 && drawn.Count > 0 && !crossheads[^1] && slot < slots.Count && !AtSlotTop)
        {
            y += type.ParagraphGap;
        }
    }

    /// <summary>Moves on until a box of <paramref name="height"/> fits below y; false when the slots are used up.</summary>
    private bool Fit(float height)
    {
        while (slot < slots.Count)
        {
            if (y + height <= Bottom(slot) + 0.01f)
            {
                return true;
            }

            slot++;
            if (slot < slots.Count)
            {
                y = slots[slot].Top;
            }
        }

        return false;
    }

    private int SetLines(string text, int start, bool indent)
    {
        var i = start;
        while (i < text.Length && Fit(type.Size * Lettering.Depth))
        {
            var s = slots[slot];
            var lineIndent = i == start && indent && start == 0 && type.Indent ? 2 * type.Size : 0;
            var line = TextSetter.NextLine(text, i, s.Width, type.Size, lineIndent, justify: true);
            Lettering.Set(ops, owner, line, s.X, y, type.Size, type.Color);
            y += type.Leading;
            i += line.Text.Length;
        }

        return i;
    }
}
