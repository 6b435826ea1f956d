using XuhuiEpaper.Core.Geometry;
using XuhuiEpaper.Core.Model;

namespace XuhuiEpaper.Core.Editing;

/// <summary>
/// Applies archivists' edits to a page's layout, one after another, as pure functions: the finder's output plus the
/// edits in order always gives the same page. Every edit leaves the regions inside the page and without overlaps (a
/// region drawn, grown or moved into takes its area from its neighbours), and rebuilds the text of each region whose
/// blocks changed from those blocks.
/// </summary>
public static class RegionEditor
{
    public const int MaxRects = 32;

    /// <summary>The finder's layout with <paramref name="edits"/> applied in order; an edit made region is keyed e{id}.</summary>
    public static PageLayoutDoc Replay(PageLayoutDoc finder, IEnumerable<(long Id, RegionEdit Edit)> edits)
    {
        ArgumentNullException.ThrowIfNull(edits);
        var doc = finder;
        foreach (var (id, edit) in edits)
        {
            try
            {
                doc = Apply(doc, edit, $"e{id}");
            }
            catch (RegionEditException ex)
            {
                throw new RegionEditException($"edit {id} ({edit.Describe()}) no longer applies: {ex.Message}", ex);
            }
        }

        return doc;
    }

    public static PageLayoutDoc Apply(PageLayoutDoc doc, RegionEdit edit, string newKey)
    {
        ArgumentNullException.ThrowIfNull(doc);
        ArgumentNullException.ThrowIfNull(edit);
        var result = edit.Action switch
        {
            "merge" => Merge(doc, edit),
            "split" => Split(doc, edit, newKey),
            "move" => Move(doc, edit),
            "redraw" => Draw(doc, Find(doc, edit.Region).Key, Drawn(edit), null),
            "add" => Draw(doc, newKey, Drawn(edit), edit.Kind ?? RegionKind.Article),
            "delete" => doc with { Regions = doc.Regions.Where(r => r.Key != Find(doc, edit.Region).Key).ToList() },
            "change" => Change(doc, edit),
            _ => throw new RegionEditException($"unknown action \"{edit.Action}\": use one of {string.Join(", ", RegionEdit.Actions)}"),
        };
        return Finish(result);
    }

    private static PageLayoutDoc Merge(PageLayoutDoc doc, RegionEdit edit)
    {
        var keys = (edit.Regions ?? []).Distinct().ToList();
        if (keys.Count < 2)
        {
            throw new RegionEditException("a merge needs two or more regions");
        }

        var parts = keys.Select(k => Find(doc, k)).OrderBy(ReadingRow).ThenBy(r => Left(r.Rects)).ToList();
        var first = parts[0];
        var headed = parts.FirstOrDefault(p => p.Blocks.Any(b => IsHeader(b.Part))) ?? first;
        var blocks = parts.SelectMany(p => p.Blocks.Select(b => p == headed || !IsHeader(b.Part) ? b : b with { Part = BlockPart.Body })).ToList();
        var kind = parts.Any(p => p.Kind == RegionKind.Article) ? RegionKind.Article : first.Kind;
        var merged = first with
        {
            Kind = kind, Blocks = blocks, Rects = RectSet.Disjoint(parts.SelectMany(p => p.Rects)), Rebuilt = true,
            Fixes = headed.Fixes,
        };
        var gone = parts.Skip(1).Select(p => p.Key).ToHashSet(StringComparer.Ordinal);
        return doc with { Regions = doc.Regions.Where(r => !gone.Contains(r.Key)).Select(r => r.Key == first.Key ? merged : r).ToList() };
    }

    private static PageLayoutDoc Split(PageLayoutDoc doc, RegionEdit edit, string newKey)
    {
        var region = Find(doc, edit.Region);
        var ids = (edit.Blocks ?? []).ToHashSet();
        var taken = region.Blocks.Where(b => ids.Contains(b.Id)).ToList();
        if (taken.Count == 0 || taken.Count != ids.Count)
        {
            throw new RegionEditException($"pick blocks of region {region.Key} to split off (it holds blocks {string.Join(", ", region.Blocks.Select(b => b.Id))})");
        }

        if (taken.Count == region.Blocks.Count)
        {
            throw new RegionEditException("a split must leave at least one block in the region");
        }

        var cover = RectSet.Disjoint(taken.Select(b => RectSet.Pad(doc.Blocks[b.Id].Box)));
        var newRects = RectSet.Disjoint(cover.SelectMany(c => region.Rects.Select(r => r.Intersect(c))).Where(r => !r.IsEmpty));
        var textOnly = taken.All(b => b.Part is BlockPart.Photo or BlockPart.Caption);
        var split = new LayoutRegion
        {
            Key = newKey, Kind = textOnly ? RegionKind.Photo : region.Kind, Rects = newRects.Count > 0 ? newRects : cover,
            Blocks = taken, Rebuilt = true,
        };
        var rest = region with { Blocks = region.Blocks.Where(b => !ids.Contains(b.Id)).ToList(), Rects = RectSet.Subtract(region.Rects, split.Rects), Rebuilt = true };
        var regions = doc.Regions.Select(r => r.Key == region.Key ? rest : r).ToList();
        regions.Insert(regions.FindIndex(r => r.Key == region.Key) + 1, split);
        return doc with { Regions = regions };
    }

