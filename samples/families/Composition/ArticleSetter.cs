using SkiaSharp;
using XuhuiEpaper.Samples.Families.Planning;
using XuhuiEpaper.Samples.Families.Style;
using XuhuiEpaper.Samples.Families.Text;
using XuhuiEpaper.Samples.Layout;

namespace XuhuiEpaper.Samples.Families.Composition;

/// <summary>Where a jumping article's text stopped: the rest runs on another page.</summary>
public sealed record Remainder(IReadOnlyList<BodyPart> Story, int Part, int Offset);

/// <summary>The second part of a jumping article: where it came from and the text still to set.</summary>
public sealed record Continuation(string FromId, int FromPage, string Title, Remainder Rest);

/// <summary>
/// Draws an article into its blocks: photo above the headline, header (or a vertical headline), byline, photos
/// inside the body, then the text flowed column by column. If a design does not fit, a plainer one is tried.
/// </summary>
public sealed class ArticleSetter(IssueStyle style, CopyDesk desk, ColumnGrid grid, Random rng)
{
    private readonly ArticleDesigner designer = new(style, desk, grid, rng);

    private float Lead => style.Leading;
    private float Body => style.BodySize;

    public (ItemDraft Draft, Remainder? Remaining) Compose(string id, PlannedItem plan, int? jumpTo, Continuation? from)
    {
        for (var simplicity = 0; simplicity <= 3; simplicity++)
        {
            var design = designer.Design(plan, simplicity, from?.Title);
            if (TryRender(id, plan, design, jumpTo, from, lenient: simplicity == 3) is { } result)
            {
                return result;
            }

            // Often only a photo is too big for the region: keep the rest of the design without it.
            var withoutPhotos = design with { PhotoAbove = null, PhotoBeside = null, BodyPhoto = null, BandPhoto = null, HeaderCols = plan.First.Cols };
            if (withoutPhotos != design && TryRender(id, plan, withoutPhotos, jumpTo, from, lenient: simplicity == 3) is { } plainer)
            {
                return plainer;
            }
        }

        throw new InvalidOperationException($"{id} cannot be set in its region {string.Join(", ", plan.Blocks)}.");
    }

    private (ItemDraft, Remainder?)? TryRender(string id, PlannedItem plan, ArticleDesign design, int? jumpTo, Continuation? from, bool lenient)
    {
        var draft = new ItemDraft(id, "article", plan);
        var first = plan.First;
        var b0 = grid.Rect(first);
        var y = b0.Top;
        if (design.PhotoAbove is { } photoAbove)
        {
            var above = FitCaption(photoAbove, b0.Width);
            var height = MathF.Min(b0.Width * design.PhotoAboveAspect, b0.Height * (plan.Role == ArticleRole.Feature ? 0.36f : 0.32f));
            y = PhotoSetter.PhotoWithCaption(draft, above, b0.Left, b0.Width, y, height, style.CaptionSize) + (Lead * 0.5f);
        }

        var underPhoto = y;
        if (design.Header is { } header)
        {
            var right = grid.X(first.Col + design.HeaderCols - 1) + grid.ColumnWidth;
            y = HeaderSetter.Draw(draft.Ops, id, header, b0.Left, right, y) + (Lead * 0.6f);
            (draft.Title, draft.Kicker, draft.Subtitle) = (header.Title, header.Kicker?.Text, header.Subtitle);
        }

        var columns = Columns(plan);
        var headed = columns.Where(c => first.Covers(c.Index) && c.Index < first.Col + design.HeaderCols).ToList();
        if (design.Vertical is { } vertical)
        {
            DrawVertical(draft, vertical, b0, columns, first);
        }

        if (design.BylineTop is { } byline)
        {
            var target = design.Vertical is null ? headed : [columns[0]];
            var line = target[0];
            if (Lettering.Width(byline, Body) > grid.Width(target.Count) - (design.Vertical is null ? 0 : grid.ColumnWidth - line.Width))
            {
                return null;
            }

            Lettering.Line(draft.Ops, id, byline, line.X, y, Body, Ink.Black);
            draft.Byline = byline;
            y += Lead * 1.4f;
            foreach (var column in target)
            {
                column.Top = y;
            }
        }
        else
        {
            headed.ForEach(c => c.Top = y);
        }

        columns.Where(c => first.Covers(c.Index) && !headed.Contains(c)).ToList().ForEach(c => c.Top = underPhoto);
        if (!PlacePhotos(draft, design, first, columns))
        {
            return null;
        }

        var slots = Slots(columns, lenient);
        if (slots is null)
        {
            return null;
        }

        var (rest, crossheads) = FlowText(draft, design, slots, jumpTo, from);
        if (draft.Body.Count == 0 || !Inside(draft.Ops, plan))
        {
            return null;
        }

        AddGutterRules(draft, columns);
        Note(draft, design, plan, crossheads);
        return (draft, rest);
    }

