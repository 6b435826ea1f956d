using XuhuiEpaper.Core.Geometry;
using XuhuiEpaper.Core.Model;

namespace XuhuiEpaper.Core.Layout;

/// <summary>The text of an assembled article, part by part, as the reader gets it.</summary>
public static class ArticleText
{
    /// <summary>
    /// Lines or blocks of one part in reading order (top to bottom, then left to right): CJK joins without a space,
    /// Latin words with one, phrases set on one baseline with one.
    /// </summary>
    public static string Join(IEnumerable<TextBlock> blocks)
    {
        ArgumentNullException.ThrowIfNull(blocks);
        var text = new System.Text.StringBuilder();
        TextLine? previous = null;
        foreach (var line in ReadingOrder(blocks.SelectMany(b => b.Lines)))
        {
            if (previous is not null)
            {
                var sameBaseline = previous.Box.VerticalOverlap(line.Box) > 0.5 * Math.Min(previous.Box.Height, line.Box.Height);
                var latin = char.IsAsciiLetterOrDigit(previous.Text[^1]) && char.IsAsciiLetterOrDigit(line.Text[0]);
                if ((sameBaseline || latin) && text[^1] != ' ')
                {
                    text.Append(' ');
                }
            }

            text.Append(line.Text);
            previous = line;
        }

        return text.ToString();
    }

    /// <summary>Lines by rows (lines that share most of their height), each row left to right.</summary>
    private static List<TextLine> ReadingOrder(IEnumerable<TextLine> lines)
    {
        var rows = new List<List<TextLine>>();
        foreach (var line in lines.OrderBy(l => l.Box.Top))
        {
            var row = rows.Count > 0 ? rows[^1] : null;
            if (row is not null && row[0].Box.VerticalOverlap(line.Box) > 0.5 * Math.Min(row[0].Box.Height, line.Box.Height))
            {
                row.Add(line);
            }
            else
            {
                rows.Add([line]);
            }
        }

        return rows.SelectMany(r => r.OrderBy(l => l.Box.Left)).ToList();
    }

    public static ArticleContent ToContent(ArticleDraft draft, RegionKind kind, IReadOnlyList<NormRect> rects, double bodySize) =>
        ToContent(draft, kind, rects, bodySize, null);

    /// <summary>The article's text and, given the page's size, its blocks (see <see cref="RegionBlock"/>).</summary>
    public static ArticleContent ToContent(ArticleDraft draft, RegionKind kind, IReadOnlyList<NormRect> rects, double bodySize, (double Width, double Height)? page)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var header = draft.Header;
        var bylines = draft.Blocks.Where(b => b.Role == BlockRole.Byline).ToList();
        var text = draft.Blocks
            .Where(b => b.Role is BlockRole.Body or BlockRole.Caption or BlockRole.Deck or BlockRole.Headline or BlockRole.Furniture or BlockRole.Crosshead)
            .ToList();
        return new ArticleContent
        {
            Kind = kind,
            Kicker = header is null || header.Kicker.Count == 0 ? null : Join(header.Kicker),
            Title = header is null ? null : Join(header.Title),
            Subtitle = header is null || header.Subtitle.Count == 0 ? null : Join(header.Subtitle),
            Byline = bylines.Count == 0 ? null : string.Join(" ", bylines.Select(b => b.Text)),
            Body = Paragraphs.Split(text, bodySize),
            Captions = draft.Photos.SelectMany(p => p.Captions).Select(c => c.Text).ToArray(),
            Rects = rects,
            Blocks = page is { } size ? Blocks(draft, bodySize, size.Width, size.Height) : [],
        };
    }

    /// <summary>The draft's blocks in reading order: header unit, then text by column, then photos with their captions.</summary>
    private static RegionBlock[] Blocks(ArticleDraft draft, double bodySize, double width, double height)
    {
        var blocks = new List<RegionBlock>();
        void Add(BlockPart part, TextBlock block) =>
            blocks.Add(new RegionBlock(part, block.Box.Normalize(width, height), part == BlockPart.Body ? Paragraphs.Split([block], bodySize) : [Join([block])]));

        if (draft.Header is { } header)
        {
            header.Kicker.ToList().ForEach(b => Add(BlockPart.Kicker, b));
            header.Title.ToList().ForEach(b => Add(BlockPart.Title, b));
            header.Subtitle.ToList().ForEach(b => Add(BlockPart.Subtitle, b));
        }

        foreach (var block in draft.Blocks.OrderBy(b => Math.Round(b.Box.Left / Math.Max(1, 4 * bodySize))).ThenBy(b => b.Box.Top))
        {
            Add(block.Role switch
            {
                BlockRole.Byline => BlockPart.Byline,
                BlockRole.Caption => BlockPart.Caption,
                BlockRole.Headline when draft.Header is null => BlockPart.Title,
                BlockRole.Body or BlockRole.Crosshead or BlockRole.Deck or BlockRole.Headline or BlockRole.Furniture => BlockPart.Body,
                _ => BlockPart.Other,
            }, block);
        }

        foreach (var photo in draft.Photos)
        {
            blocks.Add(new RegionBlock(BlockPart.Photo, photo.ImageBox.Normalize(width, height), []));
            photo.Captions.ForEach(c => Add(BlockPart.Caption, c));
        }

        return blocks.Where(b => !b.Box.IsEmpty).ToArray();
    }

    /// <summary>A jump line set in body type sticks to the column it ends or starts, so lines count too.</summary>
    public static string? JumpLine(ArticleDraft draft)
    {
        ArgumentNullException.ThrowIfNull(draft);
        return draft.Blocks.Where(b => b.Role == BlockRole.JumpLine).Select(b => b.Text)
            .Concat(draft.Blocks.SelectMany(b => b.Lines).Where(Paragraphs.IsJumpLine).Select(l => l.Text))
            .FirstOrDefault();
    }
}
