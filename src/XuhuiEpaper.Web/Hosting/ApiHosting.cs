using Microsoft.Extensions.DependencyInjection.Extensions;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.Json;
using XuhuiEpaper.Storage;
using XuhuiEpaper.Web.Api;
using XuhuiEpaper.Web.Iiif;

namespace XuhuiEpaper.Web.Hosting;

/// <summary>The web server's services and routes: API, files, health, OpenAPI.</summary>
public static class ApiHosting
{
    public static IServiceCollection AddEpaperApi(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<ApiOptions>(configuration.GetSection(ApiOptions.SectionName));
        services.AddSingleton<IssueKeys>();
        services.AddSingleton<PermalinkStore>();
        services.AddSingleton<AddressResolver>();
        services.AddSingleton(typeof(ChangeAwareCache<>));
        services.TryAddSingleton<Viewer.SharePreviews>();
        services.TryAddSingleton<Viewer.ArticlePreviewImages>();
        services.TryAddSingleton<Discovery.DiscoveryDocuments>();
        services.Configure<Viewer.PublicSiteOptions>(configuration.GetSection(Viewer.PublicSiteOptions.SectionName));
        services.AddSingleton<JsonAnswers>();
        services.AddSingleton<SearchCache>();
        services.AddSingleton<ImageCache>();
        services.AddSingleton<DataPaths>();
        services.Configure<Iiif.IiifOptions>(configuration.GetSection(Iiif.IiifOptions.SectionName));
        services.AddSingleton<PagePdfExtractor>();
        services.Configure<JsonOptions>(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase)));
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddProblemDetails(o => o.CustomizeProblemDetails = c => c.ProblemDetails.Detail ??= DefaultDetail(c.HttpContext, c.ProblemDetails.Status));
        services.AddExceptionHandler<BadRequestExceptionHandler>();
        services.AddEpaperRateLimits(configuration);
        services.AddOpenApi();
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database").AddCheck<WorkerHealthCheck>("worker").AddCheck<TilesHealthCheck>("tiles");
        return services;
    }

    /// <summary>A sentence for problems written from a bare status code (no route, wrong method, wrong content type).</summary>
    private static string? DefaultDetail(HttpContext context, int? status) => status switch
    {
        StatusCodes.Status404NotFound => $"Nothing is served at {context.Request.Path}.",
        StatusCodes.Status405MethodNotAllowed => $"{context.Request.Method} is not allowed on {context.Request.Path}.",
        StatusCodes.Status415UnsupportedMediaType =>
            $"The content type '{context.Request.ContentType}' is not accepted here: uploads are multipart/form-data with the PDF in the field 'file'.",
        StatusCodes.Status400BadRequest => "The request is malformed.",
        StatusCodes.Status500InternalServerError => "Something went wrong on the server; the error has been logged.",
        _ => null,
    };

    public static IEndpointRouteBuilder MapEpaperApi(this IEndpointRouteBuilder app)
    {
        var root = app.MapGroup("");
        root.MapIssuesApi();
        root.MapArticlesApi();
        root.MapSearchApi();
        root.MapJobsApi();
        root.MapAdminApi();
        root.MapPageTextApi();
        root.MapTrashApi();
        root.MapPublishingApi();
        root.MapPapersApi();
        root.MapRegionEditorApi();
        root.MapFilesApi();
        root.MapIiif();
        root.MapReadableAddressApi();
        Discovery.DiscoveryEndpoints.MapDiscovery(root);
        root.AnswerHeadWhereGet();
        return app;
    }
}
