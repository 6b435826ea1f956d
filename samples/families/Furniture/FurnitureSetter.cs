using SkiaSharp;
using XuhuiEpaper.Samples.Families.Composition;
using XuhuiEpaper.Samples.Families.Style;
using XuhuiEpaper.Samples.Families.Text;
using XuhuiEpaper.Samples.Layout;

namespace XuhuiEpaper.Samples.Families.Furniture;

/// <summary>A furniture entry while it is drawn: "masthead", "pageHeader" or "folio", its ops and its text lines.</summary>
public sealed class FurnitureDraft(string kind)
{
    public string Kind { get; } = kind;
    public List<DrawOp> Ops { get; } = [];
    public List<string> Lines { get; } = [];

    public float Top => Ops.Min(o => o.Bounds.Top);
    public float Bottom => Ops.Max(o => o.Bounds.Bottom);

    public void Text(string line, float x, float top, float size, SKColor color)
    {
        Lettering.Line(Ops, Kind, line, x, top, size, color);
        Lines.Add(line);
    }

    public void Rule(float left, float right, float y, float width, SKColor color) =>
        Ops.Add(new LineOp(Kind, 0, left, y, right, y, width, color));
}

/// <summary>Masthead on the front page, running heads on inside pages, folio lines at the foot, in the family's designs.</summary>
public sealed class FurnitureSetter(IssueStyle style, IssueText text, IssueFacts facts, Random rng)
{
    private const string Licence = "准印證號(B)0150";

    private float Left => style.MarginX;
    private float Right => style.Page.Width - style.MarginX;
    private float Small => Math.Clamp(style.BodySize * 1.1f, 9f, 12f);

    public FurnitureDraft Masthead(string pageName)
    {
        var draft = new FurnitureDraft("masthead");
        var pageLine = $"第1版 {pageName}";
        var name = text.Paper;
        var y = style.MarginTop;
        switch (style.Family.Masthead)
        {
            case MastheadDesign.Centred:
            {
                var size = style.Page.Width * new Between(0.075f, 0.095f).Pick(rng);
                draft.Text(name, Centre(name, size), y, size, Ink.Red);
                y += size * 1.12f;
                draft.Rule(Left, Right, y, 0.8f, Ink.Black);
                y += 5;
                draft.Text(facts.DateLine(text), Left, y, Small, Ink.Black);
                draft.Text(facts.NumberLine(text), Centre(facts.NumberLine(text), Small), y, Small, Ink.Black);
                draft.Text(pageLine, Right - Lettering.Width(pageLine, Small), y, Small, Ink.Red);
                y += Small * 1.5f;
                draft.Rule(Left, Right, y, 2.2f, Ink.Red);
                break;
            }

            case MastheadDesign.NameWithPanel:
            {
                var size = style.Page.Width * new Between(0.085f, 0.1f).Pick(rng);
                draft.Text(name, Left, y, size, Ink.Red);
                string[] lines = [facts.DateLine(text), facts.NumberLine(text), text.S(Licence), pageLine];
                var pad = Small * 0.7f;
                var width = lines.Max(l => Lettering.Width(l, Small)) + (2 * pad);
                var panel = new SKRect(Right - width, y, Right, y + (lines.Length * Small * 1.45f) + (2 * pad) - (Small * 0.45f));
                draft.Ops.Add(new BoxOp(draft.Kind, 0, panel, null, Ink.Black, 0.8f));
                for (var i = 0; i < lines.Length; i++)
                {
                    draft.Text(lines[i], panel.Left + pad, panel.Top + pad + (i * Small * 1.45f), Small, i == lines.Length - 1 ? Ink.Red : Ink.Black);
                }

                y = Math.Max(y + (size * 1.1f), panel.Bottom) + 6;
                draft.Rule(Left, Right, y, 2.5f, Ink.Red);
                break;
            }

            default:
            {
                var size = style.Page.Width * new Between(0.07f, 0.085f).Pick(rng);
                var band = new SKRect(Left, y, Right, y + (size * 1.45f));
                draft.Ops.Add(new BoxOp(draft.Kind, 0, band, Ink.Red, null, 0));
                var nameLeft = rng.NextDouble() < 0.5 ? Left + (size * 0.4f) : Centre(name, size);
                draft.Text(name, nameLeft, band.Top + (size * 0.22f), size, Ink.White);
                draft.Text(pageLine, Right - (Small * 0.8f) - Lettering.Width(pageLine, Small), band.MidY - (Small * 0.55f), Small, Ink.White);
                y = band.Bottom + 5;
                var issueLine = facts.DateLine(text) + "　" + facts.NumberLine(text);
                draft.Text(issueLine, Left, y, Small, Ink.Black);
                draft.Text(text.S(Licence), Right - Lettering.Width(text.S(Licence), Small), y, Small, Ink.Black);
                y += Small * 1.5f;
                draft.Rule(Left, Right, y, 0.8f, Ink.Black);
                break;
            }
        }

        return draft;
    }

