namespace XuhuiEpaper.Core.Layout;

public sealed record PhotoCaptionPairerOptions
{
    /// <summary>Images narrower or shorter than this (points) are ornaments and icons, not photos.</summary>
    public double MinSide { get; init; } = 20;
    /// <summary>An image covering this share of the page is the scan of the page itself.</summary>
    public double MaxPageShare { get; init; } = 0.9;
    /// <summary>Photos at most this many body sizes apart, side by side or one above the other, form a group.</summary>
    public double GroupGap { get; init; } = 1.0;
    /// <summary>A caption starts at most this many of its own type sizes below the photo (or the caption before it).</summary>
    public double CaptionGap { get; init; } = 1.6;
}

/// <summary>A photo, or photos printed as one group, with the captions and credits under them.</summary>
public sealed class PhotoGroup(IReadOnlyList<Box> images)
{
    public IReadOnlyList<Box> Images { get; } = images;
    public List<TextBlock> Captions { get; } = [];
    public Box ImageBox { get; } = Box.Bounding(images);
    public Box Box => Box.Bounding(Captions.Select(c => c.Box).Append(ImageBox));
}

/// <summary>
/// Pairs photos with their captions. Photos set close together and aligned form one group (a photo story), and the
/// caption-sized or credit lines right under a group (within its width) are its captions.
/// </summary>
public sealed class PhotoCaptionPairer(PhotoCaptionPairerOptions options)
{
    public static PhotoCaptionPairer Instance { get; } = new(new PhotoCaptionPairerOptions());

    /// <summary>The photo groups of the page; their captions are taken out of <paramref name="blocks"/>.</summary>
    public IReadOnlyList<PhotoGroup> Pair(PageInput page, List<TextBlock> blocks, TypeScale scale)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(blocks);
        ArgumentNullException.ThrowIfNull(scale);
        var images = page.Images
            .Where(i => i.Width > options.MinSide && i.Height > options.MinSide && i.Area < options.MaxPageShare * page.Width * page.Height)
            .ToList();
        var groups = Group(images, page, scale).Select(g => new PhotoGroup(g)).OrderBy(g => g.ImageBox.Top).ToList();
        var used = new HashSet<TextBlock>();
        var byTop = blocks.OrderBy(b => b.Box.Top).ToList();
        foreach (var group in groups)
        {
            var image = group.ImageBox;
            var below = image.Bottom;
            foreach (var block in byTop)
            {
                // Below the photo; a credit may sit at the end of the caption's last line.
                if (block.Box.Top < image.Bottom - (0.5 * scale.BodySize))
                {
                    continue;
                }

                if (block.Box.Top - below > options.CaptionGap * block.Size)
                {
                    break;
                }

                var beside = block.Box.Left >= image.Left - scale.BodySize && block.Box.Right <= image.Right + scale.BodySize;
                if (beside && !used.Contains(block) && IsCaption(block, scale))
                {
                    group.Captions.Add(block);
                    used.Add(block);
                    below = Math.Max(below, block.Box.Bottom);
                }
            }
        }

        blocks.RemoveAll(used.Contains);
        return groups;
    }

    private static bool IsCaption(TextBlock block, TypeScale scale) =>
        block.Role == BlockRole.Caption || RoleClassifier.IsCredit(block.Text) || (block.Role == BlockRole.Body && block.Size < scale.BodySize * 0.97);

    /// <summary>Photos close together and lined up on an edge are one group.</summary>
    private List<List<Box>> Group(List<Box> images, PageInput page, TypeScale scale)
    {
        var gap = options.GroupGap * scale.BodySize;
        var verticalRules = page.VerticalRules.OrderBy(r => r.CenterX).ToArray();
        var horizontalRules = page.HorizontalRules.OrderBy(r => r.CenterY).ToArray();
        var parent = Enumerable.Range(0, images.Count).ToArray();
        int Find(int i) => parent[i] == i ? i : parent[i] = Find(parent[i]);
        var index = new GridIndex<int>(new Box(0, 0, page.Width, page.Height), 8 * scale.BodySize);
        for (var i = 0; i < images.Count; i++)
        {
            index.Add(images[i], i);
        }

        for (var i = 0; i < images.Count; i++)
        {
            foreach (var j in index.Query(images[i].Inflate(gap)))
            {
                if (j > i && Aligned(images[i], images[j], gap) && !Apart(images[i], images[j], verticalRules, horizontalRules))
                {
                    parent[Find(i)] = Find(j);
                }
            }
        }

        return images.Select((box, i) => (box, i)).GroupBy(x => Find(x.i)).Select(g => g.Select(x => x.box).ToList()).ToList();
    }

    /// <summary>A rule between two photos sets them apart: they belong to different articles.</summary>
    private static bool Apart(Box a, Box b, Box[] verticalRules, Box[] horizontalRules)
    {
        var span = a.Union(b);
        return Rules.Between(verticalRules, Math.Min(a.Right, b.Right), Math.Max(a.Left, b.Left), span.Top, span.Bottom)
            || Rules.Across(horizontalRules, new Box(span.Left, Math.Min(a.Bottom, b.Bottom), span.Right, Math.Max(a.Top, b.Top)), 0.3);
    }

    private static bool Aligned(Box a, Box b, double gap)
    {
        var sideBySide = a.VerticalOverlap(b) > 0.8 * Math.Min(a.Height, b.Height) && Math.Max(a.Left - b.Right, b.Left - a.Right) <= gap;
        var stacked = a.HorizontalOverlap(b) > 0.8 * Math.Min(a.Width, b.Width) && Math.Max(a.Top - b.Bottom, b.Top - a.Bottom) <= gap;
        return sideBySide || stacked;
    }
}
