using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.Json;
using XuhuiEpaper.Web.Api;

namespace XuhuiEpaper.Web.Hosting;

/// <summary>The web server's services and routes: API, files, health, OpenAPI.</summary>
public static class ApiHosting
{
    public static IServiceCollection AddEpaperApi(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<IssueKeys>();
        services.AddSingleton<DataPaths>();
        services.AddSingleton<PagePdfExtractor>();
        services.Configure<JsonOptions>(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase)));
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddProblemDetails();
        services.AddExceptionHandler<BadRequestExceptionHandler>();
        services.AddEpaperRateLimits(configuration);
        services.AddOpenApi();
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");
        return services;
    }

    public static IEndpointRouteBuilder MapEpaperApi(this IEndpointRouteBuilder app)
    {
        app.MapIssuesApi();
        app.MapArticlesApi();
        app.MapSearchApi();
        app.MapJobsApi();
        app.MapAdminApi();
        app.MapFilesApi();
        return app;
    }
}
