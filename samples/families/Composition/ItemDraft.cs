using XuhuiEpaper.Samples.Families.Planning;
using XuhuiEpaper.Samples.Layout;

namespace XuhuiEpaper.Samples.Families.Composition;

/// <summary>A vertical rule that an item allows between two of its own text columns (rules habit b).</summary>
public readonly record struct GutterRule(float X, float Top, float Bottom);

/// <summary>One item while it is composed: what it draws and what its truth will say.</summary>
public sealed class ItemDraft(string id, string kind, PlannedItem plan)
{
    public string Id { get; } = id;
    public string Kind { get; } = kind;
    public PlannedItem Plan { get; } = plan;
    public List<DrawOp> Ops { get; } = [];
    public string? Kicker { get; set; }
    public string Title { get; set; } = string.Empty;
    public string? Subtitle { get; set; }
    public string? Byline { get; set; }
    public List<string> Body { get; } = [];
    public List<string> Captions { get; } = [];
    public string? ContinuedFrom { get; set; }
    public string? ContinuedOn { get; set; }
    public string? ContinuationMarker { get; set; }
    public List<GutterRule> GutterRules { get; } = [];
    public HashSet<LayoutFeature> Features { get; } = [];
}
