namespace XuhuiEpaper.Core.Layout;

public sealed record FlowLinkerOptions
{
    /// <summary>Neighbouring columns are at most this many body sizes apart.</summary>
    public double MaxGutter { get; init; } = 3.0;
    /// <summary>A column whose top is within this many body pitches of a headline's top beside it starts level with it.</summary>
    public double LevelTolerance { get; init; } = 2.0;
    /// <summary>A column starting at most this many body pitches under a header's band, beside it, is that header's.</summary>
    public double HeaderBandGap { get; init; } = 2.5;
    /// <summary>A photo stands at most this many body pitches above the headline of its article.</summary>
    public double PhotoAboveHeadlineGap { get; init; } = 2.5;
    /// <summary>
    /// ...and the white space from the photo (with its caption) to the first ink of the header (its kicker band, if
    /// any) is at most this many body pitches: tighter than the space between two articles, so a photo standing on its
    /// own above another article's headline stays on its own.
    /// </summary>
    public double PhotoAboveHeadlineInkGap { get; init; } = 1.2;
    /// <summary>Text of at most this many characters on its own (an OCR speck, a stray mark) joins its nearest neighbour.</summary>
    public int MaxCrumbCharacters { get; init; } = 3;
    /// <summary>Text of at most this many characters, with no header and no photo, is a scrap of another article.</summary>
    public int MaxStrayCharacters { get; init; } = 40;
    /// <summary>Text runs on down a column across at most this many body pitches of white space.</summary>
    public double MaxFlowGap { get; init; } = 2.2;
    /// <summary>Text of one flow is set in one size: sizes further apart than this ratio are other text.</summary>
    public double MaxSizeRatio { get; init; } = 1.15;
    /// <summary>A crosshead opening a column stands at most this many body pitches under its section's text above.</summary>
    public double CrossheadGap { get; init; } = 4.0;
    /// <summary>A crosshead is set below this many body sizes (as in <see cref="OwnershipResolverOptions"/>).</summary>
    public double CrossheadMaxSize { get; init; } = 1.45;
    /// <summary>A crosshead's article has a title at least this many times its size.</summary>
    public double CrossheadRatio { get; init; } = 1.3;
}

