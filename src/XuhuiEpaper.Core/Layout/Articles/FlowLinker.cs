namespace XuhuiEpaper.Core.Layout;

public sealed record FlowLinkerOptions
{
    /// <summary>Neighbouring columns are at most this many body sizes apart.</summary>
    public double MaxGutter { get; init; } = 3.0;
    /// <summary>A column starting at most this many body pitches under a header's band, beside it, is that header's.</summary>
    public double HeaderBandGap { get; init; } = 2.5;
    /// <summary>A photo stands at most this many body pitches above the headline of its article.</summary>
    public double PhotoAboveHeadlineGap { get; init; } = 2.5;
    /// <summary>Text of at most this many characters on its own (an OCR speck, a stray mark) joins its nearest neighbour.</summary>
    public int MaxCrumbCharacters { get; init; } = 3;
    /// <summary>Text of one flow is set in one size: sizes further apart than this ratio are other text.</summary>
    public double MaxSizeRatio { get; init; } = 1.15;
}

/// <summary>
/// Decides the article of each column that starts under a rule, a box edge or white space rather than under its
/// header or its article's text. In order: a photo right above a headline belongs to that headline's article; text
/// continues the article whose text ends at the foot of the column before (text flow: the column ends mid-sentence,
/// or no rule stands between); a column level with a neighbour that sits right under a header wider than one column
/// is that header's too. What is left starts an article without a header.
/// </summary>
public sealed class FlowLinker(FlowLinkerOptions options)
{
    public static FlowLinker Instance { get; } = new(new FlowLinkerOptions());

    public void Link(ElementSpace space, ElementGroups groups, PageInput page, TypeScale scale)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentNullException.ThrowIfNull(groups);
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(scale);
        var verticalRules = page.VerticalRules.OrderBy(r => r.CenterX).ToArray();
        var tops = OpenTops(space, groups);
        bool changed;
        do
        {
            changed = false;
            foreach (var top in tops.Where(t => groups.IsOpen(t.Id)))
            {
                var home = Overlapped(top, space, groups)
                    ?? Crumb(top, space, groups, scale)
                    ?? PhotoOverHeadline(top, space, groups, scale)
                    ?? HeaderBand(top, space, groups, verticalRules, scale)
                    ?? Predecessor(top, space, groups, verticalRules, page, scale);
                if (home is not null)
                {
                    groups.Join(top.Id, home.Id);
                    changed = true;
                }
            }
        }
        while (changed);

