using XuhuiEpaper.Storage;

namespace XuhuiEpaper.Web.Api;

/// <summary>Whole articles: every part of the text, the region and the links to where the article continues.</summary>
public static class ArticlesApi
{
    public static IEndpointRouteBuilder MapArticlesApi(this IEndpointRouteBuilder app)
    {
        // Singletons taken here, and the request's cancellation touched only on a database read (see IssuesApi).
        var answers = app.ServiceProvider.GetRequiredService<JsonAnswers>();
        var permalinks = app.ServiceProvider.GetRequiredService<PermalinkStore>();
        app.MapGroup("/api/articles").WithTags("Articles")
            .MapGet("/{id:long}", (HttpContext context, long id) => GetArticleAsync(answers, permalinks, context, id)).WithName("GetArticle")
            .WithSummary("An article: kicker, title, subtitle, byline, paragraphs, captions, region, continuations")
            .Produces<ArticleDto>().Produces(StatusCodes.Status304NotModified).Produces(StatusCodes.Status301MovedPermanently)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    public static ValueTask<IResult> GetArticleAsync(JsonAnswers answers, PermalinkStore permalinks, HttpContext context, long id)
    {
        ArgumentNullException.ThrowIfNull(answers);
        ArgumentNullException.ThrowIfNull(context);
        return answers.TryGetArticle(id, out var kept) && !kept.Draft ? new(kept) : LoadAsync(answers, permalinks, context, id, context.RequestAborted);
    }

    private static async ValueTask<IResult> LoadAsync(JsonAnswers answers, PermalinkStore permalinks, HttpContext context, long id, CancellationToken cancellationToken)
    {
        if (await answers.ArticleAsync(id, cancellationToken) is { } answer)
        {
            return IssuesApi.Visible(answer.Draft, context) ? answer : new NotFoundProblem($"There is no article {id}.");
        }

        return await PermanentLinks.ArticleSuccessorAsync(permalinks, id, cancellationToken) switch
        {
            { ArticleId: { } successor } => PermanentLinks.Moved(ApiUrls.Article(successor)),
            { } page => new NotFoundProblem(
                $"Article {id} was on page {page.PageNumber} of an issue analysed again, where no article covers its place; the page is {ApiUrls.Page(page.IssueId, page.PageNumber)}."),
            null => new NotFoundProblem($"There is no article {id}."),
        };
    }
}
