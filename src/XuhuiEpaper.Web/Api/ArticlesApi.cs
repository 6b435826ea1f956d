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
        app.MapGet("/api/articles/{id:long}/preview.jpg", GetPreviewAsync).WithTags("Articles").WithName("GetArticlePreview")
            .WithSummary("An article's link preview image (og:image): its region cut from its page image, as JPEG, made on first request")
            .Produces(StatusCodes.Status200OK, contentType: "image/jpeg").Produces(StatusCodes.Status304NotModified)
            .Produces(StatusCodes.Status301MovedPermanently).ProducesProblem(StatusCodes.Status404NotFound);
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

    /// <summary>
    /// The preview image. Its address in the share tags carries its content key (<c>?v=</c>): that answer is cached for
    /// good; any other (no key, an old one) is the current preview, revalidated by its ETag.
    /// </summary>
    public static async Task<IResult> GetPreviewAsync(
        long id, string? v, BrowseStore issues, PermalinkStore permalinks, Viewer.ArticlePreviewImages previews, HttpContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(issues);
        ArgumentNullException.ThrowIfNull(previews);
        ArgumentNullException.ThrowIfNull(context);
        var article = await issues.GetArticleAsync(id, cancellationToken);
        if (article is null)
        {
            return await PermanentLinks.ArticleSuccessorAsync(permalinks, id, cancellationToken) is { ArticleId: { } successor }
                ? PermanentLinks.Moved(ApiUrls.ArticlePreview(successor))
                : new NotFoundProblem($"There is no article {id}.");
        }

        if (!IssuesApi.Visible(article.Draft, context))
        {
            return new NotFoundProblem($"There is no article {id}.");
        }

        if (await issues.GetPageAsync(article.IssueId, article.PageNumber, cancellationToken) is not { } page
            || Viewer.ArticlePreview.Of(article, page.Page) is not { } preview)
        {
            return new NotFoundProblem($"Article {id} has no region of its own to show; its preview is its page's image.");
        }

        if (await previews.GetAsync(preview, cancellationToken) is not { } file)
        {
            return new NotFoundProblem($"The page image of article {id} is missing.");
        }

        context.Response.Headers.CacheControl = article.Draft ? "private, no-cache" : v == preview.Key ? FilesApi.ImmutableCacheControl : "public, no-cache";
        return TypedResults.PhysicalFile(file.FullName, "image/jpeg", null, file.LastWriteTimeUtc,
            new Microsoft.Net.Http.Headers.EntityTagHeaderValue($"\"{preview.Key}\""), enableRangeProcessing: true);
    }
}
