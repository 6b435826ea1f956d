using XuhuiEpaper.Samples.Families.Planning;
using XuhuiEpaper.Samples.Families.Style;
using XuhuiEpaper.Samples.Families.Text;
using XuhuiEpaper.Samples.Layout;

namespace XuhuiEpaper.Samples.Families.Composition;

/// <summary>The census entries of an article: which headline, kicker, photo, byline and shape habits it shows.</summary>
public static class ArticleFeatures
{
    /// <summary>Records what the drawn article shows.</summary>
    public static void Note(ItemDraft draft, ArticleDesign design, PlannedItem plan, int crossheadCount, float headerWidth)
    {
        var features = draft.Features;
        if (design.Header is { } header)
        {
            features.Add(header.Centre ? LayoutFeature.CentredHeadline : LayoutFeature.LeftHeadline);
            if (HeaderSetter.TitleLines(header.Title, header.TitleSize, headerWidth).Count > 1)
            {
                features.Add(LayoutFeature.MultiLineHeadline);
            }

            features.UnionWith(header.Kicker?.Look switch
            {
                KickerLook.Boxed => [LayoutFeature.BoxedKicker],
                KickerLook.Band => [LayoutFeature.TintedKicker],
                KickerLook.Plain when header.Kicker.Text.Contains(IssueText.PhraseSpace) => [LayoutFeature.TwoPhraseKicker],
                KickerLook.Plain => [LayoutFeature.PlainKicker],
                _ => [],
            });
            features.UnionWith(header.Subtitle switch
            {
                null => [],
                var s when s.StartsWith("——", StringComparison.Ordinal) => [LayoutFeature.Subtitle, LayoutFeature.DashedSubtitle],
                _ => [LayoutFeature.Subtitle],
            });
        }

        var flags = new (bool On, LayoutFeature Feature)[]
        {
            ((design.Header?.TitleColor ?? design.Vertical?.Color) == Ink.Red, LayoutFeature.RedHeadline),
            (draft.Title.Contains(IssueText.PhraseSpace), LayoutFeature.PhraseSpaceHeadline),
            (draft.Ops.OfType<GlyphOp>().Any(g => g.Character == IssueText.PhraseSpace), LayoutFeature.PhraseSpaceGlyph),
            (design.Vertical is not null, LayoutFeature.VerticalHeadline),
            (design.HeaderCols < plan.First.Cols, LayoutFeature.HeadlineOverSomeColumns),
            (design.PhotoAbove is not null, LayoutFeature.PhotoAboveHeadline),
            (design.PhotoBeside is not null, LayoutFeature.PhotoBesideHeadline),
            (design.BodyPhoto is not null, LayoutFeature.PhotoInBody),
            (design.BandPhoto is not null, LayoutFeature.PhotoBetweenBands),
            (crossheadCount > 0, LayoutFeature.Crosshead),
            (draft.Byline is not null && draft.Byline == design.BylineTop, LayoutFeature.BylineTop),
            (draft.Byline is not null && draft.Byline == design.BylineEnd, LayoutFeature.BylineEnd),
            (plan.RuleBetweenBlocks, LayoutFeature.ArticleAcrossRule),
            (!plan.RuleBetweenBlocks && plan.Blocks.Count == 2, LayoutFeature.LShapedArticle),
            (plan.Blocks.Count >= 3, LayoutFeature.SteppedArticle),
            (draft.ContinuedFrom is null && draft.ContinuationMarker is not null, LayoutFeature.JumpOut),
            (draft.ContinuedFrom is not null, LayoutFeature.JumpIn),
            (plan.Role == ArticleRole.Brief, LayoutFeature.Briefs),
        };
        features.UnionWith(flags.Where(f => f.On).Select(f => f.Feature));
    }
}