    private static PageLayoutDoc Move(PageLayoutDoc doc, RegionEdit edit)
    {
        var target = Find(doc, edit.To);
        var ids = (edit.Blocks ?? []).Distinct().ToList();
        if (ids.Count == 0 || ids.Any(id => id < 0 || id >= doc.Blocks.Count))
        {
            throw new RegionEditException($"name the blocks to move (0 to {doc.Blocks.Count - 1})");
        }

        if (ids.All(id => target.Blocks.Any(b => b.Id == id)))
        {
            throw new RegionEditException($"the blocks are in region {target.Key} already");
        }

        var moving = ids.Select(id => doc.Blocks[id]).ToList();
        var area = RectSet.Disjoint(moving.Select(b => RectSet.Pad(b.Box)));
        var regions = doc.Regions.Select(r =>
        {
            if (r.Key == target.Key)
            {
                var added = moving.Where(b => r.Blocks.All(u => u.Id != b.Id)).Select(b => new BlockUse(b.Id, Use(doc, b)));
                return r with { Blocks = r.Blocks.Concat(added).ToList(), Rects = RectSet.Disjoint(r.Rects.Concat(area)), Rebuilt = true };
            }

            var lost = r.Blocks.Any(b => ids.Contains(b.Id));
            var rects = RectSet.Subtract(r.Rects, area);
            return lost || rects.Count != r.Rects.Count || RectSet.Area(rects) < RectSet.Area(r.Rects) - 1e-9
                ? r with { Blocks = r.Blocks.Where(b => !ids.Contains(b.Id)).ToList(), Rects = rects, Rebuilt = r.Rebuilt || lost }
                : r;
        }).ToList();
        return doc with { Regions = regions };
    }

    /// <summary>Redraws <paramref name="key"/> (or adds it, given a kind): snapped to the blocks, taking the blocks whose centre it holds.</summary>
    private static PageLayoutDoc Draw(PageLayoutDoc doc, string key, IReadOnlyList<NormRect> drawn, RegionKind? addKind)
    {
        var snapped = RectSet.Disjoint(drawn.Select(d => RectSet.Snap(d, doc.Blocks.Select(b => b.Box))));
        var inside = doc.Blocks.Where(b => RectSet.Contains(snapped, b.Box.CenterX, b.Box.CenterY)).ToList();
        var insideIds = inside.Select(b => b.Id).ToHashSet();
        var existing = addKind is null ? doc.Regions.First(r => r.Key == key) : null;
        var drawnRegion = existing is null
            ? new LayoutRegion { Key = key, Kind = addKind!.Value, Rects = snapped, Blocks = inside.Select(b => new BlockUse(b.Id, Use(doc, b))).ToList(), Rebuilt = true }
            : existing with
            {
                Rects = snapped,
                Blocks = existing.Blocks.Where(b => insideIds.Contains(b.Id))
                    .Concat(inside.Where(b => existing.Blocks.All(u => u.Id != b.Id)).Select(b => new BlockUse(b.Id, Use(doc, b)))).ToList(),
                Rebuilt = true,
            };
        var regions = new List<LayoutRegion>();
        foreach (var r in doc.Regions)
        {
            if (r.Key == key)
            {
                regions.Add(drawnRegion);
                continue;
            }

            var lost = r.Blocks.Any(b => insideIds.Contains(b.Id));
            var rects = RectSet.Subtract(r.Rects, snapped);
            var changed = lost || RectSet.Area(rects) < RectSet.Area(r.Rects) - 1e-9;
            regions.Add(changed ? r with { Blocks = r.Blocks.Where(b => !insideIds.Contains(b.Id)).ToList(), Rects = rects, Rebuilt = r.Rebuilt || lost } : r);
        }

        if (existing is null)
        {
            var at = regions.FindIndex(r => ReadingRow(r) > ReadingRow(drawnRegion) || (ReadingRow(r) == ReadingRow(drawnRegion) && Left(r.Rects) > Left(drawnRegion.Rects)));
            regions.Insert(at < 0 ? regions.Count : at, drawnRegion);
        }

        return doc with { Regions = regions };
    }

