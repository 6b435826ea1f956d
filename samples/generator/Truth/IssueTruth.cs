using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace XuhuiEpaper.Samples.Truth;

/// <summary>Ground truth of a generated issue, written by the same code that draws it.</summary>
public sealed record IssueTruth(string Paper, string Date, int Number, int TotalNumber, IReadOnlyList<PageTruth> Pages);

public sealed record PageTruth(
    int Number, string Label, string Name, double WidthPt, double HeightPt,
    IReadOnlyList<FurnitureTruth> Furniture, IReadOnlyList<ArticleTruth> Articles);

/// <summary>Page furniture: "masthead", "pageHeader" or "slogan". Rects as in <see cref="ArticleTruth.Rects"/>.</summary>
public sealed record FurnitureTruth(string Kind, string Text, IReadOnlyList<double[]> Rects);

/// <summary>
/// One article (or the part of one that sits on this page). Kind is "article", "notice" or "advertisement".
/// Rects are [x, y, w, h] in normalized page coordinates (origin top-left, y down), rounded to 5 decimals.
/// </summary>
public sealed record ArticleTruth(
    string Id, string Kind, string? Kicker, string Title, string? Subtitle, string? Byline,
    IReadOnlyList<string> Body, IReadOnlyList<string> Captions,
    string? ContinuedFrom, string? ContinuedOn, string? ContinuationMarker,
    IReadOnlyList<double[]> Rects);

public static class IssueTruthJson
{
    // CJK stays readable in the committed file; property order follows the record declarations.
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        NewLine = "\n",
    };

    public static string Serialize(IssueTruth truth) => JsonSerializer.Serialize(truth, Options) + "\n";

    public static IssueTruth Deserialize(string json) =>
        JsonSerializer.Deserialize<IssueTruth>(json, Options) ?? throw new JsonException("Empty truth document.");
}