    /// <summary>Records what this article shows, for the census of layout features.</summary>
    private void Note(ItemDraft draft, ArticleDesign design, PlannedItem plan, int crossheadCount)
    {
        var features = draft.Features;
        if (design.Header is { } header)
        {
            features.Add(header.Centre ? LayoutFeature.CentredHeadline : LayoutFeature.LeftHeadline);
            if (HeaderSetter.TitleLines(header.Title, header.TitleSize, grid.Width(design.HeaderCols)).Count > 1)
            {
                features.Add(LayoutFeature.MultiLineHeadline);
            }

            features.UnionWith(header.Kicker?.Look switch
            {
                KickerLook.Boxed => [LayoutFeature.BoxedKicker],
                KickerLook.Band => [LayoutFeature.TintedKicker],
                KickerLook.Plain when header.Kicker.Text.Contains(IssueText.PhraseSpace) => [LayoutFeature.TwoPhraseKicker],
                KickerLook.Plain => [LayoutFeature.PlainKicker],
                _ => [],
            });
            features.UnionWith(header.Subtitle switch
            {
                null => [],
                var s when s.StartsWith("——", StringComparison.Ordinal) => [LayoutFeature.Subtitle, LayoutFeature.DashedSubtitle],
                _ => [LayoutFeature.Subtitle],
            });
        }

        var flags = new (bool On, LayoutFeature Feature)[]
        {
            ((design.Header?.TitleColor ?? design.Vertical?.Color) == Ink.Red, LayoutFeature.RedHeadline),
            (draft.Title.Contains(IssueText.PhraseSpace), LayoutFeature.PhraseSpaceHeadline),
            (draft.Ops.OfType<GlyphOp>().Any(g => g.Character == IssueText.PhraseSpace), LayoutFeature.PhraseSpaceGlyph),
            (design.Vertical is not null, LayoutFeature.VerticalHeadline),
            (design.HeaderCols < plan.First.Cols, LayoutFeature.HeadlineOverSomeColumns),
            (design.PhotoAbove is not null, LayoutFeature.PhotoAboveHeadline),
            (design.PhotoBeside is not null, LayoutFeature.PhotoBesideHeadline),
            (design.BodyPhoto is not null, LayoutFeature.PhotoInBody),
            (design.BandPhoto is not null, LayoutFeature.PhotoBetweenBands),
            (crossheadCount > 0, LayoutFeature.Crosshead),
            (draft.Byline is not null && draft.Byline == design.BylineTop, LayoutFeature.BylineTop),
            (draft.Byline is not null && draft.Byline == design.BylineEnd, LayoutFeature.BylineEnd),
            (plan.RuleBetweenBlocks, LayoutFeature.ArticleAcrossRule),
            (!plan.RuleBetweenBlocks && plan.Blocks.Count == 2, LayoutFeature.LShapedArticle),
            (plan.Blocks.Count >= 3, LayoutFeature.SteppedArticle),
            (draft.ContinuedFrom is null && draft.ContinuationMarker is not null, LayoutFeature.JumpOut),
            (draft.ContinuedFrom is not null, LayoutFeature.JumpIn),
            (plan.Role == ArticleRole.Brief, LayoutFeature.Briefs),
        };
        features.UnionWith(flags.Where(f => f.On).Select(f => f.Feature));
    }