        foreach (var top in tops)
        {
            groups.Close(top.Id);
        }
    }

    /// <summary>The first (topmost) element of each open group: where its column starts.</summary>
    private static List<PageElement> OpenTops(ElementSpace space, ElementGroups groups)
    {
        var tops = new Dictionary<int, PageElement>();
        foreach (var element in space.Elements)
        {
            if (groups.IsOpen(element.Id))
            {
                var root = groups.Find(element.Id);
                if (!tops.TryGetValue(root, out var top) || element.Box.Top < top.Box.Top)
                {
                    tops[root] = element;
                }
            }
        }

        return tops.Values.OrderBy(e => e.Box.Top).ThenBy(e => e.Box.Left).ToList();
    }

    /// <summary>An element lying over another (OCR boxes of one column overlap) belongs with it.</summary>
    private static PageElement? Overlapped(PageElement top, ElementSpace space, ElementGroups groups)
    {
        var area = top.Box.Area;
        return space.Within(top.Box)
            .Where(e => e.Scope == top.Scope && groups.Find(e.Id) != groups.Find(top.Id))
            .Select(e => (Element: e, Shared: e.Box.Intersect(top.Box).Area))
            .Where(x => x.Shared >= 0.3 * Math.Min(area, x.Element.Box.Area))
            .OrderByDescending(x => x.Shared)
            .Select(x => x.Element)
            .FirstOrDefault();
    }

    /// <summary>A stray character or two (an OCR speck, a lone punctuation mark) belongs with the nearest element.</summary>
    private PageElement? Crumb(PageElement top, ElementSpace space, ElementGroups groups, TypeScale scale)
    {
        if (!top.IsText || top.Blocks.Sum(b => b.CharacterCount) > options.MaxCrumbCharacters)
        {
            return null;
        }

        var reach = 1.5 * scale.BodySize;
        return space.Within(top.Box.Inflate(reach))
            .Where(e => e.Scope == top.Scope && groups.Find(e.Id) != groups.Find(top.Id))
            .MinBy(e => Distance(e.Box, top.Box));
    }

    private static double Distance(Box a, Box b) =>
        Math.Max(Math.Max(0, Math.Max(a.Left - b.Right, b.Left - a.Right)), Math.Max(0, Math.Max(a.Top - b.Bottom, b.Top - a.Bottom)));

    private PageElement? PhotoOverHeadline(PageElement top, ElementSpace space, ElementGroups groups, TypeScale scale)
    {
        if (!top.IsPhoto)
        {
            return null;
        }

        // Below the photo's captions, if any, or right below the photo.
        var below = space.Below(top.Box, top.Scope, skip: e => groups.Find(e.Id) == groups.Find(top.Id));
        return below.Element is { IsHeader: true } header && !groups.Demoted.Contains(header.Id)
            && below.Gap <= options.PhotoAboveHeadlineGap * scale.BodyPitch
            && header.Box.HorizontalOverlap(top.Box) >= 0.5 * Math.Min(header.Box.Width, top.Box.Width)
            ? header
            : null;
    }

    /// <summary>The last text of the column before, when this column's text goes on from it.</summary>
    private PageElement? Predecessor(PageElement top, ElementSpace space, ElementGroups groups, Box[] verticalRules, PageInput page, TypeScale scale)
    {
        if (!top.IsText || top.Blocks[0].Role is not (BlockRole.Body or BlockRole.Crosshead))
        {
            return null;
        }

        var gutter = options.MaxGutter * scale.BodySize;
        var area = new Box(top.Box.Left - gutter, top.Box.Top, top.Box.Left + (0.5 * scale.BodySize), page.Height);
        var ends = space.Within(area)
            .Where(e => e.IsText && e.Scope == top.Scope && groups.Find(e.Id) != groups.Find(top.Id)
                && e.Box.Right >= top.Box.Left - gutter && e.Box.Right <= top.Box.Left + (0.5 * scale.BodySize)
                && e.Box.Bottom >= top.Box.Top + scale.BodyPitch && SameType(e, top))
            .Where(e => IsColumnEnd(e, space, groups, scale))
            .ToList();
        if (ends.Count == 0)
        {
            return null;
        }

        var column = ends.Max(e => e.Box.Right);
        var end = ends.Where(e => e.Box.Right >= column - scale.BodySize).MinBy(e => e.Box.Bottom)!;
        if (groups.IsOpen(end.Id))
        {
            return null; // its own article is not known yet: ask again in the next round
        }

        var ruled = Rules.Between(verticalRules, end.Box.Right, top.Box.Left, top.Box.Top, top.Box.Top + scale.BodyPitch);
        return ruled && !EndsMidSentence(end) ? null : end;
    }

    /// <summary>
    /// A column that starts right under a header's band, beside the header (a narrow or centred headline over a
    /// wide article, a byline left of a centred title, a vertical title beside its columns), with nothing above it up
    /// to the header's top and no rule between: the nearest such header's.
    /// </summary>
    private PageElement? HeaderBand(PageElement top, ElementSpace space, ElementGroups groups, Box[] verticalRules, TypeScale scale)
    {
        if (top.IsHeader)
        {
            return null;
        }

        var clearTo = top.Box.Top - space.Above(top.Box, top.Scope).Gap;
        var reach = options.HeaderBandGap * scale.BodyPitch;
        var area = new Box(0, Math.Max(0, clearTo), space.PageWidth, top.Box.Top + scale.BodyPitch);
        PageElement? best = null;
        var bestDistance = double.MaxValue;
        foreach (var candidate in space.Within(area))
        {
            if (!candidate.IsHeader || groups.Demoted.Contains(candidate.Id) || candidate.Scope != top.Scope || candidate.Box.Top < clearTo - 1)
            {
                continue;
            }

            var header = candidate.Box;
            var under = header.Bottom <= top.Box.Top + (0.5 * scale.BodyPitch) && top.Box.Top - header.Bottom <= reach;
            var beside = candidate.Header!.Vertical && top.Box.Top >= header.Top - scale.BodyPitch && top.Box.Top <= header.Top + (2 * scale.BodyPitch);
            if (!under && !beside)
            {
                continue;
            }

            var (left, right) = header.CenterX < top.Box.CenterX ? (header, top.Box) : (top.Box, header);
            var distance = Math.Max(0, right.Left - left.Right);
            if (beside && !under && distance > options.MaxGutter * scale.BodySize)
            {
                continue;
            }

            if (distance < bestDistance && !Rules.Between(verticalRules, left.Right - 1, right.Left + 1, header.Top, top.Box.Top + scale.BodyPitch))
            {
                best = candidate;
                bestDistance = distance;
            }
        }

        return best;
    }

    private bool SameType(PageElement a, PageElement b)
    {
        var sa = a.Blocks.Max(x => x.Size);
        var sb = b.Blocks.Max(x => x.Size);
        return Math.Max(sa, sb) / Math.Min(sa, sb) <= options.MaxSizeRatio;
    }

    /// <summary>Nothing of the same flow follows the element down its column.</summary>
    private static bool IsColumnEnd(PageElement element, ElementSpace space, ElementGroups groups, TypeScale scale)
    {
        var below = space.Below(element.Box, element.Scope);
        return below.Element is null || below.Element.IsHeader && !groups.Demoted.Contains(below.Element.Id)
            || groups.Find(below.Element.Id) != groups.Find(element.Id) || below.Gap > 2.2 * scale.BodyPitch;
    }

    /// <summary>The last line stops short of a sentence end: the text goes on elsewhere.</summary>
    private static bool EndsMidSentence(PageElement element)
    {
        var text = element.Blocks[^1].Lines[^1].Text.TrimEnd();
        return text.Length > 0 && !"。！？!?.…”」』\")）".Contains(text[^1], StringComparison.Ordinal);
    }
}
