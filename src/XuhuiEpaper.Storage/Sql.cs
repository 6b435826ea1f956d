using System.Data;
using System.Text.Encodings.Web;
using System.Text.Json;
using Dapper;
using XuhuiEpaper.Core.Geometry;
using XuhuiEpaper.Core.Model;

namespace XuhuiEpaper.Storage;

/// <summary>
/// The one set of Dapper and JSON helpers every store uses: commands with a transaction and a cancellation token,
/// the JSON columns (rects, paragraphs, captions), region kinds as stored, paging limits and row-count checks.
/// </summary>
internal static class Sql
{
    /// <summary>JSON as stored: CJK text kept readable rather than \u-escaped.</summary>
    public static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static CommandDefinition Cmd(string sql, object? args, IDbTransaction? tx, CancellationToken ct) =>
        new(sql, args, tx, cancellationToken: ct);

    public static string RectsToJson(IReadOnlyList<NormRect> rects) =>
        JsonSerializer.Serialize(rects.Select(r => new[] { r.X, r.Y, r.Width, r.Height }), Json);

    public static IReadOnlyList<NormRect> RectsFromJson(string? json) =>
        string.IsNullOrEmpty(json) ? [] :
        (JsonSerializer.Deserialize<double[][]>(json, Json) ?? []).Select(a => new NormRect(a[0], a[1], a[2], a[3])).ToList();

    public static string StringsToJson(IEnumerable<string> strings) => JsonSerializer.Serialize(strings, Json);

    public static IReadOnlyList<string> StringsFromJson(string? json) =>
        string.IsNullOrEmpty(json) ? [] : JsonSerializer.Deserialize<List<string>>(json, Json) ?? [];

    public static string KindText(RegionKind kind) => kind.ToString().ToLowerInvariant();

    public static RegionKind ParseKind(string kind) => Enum.Parse<RegionKind>(kind, ignoreCase: true);

    /// <summary>Checks the row count of a write that must touch exactly <paramref name="expected"/> rows.</summary>
    public static void ExpectRows(this int actual, int expected, string what)
    {
        if (actual != expected)
        {
            throw new DataException($"{what}: expected {expected} row(s) changed, got {actual}.");
        }
    }
}

/// <summary>Paging of list answers: 1-based pages of at most <see cref="MaxPageSize"/> items.</summary>
public static class ResultPages
{
    public const int MaxPageSize = 100;

    internal static (int Page, int PageSize) Clamp(int page, int pageSize) =>
        (Math.Max(1, page), Math.Clamp(pageSize, 1, MaxPageSize));
}