    private bool PlacePhotos(ItemDraft draft, ArticleDesign design, Cell first, List<TextColumn> columns)
    {
        var mine = columns.Where(c => first.Covers(c.Index)).ToList();
        if (design.PhotoBeside is { } beside)
        {
            var side = mine.Where(c => c.Index >= first.Col + design.HeaderCols).ToList();
            if (!PhotoOnTop(draft, beside, side, design.PhotoBesideAspect))
            {
                return false;
            }
        }

        if (design.BodyPhoto is { } photo)
        {
            var span = mine.Where(c => c.Index >= first.Col + photo.FirstCol && c.Index < first.Col + photo.FirstCol + photo.Cols).ToList();
            var level = span.Max(c => c.Top) - span.Min(c => c.Top) <= Lead * 1.5f;
            var placed = photo.AtTop && level ? PhotoOnTop(draft, photo.Copy, span, photo.Aspect) : PhotoAtFoot(draft, photo.Copy, span, photo.Aspect);
            if (!placed)
            {
                return false;
            }
        }

        if (design.BandPhoto is { } band)
        {
            var top = mine.Max(c => c.Top);
            var bottom = mine.Min(c => c.Bottom);
            var width = grid.Width(mine.Count);
            band = FitCaption(band, width);
            var captionHeight = PhotoSetter.CaptionHeight(band, width, style.CaptionSize);
            var height = MathF.Min(width * new Between(0.3f, 0.42f).Pick(rng), (bottom - top - captionHeight) * 0.38f);
            var bandTop = top + ((bottom - top - height - captionHeight) * new Between(0.4f, 0.6f).Pick(rng));
            if (height < Math.Min(width * 0.2f, Lead * 8) || bandTop - top < Lead * 4 || bottom - (bandTop + height + captionHeight) < Lead * 4)
            {
                return false;
            }

            var below = PhotoSetter.PhotoWithCaption(draft, band, mine[0].X, width, bandTop, height, style.CaptionSize) + (Lead * 0.5f);
            foreach (var column in mine)
            {
                column.Band = (bandTop - (Lead * 0.6f), below);
            }
        }

        return true;
    }

    private bool PhotoOnTop(ItemDraft draft, PhotoCopy copy, List<TextColumn> span, float aspect)
    {
        var top = span.Max(c => c.Top);
        var bottom = span.Min(c => c.Bottom);
        var width = grid.Width(span.Count);
        copy = FitCaption(copy, width);
        var captionHeight = PhotoSetter.CaptionHeight(copy, width, style.CaptionSize);
        var height = MathF.Min(MathF.Min(width * aspect, (bottom - top) * 0.42f), bottom - top - captionHeight - (Lead * 6));
        if (height < width * 0.35f)
        {
            return false;
        }

        var below = PhotoSetter.PhotoWithCaption(draft, copy, span[0].X, width, top, height, style.CaptionSize) + (Lead * 0.5f);
        span.ForEach(c => c.Top = below);
        return true;
    }

    private bool PhotoAtFoot(ItemDraft draft, PhotoCopy copy, List<TextColumn> span, float aspect)
    {
        var top = span.Max(c => c.Top);
        var bottom = span.Min(c => c.Bottom);
        if (span.Any(c => c.Bottom > bottom + 0.5f))
        {
            return false;
        }

        var width = grid.Width(span.Count);
        copy = FitCaption(copy, width);
        var captionHeight = PhotoSetter.CaptionHeight(copy, width, style.CaptionSize);
        var height = MathF.Min(MathF.Min(width * aspect, (bottom - top) * 0.42f), bottom - top - captionHeight - (Lead * 6));
        if (height < width * 0.35f)
        {
            return false;
        }

        var photoTop = bottom - captionHeight - height;
        PhotoSetter.PhotoWithCaption(draft, copy, span[0].X, width, photoTop, height, style.CaptionSize);
        span.ForEach(c => c.Bottom = photoTop - (Lead * 0.6f));
        return true;
    }

    private PhotoCopy FitCaption(PhotoCopy copy, float width) =>
        PhotoSetter.Fit(copy, desk.Text.Captions, width, style.CaptionSize, Math.Max(width * 0.3f, style.CaptionSize * 4.5f));

    private void DrawVertical(ItemDraft draft, VerticalSpec vertical, SKRect block, List<TextColumn> columns, Cell first)
    {
        var strip = vertical.Size * 1.2f;
        var centre = vertical.OnRight ? block.Right - (strip / 2) : block.Left + (strip / 2);
        var y = block.Top + (vertical.Size * 0.2f);
        foreach (var c in vertical.Title)
        {
            var advance = TextSetter.UnitAdvance(c) * vertical.Size;
            draft.Ops.Add(new GlyphOp(draft.Id, 0, c, centre - (advance / 2), y + (vertical.Size * Lettering.Ascent), vertical.Size, advance, vertical.Color));
            y += vertical.Size * 1.08f;
        }

        draft.Title = vertical.Title;
        var room = strip + (grid.Gutter * 0.8f);
        var column = columns.Single(c => c.Index == (vertical.OnRight ? first.End - 1 : first.Col));
        column.Width -= room;
        if (!vertical.OnRight)
        {
            column.X += room;
        }
    }

