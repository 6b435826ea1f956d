using Microsoft.AspNetCore.Http.HttpResults;

namespace XuhuiEpaper.Web.Api;

/// <summary>Whole articles: every part of the text, the region and the links to where the article continues.</summary>
public static class ArticlesApi
{
    public static IEndpointRouteBuilder MapArticlesApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/articles").WithTags("Articles")
            .MapGet("/{id:long}", GetArticleAsync).WithName("GetArticle")
            .WithSummary("An article: kicker, title, subtitle, byline, paragraphs, captions, region, continuations").WithJsonETag();
        return app;
    }

    public static async Task<Results<Ok<ArticleDto>, NotFoundProblem>> GetArticleAsync([AsParameters] ReadServices services, HttpContext context, long id, CancellationToken cancellationToken)
    {
        var a = await services.Issues.GetArticleAsync(id, cancellationToken);
        if (a is null || !IssuesApi.Visible(a.Draft, context))
        {
            return new NotFoundProblem($"There is no article {id}.");
        }

        return TypedResults.Ok(new ArticleDto(
            a.Id, a.IssueId, a.Date, a.PageNumber, a.Kind, a.Kicker, a.Title, a.Subtitle, a.Byline, a.Body, a.Captions,
            RegionDto.From(a.Rects),
            a.ContinuedFromId is { } from ? new ContinuationDto(from, a.ContinuedFromPage, ApiUrls.Article(from)) : null,
            a.ContinuedOnId is { } on ? new ContinuationDto(on, a.ContinuedOnPage, ApiUrls.Article(on)) : null,
            ApiUrls.Page(a.IssueId, a.PageNumber)));
    }
}
