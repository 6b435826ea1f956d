namespace XuhuiEpaper.Core.Layout;

public sealed record VerticalLineFinderOptions
{
    /// <summary>Only display type is set vertically: at least this many times the body size.</summary>
    public double MinSizeRatio { get; init; } = 1.3;
    /// <summary>Characters of one vertical line follow each other at most this many ems apart, baseline to baseline.</summary>
    public double MaxPitch { get; init; } = 1.6;
    /// <summary>Their centres line up within this share of an em.</summary>
    public double MaxDrift { get; init; } = 0.2;
    /// <summary>The fewest characters of a vertical line.</summary>
    public int MinLength { get; init; } = 3;
}

/// <summary>
/// Vertical headlines (竖排) reach the line builder as a stack of one-character lines. This step stacks display-size
/// CJK characters that sit one under the other, centred on one axis, into a single vertical line.
/// </summary>
public sealed class VerticalLineFinder(VerticalLineFinderOptions options)
{
    public static VerticalLineFinder Instance { get; } = new(new VerticalLineFinderOptions());

    public IReadOnlyList<TextLine> Find(IReadOnlyList<TextLine> lines, double bodySize)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var singles = lines
            .Where(l => l.Glyphs.Count == 1 && l.Size >= options.MinSizeRatio * bodySize && IsIdeograph(l.Text))
            .OrderBy(l => l.Box.Top)
            .ToList();
        if (singles.Count < options.MinLength)
        {
            return lines;
        }

        var stacks = new List<List<TextLine>>();
        var open = new List<List<TextLine>>();
        foreach (var line in singles)
        {
            var home = open.FirstOrDefault(s => Continues(s[^1], line));
            if (home is null)
            {
                open.Add([line]);
            }
            else
            {
                home.Add(line);
            }

            open.RemoveAll(s =>
            {
                if (line.Box.Top - s[^1].Box.Bottom <= options.MaxPitch * s[^1].Size)
                {
                    return false;
                }

                stacks.Add(s);
                return true;
            });
        }

        stacks.AddRange(open);
        var merged = stacks.Where(s => s.Count >= options.MinLength).ToList();
        if (merged.Count == 0)
        {
            return lines;
        }

        var used = merged.SelectMany(s => s).ToHashSet();
        return lines.Where(l => !used.Contains(l))
            .Concat(merged.Select(s => new TextLine(s.Select(l => l.Glyphs[0]).ToArray(), vertical: true)))
            .ToArray();
    }

    private bool Continues(TextLine above, TextLine below)
    {
        var size = Math.Max(above.Size, below.Size);
        return Math.Max(above.Size, below.Size) / Math.Min(above.Size, below.Size) <= 1.1
            && Math.Abs(above.Box.CenterX - below.Box.CenterX) <= options.MaxDrift * size
            && below.Box.Top - above.Box.Top > 0.5 * size
            && below.Box.Top - above.Box.Top <= options.MaxPitch * size;
    }

    private static bool IsIdeograph(string text) =>
        text.Length > 0 && (char.IsSurrogate(text[0]) || text[0] is >= '\u3400' and <= '\u9fff' or >= '\uf900' and <= '\ufaff');
}
