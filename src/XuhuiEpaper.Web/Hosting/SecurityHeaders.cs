namespace XuhuiEpaper.Web.Hosting;

/// <summary>
/// Security headers on every response, whoever writes it (API, viewer, files, errors): a content security policy
/// without inline scripts, no MIME sniffing, no framing by other sites, no referrer sent to other origins.
/// </summary>
public static class SecurityHeaders
{
    /// <summary>Scripts, styles, fonts and data only from this origin; images also from data: and blob: URLs (canvas, downloads).</summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; "
        + "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'self'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            // OnStarting: the headers survive an exception handler that clears the response.
            context.Response.OnStarting(static state =>
            {
                var headers = ((HttpContext)state).Response.Headers;
                headers.ContentSecurityPolicy = ContentSecurityPolicy;
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "SAMEORIGIN";
                headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
                headers["Cross-Origin-Opener-Policy"] = "same-origin";
                headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
                return Task.CompletedTask;
            }, context);
            return next(context);
        });
}
