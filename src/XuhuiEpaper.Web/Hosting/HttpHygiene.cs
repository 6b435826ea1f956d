using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using XuhuiEpaper.Web.Api;

namespace XuhuiEpaper.Web.Hosting;

/// <summary>Endpoint metadata: this GET route does not answer HEAD (an event stream, which would never end).</summary>
public sealed class NoHead
{
    public static readonly NoHead Instance = new();

    private NoHead()
    {
    }
}

/// <summary>HEAD wherever GET is served; forwarded headers behind a configured proxy; /healthz with its reasons.</summary>
public static class HttpHygiene
{
    /// <summary>The runtime's switch for running socket completions on the event loop thread (Linux, macOS).</summary>
    public const string InlineSocketCompletions = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";

    /// <summary>
    /// Every GET endpoint built by <paramref name="builder"/> also answers HEAD (CDNs, link checkers and download managers
    /// use it): the handler runs as for GET, the server sends the headers without the body.
    /// </summary>
    public static TBuilder AnswerHeadWhereGet<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder
    {
        builder.Finally(endpoint =>
        {
            if (endpoint.Metadata.OfType<NoHead>().Any() || endpoint.Metadata.OfType<HttpMethodMetadata>().LastOrDefault() is not { } methods)
            {
                return;
            }

            if (methods.HttpMethods.Contains(HttpMethods.Get) && !methods.HttpMethods.Contains(HttpMethods.Head))
            {
                endpoint.Metadata.Add(new HttpMethodMetadata([.. methods.HttpMethods, HttpMethods.Head], methods.AcceptCorsPreflight));
            }
        });
        return builder;
    }

    /// <summary>
    /// Believes X-Forwarded-For and X-Forwarded-Proto from the proxies listed in Api:KnownProxies / Api:KnownNetworks only,
    /// and only their last hop; with none listed the headers are ignored. Rate limits and the audit log then see the
    /// client's address instead of the proxy's.
    /// </summary>
    public static IApplicationBuilder UseConfiguredForwardedHeaders(this IApplicationBuilder app)
    {
        var api = app.ApplicationServices.GetRequiredService<IOptions<ApiOptions>>().Value;
        if (api.KnownProxies.Count == 0 && api.KnownNetworks.Count == 0)
        {
            return app;
        }

        var options = new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto, ForwardLimit = 1 };
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        foreach (var proxy in api.KnownProxies)
        {
            options.KnownProxies.Add(IPAddress.Parse(proxy));
        }

        foreach (var network in api.KnownNetworks)
        {
            options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
        }

        return app.UseForwardedHeaders(options);
    }

    /// <summary>/healthz: the overall status on the first line as before, then each check with its reason as JSON.</summary>
    public static HealthCheckOptions HealthOptions { get; } = new() { ResponseWriter = WriteHealthAsync };

    private static Task WriteHealthAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        var body = new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(
                e => e.Key,
                e => new { status = e.Value.Status.ToString(), description = e.Value.Description, data = e.Value.Data.Count == 0 ? null : e.Value.Data }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body, JsonOptions));
    }

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };
}
