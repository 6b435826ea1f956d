using Microsoft.AspNetCore.Http.HttpResults;
using XuhuiEpaper.Core.Editing;
using XuhuiEpaper.Core.Geometry;
using XuhuiEpaper.Core.Model;
using XuhuiEpaper.Storage;

namespace XuhuiEpaper.Web.Api;

/// <summary>An edit as the API takes it: rectangles as [x, y, w, h] (normalized, origin top-left), the kind by name.</summary>
public sealed record RegionEditRequest(
    string? Action, string? Region, IReadOnlyList<string>? Regions, IReadOnlyList<int>? Blocks, string? To, IReadOnlyList<double[]>? Rects,
    string? Kind, string? Kicker, string? Title, string? Subtitle, string? Byline);

public sealed record LayoutBlockDto(int Id, string Part, double[] Box, string Text);

public sealed record LayoutRegionDto(
    string Key, long? ArticleId, string Kind, string? Kicker, string? Title, string? Subtitle, string? Byline,
    IReadOnlyList<string> Body, IReadOnlyList<string> Captions, RegionDto Region, IReadOnlyList<int> Blocks, IReadOnlyList<string> BlockParts,
    bool Rebuilt, string? Url);

public sealed record RegionEditDto(long Id, DateTimeOffset At, string Editor, string Action, string Summary, RegionEdit Edit, DateTimeOffset? UndoneAt, string? UndoneBy);

/// <summary>A page in the editor: its blocks, its regions now, the edit log (newest last), and whether archivists edited it.</summary>
public sealed record PageLayoutDto(
    long IssueId, int PageNumber, bool Edited, IReadOnlyList<LayoutBlockDto> Blocks, IReadOnlyList<LayoutRegionDto> Regions, IReadOnlyList<RegionEditDto> Edits);

public sealed record EditedPagesDto(long IssueId, IReadOnlyList<int> EditedPages);

