using System.Text.RegularExpressions;
using XuhuiEpaper.Core.Model;

namespace XuhuiEpaper.Core.Layout;

public sealed record FurnitureFinderOptions
{
    /// <summary>The share of the page height, from the top, where a masthead or page header is printed.</summary>
    public double HeaderBand { get; init; } = 0.22;
    /// <summary>The share of the page height, from the bottom, where a folio line is printed.</summary>
    public double FooterBand { get; init; } = 0.12;
    /// <summary>A rule at least this share of the page width closes a page header, or opens a folio line.</summary>
    public double RuleShare { get; init; } = 0.5;
    /// <summary>A masthead's title is at least this many times the body size (page headers' labels are smaller).</summary>
    public double MastheadRatio { get; init; } = 3.5;
    /// <summary>Single lines starting at most this many body sizes under a masthead's title are its date line and ears.</summary>
    public double DateLineGap { get; init; } = 4;
    /// <summary>A masthead's date line is set in type at most this many body sizes (display type under it is a headline).</summary>
    public double DateLineMaxSize { get; init; } = 1.5;
    /// <summary>A masthead set without a rule under it spans at least this share of the page width.</summary>
    public double MastheadWidthShare { get; init; } = 0.3;
    /// <summary>A folio line set apart by white space alone is at least this many body pitches below the text above it.</summary>
    public double FolioGap { get; init; } = 0.9;
    /// <summary>A folio line holds at most this many characters.</summary>
    public int MaxFolioCharacters { get; init; } = 80;
}

/// <summary>Text on the page that belongs to no article: the masthead or page header at the top, the folio line at the foot.</summary>
public sealed record FurniturePiece(RegionKind Kind, IReadOnlyList<TextBlock> Blocks)
{
    public Box Box => Box.Bounding(Blocks.Select(b => b.Box));
}

/// <summary>
/// Finds page furniture. At the top: the text above the lowest wide rule of the header band, when no running text
/// is above that rule (a masthead on the front page, else a page header). At the foot: the short lines below the
/// lowest wide rule of the footer band, or, on pages without such a rule, the last line of the page when white space
/// sets it apart from the text above and it reads like a folio (a page number, a date, 第N版).
/// </summary>
public sealed partial class FurnitureFinder(FurnitureFinderOptions options)
{
    public static FurnitureFinder Instance { get; } = new(new FurnitureFinderOptions());

    /// <summary>Takes the furniture out of <paramref name="blocks"/> and returns it.</summary>
    public IReadOnlyList<FurniturePiece> Find(PageInput page, List<TextBlock> blocks, TypeScale scale)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(blocks);
        ArgumentNullException.ThrowIfNull(scale);
        var pieces = new List<FurniturePiece>();
        if (Header(page, blocks, scale) is { } header)
        {
            pieces.Add(header);
        }

        if (Folio(page, blocks, scale) is { } folio)
        {
            pieces.Add(folio);
        }

        foreach (var block in pieces.SelectMany(p => p.Blocks))
        {
            block.Role = BlockRole.Furniture;
        }

