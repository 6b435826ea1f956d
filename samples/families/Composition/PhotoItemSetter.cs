using SkiaSharp;
using XuhuiEpaper.Samples.Families.Planning;
using XuhuiEpaper.Samples.Families.Style;
using XuhuiEpaper.Samples.Families.Text;
using XuhuiEpaper.Samples.Layout;

namespace XuhuiEpaper.Samples.Families.Composition;

/// <summary>
/// A stand-alone photo with no headline, or a group of two or three photos side by side or stacked, with one
/// shared caption and credit below (kind "photo"). The arrangement follows the region's shape.
/// </summary>
public sealed class PhotoItemSetter(IssueStyle style, CopyDesk desk, ColumnGrid grid, Random rng)
{
    private const float Spacing = 4f;

    public ItemDraft Compose(string id, PlannedItem plan)
    {
        var draft = new ItemDraft(id, "photo", plan);
        var block = grid.Rect(plan.First).Inflated(-1f);
        var copy = new PhotoCopy(desk.Pick(desk.Text.Captions), rng.NextDouble() < 0.9 ? desk.Pick(desk.Text.Credits) : null, rng.Next());
        copy = PhotoSetter.Fit(copy, desk.Text.Captions, block.Width, style.CaptionSize, block.Height * 0.3f);
        var captionHeight = PhotoSetter.CaptionHeight(copy, block.Width, style.CaptionSize);
        var imageHeight = block.Height - captionHeight - 1;
        var aspect = imageHeight / block.Width;
        var (across, down) = aspect switch
        {
            < 0.55f => (aspect < 0.36f ? 3 : 2, 1),
            > 2.1f => (1, 3),
            > 1.3f => (1, 2),
            < 0.85f when block.Width > grid.ColumnWidth * 1.5f && rng.NextDouble() < 0.3 => (2, 1),
            > 0.95f when rng.NextDouble() < 0.3 => (1, 2),
            _ => (1, 1),
        };
        var width = (block.Width - ((across - 1) * Spacing)) / across;
        var height = (imageHeight - ((down - 1) * Spacing)) / down;
        for (var i = 0; i < across; i++)
        {
            for (var j = 0; j < down; j++)
            {
                var left = block.Left + (i * (width + Spacing));
                var top = block.Top + (j * (height + Spacing));
                PhotoSetter.Image(draft.Ops, id, new SKRect(left, top, left + width, top + height), copy.Seed + (i * 7) + j);
            }
        }

        draft.Features.Add(across * down > 1 ? LayoutFeature.PhotoGroup : LayoutFeature.StandalonePhoto);
        PhotoSetter.AddCaptions(draft, copy);
        PhotoSetter.Caption(draft.Ops, id, copy, block.Left, block.Width, block.Top + imageHeight, style.CaptionSize);
        return draft;
    }
}
