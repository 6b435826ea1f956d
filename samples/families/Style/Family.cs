namespace XuhuiEpaper.Samples.Families.Style;

public enum PageFormat
{
    Tabloid,
    Broadsheet,
}

/// <summary>Where a paper draws its thin rules.</summary>
public enum RulesHabit
{
    /// <summary>Vertical and horizontal rules between articles only.</summary>
    BetweenArticles,

    /// <summary>A rule in every column gutter, inside articles too, plus horizontal rules between articles.</summary>
    EveryColumn,

    /// <summary>No rules: articles are separated by white space only.</summary>
    None,

    /// <summary>Horizontal rules between articles, no vertical ones.</summary>
    HorizontalOnly,
}

public enum ParagraphHabit
{
    /// <summary>First line indented by two characters, no space between paragraphs.</summary>
    Indent,

    /// <summary>No indent, a blank line between paragraphs.</summary>
    BlankLine,
}

public enum HeadlineAlignment
{
    Left,
    Centre,

    /// <summary>Leads centred, the rest left-aligned, with some seeded exceptions.</summary>
    Mixed,
}

public enum MastheadDesign
{
    /// <summary>Paper name centred, issue line between two rules below.</summary>
    Centred,

    /// <summary>Paper name on the left, a framed panel with the issue facts on the right.</summary>
    NameWithPanel,

    /// <summary>White paper name on a red band, issue line below.</summary>
    RedBand,
}

public enum PageHeaderDesign
{
    /// <summary>版次 and 版名 on the left, paper and date on the right, a rule below.</summary>
    LabelLeft,

    /// <summary>Like LabelLeft on even pages, mirrored on odd pages (the outer edge carries the label).</summary>
    Mirrored,

    /// <summary>版名 centred on a tinted tab, 版次 left, paper and date right, a double rule below.</summary>
    CentredName,
}

public enum FolioDesign
{
    /// <summary>Paper name, date and 第N版 at the foot, with a rule above.</summary>
    LineWithRule,

    /// <summary>Paper name, date and page number at the foot, no rule.</summary>
    Line,

    /// <summary>Only the page number.</summary>
    PageNumber,
}

/// <summary>A closed range of a numeric style value: the family fixes the range, each seed picks inside it.</summary>
public readonly record struct Between(float Min, float Max)
{
    public float Pick(Random rng) => Min + ((float)rng.NextDouble() * (Max - Min));
}

/// <summary>
/// A house style: the habits a paper keeps from issue to issue. Seeds of one family differ in the numbers
/// (columns, type size, margins) and in every layout decision, not in these habits.
/// </summary>
public sealed record Family(string Name, PageFormat Format, int MinColumns, int MaxColumns)
{
    /// <summary>Column gutter in ems of body type.</summary>
    public Between GutterEm { get; init; } = new(1.0f, 1.2f);

    public Between BodySize { get; init; } = new(9.5f, 10.5f);

    /// <summary>Line pitch over body size.</summary>
    public Between Leading { get; init; } = new(1.45f, 1.55f);

    public ParagraphHabit Paragraphs { get; init; }
    public RulesHabit Rules { get; init; }

    /// <summary>True: the full-width space between two headline phrases is a U+3000 glyph; false: a 1-em gap with no glyph.</summary>
    public bool SpaceGlyph { get; init; }

    public HeadlineAlignment Alignment { get; init; }

    /// <summary>Share of headlines printed red (leads twice as often).</summary>
    public double RedHeadlines { get; init; } = 0.2;

    /// <summary>Lead headline size over body size.</summary>
    public Between LeadScale { get; init; } = new(2.8f, 3.6f);

    /// <summary>Ordinary headline size over body size.</summary>
    public Between HeadlineScale { get; init; } = new(1.8f, 2.4f);

    public MastheadDesign Masthead { get; init; }
    public PageHeaderDesign PageHeader { get; init; }
    public FolioDesign Folio { get; init; }

    /// <summary>Vertical space between stacked articles, in body lines.</summary>
    public Between ItemGapLines { get; init; } = new(1.0f, 1.3f);

    public float RuleWidth { get; init; } = 0.6f;

    /// <summary>Chance that an inside page is a one-article feature page.</summary>
    public double FeaturePages { get; init; } = 0.12;

    /// <summary>Chance that a page carries a stack of briefs (and so many items).</summary>
    public double BriefPages { get; init; } = 0.2;

    /// <summary>Chance that a page has an advertisement at its foot.</summary>
    public double Ads { get; init; } = 0.5;

    /// <summary>Chance that a suitable article gets a vertical headline.</summary>
    public double VerticalHeadlines { get; init; } = 0.12;

    /// <summary>Chance that a kicker is a boxed or tinted label rather than a plain line.</summary>
    public double LabelKickers { get; init; } = 0.4;
}
