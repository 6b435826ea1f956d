namespace XuhuiEpaper.Core.Layout;

public sealed record OwnershipResolverOptions
{
    /// <summary>Text runs on down a column across at most this many body pitches of white space; more is a break.</summary>
    public double MaxFlowGap { get; init; } = 2.2;
    /// <summary>A photo belongs with the text above it only closer than this many pitches; further, it stands apart.</summary>
    public double PhotoFlowGap { get; init; } = 1.35;
    /// <summary>A display line this many times smaller than the title of the article it sits in is a crosshead (小标题).</summary>
    public double CrossheadRatio { get; init; } = 1.3;
    /// <summary>A crosshead is set below this many body sizes: bigger display type under text starts an article.</summary>
    public double CrossheadMaxSize { get; init; } = 1.45;
    /// <summary>The widest white space between two paragraphs of one column (a blank line), in body pitches.</summary>
    public double ParagraphGap { get; init; } = 1.5;
    /// <summary>A column whose top is within this many body pitches of a headline's top beside it starts level with it.</summary>
    public double LevelTolerance { get; init; } = 2.0;
    /// <summary>A header unit at most this many of its type sizes under a bigger header is its detached subtitle.</summary>
    public double SubtitleGap { get; init; } = 2.5;
}

/// <summary>
/// Decides, top to bottom, which article each element belongs to from what lies straight above it in its column:
/// an element under a header belongs to that header's article, an element under text of an article (within a
/// flow gap) continues it, and an element under a rule, a box edge, wide white space or nothing starts a column
/// whose article the flow linker decides. Header units are anchors, except small display lines inside the flow
/// of a bigger-titled article (crossheads) and subtitles set apart from their headline.
/// </summary>
public sealed class OwnershipResolver(OwnershipResolverOptions options)
{
    public static OwnershipResolver Instance { get; } = new(new OwnershipResolverOptions());

    public ElementGroups Resolve(ElementSpace space, PageInput page, TypeScale scale)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(scale);
        var groups = new ElementGroups(space.Elements.Count);
        var verticalRules = page.VerticalRules.OrderBy(r => r.CenterX).ToArray();
        var ruledArticles = page.HorizontalRules.Count(r => r.Width >= 8 * scale.BodySize
            && r.Top > 0.15 * page.Height && r.Bottom < 0.9 * page.Height) >= 2;
        foreach (var element in space.Elements.OrderBy(e => e.Box.Top).ThenBy(e => e.Box.Left))
        {
            if (element.IsHeader)
            {
                if (DemotedInto(element, space, groups, scale) is { } above)
                {
                    groups.Demoted.Add(element.Id);
                    groups.Join(element.Id, above.Id);
                }
                else
                {
                    groups.Anchor(element);
                }

                continue;
            }

            var neighbour = space.Above(element.Box, element.Scope);
            if (neighbour.Element is { } over && Continues(element, over, neighbour.Gap, space, verticalRules, ruledArticles, groups, scale))
            {
                groups.Join(element.Id, over.Id);
            }
            else
            {
                groups.Open(element.Id);
            }
        }

