using XuhuiEpaper.Samples.Families.Style;
using XuhuiEpaper.Samples.Families.Text;

namespace XuhuiEpaper.Samples.Families.Composition;

/// <summary>
/// Writes an article's story into its slots: a whole story ending on a full sentence, the first part of a jumping
/// story (cut anywhere, with 下轉第N版), or the rest of one (after 上接第N版).
/// </summary>
public sealed class StoryFlow(IssueStyle style, CopyDesk desk)
{
    private float Lead => style.Leading;
    private float Body => style.BodySize;

    /// <summary>Sets the article's text into the slots; returns where a jumping article stopped and how many crossheads it set.</summary>
    public (Remainder? Remaining, int Crossheads) Set(ItemDraft draft, ArticleDesign design, List<Slot> slots, int? jumpTo, Continuation? from)
    {
        var type = new BodyType(Body, Lead, style.Family.Paragraphs == ParagraphHabit.Indent, style.Family.Paragraphs == ParagraphHabit.BlankLine ? Lead : 0, Ink.Black);
        if (from is not null)
        {
            var marker = desk.Text.S($"上接第{from.FromPage}版");
            var s = slots[0];
            Lettering.Line(draft.Ops, draft.Id, marker, s.X, s.Top, Body, Ink.Black);
            slots[0] = s with { Top = s.Top + Lead };
            (draft.ContinuedFrom, draft.ContinuationMarker) = (from.FromId, marker);
        }

        var flow = new BodyFlow(draft.Id, slots, type);
        var capacity = slots.Sum(s => (int)((s.Bottom - s.Top) / Lead) * (int)(s.Width / Body));
        Remainder? rest = null;
        if (from is not null)
        {
            Fill(flow, draft, design, from.Rest);
        }
        else if (jumpTo is int page)
        {
            var story = desk.Story((capacity * 13 / 10) + 4000, design.Dateline, design.Crossheads is not null);
            flow.Reserve = Lead;
            rest = FillJumping(flow, story, design);
            var marker = desk.Text.S($"下轉第{page}版");
            flow.PlaceMarker(marker);
            draft.ContinuationMarker = marker;
        }
        else
        {
            var story = desk.Story((capacity * 13 / 10) + 400, design.Dateline, design.Crossheads is not null);
            Fill(flow, draft, design, new Remainder(story, 0, 0));
        }

        draft.Ops.AddRange(flow.Ops);
        draft.Body.AddRange(flow.Drawn);
        return (rest, flow.CrossheadCount);
    }

    /// <summary>Fills the slots and ends on a full sentence: whole paragraphs, then the sentences that fit, then short fillers.</summary>
    private void Fill(BodyFlow flow, ItemDraft draft, ArticleDesign design, Remainder text)
    {
        flow.Reserve = design.BylineEnd is null ? 0 : Lead;
        var look = design.Crossheads ?? new CrossheadType(Body * 1.1f, Ink.Black, Centre: false);
        for (var i = text.Part; i < text.Story.Count; i++)
        {
            var part = text.Story[i];
            var offset = i == text.Part ? text.Offset : 0;
            if (part.IsCrosshead)
            {
                if (flow.TryCrosshead(part.Text, look))
                {
                    continue;
                }

                break;
            }

            if (!flow.TryParagraph(part.Text[offset..], offset == 0))
            {
                flow.TrySentences(part.Text[offset..], offset == 0);
                break;
            }
        }

        while (flow.EndsWithCrosshead)
        {
            flow.RemoveLast();
        }

        foreach (var filler in desk.Fillers(48).Take(10))
        {
            flow.TryParagraph(filler);
        }

        flow.Reserve = 0;
        if (design.BylineEnd is { } byline && flow.Drawn.Count > 0 && flow.TryEndLine(byline))
        {
            draft.Byline = byline;
        }
    }

    private static Remainder FillJumping(BodyFlow flow, List<BodyPart> story, ArticleDesign design)
    {
        for (var i = 0; i < story.Count; i++)
        {
            if (story[i].IsCrosshead)
            {
                if (flow.TryCrosshead(story[i].Text, design.Crossheads!))
                {
                    continue;
                }

                return new Remainder(story, i, 0);
            }

            var end = flow.FillFrom(story[i].Text, 0, indent: true);
            if (end < story[i].Text.Length)
            {
                if (end == 0 && flow.EndsWithCrosshead)
                {
                    flow.RemoveLast();
                    return new Remainder(story, i - 1, 0);
                }

                return new Remainder(story, i, end);
            }
        }

        throw new InvalidOperationException("A jumping story ran out before its region was full.");
    }
}