    private List<Slot>? Slots(List<TextColumn> columns, bool lenient)
    {
        var segments = columns.Any(c => c.Band is not null)
            ? columns.Select(c => (c, c.Top, c.Band!.Value.Above)).Concat(columns.Select(c => (c, c.Band!.Value.Below, c.Bottom))).ToList()
            : columns.Select(c => (c, c.Top, c.Bottom)).ToList();
        var slots = new List<Slot>();
        foreach (var (column, top, bottom) in segments)
        {
            var lines = (bottom - top) / Lead;
            if (lines < 3 && !lenient)
            {
                return null;
            }

            if (lines < 1 || column.Width < Body * 4)
            {
                continue;
            }

            // A line must not straddle the seam where one block of the article meets the next: each block's
            // truth rectangle holds its own lines only.
            // A piece too short for a line is left blank rather than letting a line cross the seam.
            var start = top;
            foreach (var seam in column.Seams.Where(y => y > top && y < bottom))
            {
                if (seam - start >= Body * Lettering.Depth)
                {
                    slots.Add(new Slot(column.X, column.Width, start, seam));
                }

                start = seam;
            }

            if (bottom - start >= Body * Lettering.Depth)
            {
                slots.Add(new Slot(column.X, column.Width, start, bottom));
            }
        }

        return slots.Count == 0 ? null : slots;
    }

    private (Remainder? Remaining, int Crossheads) FlowText(ItemDraft draft, ArticleDesign design, List<Slot> slots, int? jumpTo, Continuation? from)
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

    private void AddGutterRules(ItemDraft draft, List<TextColumn> columns)
    {
        for (var k = 0; k + 1 < columns.Count; k++)
        {
            var (a, b) = (columns[k], columns[k + 1]);
            if (b.Index != a.Index + 1)
            {
                continue;
            }

            foreach (var (aTop, aBottom) in a.Segments())
            {
                foreach (var (bTop, bBottom) in b.Segments())
                {
                    var top = Math.Max(aTop, bTop);
                    var bottom = Math.Min(aBottom, bBottom);
                    if (bottom - top > Lead * 2)
                    {
                        draft.GutterRules.Add(new GutterRule(grid.X(b.Index) - (grid.Gutter / 2), top, bottom));
                    }
                }
            }
        }
    }

    private List<TextColumn> Columns(PlannedItem plan) =>
        plan.Blocks.SelectMany(b => Enumerable.Range(b.Col, b.Cols)).Distinct().Order()
            .Select(c =>
            {
                var covering = plan.Blocks.Where(b => b.Covers(c)).ToList();
                var top = covering.Min(b => b.Top);
                return new TextColumn(c, grid.X(c), grid.ColumnWidth, top, covering.Max(b => b.Bottom))
                {
                    Seams = [.. covering.Select(b => b.Top).Where(y => y > top).Order()],
                };
            })
            .ToList();

    /// <summary>True when every op lies inside the item's blocks (glyph corners checked against their union).</summary>
    public bool Inside(IEnumerable<DrawOp> ops, PlannedItem plan)
    {
        var rects = plan.Blocks.Select(b => grid.Rect(b).Inflated(0.3f)).ToList();
        return ops.All(op =>
        {
            var r = op.Bounds;
            SKPoint[] corners = [new(r.Left, r.Top), new(r.Right, r.Top), new(r.Left, r.Bottom), new(r.Right, r.Bottom)];
            return corners.All(p => rects.Any(b => p.X >= b.Left && p.X <= b.Right && p.Y >= b.Top && p.Y <= b.Bottom));
        });
    }

    /// <summary>One grid column of the article while its photos and header push the text down.</summary>
    private sealed class TextColumn(int index, float x, float width, float top, float bottom)
    {
        public int Index { get; } = index;
        public float X { get; set; } = x;
        public float Width { get; set; } = width;
        public float Top { get; set; } = top;
        public float Bottom { get; set; } = bottom;

        /// <summary>Where a lower block of the article takes over this column.</summary>
        public IReadOnlyList<float> Seams { get; init; } = [];

        /// <summary>The gap a band photo cuts: text above Above and below Below.</summary>
        public (float Above, float Below)? Band { get; set; }

        public IEnumerable<(float Top, float Bottom)> Segments() =>
            Band is { } band ? [(Top, band.Above), (band.Below, Bottom)] : [(Top, Bottom)];
    }
}
