namespace XuhuiEpaper.Samples.Families.Style;

/// <summary>
/// The eight house styles. Seed s uses family (s - 1) mod 8, so any 40 consecutive seeds hold each family five
/// times; every habit (format, rules, paragraphs, headline space, furniture) is shared by at least two families.
/// </summary>
public static class FamilyCatalog
{
    public static IReadOnlyList<Family> All { get; } =
    [
        new("district-tabloid", PageFormat.Tabloid, 5, 6)
        {
            Rules = RulesHabit.BetweenArticles, Paragraphs = ParagraphHabit.Indent, SpaceGlyph = true,
            Alignment = HeadlineAlignment.Centre, RedHeadlines = 0.3,
            Masthead = MastheadDesign.Centred, PageHeader = PageHeaderDesign.LabelLeft, Folio = FolioDesign.LineWithRule,
            BriefPages = 0.25, VerticalHeadlines = 0.18,
        },
        new("ruled-broadsheet", PageFormat.Broadsheet, 7, 8)
        {
            GutterEm = new(0.8f, 1.0f), BodySize = new(8f, 9f), Leading = new(1.35f, 1.45f),
            Rules = RulesHabit.EveryColumn, Paragraphs = ParagraphHabit.Indent, SpaceGlyph = false,
            Alignment = HeadlineAlignment.Left, RedHeadlines = 0.1, LeadScale = new(3.2f, 4f), HeadlineScale = new(2f, 2.8f),
            Masthead = MastheadDesign.NameWithPanel, PageHeader = PageHeaderDesign.Mirrored, Folio = FolioDesign.LineWithRule,
            BriefPages = 0.3, RuleWidth = 0.5f,
        },
        new("weekend-magazine", PageFormat.Tabloid, 3, 4)
        {
            GutterEm = new(1.4f, 1.6f), BodySize = new(10f, 11f), Leading = new(1.6f, 1.7f),
            Rules = RulesHabit.None, Paragraphs = ParagraphHabit.BlankLine, SpaceGlyph = true,
            Alignment = HeadlineAlignment.Centre, RedHeadlines = 0.35, LeadScale = new(2.6f, 3.4f), HeadlineScale = new(1.7f, 2.2f),
            Masthead = MastheadDesign.RedBand, PageHeader = PageHeaderDesign.CentredName, Folio = FolioDesign.PageNumber,
            ItemGapLines = new(1.5f, 1.9f), FeaturePages = 0.3, BriefPages = 0.12, VerticalHeadlines = 0.25,
        },
        new("banded-broadsheet", PageFormat.Broadsheet, 5, 6)
        {
            GutterEm = new(1.0f, 1.3f), BodySize = new(9f, 10f), Leading = new(1.4f, 1.55f),
            Rules = RulesHabit.HorizontalOnly, Paragraphs = ParagraphHabit.Indent, SpaceGlyph = false,
            Alignment = HeadlineAlignment.Left, RedHeadlines = 0.25, LeadScale = new(3f, 4f),
            Masthead = MastheadDesign.Centred, PageHeader = PageHeaderDesign.LabelLeft, Folio = FolioDesign.Line,
            RuleWidth = 0.9f, BriefPages = 0.2,
        },
        new("dense-tabloid", PageFormat.Tabloid, 6, 6)
        {
            GutterEm = new(0.8f, 1.0f), BodySize = new(8f, 9f), Leading = new(1.35f, 1.45f),
            Rules = RulesHabit.BetweenArticles, Paragraphs = ParagraphHabit.Indent, SpaceGlyph = false,
            Alignment = HeadlineAlignment.Mixed, RedHeadlines = 0.15, HeadlineScale = new(1.7f, 2.2f),
            Masthead = MastheadDesign.NameWithPanel, PageHeader = PageHeaderDesign.Mirrored, Folio = FolioDesign.LineWithRule,
            BriefPages = 0.5, FeaturePages = 0.05, Ads = 0.6, VerticalHeadlines = 0.1,
        },
        new("open-broadsheet", PageFormat.Broadsheet, 6, 7)
        {
            GutterEm = new(1.3f, 1.6f), BodySize = new(9f, 10.5f), Leading = new(1.5f, 1.65f),
            Rules = RulesHabit.None, Paragraphs = ParagraphHabit.BlankLine, SpaceGlyph = true,
            Alignment = HeadlineAlignment.Centre, RedHeadlines = 0.2, LeadScale = new(3f, 3.8f),
            Masthead = MastheadDesign.RedBand, PageHeader = PageHeaderDesign.CentredName, Folio = FolioDesign.PageNumber,
            ItemGapLines = new(1.4f, 1.8f), FeaturePages = 0.2, VerticalHeadlines = 0.15,
        },
        new("ruled-tabloid", PageFormat.Tabloid, 4, 5)
        {
            GutterEm = new(1.1f, 1.4f), BodySize = new(9.5f, 11f), Leading = new(1.5f, 1.7f),
            Rules = RulesHabit.EveryColumn, Paragraphs = ParagraphHabit.BlankLine, SpaceGlyph = true,
            Alignment = HeadlineAlignment.Mixed, RedHeadlines = 0.3,
            Masthead = MastheadDesign.Centred, PageHeader = PageHeaderDesign.LabelLeft, Folio = FolioDesign.Line,
            VerticalHeadlines = 0.22, BriefPages = 0.25,
        },
        new("classic-broadsheet", PageFormat.Broadsheet, 7, 8)
        {
            GutterEm = new(0.9f, 1.1f), BodySize = new(8.5f, 9.5f), Leading = new(1.4f, 1.5f),
            Rules = RulesHabit.HorizontalOnly, Paragraphs = ParagraphHabit.Indent, SpaceGlyph = false,
            Alignment = HeadlineAlignment.Left, RedHeadlines = 0.2, LeadScale = new(3.2f, 4f), HeadlineScale = new(1.9f, 2.6f),
            Masthead = MastheadDesign.NameWithPanel, PageHeader = PageHeaderDesign.Mirrored, Folio = FolioDesign.LineWithRule,
            RuleWidth = 0.8f, BriefPages = 0.3, Ads = 0.6,
        },
    ];

    public static Family ForSeed(int seed) => All[(((seed - 1) % All.Count) + All.Count) % All.Count];

    /// <summary>How many times the seeds have cycled through the families before this one (0 for seeds 1-8).</summary>
    public static int Round(int seed) => (seed - 1) / All.Count;
}
