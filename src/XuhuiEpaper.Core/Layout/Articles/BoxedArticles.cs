namespace XuhuiEpaper.Core.Layout;

public sealed record BoxedArticleOptions
{
    /// <summary>A box with less running text than this (characters) holds one display item: an advertisement or a framed photo.</summary>
    public int MaxDisplayText { get; init; } = 60;
}

/// <summary>A group that fills a box of its own; Display when the box holds display type rather than running text.</summary>
public sealed record BoxedGroup(Box Box, bool Display);

/// <summary>
/// A box is an article's boundary. A box of display type (an advertisement's slogan, lines, hotline and logo, or a
/// framed photo) is one item however many blocks it holds; a box of running text with one header is that header's
/// article, its stray lines included; a box with several headers (a column of briefs) keeps their articles apart.
/// </summary>
public sealed class BoxedArticles(BoxedArticleOptions options)
{
    public static BoxedArticles Instance { get; } = new(new BoxedArticleOptions());

    /// <summary>Merges groups within boxes and returns, by group root, the box each group fills on its own.</summary>
    public Dictionary<int, BoxedGroup> Merge(ElementSpace space, ElementGroups groups, PageBoxes boxes, TypeScale scale)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentNullException.ThrowIfNull(groups);
        ArgumentNullException.ThrowIfNull(boxes);
        ArgumentNullException.ThrowIfNull(scale);
        var filled = new List<(int Element, int Box, bool Display)>();
        var swallowed = new bool[boxes.Count];
        for (var b = 0; b < boxes.Count; b++)
        {
            if (swallowed[b])
            {
                continue;
            }

            var inside = space.Elements.Where(e => e.Scope >= 0 && boxes.Within(e.Scope, b)).ToList();
            if (inside.Count == 0)
            {
                continue;
            }

            var running = inside.Where(e => e.IsText).SelectMany(e => e.Blocks)
                .Where(x => x.Role is BlockRole.Body or BlockRole.Crosshead).Sum(x => x.CharacterCount);
            if (running <= options.MaxDisplayText)
            {
                foreach (var element in inside.Skip(1))
                {
                    groups.Join(element.Id, inside[0].Id);
                }

                for (var nested = b + 1; nested < boxes.Count; nested++)
                {
                    swallowed[nested] |= boxes.Within(nested, b);
                }

                filled.Add((inside[0].Id, b, true));
                continue;
            }

            var direct = inside.Where(e => e.Scope == b).ToList();
            var roots = direct.Select(e => groups.Find(e.Id)).Distinct().ToList();
            var anchored = roots.Where(r => groups.Anchor(r) is not null).ToList();
            if (anchored.Count <= 1 && roots.Count > 0)
            {
                var into = anchored.Count == 1 ? anchored[0] : roots[0];
                foreach (var root in roots)
                {
                    groups.Join(root, into);
                }

                filled.Add((into, b, false));
            }
        }

        return filled.ToDictionary(f => groups.Find(f.Element), f => new BoxedGroup(boxes[f.Box], f.Display));
    }
}
