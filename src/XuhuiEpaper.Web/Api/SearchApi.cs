using Microsoft.AspNetCore.Http.HttpResults;
using XuhuiEpaper.Storage;

namespace XuhuiEpaper.Web.Api;

/// <summary>Full-text search over the articles of every issue (CJK by bigrams: 1- and 2-character queries work).</summary>
public static class SearchApi
{
    /// <summary>Longer queries are refused: they only cost time.</summary>
    public const int MaxQueryLength = 200;

    public static IEndpointRouteBuilder MapSearchApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/search").WithTags("Search").RequireSearchRateLimit()
            .MapGet("/", SearchAsync).WithName("Search")
            .WithSummary("Articles matching q, best first, with a snippet (matches in <mark>), optionally between two dates");
        return app;
    }

    public static async Task<Results<Ok<SearchResponse>, BadRequestProblem>> SearchAsync(
        SearchStore search, SearchCache cache, string? q, DateOnly? from, DateOnly? to, string? paper, int? page, int? pageSize, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(q))
        {
            return new BadRequestProblem("q is required: the words to look for.");
        }

        if (q.Length > MaxQueryLength)
        {
            return new BadRequestProblem($"q is {q.Length} characters long; at most {MaxQueryLength} are allowed.");
        }

        if (Paging.Check(page, pageSize, from, to) is { } problem)
        {
            return problem;
        }

        // Search is public: it never looks into drafts, whoever asks.
        var size = pageSize ?? Paging.DefaultPageSize;
        paper = IssuesApi.NullIfBlank(paper);
        return TypedResults.Ok(await cache.GetAsync((q, from, to, paper, page ?? 1, size), async () =>
        {
            var result = await search.SearchAsync(q, new IssueFilter(paper), from, to, page ?? 1, size, cancellationToken);
            return new SearchResponse(q, result.Total, result.Page, result.PageSize,
                result.Items.Select(h => new SearchResultDto(h.ArticleId, h.IssueId, h.Paper, h.Date, h.PageNumber, h.Title, h.Snippet, ApiUrls.Article(h.ArticleId),
                    h.ArticleNumber is { } n ? ReadableUrls.Article(h.Paper, h.Date, h.PageAddress, n) : null)).ToList());
        }));
    }
}