        return groups;
    }

    /// <summary>
    /// The element starts a column beside a headline level with its top (see <see cref="ElementSpace.LevelHeader"/>),
    /// and the text above does not run on into it: it belongs to that headline's article, not to the one above.
    /// </summary>
    private bool StartsBesideHeadline(PageElement element, PageElement above, double gap, ElementSpace space, Box[] verticalRules, TypeScale scale)
    {
        // Text runs on down a column across a paragraph's space, mid-paragraph: then the headline beside is another's.
        // (A column that ends mid-sentence goes on at the top of the next column, not across white space below it.)
        var flows = above.IsText && element.IsText && element.Blocks[0].Role == BlockRole.Body && !TextFlow.StartsParagraph(element)
            && gap <= options.ParagraphGap * scale.BodyPitch;
        if (flows || !element.IsText)
        {
            return false;
        }

        // A horizontal headline on the right heads the columns under and after it, not a paragraph going on beside it,
        // unless that paragraph opens an article (本报讯, a byline).
        var opens = TextFlow.OpensArticle(element);
        var header = space.LevelHeader(element, options.LevelTolerance * scale.BodyPitch, verticalRules,
            h => h.Header!.Vertical || (h.Header.TitleSize >= options.CrossheadMaxSize * scale.BodySize && (opens || h.Box.CenterX < element.Box.CenterX)));
        return header is not null && header.Box.Top >= above.Box.Bottom - 1;
    }

    private bool Continues(PageElement element, PageElement above, double gap, ElementSpace space, Box[] verticalRules, bool ruledArticles, ElementGroups groups, TypeScale scale)
    {
        if (StartsContinuation(element))
        {
            return false;
        }

        if (!above.IsHeader && StartsBesideHeadline(element, above, gap, space, verticalRules, scale))
        {
            return false;
        }

        // Where rules part the articles, white space under text does not: a photo there is the article's own.
        var limit = element.IsPhoto && !above.IsHeader && !ruledArticles ? options.PhotoFlowGap : options.MaxFlowGap;
        if (above.IsHeader && !groups.Demoted.Contains(above.Id))
        {
            return gap <= (options.MaxFlowGap * scale.BodyPitch) + above.Size;
        }

        if (gap > limit * scale.BodyPitch)
        {
            return false;
        }

        // A white band wider than a paragraph's space may part two articles (one wrapping under another's columns).
        if (element.IsText && above.IsText && gap > options.ParagraphGap * scale.BodyPitch)
        {
            groups.Parted[element.Id] = above;
            return false;
        }

        return true;
    }

    /// <summary>The continued part of an article starts with its jump line (上接第1版): a new article part.</summary>
    private static bool StartsContinuation(PageElement element) =>
        element.IsText && element.Blocks[0].Role == BlockRole.JumpLine && RoleClassifier.ParseJump(element.Blocks[0].Text) is { Forward: false };

    /// <summary>The element a header unit is text of (as a crosshead or a detached subtitle), or null for an anchor.</summary>
    private PageElement? DemotedInto(PageElement header, ElementSpace space, ElementGroups groups, TypeScale scale)
    {
        var unit = header.Header!;
        var above = space.Above(header.Box, header.Scope);
        if (above.Element is not { } over)
        {
            return null;
        }

        if (over.IsHeader && !groups.Demoted.Contains(over.Id))
        {
            // A subtitle set apart from its headline (by a byline or a little space) still belongs to it; so does a
            // crosshead-sized line at the top of a column under it.
            var subtitle = over.Header!.TitleSize > unit.TitleSize * 1.15 && unit.Kicker.Count == 0 && !unit.Vertical
                && (above.Gap <= options.SubtitleGap * unit.TitleSize
                    || (unit.TitleSize < options.CrossheadMaxSize * scale.BodySize && over.Header.TitleSize >= options.CrossheadRatio * unit.TitleSize
                        && above.Gap <= (options.MaxFlowGap * scale.BodyPitch) + over.Size));
            return subtitle ? over : null;
        }

        if (unit.Vertical || unit.Kicker.Count > 0 || unit.Subtitle.Count > 0 || unit.Title.Sum(b => b.Lines.Count) > 2
            || above.Gap > options.MaxFlowGap * scale.BodyPitch || !(over.IsText || over.IsPhoto || groups.Demoted.Contains(over.Id)))
        {
            return null;
        }

        // A crosshead sits in a column of text, with text below it too, no wider than that column.
        var below = space.Below(header.Box, header.Scope);
        if (below.Element is not { IsText: true } under || below.Gap > options.MaxFlowGap * scale.BodyPitch
            || header.Box.Width > 1.2 * Math.Max(over.Box.Width, under.Box.Width))
        {
            return null;
        }

        // Crossheads are set near body size; a smaller headline of a brief under another article's text is not one.
        var owner = groups.Anchor(over.Id);
        var crosshead = unit.TitleSize < options.CrossheadMaxSize * scale.BodySize
            && (owner?.Header is not { } title || title.TitleSize >= options.CrossheadRatio * unit.TitleSize);
        return crosshead ? over : null;
    }
}
