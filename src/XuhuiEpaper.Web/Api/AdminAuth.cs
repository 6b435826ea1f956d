using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using XuhuiEpaper.Ingest.Pipeline;

namespace XuhuiEpaper.Web.Api;

/// <summary>
/// The archivists' routes take <c>Authorization: Bearer &lt;Epaper:AdminToken&gt;</c>. No token configured: 403 with
/// how to configure one. Missing or wrong token: 401. Tokens are compared in constant time (as SHA-256 digests,
/// so not even the length leaks). A client address that has sent <see cref="RateLimitOptions.FailedAuthPerMinute"/>
/// wrong tokens in a minute gets 429 before its token is even looked at, so guessing cannot be fast.
/// </summary>
public static class AdminAuth
{
    public const string NotConfigured =
        "Uploads and edits are closed: no admin token is configured. Set Epaper:AdminToken (environment variable Epaper__AdminToken, "
        + "or --Epaper:AdminToken=<token> on the command line) and restart the server; scripts/serve.sh sets one and prints it.";

    /// <summary>Requires the admin bearer token on every endpoint of <paramref name="builder"/>.</summary>
    public static TBuilder RequireAdminToken<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder
    {
        builder.WithMetadata(AdminTokenRequired.Instance);
        builder.WithMetadata(new ProducesResponseTypeMetadata(StatusCodes.Status401Unauthorized, typeof(Microsoft.AspNetCore.Mvc.ProblemDetails), ["application/problem+json"]));
        builder.WithMetadata(new ProducesResponseTypeMetadata(StatusCodes.Status403Forbidden, typeof(Microsoft.AspNetCore.Mvc.ProblemDetails), ["application/problem+json"]));
        return builder;
    }

    /// <summary>
    /// Checks the token of requests to endpoints that require it, after routing and before the endpoint runs,
    /// so no body (an upload, an edit) is read for a caller without the token.
    /// </summary>
    public static IApplicationBuilder UseAdminToken(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (context.GetEndpoint()?.Metadata.GetMetadata<AdminTokenRequired>() is not null)
            {
                var failures = context.RequestServices.GetRequiredService<FailedAuthLimiter>();
                if (failures.IsBlocked(context, out var retryAfter))
                {
                    await RateLimits.TooManyAsync(context, retryAfter);
                    return;
                }

                if (Check(context) is { } refusal)
                {
                    if (refusal is ProblemHttpResult { StatusCode: StatusCodes.Status401Unauthorized })
                    {
                        failures.RecordFailure(context);
                    }

                    await refusal.ExecuteAsync(context);
                    return;
                }
            }

            await next(context);
        });

    /// <summary>True when the request carries the configured admin token (on any route: some answers say more to admins).</summary>
    public static bool IsAdmin(HttpContext context) => AdminName(context) is not null;

    /// <summary>The name of the archivist whose token the request carries (Epaper:AdminName, Epaper:Admins), or null.</summary>
    public static string? AdminName(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var header = context.Request.Headers.Authorization.ToString();
        const string Scheme = "Bearer ";
        if (!header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var given = header[Scheme.Length..].Trim();
        string? name = null;
        foreach (var account in context.RequestServices.GetRequiredService<IOptionsMonitor<EpaperOptions>>().CurrentValue.AdminAccounts())
        {
            // Every token is compared, so the time taken says nothing about which one matched.
            if (TokensEqual(given, account.Token) && name is null)
            {
                name = string.IsNullOrWhiteSpace(account.Name) ? "admin" : account.Name.Trim();
            }
        }

        return name;
    }

    /// <summary>Null when the request carries the configured token, else the problem to answer with.</summary>
    public static IResult? Check(HttpContext context)
    {
        if (!context.RequestServices.GetRequiredService<IOptionsMonitor<EpaperOptions>>().CurrentValue.AdminAccounts().Any())
        {
            return TypedResults.Problem(NotConfigured, statusCode: StatusCodes.Status403Forbidden);
        }

        var header = context.Request.Headers.Authorization.ToString();
        if (AdminName(context) is null)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
            return TypedResults.Problem(
                header.Length == 0 ? "This route needs the admin token: send Authorization: Bearer <token>." : "The admin token is wrong.",
                statusCode: StatusCodes.Status401Unauthorized);
        }

        return null;
    }

    /// <summary>Constant time in the content of both strings: their SHA-256 digests are compared with FixedTimeEquals.</summary>
    public static bool TokensEqual(string given, string expected) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(given)), SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
}

/// <summary>Endpoint metadata: the endpoint needs the admin token.</summary>
public sealed class AdminTokenRequired
{
    public static readonly AdminTokenRequired Instance = new();

    private AdminTokenRequired()
    {
    }
}
