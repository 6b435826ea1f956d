namespace XuhuiEpaper.Samples.Scoring;

/// <summary>A truth furniture entry (masthead, pageHeader, folio, slogan) and the found furniture region that covers it, if any.</summary>
public sealed record FurnitureCheck(string Kind, string Text, FoundRegion? AnsweredBy)
{
    public bool Answered => AnsweredBy is not null;
}

/// <summary>How the finder did on one page with ground truth. Built by <see cref="TruthPageScorer"/>.</summary>
public sealed class TruthPageScore
{
    public required string Label { get; init; }
    public required int Page { get; init; }
    /// <summary>Items printed: the truth's articles, notices, advertisements and photos.</summary>
    public required int Items { get; init; }
    /// <summary>Regions returned that are not furniture.</summary>
    public required int Regions { get; init; }
    public required int FurnitureRegions { get; init; }
    /// <summary>One-to-one matches at IoU 0.5.</summary>
    public required MatchFigures Loose { get; init; }
    /// <summary>One-to-one matches at IoU 0.8, the bar the kinds and the tests use.</summary>
    public required MatchFigures Strict { get; init; }
    /// <summary>Grid clicks inside the truth items answered by a region that belongs to the item clicked.</summary>
    public required Share Clicks { get; init; }
    public required Share BodyCharacters { get; init; }
    /// <summary>(truth kind, found kind) of each item matched at IoU 0.8, lower case.</summary>
    public required IReadOnlyList<(string Truth, string Found)> Kinds { get; init; }
    public required IReadOnlyList<FurnitureCheck> Furniture { get; init; }
    /// <summary>Non-furniture regions lying mostly on truth furniture: a masthead or a header offered as an article.</summary>
    public required IReadOnlyList<string> FurnitureAsItems { get; init; }
    /// <summary>Items with no region at IoU 0.8.</summary>
    public required IReadOnlyList<string> Misses { get; init; }
    /// <summary>Items matched at IoU 0.8 whose region has another kind.</summary>
    public required IReadOnlyList<string> WrongKinds { get; init; }
    /// <summary>Items whose clicks mostly land elsewhere, with where they land.</summary>
    public required IReadOnlyList<string> ClickMisses { get; init; }
    /// <summary>Pairs of non-furniture regions that overlap.</summary>
    public required IReadOnlyList<string> Overlaps { get; init; }

    public int KindsRight => Kinds.Count(k => k.Truth == k.Found);
}
