using XuhuiEpaper.Core.Layout;

namespace XuhuiEpaper.Core.Recognition;

/// <summary>
/// Names the glyphs of fonts that carry no Unicode map by recognition: each use of a glyph (a font and the code it
/// prints, which a PDF reader turns into some meaningless character) is paired with the recognised character whose
/// centre falls in its em box, and every distinct glyph takes the character most of its uses were recognised as. All
/// its uses then print that character at the PDF's own positions, sizes and weights: a glyph misread in one place is
/// outvoted by its other uses, and the finder sees the page as the typesetter set it.
/// </summary>
public static class GlyphNaming
{
    /// <summary>The name each glyph of <paramref name="fonts"/> gets from the votes of its uses on all pages.</summary>
    public static IReadOnlyDictionary<(string Font, string Code), string> Vote(
        IEnumerable<(IReadOnlyList<Glyph> Printed, IReadOnlyList<Glyph> Recognised)> pages, IReadOnlySet<string> fonts)
    {
        ArgumentNullException.ThrowIfNull(pages);
        ArgumentNullException.ThrowIfNull(fonts);
        var votes = new Dictionary<(string, string), Dictionary<string, int>>();
        foreach (var (printed, recognised) in pages)
        {
            if (recognised.Count == 0)
            {
                continue;
            }

            var area = recognised.Skip(1).Aggregate(recognised[0].Box, (a, g) => a.Union(g.Box));
            var index = new GridIndex<Glyph>(area, 24);
            foreach (var r in recognised)
            {
                index.Add(r.Box, r);
            }

            foreach (var glyph in printed)
            {
                if (glyph.Font is not { } font || !fonts.Contains(font))
                {
                    continue;
                }

                var best = index.Query(glyph.Box)
                    .Where(r => Contains(glyph.Box, r.Box.CenterX, r.Box.CenterY))
                    .OrderBy(r => Math.Abs(r.Box.CenterX - glyph.Box.CenterX) + Math.Abs(r.Box.CenterY - glyph.Box.CenterY))
                    .FirstOrDefault();
                if (best is null)
                {
                    continue;
                }

                var key = (font, glyph.Text);
                if (!votes.TryGetValue(key, out var tally))
                {
                    votes[key] = tally = new Dictionary<string, int>(StringComparer.Ordinal);
                }

                tally[best.Text] = tally.GetValueOrDefault(best.Text) + 1;
            }
        }

        return Assign(votes);
    }

    /// <summary>
    /// A font prints each character with one glyph, so two glyphs of a font do not share a name: the strongest votes
    /// are assigned first, and a glyph whose only candidates another glyph of its font holds with more votes (a 舊 read
    /// once as 三, beside the 三 read thirty times) stays unnamed, to be left out rather than misprinted.
    /// </summary>
    private static Dictionary<(string Font, string Code), string> Assign(Dictionary<(string Font, string Code), Dictionary<string, int>> votes)
    {
        var candidates = votes
            .SelectMany(v => v.Value.Select(c => (Glyph: v.Key, Name: c.Key, Votes: c.Value, Share: (double)c.Value / v.Value.Values.Sum())))
            .OrderByDescending(c => c.Votes).ThenByDescending(c => c.Share)
            .ThenBy(c => c.Glyph.Font, StringComparer.Ordinal).ThenBy(c => c.Glyph.Code, StringComparer.Ordinal).ThenBy(c => c.Name, StringComparer.Ordinal);
        var names = new Dictionary<(string Font, string Code), string>();
        var taken = new HashSet<(string Font, string Name)>();
        foreach (var c in candidates)
        {
            if (!names.ContainsKey(c.Glyph) && taken.Add((c.Glyph.Font, c.Name)))
            {
                names[c.Glyph] = c.Name;
            }
        }

        return names;
    }

    /// <summary>
    /// The page's glyphs with those of <paramref name="fonts"/> named by <paramref name="names"/>; a glyph of those fonts
    /// that no use of which was recognised is left out (it would be garbage).
    /// </summary>
    public static IReadOnlyList<Glyph> Apply(IReadOnlyList<Glyph> printed, IReadOnlySet<string> fonts, IReadOnlyDictionary<(string Font, string Code), string> names)
    {
        ArgumentNullException.ThrowIfNull(printed);
        ArgumentNullException.ThrowIfNull(fonts);
        ArgumentNullException.ThrowIfNull(names);
        var named = new List<Glyph>(printed.Count);
        foreach (var glyph in printed)
        {
            if (glyph.Font is not { } font || !fonts.Contains(font))
            {
                named.Add(glyph);
            }
            else if (names.TryGetValue((font, glyph.Text), out var name))
            {
                named.Add(glyph with { Text = name });
            }
        }

        return named;
    }

    private static bool Contains(Box box, double x, double y) => x >= box.Left && x <= box.Right && y >= box.Top && y <= box.Bottom;
}
