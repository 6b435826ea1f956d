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
    private readonly StoryFlow story = new(style, desk);

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

        var (rest, crossheads) = story.Set(draft, design, slots, jumpTo, from);
        if (draft.Body.Count == 0 || !grid.Holds(draft.Ops, plan.Blocks))
        {
            return null;
        }

        AddGutterRules(draft, columns);
        ArticleFeatures.Note(draft, design, plan, crossheads, grid.Width(design.HeaderCols));
        return (draft, rest);
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
