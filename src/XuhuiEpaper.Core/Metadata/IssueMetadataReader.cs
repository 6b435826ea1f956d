using System.Globalization;
using System.Text.RegularExpressions;
using XuhuiEpaper.Core.Layout;

namespace XuhuiEpaper.Core.Metadata;

/// <summary>What the masthead and issue line of a front page say.</summary>
public sealed record IssueMetadata(string? Paper, DateOnly? Date, int? Number, int? TotalNumber);

/// <summary>What a page header says: 版次 (e.g. 第2版) and 版名 (e.g. 綜合).</summary>
public sealed record PageHeading(int? PageNumber, string? Label, string? Name);

/// <summary>
/// Reads issue metadata from the top of a front page and 版次/版名 from page headers. Works on text
/// already NFKC-normalized, so full-width digits arrive as ASCII.
/// </summary>
public static partial class IssueMetadataReader
{
    /// <summary>The share of the page height, from the top, where mastheads and headers are printed.</summary>
    public const double HeaderBand = 0.22;

    public static IssueMetadata ReadFrontPage(PageInput page, IReadOnlyList<TextLine> lines)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(lines);
        var top = lines.Where(l => l.Box.Bottom <= page.Height * HeaderBand).ToArray();
        var text = string.Join('\n', top.OrderBy(l => l.Box.Top).ThenBy(l => l.Box.Left).Select(l => l.Text));
        var (date, number, total) = ParseIssueLine(text);

        // The masthead is the biggest type at the top of the front page: the words on its baseline, left to right.
        var biggest = top.Where(l => l.Text.Count(char.IsLetter) >= 2).MaxBy(l => l.Size);
        string? paper = null;
        if (biggest is not null)
        {
            var words = top.Where(l => l.Size >= 0.8 * biggest.Size && l.Box.VerticalOverlap(biggest.Box) > 0.5 * biggest.Box.Height).OrderBy(l => l.Box.Left);
            var name = string.Join(' ', words.Select(l => l.Text.Trim()));
            paper = IsPlausibleName(name) ? (name.Any(IsIdeograph) ? new string(name.Where(c => !char.IsWhiteSpace(c)).ToArray()) : name) : null;
        }

        return new IssueMetadata(paper, date, number, total);
    }

    /// <summary>
    /// Does the text read like a paper's name, rather than OCR noise from a blackletter masthead (®mttt§)? Chinese
    /// names are ideographs; Latin ones letters (with spaces, dots, hyphens, apostrophes) with vowels in their words.
    /// </summary>
    public static bool IsPlausibleName(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var ink = text.Where(c => !char.IsWhiteSpace(c)).ToArray();
        if (ink.Length < 2 || ink.Length > 40)
        {
            return false;
        }

        if (ink.Count(IsIdeograph) >= 2)
        {
            return ink.Count(IsIdeograph) >= 0.7 * ink.Length;
        }

        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(w => w.Trim('.', ',', '\'', '-')).Where(w => w.Length > 0).ToArray();
        return ink.All(c => char.IsLetter(c) || c is '.' or '-' or '\'' or ',' or '&')
            && words.All(w => w.All(char.IsLetter) && (w.Length <= 2 || w.Any(c => "aeiouyAEIOUYäöüÄÖÜéèÉ".Contains(c, StringComparison.Ordinal))))
            && ink.Distinct().Count() >= Math.Min(3, ink.Length);
    }

    private static bool IsIdeograph(char c) => c is >= '\u3400' and <= '\u9fff' or >= '\uf900' and <= '\ufaff';

    public static (DateOnly? Date, int? Number, int? TotalNumber) ParseIssueLine(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        DateOnly? date = null;
        var d = DatePattern().Match(text);
        if (d.Success && DateOnly.TryParseExact(
                $"{d.Groups[1].Value}-{int.Parse(d.Groups[2].Value, CultureInfo.InvariantCulture):00}-{int.Parse(d.Groups[3].Value, CultureInfo.InvariantCulture):00}",
                "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
        {
            date = parsed;
        }

        var total = TotalPattern().Match(text);
        var number = NumberPattern().Match(text);
        return (date,
            number.Success ? int.Parse(number.Groups[1].Value, CultureInfo.InvariantCulture) : null,
            total.Success ? int.Parse(total.Groups[1].Value, CultureInfo.InvariantCulture) : null);
    }

    /// <summary>Finds the 版次 and 版名 in the header band of a page.</summary>
    public static PageHeading ReadPageHeading(PageInput page, IReadOnlyList<TextLine> lines)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(lines);
        foreach (var line in lines.Where(l => l.Box.Bottom <= page.Height * HeaderBand).OrderBy(l => l.Box.Top))
        {
            var heading = ParsePageHeading(line.Text);
            if (heading.Label is not null)
            {
                if (heading.Name is null)
                {
                    // The name is often set apart from the label: take the nearest short line on the same band.
                    var neighbour = lines
                        .Where(l => l != line && l.Box.VerticalOverlap(line.Box) > 0 && Math.Abs(l.Box.CenterY - line.Box.CenterY) < line.Size)
                        .Select(l => l.Text.Trim())
                        .FirstOrDefault(t => t.Length is >= 2 and <= 6 && t.All(c => char.IsLetter(c) && !char.IsAscii(c)));
                    heading = heading with { Name = neighbour };
                }

                return heading;
            }
        }

        return new PageHeading(null, null, null);
    }

    public static PageHeading ParsePageHeading(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var m = LabelPattern().Match(text);
        if (!m.Success)
        {
            return new PageHeading(null, null, null);
        }

        var n = int.Parse(m.Groups["n"].Value, CultureInfo.InvariantCulture);
        var name = NamePattern().Match(text[(m.Index + m.Length)..]);
        return new PageHeading(n, $"第{n}版", name.Success ? name.Groups[1].Value : null);
    }

    [GeneratedRegex(@"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")]
    private static partial Regex DatePattern();

    [GeneratedRegex(@"[總总]\s*第\s*(\d+)\s*期")]
    private static partial Regex TotalPattern();

    [GeneratedRegex(@"(?<![總总]\s*)第\s*(\d+)\s*期")]
    private static partial Regex NumberPattern();

    [GeneratedRegex(@"第\s*(?<n>\d{1,2})\s*版|(?<![\d年月日期])(?<n>\d{1,2})\s*版(?![權权])")]
    private static partial Regex LabelPattern();

    /// <summary>The 版名: a short run of CJK letters after the label, before a date or separator.</summary>
    [GeneratedRegex(@"^[\s:：·/|]*([\p{IsCJKUnifiedIdeographs}]{2,6})")]
    private static partial Regex NamePattern();
}
