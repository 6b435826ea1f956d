using XuhuiEpaper.Core.Model;

namespace XuhuiEpaper.Core.Layout;

/// <summary>
/// One thing on the page that belongs to exactly one article: a header unit, a run of text blocks (a column
/// segment, a byline, a crosshead), or a photo group with its captions.
/// </summary>
public sealed class PageElement
{
    private PageElement(int id, Box box, HeaderUnit? header, IReadOnlyList<TextBlock> blocks, PhotoGroup? photo)
    {
        Id = id;
        Box = box;
        Header = header;
        Blocks = blocks;
        Photo = photo;
    }

    public int Id { get; }
    public Box Box { get; }
    public HeaderUnit? Header { get; }
    public IReadOnlyList<TextBlock> Blocks { get; }
    public PhotoGroup? Photo { get; }
    /// <summary>The innermost box (frame) the element sits in, -1 for the open page.</summary>
    public int Scope { get; set; } = -1;

    public bool IsHeader => Header is not null;
    public bool IsPhoto => Photo is not null;
    public bool IsText => Header is null && Photo is null;
    public double Size => Header?.TitleSize ?? (Blocks.Count > 0 ? Blocks.Max(b => b.Size) : 0);

    public static PageElement ForHeader(int id, HeaderUnit header) => new(id, header.Box, header, [], null);

    public static PageElement ForText(int id, IReadOnlyList<TextBlock> blocks) => new(id, Box.Bounding(blocks.Select(b => b.Box)), null, blocks, null);

    public static PageElement ForPhoto(int id, PhotoGroup photo) => new(id, photo.Box, null, [], photo);

    public override string ToString() =>
        Header is { } h ? $"header {h}" : Photo is not null ? $"photo [{Box.Left:0},{Box.Top:0},{Box.Right:0},{Box.Bottom:0}]" : $"text {string.Join(" | ", Blocks)}";
}

/// <summary>An article (or advertisement, photo, notice, furniture) being assembled from page elements.</summary>
public sealed class ArticleDraft
{
    public HeaderUnit? Header { get; set; }
    public List<TextBlock> Blocks { get; } = [];
    public List<PhotoGroup> Photos { get; } = [];
    /// <summary>The box the article is printed in, when it has one of its own.</summary>
    public Box? Frame { get; set; }
    /// <summary>Assembled from a box of display type without running text: an advertisement or a framed photo.</summary>
    public bool Display { get; set; }
    /// <summary>Set for page furniture, whose kind is known from where it is.</summary>
    public RegionKind? Furniture { get; init; }
    public RegionKind Kind { get; set; } = RegionKind.Article;

    public void Add(PageElement element)
    {
        ArgumentNullException.ThrowIfNull(element);
        if (element.Header is { } header)
        {
            if (Header is null)
            {
                Header = header;
            }
            else
            {
                // A second header in one article (an advertisement's second display block) is text of it.
                Blocks.AddRange(header.Blocks);
            }
        }
        else if (element.Photo is { } photo)
        {
            Photos.Add(photo);
        }
        else
        {
            Blocks.AddRange(element.Blocks);
        }
    }

    /// <summary>
    /// Everything printed for the article, for painting its region: text line by line (where OCR lines of two articles
    /// interleave, each keeps its own words), photos, captions and the article's box.
    /// </summary>
    public List<Box> Boxes()
    {
        var boxes = (Header?.Blocks ?? []).Concat(Blocks).Concat(Photos.SelectMany(p => p.Captions))
            .SelectMany(b => b.Lines).Select(l => l.Box)
            .Concat(Photos.SelectMany(p => p.Images))
            .ToList();
        if (Frame is { } frame)
        {
            boxes.Add(frame);
        }

        return boxes;
    }

    /// <summary>The article's parts as a reader sees them: header, text blocks, photos with captions, its box.</summary>
    public List<Box> Outline()
    {
        var boxes = (Header?.Blocks ?? []).Concat(Blocks).Select(b => b.Box).Concat(Photos.Select(p => p.Box)).ToList();
        if (Frame is { } frame)
        {
            boxes.Add(frame);
        }

        return boxes;
    }

    public Box Bounds => Box.Bounding(Boxes());

    /// <summary>Characters of running text (body and crossheads), the measure of an article as opposed to display type.</summary>
    public int RunningCharacters => Blocks.Where(b => b.Role is BlockRole.Body or BlockRole.Crosshead).Sum(b => b.CharacterCount);
}
