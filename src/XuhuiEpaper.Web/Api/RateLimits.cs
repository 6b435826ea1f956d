using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace XuhuiEpaper.Web.Api;

/// <summary>Rate limits per client address. Configuration section "Api:RateLimits".</summary>
public sealed class RateLimitOptions
{
    public const string SectionName = "Api:RateLimits";

    /// <summary>Searches per second a client may make on average. Default 20.</summary>
    public int SearchPerSecond { get; set; } = 20;

    /// <summary>Searches a client may make at once before the average applies. Default 40.</summary>
    public int SearchBurst { get; set; } = 40;

    /// <summary>Uploads a client may start per minute. Default 6.</summary>
    public int UploadsPerMinute { get; set; } = 6;
}

/// <summary>The API's rate-limit policies, behind extension methods so no policy name travels as a string.</summary>
public static class RateLimits
{
    private const string Search = "search";
    private const string Upload = "upload";

    public static IServiceCollection AddEpaperRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<RateLimitOptions>(configuration.GetSection(RateLimitOptions.SectionName));
        return services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = async (context, cancellationToken) =>
            {
                var http = context.HttpContext;
                var wait = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromSeconds(1);
                var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
                http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                await TypedResults.Problem($"Too many requests from your address: try again in {seconds} s.", statusCode: StatusCodes.Status429TooManyRequests)
                    .ExecuteAsync(http);
            };
            limiter.AddPolicy(Search, http => RateLimitPartition.GetTokenBucketLimiter(ClientKey(http), _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = Math.Max(1, Options(http).SearchBurst),
                TokensPerPeriod = Math.Max(1, Options(http).SearchPerSecond),
                ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                QueueLimit = 0,
                AutoReplenishment = true,
            }));
            limiter.AddPolicy(Upload, http => RateLimitPartition.GetFixedWindowLimiter(ClientKey(http), _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = Math.Max(1, Options(http).UploadsPerMinute),
                Window = TimeSpan.FromMinutes(1),
                QueueLimit = 0,
                AutoReplenishment = true,
            }));
        });
    }

    public static TBuilder RequireSearchRateLimit<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder => builder.RequireRateLimiting(Search).ProducesTooManyRequests();

    public static TBuilder RequireUploadRateLimit<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder => builder.RequireRateLimiting(Upload).ProducesTooManyRequests();

    private static TBuilder ProducesTooManyRequests<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new ProducesResponseTypeMetadata(
            StatusCodes.Status429TooManyRequests, typeof(Microsoft.AspNetCore.Mvc.ProblemDetails), ["application/problem+json"]));

    private static RateLimitOptions Options(HttpContext http) => http.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value;

    private static string ClientKey(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? "local";
}