/// <summary>
/// Decides the article of each column that starts under a rule, a box edge or white space rather than under its
/// header or its article's text. In order: a photo right above a headline (tighter than two articles) belongs to that
/// headline's article; a column that opens an article's text (本报讯, a byline, 上接…) goes on from no column and takes
/// the headline level with it on its right; text continues the article whose text ends at the foot of the column
/// before (text flow: the column ends mid-sentence, or no rule stands between), beside a vertical title too; a column
/// level with a neighbour that sits right under a header wider than one column is that header's too; a column starting
/// mid-sentence beside a photo goes on from the foot of the column to its left. What is left starts an article
/// without a header.
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
        // Where the paper rules every gutter, inside articles too, a vertical rule says nothing about articles.
        var verticalRules = RulesEveryGutter(space, page, scale) ? [] : page.VerticalRules.OrderBy(r => r.CenterX).ToArray();
        DemoteColumnTopCrossheads(space, groups, verticalRules, scale);
        var tops = OpenTops(space, groups);
        bool changed;
        do
        {
            changed = false;
            foreach (var top in tops.Where(t => groups.IsOpen(t.Id)))
            {
                var home = Overlapped(top, space, groups)
                    ?? Crumb(top, space, groups, scale)
                    ?? PhotoOverHeadline(top, space, groups, page, scale)
                    ?? Column(top, space, groups, verticalRules, page, scale);
                // Joined into another open group, a top is still open: it has found its home when that group does.
                if (home is not null && groups.Find(home.Id) != groups.Find(top.Id))
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

        JoinHeadlessRuns(space, groups, page, scale);
        JoinStrays(space, groups, scale);
    }

    /// <summary>
    /// A scrap of text left on its own (a line or two with no header and no photo: the end of a column cut off by an
    /// ornament, a note) is not an article: it belongs with the text right above it, or else the nearest.
    /// </summary>
    private void JoinStrays(ElementSpace space, ElementGroups groups, TypeScale scale)
    {
        foreach (var group in groups.Groups().ToList())
        {
            var members = group.Select(id => space[id]).ToList();
            if (groups.Anchor(group.Key) is not null || members.Any(m => !m.IsText)
                || members.Sum(m => m.Blocks.Sum(b => b.CharacterCount)) > options.MaxStrayCharacters)
            {
                continue;
            }

            var first = members.MinBy(m => m.Box.Top)!;
            var above = space.Above(first.Box, first.Scope);
            var home = above.Element is { } over && above.Gap <= options.MaxFlowGap * scale.BodyPitch && groups.Find(over.Id) != groups.Find(first.Id)
                ? over
                : space.Within(first.Box.Inflate(options.MaxGutter * scale.BodySize))
                    .Where(e => e.Scope == first.Scope && groups.Find(e.Id) != groups.Find(first.Id))
                    .MinBy(e => HorizontalDistance(e.Box, first.Box) + Math.Max(0, Math.Max(e.Box.Top - first.Box.Bottom, first.Box.Top - e.Box.Bottom)));
            if (home is not null)
            {
                groups.Join(first.Id, home.Id);
            }
        }
    }

    /// <summary>
    /// Does the page rule every column gutter, inside articles too? Then some vertical rule starts right under a header
    /// or photo that spans it: the columns under one headline are ruled apart.
    /// </summary>
    private static bool RulesEveryGutter(ElementSpace space, PageInput page, TypeScale scale)
    {
        foreach (var rule in page.VerticalRules)
        {
            var above = new Box(rule.CenterX - 1, rule.Top - (4 * scale.BodyPitch), rule.CenterX + 1, rule.Top + 1);
            if (space.Within(above).Any(e => (e.IsPhoto || (e.IsHeader && !e.Header!.Vertical))
                    && e.Box.Left < rule.CenterX - scale.BodySize && e.Box.Right > rule.CenterX + scale.BodySize
                    && e.Box.Bottom <= rule.Top + scale.BodyPitch
                    && !page.HorizontalRules.Any(h => h.CenterY > e.Box.Bottom && h.CenterY < rule.Top + 1 && h.Left <= rule.CenterX && h.Right >= rule.CenterX)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// A crosshead may open a column of an article whose headline covers only its first columns: a line of near body
    /// size at a column top, right under the band of a headline much bigger than it, with no rule between, goes on
    /// that headline's article rather than anchoring one (a brief's own headline is set bigger).
    /// </summary>
    private void DemoteColumnTopCrossheads(ElementSpace space, ElementGroups groups, Box[] verticalRules, TypeScale scale)
    {
        foreach (var element in space.Elements.Where(e => e.IsHeader && groups.Anchor(e.Id) == e).OrderBy(e => e.Box.Top))
        {
            var unit = element.Header!;
            if (unit.Vertical || unit.Kicker.Count > 0 || unit.Subtitle.Count > 0 || unit.Title.Sum(b => b.Lines.Count) > 1
                || unit.TitleSize >= options.CrossheadMaxSize * scale.BodySize
                || space.Below(element.Box, element.Scope) is not { Element: { IsText: true } under } below
                || below.Gap > options.MaxFlowGap * scale.BodyPitch || element.Box.Width > 1.2 * under.Box.Width)
            {
                continue;
            }

            if (HeaderBand(element, space, groups, verticalRules, scale) is { } header && header != element
                && header.Header!.TitleSize >= options.CrossheadRatio * unit.TitleSize && !header.Header.Vertical)
            {
                groups.Demoted.Add(element.Id);
                groups.Join(element.Id, header.Id);
            }
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
        if (!top.IsText || top.Blocks.Sum(b => b.CharacterCount) > options.MaxCrumbCharacters
            || space.Elements.Count(e => groups.Find(e.Id) == groups.Find(top.Id)) > 1)
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

    /// <summary>
    /// White space from <paramref name="from"/> down to the first ink over <paramref name="header"/>: its own top, or a
    /// kicker band or label printed above it.
    /// </summary>
    private static double InkGap(double from, Box header, PageInput page, ElementSpace space)
    {
        var gap = new Box(header.Left, from, header.Right, header.Top);
        var ink = page.Frames.Where(f => f.Top >= from - 0.5 && f.Top < header.Top && f.Bottom <= header.Bottom + 1 && f.HorizontalOverlap(gap) > 0).Select(f => f.Top)
            .Concat(space.Within(gap).Where(e => e.IsText && e.Box.Top >= from - 0.5 && e.Box.Bottom <= header.Top + 1 && e.Box.HorizontalOverlap(gap) > 0).Select(e => e.Box.Top))
            .DefaultIfEmpty(header.Top).Min();
        // A rule printed across the gap parts two items: nothing of the photo runs on over it.
        return page.HorizontalRules.Any(r => r.CenterY > from && r.CenterY < header.Top && r.HorizontalOverlap(gap) >= 0.5 * gap.Width)
            ? double.MaxValue
            : Math.Max(0, ink - from);
    }

    private PageElement? PhotoOverHeadline(PageElement top, ElementSpace space, ElementGroups groups, PageInput page, TypeScale scale)
    {
        if (!top.IsPhoto)
        {
            return null;
        }

        // Below the photo's captions, if any, or right below the photo.
        var below = space.Below(top.Box, top.Scope, skip: e => groups.Find(e.Id) == groups.Find(top.Id));
        return below.Element is { IsHeader: true } header && !groups.Demoted.Contains(header.Id)
            && below.Gap <= options.PhotoAboveHeadlineGap * scale.BodyPitch
            && InkGap(top.Box.Bottom, header.Box, page, space) <= options.PhotoAboveHeadlineInkGap * scale.BodyPitch
            && header.Box.HorizontalOverlap(top.Box) >= 0.5 * Math.Min(header.Box.Width, top.Box.Width)
            ? header
            : null;
    }

    /// <summary>The last text of the column before, when this column's text goes on from it.</summary>
    /// <summary>
    /// Where a column top goes: on from the column before when the text says so (that column ends mid-sentence, or
    /// this one starts mid-paragraph), else to the headline it stands under or beside, else on from the column before.
    /// </summary>
    private PageElement? Column(PageElement top, ElementSpace space, ElementGroups groups, Box[] verticalRules, PageInput page, TypeScale scale)
    {
        // A vertical title beside the columns is the strongest sign; then the text; then a headline level or above.
        // A column before that closes its article (a byline in brackets at its foot) is not gone on from, nor is
        // the headline of that article taken for this column's.
        var before = Predecessor(top, space, groups, verticalRules, page, scale);
        var ended = before is not null && TextFlow.EndsArticle(before) ? groups.Find(before.Id) : -1;
        // A column that opens an article's text goes on from no column before it.
        var opens = TextFlow.OpensArticle(top);
        if (opens)
        {
            before = null;
        }

        var level = LevelHeadline(top, space, groups, verticalRules, scale, h => groups.Find(h.Id) != ended);
        if (ended >= 0)
        {
            before = null;
        }

        // A column that opens an article's text (a dateline, a byline, 上接…) is not the run-on of a headline on its
        // left whose own text opened under it already: it is the first column of the level headline on its right.
        if (opens && IsHorizontalOnLeft(level, top))
        {
            level = LevelHeadline(top, space, groups, verticalRules, scale, h => groups.Find(h.Id) != ended && h.Box.Left > top.Box.Left) ?? level;
        }

        // A vertical title beside a column does not take it from a horizontal headline standing over it.
        if (level?.Header is { Vertical: true } && (top.IsHeader ? null : HeaderBand(top, space, groups, verticalRules, scale)) is { } headerOver
            && !headerOver.Header!.Vertical && HorizontalDistance(headerOver.Box, top.Box) <= options.MaxGutter * scale.BodySize)
        {
            return headerOver;
        }

        // A photo at the top of columns, text running on right under it, belongs where that text comes from (the column
        // before it), even beside a vertical title: the title reads its columns on its other side. A photo with white
        // space under it (at the foot of a band) is not the top of the columns below.
        if (top.IsPhoto && TextRunsUnder(top, space, groups, scale) && TextUnder(top, space, groups).Select(e => Predecessor(e, space, groups, verticalRules, page, scale) is { } from
                && TextFlow.Continues(from, e) ? from : null).FirstOrDefault(f => f is not null) is { } flowing)
        {
            return flowing;
        }

        // Text that starts mid-paragraph goes on from the column before, whatever title stands beside it.
        if (level?.Header is { Vertical: true } && before is not null && !TextFlow.StartsParagraph(top))
        {
            return before;
        }

        if (level?.Header is { Vertical: true })
        {
            return level;
        }

        // Text right under a byline line (记者 …) that stands on its own is that byline's article's text.
        if (top.IsText && space.Above(top.Box, top.Scope) is { Element: { IsText: true } bylineAbove } aboveTop
            && aboveTop.Gap <= options.MaxFlowGap * scale.BodyPitch && bylineAbove.Blocks.Sum(b => b.Lines.Count) == 1
            && TextFlow.OpensArticle(bylineAbove) && bylineAbove.Box.HorizontalOverlap(top.Box) > 0)
        {
            return bylineAbove;
        }

        if (groups.Parted.TryGetValue(top.Id, out var over))
        {
            // Parted from the text above only by white space (where a paragraph may end as well): it goes on from the
            // column before only if that column breaks off mid-sentence, else from the text above.
            return before is not null && TextFlow.EndsMidSentence(before) && TextFlow.Continues(before, top) ? before : over;
        }

        // A column that opens with a crosshead or a paragraph goes on from the text right above it in its column.
        if (SectionAbove(top, space, page, scale) is { } section)
        {
            return section;
        }

        if (before is not null && TextFlow.Continues(before, top))
        {
            return before;
        }

        // Of a headline level with the top and one whose band it starts under, the nearer (one over part of it is nearest).
        var band = top.IsHeader ? null : HeaderBand(top, space, groups, verticalRules, scale);
        // A photo beside a vertical title is its article's only when a column of text runs on under it.
        if (top.IsPhoto && band?.Header is { Vertical: true } && !TextRunsUnder(top, space, groups, scale))
        {
            band = null;
        }

        if (opens && IsHorizontalOnLeft(band, top))
        {
            band = HeaderBand(top, space, groups, verticalRules, scale, h => h.Box.Left > top.Box.Left) ?? band;
        }

        if (level is null || band is null)
        {
            return level ?? band ?? before ?? RunOnFromBeside(top, space, groups, scale);
        }

        return HorizontalDistance(band.Box, top.Box) <= HorizontalDistance(level.Box, top.Box) ? band : level;
    }

    /// <summary>
    /// The text right above a column that opens a paragraph or a section (a crosshead), in the same column and type,
    /// with no rule between: a paragraph right under text at a paragraph's spacing goes on from it, even level with a
    /// headline on its left; a crosshead is set with more space above it than a paragraph, less than two articles.
    /// </summary>
    private PageElement? SectionAbove(PageElement top, ElementSpace space, PageInput page, TypeScale scale)
    {
        var crosshead = TextFlow.OpensWithCrosshead(top);
        if (!(crosshead || (top.IsText && top.Blocks[0].Role == BlockRole.Body && TextFlow.StartsParagraph(top))) || TextFlow.OpensArticle(top)
            || space.Above(top.Box, top.Scope) is not { Element: { IsText: true } above } over
            || over.Gap > (crosshead ? options.CrossheadGap : options.MaxFlowGap) * scale.BodyPitch
            || above.Box.HorizontalOverlap(top.Box) < 0.8 * Math.Min(above.Box.Width, top.Box.Width) || !SameType(above, top))
        {
            return null;
        }

        return page.HorizontalRules.Any(r => r.CenterY > above.Box.Bottom && r.CenterY < top.Box.Top && r.HorizontalOverlap(top.Box) > 0.5 * top.Box.Width)
            ? null
            : above;
    }

    private static bool IsHorizontalOnLeft(PageElement? header, PageElement top) =>
        header is not null && !header.Header!.Vertical && header.Box.CenterX < top.Box.CenterX;

    /// <summary>
    /// A column that starts mid-sentence at the top of a band, beside a photo or a header of the column before rather
    /// than beside its text, goes on from that column's foot when the foot breaks off mid-sentence: the foot of the
    /// column to its left, lowest within the height of this column.
    /// </summary>
    private PageElement? RunOnFromBeside(PageElement top, ElementSpace space, ElementGroups groups, TypeScale scale)
    {
        if (!top.IsText || TextFlow.StartsParagraph(top) || top.Blocks[0].Role != BlockRole.Body)
        {
            return null;
        }

        var own = groups.Find(top.Id);
        var bottom = space.Elements.Where(e => groups.Find(e.Id) == own && e.Box.HorizontalOverlap(top.Box) > 0).Max(e => e.Box.Bottom);
        var gutter = options.MaxGutter * scale.BodySize;
        var stack = new Box(top.Box.Left - gutter - (0.5 * space.PageWidth), top.Box.Top, top.Box.Left + (0.5 * scale.BodySize), bottom + scale.BodyPitch);
        var foot = space.Within(stack)
            .Where(e => e.IsText && e.Scope == top.Scope && groups.Find(e.Id) != own && e.Box.Right >= top.Box.Left - gutter
                && e.Box.Right <= top.Box.Left + (0.5 * scale.BodySize) && e.Box.Bottom > top.Box.Top && e.Box.Bottom <= bottom + scale.BodyPitch
                && SameType(e, top))
            .MaxBy(e => e.Box.Bottom);
        // Across a rule too: text that breaks off mid-sentence and text that starts mid-sentence are one.
        return foot is not null && TextFlow.EndsMidSentence(foot) ? foot : null;
    }

    /// <summary>The text elements of the element's own group right under it: the columns it stands at the top of.</summary>
    private static IEnumerable<PageElement> TextUnder(PageElement top, ElementSpace space, ElementGroups groups) =>
        space.Within(new Box(top.Box.Left, top.Box.Bottom, top.Box.Right, top.Box.Bottom + (4 * top.Box.Height)))
            .Where(e => e.IsText && groups.Find(e.Id) == groups.Find(top.Id) && space.Above(e.Box, e.Scope).Element == top)
            .OrderBy(e => e.Box.Left);

    private PageElement? Predecessor(PageElement top, ElementSpace space, ElementGroups groups, Box[] verticalRules, PageInput page, TypeScale scale)
    {
        // The column before may not know its article yet either: the two are one, whatever that article turns out to be.
        if (ColumnEndBefore(top, space, groups, page, scale) is not { } end)
        {
            return null;
        }

        var ruled = Rules.Between(verticalRules, end.Box.Right, top.Box.Left, top.Box.Top, top.Box.Top + scale.BodyPitch);
        return ruled && !TextFlow.Continues(end, top) ? null : end;
    }

    /// <summary>
    /// The foot of the column before <paramref name="top"/>: the text element, of the same type, that ends the column
    /// stack to its left which reaches below its top (the first such end under its top, in the nearest column).
    /// </summary>
    private PageElement? ColumnEndBefore(PageElement top, ElementSpace space, ElementGroups groups, PageInput page, TypeScale scale)
    {
        if (!top.IsText || top.Blocks[0].Role is not (BlockRole.Body or BlockRole.Crosshead))
        {
            return null;
        }

        // The column to the left, from its first text beside this column (level with its top, or lower, under that
        // column's headline); then down that column as long as its text runs on.
        var gutter = options.MaxGutter * scale.BodySize;
        var level = new Box(top.Box.Left - gutter, top.Box.Top, top.Box.Left + (0.5 * scale.BodySize), Math.Max(top.Box.Bottom, top.Box.Top + (2 * scale.BodyPitch)));
        var beside = space.Within(level)
            .Where(e => e.IsText && e.Scope == top.Scope && groups.Find(e.Id) != groups.Find(top.Id)
                && e.Box.Right >= level.Left && e.Box.Right <= level.Right && e.Box.Bottom >= top.Box.Top && SameType(e, top))
            .ToList();
        if (beside.Count == 0)
        {
            return null;
        }

        var column = beside.Max(e => e.Box.Right);
        var end = beside.Where(e => e.Box.Right >= column - scale.BodySize).MinBy(e => e.Box.Top)!;
        // Crossheads are part of the run; a headline ends it.
        // The run stays within the article the column above belongs to: a column top after a break is another's.
        while (space.Below(end.Box, end.Scope) is { Element: { } next } below && (next.IsText || groups.Demoted.Contains(next.Id))
            && groups.Find(next.Id) == groups.Find(end.Id)
            && below.Gap <= options.MaxFlowGap * scale.BodyPitch && next.Box.Right <= top.Box.Left + (0.5 * scale.BodySize))
        {
            if (next.IsText && SameType(next, end))
            {
                end = next;
            }
            else if (!groups.Demoted.Contains(next.Id))
            {
                break;
            }

            var after = space.Below(next.Box, next.Scope);
            if (!next.IsText && after.Element is { IsText: true } resumed && after.Gap <= options.MaxFlowGap * scale.BodyPitch)
            {
                end = resumed;
            }
            else if (!next.IsText)
            {
                break;
            }
        }

        return end.Box.Bottom >= top.Box.Top + scale.BodyPitch ? end : null;
    }

    /// <summary>
    /// An article without a header whose text runs into a column of an article with one (its columns set under a
    /// vertical title on their right, or under a headline that covers only the last ones) is that article's beginning.
    /// </summary>
    private void JoinHeadlessRuns(ElementSpace space, ElementGroups groups, PageInput page, TypeScale scale)
    {
        foreach (var top in space.Elements.Where(e => e.IsText && groups.Anchor(e.Id) is not null).OrderBy(e => e.Box.Left))
        {
            var above = space.Above(top.Box, top.Scope).Element;
            if (above is not null && groups.Find(above.Id) == groups.Find(top.Id))
            {
                continue; // not the top of its column
            }

            if (ColumnEndBefore(top, space, groups, page, scale) is { } end && groups.Anchor(end.Id) is null && TextFlow.Continues(end, top))
            {
                groups.Join(end.Id, top.Id);
            }
        }
    }

    /// <summary>
    /// Beside a headline level with this column's top (a vertical title, or a headline over only the first columns); a
    /// photo there belongs to the headline when text of a column runs on under it (a photo printed on its own stands
    /// with its caption alone).
    /// </summary>
    private PageElement? LevelHeadline(PageElement top, ElementSpace space, ElementGroups groups, Box[] verticalRules, TypeScale scale, Func<PageElement, bool>? allowed = null)
    {
        var column = top.IsText || (top.IsPhoto && TextRunsUnder(top, space, groups, scale));
        return column ? space.LevelHeader(top, options.LevelTolerance * scale.BodyPitch, verticalRules, h => !groups.Demoted.Contains(h.Id) && (allowed?.Invoke(h) ?? true)) : null;
    }

    /// <summary>Text of a column runs on under the photo: it stands at the top of a column, not on its own.</summary>
    private bool TextRunsUnder(PageElement photo, ElementSpace space, ElementGroups groups, TypeScale scale) =>
        space.Below(photo.Box, photo.Scope) is { Element: { } below } textBelow
            && (below.IsText || groups.Demoted.Contains(below.Id)) && textBelow.Gap <= options.PhotoAboveHeadlineInkGap * scale.BodyPitch;

    /// <summary>
    /// A column that starts right under a header's band, beside the header (a narrow or centred headline over a
    /// wide article, a byline left of a centred title, a vertical title beside its columns), with nothing above it up
    /// to the header's top and no rule between: the nearest such header's.
    /// </summary>
    private PageElement? HeaderBand(PageElement top, ElementSpace space, ElementGroups groups, Box[] verticalRules, TypeScale scale, Func<PageElement, bool>? allowed = null)
    {
        var clearTo = top.Box.Top - space.Above(top.Box, top.Scope).Gap;
        var reach = options.HeaderBandGap * scale.BodyPitch;
        var area = new Box(0, Math.Max(0, clearTo), space.PageWidth, top.Box.Top + scale.BodyPitch);
        PageElement? best = null;
        var bestDistance = double.MaxValue;
        foreach (var candidate in space.Within(area))
        {
            if (!candidate.IsHeader || groups.Demoted.Contains(candidate.Id) || candidate.Scope != top.Scope || candidate.Box.Top < clearTo - 1
                || (allowed is not null && !allowed(candidate)))
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

    private static double HorizontalDistance(Box a, Box b) => Math.Max(0, Math.Max(a.Left - b.Right, b.Left - a.Right));

    private bool SameType(PageElement a, PageElement b)
    {
        var sa = a.Blocks.Max(x => x.Size);
        var sb = b.Blocks.Max(x => x.Size);
        return Math.Max(sa, sb) / Math.Min(sa, sb) <= options.MaxSizeRatio;
    }
}
