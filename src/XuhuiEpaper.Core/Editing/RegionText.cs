using XuhuiEpaper.Core.Model;

namespace XuhuiEpaper.Core.Editing;

/// <summary>The text of an edited region, rebuilt from the blocks it holds, then the archivist's fixes on top.</summary>
public static class RegionText
{
    /// <summary>Blocks whose left edges lie within this share of the page width read as one column.</summary>
    private const double ColumnSlack = 0.02;

    private static readonly char[] Ends = ['。', '！', '？', '!', '?', '…', '」', '』', '”', '）', ')', '：', ':', '；'];

    public static LayoutRegion Rebuild(LayoutRegion region, IReadOnlyList<LayoutBlock> blocks)
    {
        ArgumentNullException.ThrowIfNull(region);
        ArgumentNullException.ThrowIfNull(blocks);
        var used = region.Blocks.Select(u => (Block: blocks[u.Id], u.Part)).ToList();
        IEnumerable<LayoutBlock> Of(BlockPart part, bool columns = false)
        {
            var of = used.Where(u => u.Part == part).Select(u => u.Block);
            return columns
                ? of.OrderBy(b => Math.Round(b.Box.X / ColumnSlack)).ThenBy(b => b.Box.Y)
                : of.OrderBy(b => b.Box.Y).ThenBy(b => b.Box.X);
        }

        var rebuilt = region with
        {
            Kicker = Line(Of(BlockPart.Kicker)),
            Title = Line(Of(BlockPart.Title)),
            Subtitle = Line(Of(BlockPart.Subtitle)),
            Byline = Of(BlockPart.Byline).Select(b => string.Concat(b.Paragraphs)).Distinct().DefaultIfEmpty().Aggregate((a, b) => $"{a} {b}") is { Length: > 0 } byline ? byline : null,
            Body = Paragraphs(Of(BlockPart.Body, columns: true).Concat(Of(BlockPart.Other, columns: true))),
            Captions = Of(BlockPart.Caption, columns: true).Select(b => string.Concat(b.Paragraphs)).Where(t => t.Length > 0).ToList(),
        };
        return Fix(rebuilt);
    }

    /// <summary>The archivist's fixes over the derived text: an empty fix clears the field.</summary>
    public static LayoutRegion Fix(LayoutRegion region)
    {
        ArgumentNullException.ThrowIfNull(region);
        static string? Over(string? fix, string? derived) => fix is null ? derived : fix.Trim().Length == 0 ? null : fix.Trim();
        var f = region.Fixes;
        return region with { Kicker = Over(f.Kicker, region.Kicker), Title = Over(f.Title, region.Title), Subtitle = Over(f.Subtitle, region.Subtitle), Byline = Over(f.Byline, region.Byline) };
    }

    /// <summary>Header lines joined: CJK without a space, Latin words with one.</summary>
    private static string? Line(IEnumerable<LayoutBlock> blocks)
    {
        var text = new System.Text.StringBuilder();
        foreach (var part in blocks.SelectMany(b => b.Paragraphs).Where(p => p.Length > 0))
        {
            if (text.Length > 0 && char.IsAsciiLetterOrDigit(text[^1]) && char.IsAsciiLetterOrDigit(part[0]))
            {
                text.Append(' ');
            }

            text.Append(part);
        }

        return text.Length == 0 ? null : text.ToString();
    }

    /// <summary>The blocks' paragraphs in order; a paragraph that a column break cut mid-sentence goes on in the next block.</summary>
    private static List<string> Paragraphs(IEnumerable<LayoutBlock> blocks)
    {
        var paragraphs = new List<string>();
        foreach (var block in blocks)
        {
            for (var i = 0; i < block.Paragraphs.Count; i++)
            {
                var p = block.Paragraphs[i];
                if (i == 0 && paragraphs.Count > 0 && paragraphs[^1].Length > 0 && !Ends.Contains(paragraphs[^1][^1]))
                {
                    paragraphs[^1] += p;
                }
                else
                {
                    paragraphs.Add(p);
                }
            }
        }

        return paragraphs.Where(p => p.Length > 0).ToList();
    }
}