        var taken = pieces.SelectMany(p => p.Blocks).ToHashSet();
        blocks.RemoveAll(taken.Contains);
        return pieces;
    }

    private FurniturePiece? Header(PageInput page, List<TextBlock> blocks, TypeScale scale)
    {
        var band = page.Height * options.HeaderBand;
        var rules = page.HorizontalRules
            .Where(r => r.Width >= options.RuleShare * page.Width && r.Bottom <= band)
            .OrderByDescending(r => r.Top);
        foreach (var rule in rules)
        {
            var above = blocks.Where(b => b.Box.Bottom <= rule.CenterY).ToList();
            if (above.Count > 0 && !above.Any(b => IsRunningText(b, scale)))
            {
                var masthead = page.Number == 1 || above.Any(b => b.Size >= options.MastheadRatio * scale.BodySize);
                var title = above.Where(b => b.Size >= options.MastheadRatio * scale.BodySize).Select(b => b.Box).ToList();
                if (title.Count > 0)
                {
                    above.AddRange(DateLine(Box.Bounding(title), rule.Bottom, blocks.Except(above).ToList(), scale));
                }

                return new FurniturePiece(masthead ? RegionKind.Masthead : RegionKind.PageHeader, above);
            }
        }

        return MastheadWithoutRule(page, blocks, scale) ?? PageHeaderWithoutRule(page, blocks, scale);
    }

    /// <summary>
    /// A page header set off by white space alone (or by a rule only in a scanned image): the top row of the page,
    /// single lines that say 第N版, a date or a page number, with white space under them.
    /// </summary>
    private FurniturePiece? PageHeaderWithoutRule(PageInput page, List<TextBlock> blocks, TypeScale scale)
    {
        var first = blocks.Where(b => b.Box.Bottom <= page.Height * options.HeaderBand).MinBy(b => b.Box.Top);
        if (first is null)
        {
            return null;
        }

        var row = blocks.Where(b => b.Box.VerticalOverlap(first.Box) > 0.5 * Math.Min(b.Box.Height, first.Box.Height)).ToList();
        var bottom = row.Max(b => b.Box.Bottom);
        var next = blocks.Except(row).Where(b => b.Box.Top >= bottom - 1).Select(b => b.Box.Top).DefaultIfEmpty(page.Height).Min();
        return row.All(b => b.Lines.Count == 1 && !b.Vertical) && row.Any(b => PageLabelPattern().IsMatch(b.Text))
            && blocks.Except(row).All(b => b.Box.Top >= bottom - 1) && next - bottom >= options.FolioGap * scale.BodyPitch
            ? new FurniturePiece(page.Number == 1 ? RegionKind.Masthead : RegionKind.PageHeader, row)
            : null;
    }

    /// <summary>
    /// A masthead the printer set off by white space, or by a rule only in the scanned image: the biggest type at the
    /// top of the page, across a good part of it, with what stands level with it (ears) and the short lines under
    /// it (the date line), down to the first headline or running text.
    /// </summary>
    private FurniturePiece? MastheadWithoutRule(PageInput page, List<TextBlock> blocks, TypeScale scale)
    {
        var band = page.Height * options.HeaderBand;
        var big = blocks.Where(b => b.Box.Bottom <= band && b.Size >= options.MastheadRatio * scale.BodySize).ToList();
        var largest = big.MaxBy(b => b.Size);
        if (largest is null)
        {
            return null;
        }

        // The paper's name may come as several words, each a block: those level with the largest one.
        var words = big.Where(b => b.Box.VerticalOverlap(largest.Box) > 0.5 * Math.Min(b.Box.Height, largest.Box.Height)).ToList();
        var title = Box.Bounding(words.Select(b => b.Box));
        if (title.Width < options.MastheadWidthShare * page.Width || blocks.Any(b => b.Box.Bottom <= title.Top && IsRunningText(b, scale)))
        {
            return null;
        }

        var pieces = blocks.Where(b => b.Box.Bottom <= title.Bottom + (0.5 * scale.BodySize) && !IsRunningText(b, scale)).ToList();
        pieces.AddRange(DateLine(title, title.Bottom, blocks.Except(pieces).ToList(), scale));
        return new FurniturePiece(RegionKind.Masthead, pieces);
    }

    /// <summary>
    /// The date line and the ears of a masthead: single lines starting just under its title (or the rule under it),
    /// above the first running text.
    /// </summary>
    private List<TextBlock> DateLine(Box title, double below, List<TextBlock> rest, TypeScale scale)
    {
        var limit = below + (options.DateLineGap * scale.BodySize);
        var text = rest.Where(b => b.Box.Top >= below && IsRunningText(b, scale)).Select(b => b.Box.Top).DefaultIfEmpty(double.MaxValue).Min();
        // Date lines are set in text type: a headline with a number in it (实施“135”计划) is no date line.
        var dated = rest.Where(b => b.Lines.Count == 1 && b.Size <= options.DateLineMaxSize * scale.BodySize && b.Box.Top >= below - (0.5 * scale.BodySize) && b.Box.Top <= limit && b.Box.Bottom <= text
            && b.Box.HorizontalOverlap(title.Inflate(title.Width)) > 0 && FolioPattern().IsMatch(b.Text)).ToList();

        // The rest of a date line's row is the date line too (OCR cuts 'OMAHA, SATURDAY MORNING, MARCH 5, 1887' in
        // pieces, and only some carry a number).
        var row = rest.Except(dated).Where(b => b.Lines.Count == 1 && b.Size <= options.DateLineMaxSize * scale.BodySize && b.Box.Bottom <= text && !IsRunningText(b, scale)
            && dated.Any(d => d.Box.VerticalOverlap(b.Box) > 0.5 * Math.Min(d.Box.Height, b.Box.Height))).ToList();
        return [.. dated, .. row];
    }

    private FurniturePiece? Folio(PageInput page, List<TextBlock> blocks, TypeScale scale)
    {
        var band = page.Height * (1 - options.FooterBand);
        var rule = page.HorizontalRules
            .Where(r => r.Width >= options.RuleShare * page.Width && r.Top >= band)
            .OrderBy(r => r.Top)
            .FirstOrDefault(r => blocks.Any(b => b.Box.Top >= r.CenterY));
        if (rule != default)
        {
            var below = blocks.Where(b => b.Box.Top >= rule.CenterY).ToList();
            if (below.All(b => IsFolioBlock(b, scale)) && below.Sum(b => b.CharacterCount) <= options.MaxFolioCharacters)
            {
                return new FurniturePiece(RegionKind.Folio, below);
            }
        }

        // No rule: the lowest line of the page, alone on its baseline band, set apart by white space.
        var lowest = blocks.Where(b => b.Box.Top >= band).OrderByDescending(b => b.Box.Bottom).FirstOrDefault();
        if (lowest is null)
        {
            return null;
        }

        var line = blocks.Where(b => b.Box.Top >= band && b.Box.VerticalOverlap(lowest.Box) > 0.5 * Math.Min(b.Box.Height, lowest.Box.Height)).ToList();
        var top = line.Min(b => b.Box.Top);
        var rest = blocks.Where(b => !line.Contains(b)).ToList();
        var textAbove = rest.Count == 0 ? 0 : rest.Max(b => b.Box.Bottom);
        if (line.All(b => IsFolioBlock(b, scale))
            && line.Sum(b => b.CharacterCount) <= options.MaxFolioCharacters
            && rest.All(b => b.Box.Bottom <= top + (0.25 * scale.BodySize))
            && top - textAbove >= options.FolioGap * scale.BodyPitch
            && line.Any(b => FolioPattern().IsMatch(b.Text)))
        {
            return new FurniturePiece(RegionKind.Folio, line);
        }

        return null;
    }

    /// <summary>
    /// Body type in a block of several full lines: an article, not furniture (a masthead's panel of short lines, date,
    /// 第N期, 准印證號, is not running text).
    /// </summary>
    private static bool IsRunningText(TextBlock block, TypeScale scale) =>
        block.Role == BlockRole.Body && block.Lines.Count >= 3 && Math.Abs(block.Size - scale.BodySize) < 0.1 * scale.BodySize
        && block.CharacterCount >= 12 * block.Lines.Count;

    private static bool IsFolioBlock(TextBlock block, TypeScale scale) =>
        block.Lines.Count <= 2 && block.Size <= 2.2 * scale.BodySize && !block.Vertical;

    /// <summary>What a page header says: 第N版 or N版, a full date, 星期…, PAGE N.</summary>
    [GeneratedRegex(@"第\s*\d+\s*版|^\s*\d{1,2}\s*版|\d{4}\s*年\s*\d{1,2}\s*月|星期|PAGE\s*\d|Seite\s*\d", RegexOptions.CultureInvariant)]
    private static partial Regex PageLabelPattern();

    /// <summary>
    /// What folio and date lines say: a page or issue number, 第N版, a date, 星期…, YEAR, NUMBER; any number will do,
    /// in figures or in Chinese numerals. A 日 or 期 alone is no sign: headlines say 日程 and 时期 too.
    /// </summary>
    [GeneratedRegex(@"\d|第\s*\S{1,6}\s*[版期]|[〇零一二三四五六七八九十百]\s*[年月日号號期版]|星期|PAGE|Page|Seite|YEAR|Year|NUMBER|No\.|Jahrg", RegexOptions.CultureInvariant)]
    private static partial Regex FolioPattern();
}