    private static PageLayoutDoc Change(PageLayoutDoc doc, RegionEdit edit)
    {
        var region = Find(doc, edit.Region);
        if (edit.Kind is { } kind && kind is not (RegionKind.Article or RegionKind.Notice or RegionKind.Advertisement or RegionKind.Photo))
        {
            throw new RegionEditException("the kind is one of article, notice, advertisement, photo");
        }

        if (edit.Kind is null && edit.Kicker is null && edit.Title is null && edit.Subtitle is null && edit.Byline is null)
        {
            throw new RegionEditException("nothing to change: give a kind or a kicker, title, subtitle or byline");
        }

        var fixes = region.Fixes with
        {
            Kicker = edit.Kicker ?? region.Fixes.Kicker, Title = edit.Title ?? region.Fixes.Title,
            Subtitle = edit.Subtitle ?? region.Fixes.Subtitle, Byline = edit.Byline ?? region.Fixes.Byline,
        };
        var changed = region with { Kind = edit.Kind ?? region.Kind, Fixes = fixes };
        return doc with { Regions = doc.Regions.Select(r => r.Key == region.Key ? changed : r).ToList() };
    }

    /// <summary>Regions left without an area go; the rebuilt ones get their text from their blocks.</summary>
    private static PageLayoutDoc Finish(PageLayoutDoc doc)
    {
        var regions = doc.Regions
            .Where(r => r.Rects.Count > 0)
            .Select(r => r.Rebuilt ? RegionText.Rebuild(r, doc.Blocks) : RegionText.Fix(r))
            .ToList();
        for (var i = 0; i < regions.Count; i++)
        {
            for (var j = i + 1; j < regions.Count; j++)
            {
                if (RectSet.Overlap(regions[i].Rects, regions[j].Rects) > 1e-7)
                {
                    throw new RegionEditException($"regions {regions[i].Key} and {regions[j].Key} would overlap");
                }
            }
        }

        return doc with { Regions = regions };
    }

    private static List<NormRect> Drawn(RegionEdit edit)
    {
        var rects = edit.Rects ?? [];
        if (rects.Count is 0 or > MaxRects)
        {
            throw new RegionEditException($"draw the region as 1 to {MaxRects} rectangles");
        }

        foreach (var r in rects)
        {
            if (!double.IsFinite(r.X) || !double.IsFinite(r.Y) || !double.IsFinite(r.Width) || !double.IsFinite(r.Height)
                || r.X < -1e-9 || r.Y < -1e-9 || r.Right > 1 + 1e-9 || r.Bottom > 1 + 1e-9)
            {
                throw new RegionEditException($"the rectangle [{r.X}, {r.Y}, {r.Width}, {r.Height}] is not inside the page (0 to 1 across and down)");
            }

            if (r.Width < 0.005 || r.Height < 0.005)
            {
                throw new RegionEditException("a rectangle must be at least 0.5 % of the page wide and high");
            }
        }

        return rects.Select(RectSet.Clamp).ToList();
    }

    private static LayoutRegion Find(PageLayoutDoc doc, string? key) =>
        doc.Regions.FirstOrDefault(r => r.Key == key)
        ?? throw new RegionEditException(key is null ? "name the region" : $"the page has no region {key}");

    /// <summary>A block keeps the part it had in the region that held it, else the finder's.</summary>
    private static BlockPart Use(PageLayoutDoc doc, LayoutBlock block) =>
        doc.Regions.SelectMany(r => r.Blocks).Where(b => b.Id == block.Id).Select(b => (BlockPart?)b.Part).FirstOrDefault() ?? block.Part;

    private static bool IsHeader(BlockPart part) => part is BlockPart.Kicker or BlockPart.Title or BlockPart.Subtitle;

    /// <summary>The finder's reading order: rows a twentieth of the page high, then left to right.</summary>
    private static double ReadingRow(LayoutRegion r) => Math.Round(r.Rects.Min(x => x.Y) * 20);

    private static double Left(IReadOnlyList<NormRect> rects) => rects.Count == 0 ? 0 : rects.Min(x => x.X);
}