/// <summary>
/// The region editor's routes (admin token): a page's layout, an edit, undo of one edit, reset to the finder's regions.
/// Every change drops the page cache and the search cache, so readers, hit tests and search see it at once.
/// </summary>
public static class RegionEditorApi
{
    public static IEndpointRouteBuilder MapRegionEditorApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/issues/{id:long}").WithTags("Region editor").RequireAdminToken();
        group.MapGet("/edits", EditedPagesAsync).WithName("GetEditedPages").WithSummary("The pages of an issue that archivists edited");
        group.MapGet("/pages/{n:int}/layout", GetAsync).WithName("GetPageLayout")
            .WithSummary("A page's blocks, regions and edit log, for the region editor");
        group.MapPost("/pages/{n:int}/edits", EditAsync).WithName("EditPageRegions")
            .WithSummary("Merge, split, move, redraw, add, delete or change regions of a page");
        group.MapPost("/pages/{n:int}/edits/{editId:long}/undo", UndoAsync).WithName("UndoPageEdit").WithSummary("Undo one edit of a page");
        group.MapPost("/pages/{n:int}/reset", ResetAsync).WithName("ResetPageRegions").WithSummary("Put a page back to the regions the finder found");
        return app;
    }

    public static async Task<Ok<EditedPagesDto>> EditedPagesAsync(RegionEditStore edits, long id, CancellationToken cancellationToken) =>
        TypedResults.Ok(new EditedPagesDto(id, await edits.EditedPagesAsync(id, cancellationToken)));

    public static async Task<Results<Ok<PageLayoutDto>, NotFoundProblem, ConflictProblem>> GetAsync(RegionEditStore edits, long id, int n, CancellationToken cancellationToken)
    {
        try
        {
            var state = await edits.GetAsync(id, n, cancellationToken);
            return state is null ? NoPage(id, n) : TypedResults.Ok(ToDto(state));
        }
        catch (PageEditRefusedException ex)
        {
            return new ConflictProblem(ex.Message);
        }
    }

    public static async Task<Results<Ok<PageLayoutDto>, BadRequestProblem, NotFoundProblem, ConflictProblem, UnprocessableProblem>> EditAsync(
        RegionEditStore edits, PageCache pages, SearchCache searches, HttpContext context, long id, int n, RegionEditRequest request, CancellationToken cancellationToken)
    {
        if (Parse(request) is not { } edit)
        {
            return new BadRequestProblem(ParseError(request));
        }

        return await ChangeAsync(pages, searches, id, n, () => edits.ApplyAsync(id, n, edit, AdminAuth.AdminName(context) ?? "admin", cancellationToken));
    }

    public static Task<Results<Ok<PageLayoutDto>, BadRequestProblem, NotFoundProblem, ConflictProblem, UnprocessableProblem>> UndoAsync(
        RegionEditStore edits, PageCache pages, SearchCache searches, HttpContext context, long id, int n, long editId, CancellationToken cancellationToken) =>
        ChangeAsync(pages, searches, id, n, () => edits.UndoAsync(id, n, editId, AdminAuth.AdminName(context) ?? "admin", cancellationToken));

    public static Task<Results<Ok<PageLayoutDto>, BadRequestProblem, NotFoundProblem, ConflictProblem, UnprocessableProblem>> ResetAsync(
        RegionEditStore edits, PageCache pages, SearchCache searches, HttpContext context, long id, int n, CancellationToken cancellationToken) =>
        ChangeAsync(pages, searches, id, n, () => edits.ResetAsync(id, n, AdminAuth.AdminName(context) ?? "admin", cancellationToken));

    private static async Task<Results<Ok<PageLayoutDto>, BadRequestProblem, NotFoundProblem, ConflictProblem, UnprocessableProblem>> ChangeAsync(
        PageCache pages, SearchCache searches, long id, int n, Func<Task<PageEditState?>> change)
    {
        PageEditState? state;
        try
        {
            state = await change();
        }
        catch (PageEditRefusedException ex) when (ex.Conflict)
        {
            return new ConflictProblem(ex.Message);
        }
        catch (PageEditRefusedException ex)
        {
            return new UnprocessableProblem(ex.Message);
        }

        if (state is null)
        {
            return NoPage(id, n);
        }

        pages.Forget(id);
        searches.Clear();
        return TypedResults.Ok(ToDto(state));
    }

    private static NotFoundProblem NoPage(long id, int n) => new($"There is no page {n} of issue {id}.");

    private static readonly Dictionary<string, RegionKind> Kinds = new(StringComparer.OrdinalIgnoreCase)
    {
        ["article"] = RegionKind.Article, ["notice"] = RegionKind.Notice, ["advertisement"] = RegionKind.Advertisement, ["photo"] = RegionKind.Photo,
    };

    private static RegionEdit? Parse(RegionEditRequest r) =>
        ParseError(r).Length > 0 ? null : new RegionEdit
        {
            Action = r.Action!.Trim().ToLowerInvariant(), Region = r.Region, Regions = r.Regions, Blocks = r.Blocks, To = r.To,
            Rects = r.Rects?.Select(a => new NormRect(a[0], a[1], a[2], a[3])).ToList(),
            Kind = r.Kind is null ? null : Kinds[r.Kind.Trim()],
            Kicker = r.Kicker, Title = r.Title, Subtitle = r.Subtitle, Byline = r.Byline,
        };

    /// <summary>Why the request is not an edit at all (empty when it is one; whether it applies is the editor's to say).</summary>
    private static string ParseError(RegionEditRequest r)
    {
        if (string.IsNullOrWhiteSpace(r.Action) || !RegionEdit.Actions.Contains(r.Action.Trim().ToLowerInvariant()))
        {
            return $"action must be one of {string.Join(", ", RegionEdit.Actions)} (got \"{r.Action}\").";
        }

        if (r.Rects?.Any(a => a is not { Length: 4 }) == true)
        {
            return "rects are [x, y, width, height] each, normalized to the page (0 to 1, origin top-left).";
        }

        if (r.Kind is { } kind && !Kinds.ContainsKey(kind.Trim()))
        {
            return $"kind must be one of {string.Join(", ", Kinds.Keys)} (got \"{kind}\").";
        }

        foreach (var (name, value) in new[] { ("kicker", r.Kicker), ("title", r.Title), ("subtitle", r.Subtitle), ("byline", r.Byline) })
        {
            if (value is { Length: > 500 })
            {
                return $"{name} is {value.Length} characters long; at most 500 are allowed.";
            }
        }

        return "";
    }

    private static PageLayoutDto ToDto(PageEditState state) => new(
        state.IssueId, state.PageNumber, state.Edited,
        state.Current.Blocks.Select(b => new LayoutBlockDto(b.Id, b.Part.ToString().ToLowerInvariant(), Box(b.Box), string.Join("\n", b.Paragraphs))).ToList(),
        state.Current.Regions.Select(r =>
        {
            var articleId = state.ArticleIds.TryGetValue(r.Key, out var a) ? a : (long?)null;
            return new LayoutRegionDto(
                r.Key, articleId, r.Kind.ToString().ToLowerInvariant(), r.Kicker, r.Title, r.Subtitle, r.Byline, r.Body, r.Captions,
                RegionDto.From(r.Rects), r.Blocks.Select(b => b.Id).ToList(), r.Blocks.Select(b => b.Part.ToString().ToLowerInvariant()).ToList(), r.Rebuilt, articleId is { } aid ? ApiUrls.Article(aid) : null);
        }).ToList(),
        state.Edits.Select(e => new RegionEditDto(e.Id, e.At, e.Editor, e.Action, e.Summary, e.Edit, e.UndoneAt, e.UndoneBy)).ToList());

    private static double[] Box(NormRect r) => [Math.Round(r.X, 5), Math.Round(r.Y, 5), Math.Round(r.Width, 5), Math.Round(r.Height, 5)];
}
