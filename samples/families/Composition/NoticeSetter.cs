using SkiaSharp;
using XuhuiEpaper.Samples.Families.Planning;
using XuhuiEpaper.Samples.Families.Style;
using XuhuiEpaper.Samples.Families.Text;
using XuhuiEpaper.Samples.Layout;

namespace XuhuiEpaper.Samples.Families.Composition;

/// <summary>
/// A notice (通知, 公告, 啟事, 喜報, 決定): a framed box with a centred title, perhaps a subtitle, running text in
/// one or two columns, and the issuer and date flush right at the end.
/// </summary>
public sealed class NoticeSetter(IssueStyle style, CopyDesk desk, ColumnGrid grid, Random rng)
{
    private float Body => style.BodySize;

    public ItemDraft Compose(string id, PlannedItem plan, DateOnly issued)
    {
        var draft = new ItemDraft(id, "notice", plan);
        var block = grid.Rect(plan.First);
        var stroke = rng.NextDouble() < 0.5 ? Ink.Red : Ink.Black;
        var fill = rng.NextDouble() < 0.45 ? Ink.Tint(rng) : (SKColor?)null;
        var frame = block.Inflated(-1.5f);
        draft.Ops.Add(new BoxOp(id, 0, frame, fill, stroke, rng.NextDouble() < 0.5 ? 1.4f : 0.8f));
        if (rng.NextDouble() < 0.25)
        {
            draft.Ops.Add(new BoxOp(id, 0, frame.Inflated(-3f), null, stroke, 0.5f));
        }

        var inner = block.Inflated(-(Body + 5));
        var (copy, size) = Title(inner.Width);
        var subtitle = copy.Subtitle is { } s && rng.NextDouble() < 0.7 ? s : null;
        var header = new HeaderSpec(null, copy.Title, size, rng.NextDouble() < 0.5 ? Ink.Red : Ink.Black, Centre: true, subtitle, Body * 0.95f);
        var y = HeaderSetter.Draw(draft.Ops, id, header, inner.Left, inner.Right, inner.Top) + (style.Leading * 0.5f);
        (draft.Title, draft.Subtitle) = (copy.Title, subtitle);

        var columns = plan.First.Cols >= 3 && inner.Width > Body * 30 ? 2 : 1;
        var columnWidth = (inner.Width - ((columns - 1) * grid.Gutter)) / columns;
        var slots = Enumerable.Range(0, columns).Select(c => new Slot(inner.Left + (c * (columnWidth + grid.Gutter)), columnWidth, y, inner.Bottom)).ToList();
        var type = new BodyType(Body, style.Leading, Indent: true, ParagraphGap: 0, Ink.Black);
        var flow = new BodyFlow(id, slots, type) { Reserve = style.Leading * 2 };
        foreach (var sentence in copy.Sentences.OrderBy(_ => rng.Next()).Concat(desk.Fillers(80)).Take(24))
        {
            flow.TryParagraph(sentence);
        }

        flow.Reserve = 0;
        var signature = new[] { copy.Issuer, desk.Text.S($"{issued.Year}年{issued.Month}月{issued.Day}日") };
        draft.Body.AddRange(flow.Drawn);
        foreach (var line in signature)
        {
            if (flow.TryEndLine(line))
            {
                draft.Body.Add(line);
            }
        }

        draft.Ops.AddRange(flow.Ops);
        draft.Features.Add(LayoutFeature.Notice);
        return draft;
    }

    private (NoticeCopy Copy, float Size) Title(float width)
    {
        var notices = desk.Text.Notices;
        var preferred = Body * new Between(1.7f, 2.4f).Pick(rng);
        for (var attempt = 0; attempt < 8; attempt++)
        {
            var copy = notices[rng.Next(notices.Count)];
            if (HeaderSetter.FitTitle(copy.Title, width, preferred, Body * 1.6f, 3) is { } size)
            {
                return (copy, size);
            }
        }

        var shortest = notices.OrderBy(n => n.Title.Length).First();
        return (shortest, HeaderSetter.FitTitle(shortest.Title, width, Body * 1.6f, Body * 1.6f, 4) ?? Body * 1.6f);
    }
}
