namespace XuhuiEpaper.Samples.Families.Planning;

public enum ItemKind
{
    Article,
    Notice,
    Advertisement,
    Photo,
}

/// <summary>What an article is on its page; decides headline size and what may decorate it.</summary>
public enum ArticleRole
{
    Normal,
    Lead,

    /// <summary>The only item of a feature page.</summary>
    Feature,

    /// <summary>One of a stack of short news items (简讯).</summary>
    Brief,
}

/// <summary>
/// An item's place on the page: its blocks in reading order (the header goes in the first). Blocks of one item
/// touch each other; <see cref="RuleBetweenBlocks"/> asks for a rule between side-by-side blocks of one article.
/// </summary>
public sealed record PlannedItem(ItemKind Kind, ArticleRole Role, IReadOnlyList<Cell> Blocks)
{
    public bool RuleBetweenBlocks { get; init; }

    public Cell First => Blocks[0];
    public float Area => Blocks.Sum(b => b.Cols * b.Height);
}

/// <summary>How full a page is.</summary>
public enum PageRecipe
{
    /// <summary>One article fills the page.</summary>
    Feature,

    /// <summary>Two or three items.</summary>
    Sparse,

    /// <summary>Four to eight items.</summary>
    Standard,

    /// <summary>A stack of four to eight briefs beside other items: nine to fifteen items.</summary>
    Briefs,
}
