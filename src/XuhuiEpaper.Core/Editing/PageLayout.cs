using XuhuiEpaper.Core.Geometry;
using XuhuiEpaper.Core.Model;

namespace XuhuiEpaper.Core.Editing;

/// <summary>One block of a page as the finder found it: its id on the page, part, box (normalized) and paragraphs.</summary>
public sealed record LayoutBlock(int Id, BlockPart Part, NormRect Box, IReadOnlyList<string> Paragraphs);

/// <summary>A block as a region uses it: a title merged into another article reads as body text.</summary>
public readonly record struct BlockUse(int Id, BlockPart Part);

/// <summary>The archivist's fixes of a region's header text, kept through later edits (null: not fixed).</summary>
public sealed record TextFixes(string? Kicker = null, string? Title = null, string? Subtitle = null, string? Byline = null)
{
    public static TextFixes None { get; } = new();
}

/// <summary>
/// One region of a page in editing terms. <see cref="Key"/> is stable: <c>f{i}</c> for the finder's i-th region,
/// <c>e{id}</c> for a region an edit made. While <see cref="Rebuilt"/> is false the finder's text is kept as it was;
/// an edit that changes the region's blocks rebuilds the text from them.
/// </summary>
public sealed record LayoutRegion
{
    public required string Key { get; init; }
    public required RegionKind Kind { get; init; }
    public string? Kicker { get; init; }
    public string? Title { get; init; }
    public string? Subtitle { get; init; }
    public string? Byline { get; init; }
    public IReadOnlyList<string> Body { get; init; } = [];
    public IReadOnlyList<string> Captions { get; init; } = [];
    public required IReadOnlyList<NormRect> Rects { get; init; }
    public IReadOnlyList<BlockUse> Blocks { get; init; } = [];
    public bool Rebuilt { get; init; }
    public TextFixes Fixes { get; init; } = TextFixes.None;
}

/// <summary>A page's blocks and regions: the finder's output, or the result of applying edits to it.</summary>
public sealed record PageLayoutDoc(IReadOnlyList<LayoutBlock> Blocks, IReadOnlyList<LayoutRegion> Regions)
{
    /// <summary>The finder's output for a page in editing terms: blocks numbered across the page, regions keyed f0, f1, ….</summary>
    public static PageLayoutDoc FromFinder(IReadOnlyList<ArticleContent> articles)
    {
        ArgumentNullException.ThrowIfNull(articles);
        var blocks = new List<LayoutBlock>();
        var regions = new List<LayoutRegion>();
        for (var i = 0; i < articles.Count; i++)
        {
            var a = articles[i];
            var uses = new List<BlockUse>();
            foreach (var b in a.Blocks)
            {
                uses.Add(new BlockUse(blocks.Count, b.Part));
                blocks.Add(new LayoutBlock(blocks.Count, b.Part, b.Box, b.Paragraphs));
            }

            regions.Add(new LayoutRegion
            {
                Key = $"f{i}", Kind = a.Kind, Kicker = a.Kicker, Title = a.Title, Subtitle = a.Subtitle, Byline = a.Byline,
                Body = a.Body, Captions = a.Captions, Rects = a.Rects, Blocks = uses,
            });
        }

        return new PageLayoutDoc(blocks, regions);
    }
}

/// <summary>
/// One archivist's edit of a page, as stored and as the API takes it. <see cref="Action"/> is one of merge (regions),
/// split (region, blocks), move (blocks, to), redraw (region, rects), add (rects, kind), delete (region) and change
/// (region, kind and/or kicker, title, subtitle, byline; an empty string clears a field).
/// </summary>
public sealed record RegionEdit
{
    public string Action { get; init; } = "";
    public string? Region { get; init; }
    public IReadOnlyList<string>? Regions { get; init; }
    public IReadOnlyList<int>? Blocks { get; init; }
    public string? To { get; init; }
    public IReadOnlyList<NormRect>? Rects { get; init; }
    public RegionKind? Kind { get; init; }
    public string? Kicker { get; init; }
    public string? Title { get; init; }
    public string? Subtitle { get; init; }
    public string? Byline { get; init; }

    public static readonly IReadOnlyList<string> Actions = ["merge", "split", "move", "redraw", "add", "delete", "change"];

    /// <summary>A short description for the edit log, e.g. "merge f3 + f7".</summary>
    public string Describe() => Action switch
    {
        "merge" => $"merge {string.Join(" + ", Regions ?? [])}",
        "split" => $"split {Blocks?.Count ?? 0} block(s) off {Region}",
        "move" => $"move block(s) {string.Join(", ", Blocks ?? [])} to {To}",
        "redraw" => $"redraw {Region}",
        "add" => $"add a region ({(Kind ?? RegionKind.Article).ToString().ToLowerInvariant()})",
        "delete" => $"delete {Region}",
        "change" => $"change {Region}: " + string.Join(", ", new[]
        {
            Kind is { } k ? $"kind {k.ToString().ToLowerInvariant()}" : null,
            Kicker is null ? null : "kicker", Title is null ? null : "title", Subtitle is null ? null : "subtitle", Byline is null ? null : "byline",
        }.OfType<string>()),
        _ => Action,
    };
}

/// <summary>An edit that cannot be applied: the message says why, in words for the archivist.</summary>
public sealed class RegionEditException : Exception
{
    public RegionEditException()
    {
    }

    public RegionEditException(string message)
        : base(message)
    {
    }

    public RegionEditException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
