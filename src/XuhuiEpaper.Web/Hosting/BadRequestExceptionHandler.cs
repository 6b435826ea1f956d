using Microsoft.AspNetCore.Diagnostics;

namespace XuhuiEpaper.Web.Hosting;

/// <summary>
/// Turns a malformed request (a query value that does not parse, a JSON body that cannot be read, a body over
/// Kestrel's limit) into a problem whose detail names the value, instead of a bare 400.
/// Needs <c>RouteHandlerOptions.ThrowOnBadRequest</c>.
/// </summary>
internal sealed class BadRequestExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad)
        {
            return false;
        }

        httpContext.Response.StatusCode = bad.StatusCode;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = { Status = bad.StatusCode, Detail = bad.Message },
        });
    }
}