    public FurnitureDraft PageHeader(int page, string pageName)
    {
        var draft = new FurnitureDraft("pageHeader");
        var label = $"第{page}版";
        var paperLine = $"{text.Paper} {facts.DateLine(text)}";
        var size = Math.Clamp(style.BodySize * 1.9f, 15f, 22f);
        var y = style.MarginTop;
        var small = Math.Clamp(style.BodySize, 8.5f, 10.5f);
        var mirrored = style.Family.PageHeader == PageHeaderDesign.Mirrored && page % 2 == 1;
        if (style.Family.PageHeader == PageHeaderDesign.CentredName)
        {
            var tabWidth = Lettering.Width(pageName, size) + (2 * size);
            var tab = new SKRect(((Left + Right) / 2) - (tabWidth / 2), y, ((Left + Right) / 2) + (tabWidth / 2), y + (size * 1.45f));
            draft.Ops.Add(new BoxOp(draft.Kind, 0, tab, Ink.Tint(rng), null, 0));
            draft.Text(pageName, Centre(pageName, size), y + (size * 0.22f), size, Ink.Black);
            draft.Text(label, Left, tab.Bottom - (small * 1.3f), small * 1.2f, Ink.Red);
            draft.Text(paperLine, Right - Lettering.Width(paperLine, small), tab.Bottom - (small * 1.2f), small, Ink.Black);
            y = tab.Bottom + 3;
            draft.Rule(Left, Right, y, 1.5f, Ink.Black);
            draft.Rule(Left, Right, y + 3, 0.5f, Ink.Black);
            return draft;
        }

        var headWidth = Lettering.Width(label, size) + (size * 0.6f) + Lettering.Width(pageName, size);
        var headLeft = mirrored ? Right - headWidth : Left;
        draft.Text(label, headLeft, y, size, Ink.Red);
        draft.Text(pageName, headLeft + Lettering.Width(label, size) + (size * 0.6f), y, size, Ink.Black);
        var paperLeft = mirrored ? Left : Right - Lettering.Width(paperLine, small);
        draft.Text(paperLine, paperLeft, y + (size * 1.05f) - (small * 1.05f), small, Ink.Black);
        y += size * 1.3f;
        draft.Rule(Left, Right, y, 1.2f, rng.NextDouble() < 0.5 ? Ink.Red : Ink.Black);
        return draft;
    }

    public FurnitureDraft Folio(int page)
    {
        var draft = new FurnitureDraft("folio");
        var size = Math.Clamp(style.BodySize * 0.9f, 7.5f, 9.5f);
        var top = style.Page.Height - style.MarginBottom - (size * Lettering.Depth);
        var outerLeft = page % 2 == 0;
        switch (style.Family.Folio)
        {
            case FolioDesign.LineWithRule:
            {
                draft.Rule(Left, Right, top - 4, 0.6f, Ink.Black);
                var paper = $"{text.Paper} {facts.DateLine(text)}";
                var label = $"第{page}版";
                draft.Text(outerLeft ? label : paper, Left, top, size, Ink.Black);
                var right = outerLeft ? paper : label;
                draft.Text(right, Right - Lettering.Width(right, size), top, size, Ink.Black);
                break;
            }

            case FolioDesign.Line:
            {
                var paper = $"{text.Paper}　{facts.DateLine(text)}";
                var number = page.ToString(System.Globalization.CultureInfo.InvariantCulture);
                draft.Text(outerLeft ? number : paper, Left, top, size, Ink.Black);
                var right = outerLeft ? paper : number;
                draft.Text(right, Right - Lettering.Width(right, size), top, size, Ink.Black);
                break;
            }

            default:
            {
                var number = rng.NextDouble() < 0.5 ? page.ToString(System.Globalization.CultureInfo.InvariantCulture) : $"— {page} —";
                draft.Text(number, Centre(number, size * 1.2f), top - (size * 0.2f), size * 1.2f, Ink.Black);
                break;
            }
        }

        return draft;
    }

    private float Centre(string line, float size) => ((Left + Right) / 2) - (Lettering.Width(line, size) / 2);
}
