using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using XuhuiEpaper.Storage;

namespace XuhuiEpaper.Web.Api;

/// <summary>
/// How each paper (title) is shown: configuration <c>Epaper:Titles:0:Name</c>, <c>…:DisplayName</c>, <c>…:Lang</c>,
/// <c>…:Colour</c>, one entry a title, in the order the title switcher lists them. A paper without an entry is shown
/// under its stored name, in Traditional script, in the house colour.
/// </summary>
public sealed class TitlesOptions
{
    public IList<TitleSettings> Titles { get; } = [];
}

/// <summary>One title's display settings.</summary>
public sealed class TitleSettings
{
    /// <summary>The paper's name as stored with its issues (read from the masthead or given on upload), e.g. 徐匯報.</summary>
    public string Name { get; set; } = "";

    /// <summary>The name the reader shows (header, page title, kiosk), e.g. 徐汇报; default: <see cref="Name"/>.</summary>
    public string? DisplayName { get; set; }

    /// <summary>The script the name is shown in, as a language tag: zh-Hant (default) or zh-Hans.</summary>
    public string? Lang { get; set; }

    /// <summary>The title's colour in the header, as #rgb or #rrggbb; default the house red.</summary>
    public string? Colour { get; set; }
}

/// <summary>A paper and how to show it, with its published issues: what the reader's title switcher lists.</summary>
public sealed record PaperDto(string Name, string DisplayName, string Lang, string? Colour, int IssueCount, DateOnly? LatestDate, string LatestUrl);

/// <summary>The papers.</summary>
public sealed record PaperListDto(IReadOnlyList<PaperDto> Items);

/// <summary>The titles (papers) the archive holds: several papers can share one site, each with its own issues.</summary>
public static partial class PapersApi
{
    public static IEndpointRouteBuilder MapPapersApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/papers").WithTags("Issues")
            .MapGet("/", ListPapersAsync).WithName("ListPapers")
            .WithSummary("The papers (titles) with published issues, in the configured order, with how to show them (Epaper:Titles)")
            .WithJsonETag();
        return app;
    }

    public static async Task<Ok<PaperListDto>> ListPapersAsync(PaperStore papers, IOptions<TitlesOptions> titles, CancellationToken cancellationToken)
    {
        var configured = titles.Value.Titles.Where(t => !string.IsNullOrWhiteSpace(t.Name)).ToList();
        var stored = await papers.ListAsync(IssueFilter.Public, cancellationToken);
        var items = stored
            .OrderBy(p => configured.FindIndex(t => t.Name == p.Name) is var i and >= 0 ? i : int.MaxValue)
            .ThenBy(p => p.Name, StringComparer.Ordinal)
            .Select(p => Describe(p.Name, configured.Find(t => t.Name == p.Name), p))
            .ToList();
        return TypedResults.Ok(new PaperListDto(items));
    }

    /// <summary>A paper's display settings, checked: a colour or language tag that is not one is left out (it reaches CSS and HTML).</summary>
    internal static PaperDto Describe(string name, TitleSettings? settings, PaperSummary? issues) => new(
        name,
        string.IsNullOrWhiteSpace(settings?.DisplayName) ? name : settings.DisplayName.Trim(),
        settings?.Lang is { } lang && LanguageTag().IsMatch(lang) ? lang : "zh-Hant",
        settings?.Colour is { } colour && Colour().IsMatch(colour) ? colour : null,
        issues?.IssueCount ?? 0,
        issues?.LatestDate,
        $"/api/issues/latest?paper={Uri.EscapeDataString(name)}");

    [GeneratedRegex("^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$", RegexOptions.CultureInvariant)]
    private static partial Regex Colour();

    [GeneratedRegex("^[a-zA-Z]{2,3}(?:-[a-zA-Z0-9]{2,8})*$", RegexOptions.CultureInvariant)]
    private static partial Regex LanguageTag();
}
