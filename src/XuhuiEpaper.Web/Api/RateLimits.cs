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

    /// <summary>Wrong admin tokens a client may send per minute; then its admin requests get 429 unchecked. Default 10.</summary>
    public int FailedAuthPerMinute { get; set; } = 10;

    /// <summary>Job event streams a client may hold open at once. Default 4.</summary>
    public int EventStreamsPerClient { get; set; } = 4;
}

/// <summary>
/// Counts wrong admin tokens per client address in a fixed one-minute window. It is consulted before the token is
/// checked: a blocked client learns nothing about its guess.
/// </summary>
public sealed class FailedAuthLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter;

    public FailedAuthLimiter(IOptions<RateLimitOptions> options)
    {
        var permits = Math.Max(1, options.Value.FailedAuthPerMinute);
        _limiter = PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permits,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        }));
    }

    public bool IsBlocked(HttpContext context, out TimeSpan retryAfter)
    {
        retryAfter = TimeSpan.FromMinutes(1);
        return _limiter.GetStatistics(ClientAddress.Of(context)) is { CurrentAvailablePermits: <= 0 };
    }

    public void RecordFailure(HttpContext context)
    {
        using var lease = _limiter.AttemptAcquire(ClientAddress.Of(context));
    }

    public void Dispose() => _limiter.Dispose();
}

/// <summary>The API's rate-limit policies, behind extension methods so no policy name travels as a string.</summary>
public static class RateLimits
{
    private const string Search = "search";
    private const string Upload = "upload";
    private const string EventStream = "event-stream";

    public static IServiceCollection AddEpaperRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<RateLimitOptions>(configuration.GetSection(RateLimitOptions.SectionName));
        services.AddSingleton<FailedAuthLimiter>();
        return services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = (context, cancellationToken) => new ValueTask(TooManyAsync(
                context.HttpContext, context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromSeconds(1)));
            limiter.AddPolicy(EventStream, http => RateLimitPartition.GetConcurrencyLimiter(ClientKey(http), _ => new ConcurrencyLimiterOptions
            {
                PermitLimit = Math.Max(1, Options(http).EventStreamsPerClient),
                QueueLimit = 0,
            }));
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

    /// <summary>429 with Retry-After and a sentence.</summary>
    public static Task TooManyAsync(HttpContext http, TimeSpan wait)
    {
        ArgumentNullException.ThrowIfNull(http);
        var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return TypedResults.Problem($"Too many requests from your address: try again in {seconds} s.", statusCode: StatusCodes.Status429TooManyRequests)
            .ExecuteAsync(http);
    }

    public static TBuilder RequireEventStreamLimit<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder => builder.RequireRateLimiting(EventStream).ProducesTooManyRequests();

    public static TBuilder RequireSearchRateLimit<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder => builder.RequireRateLimiting(Search).ProducesTooManyRequests();

    public static TBuilder RequireUploadRateLimit<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder => builder.RequireRateLimiting(Upload).ProducesTooManyRequests();

    private static TBuilder ProducesTooManyRequests<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new ProducesResponseTypeMetadata(
            StatusCodes.Status429TooManyRequests, typeof(Microsoft.AspNetCore.Mvc.ProblemDetails), ["application/problem+json"]));

    private static RateLimitOptions Options(HttpContext http) => http.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value;

    private static string ClientKey(HttpContext http) => ClientAddress.Of(http);
}
