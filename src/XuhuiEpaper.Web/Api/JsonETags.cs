using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace XuhuiEpaper.Web.Api;

/// <summary>
/// Strong ETags on JSON answers that change only when an archivist changes them (an issue, a page, an article): the tag
/// is a hash of the bytes sent, <c>If-None-Match</c> gives 304, and <c>Cache-Control: no-cache</c> makes clients
/// revalidate each time, so an edit shows at once.
/// </summary>
public static class JsonETags
{
    public static RouteHandlerBuilder WithJsonETag(this RouteHandlerBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.WithMetadata(new ProducesResponseTypeMetadata(StatusCodes.Status304NotModified, typeof(void), []));
        return builder.AddEndpointFilter(async (context, next) =>
        {
            var result = await next(context);
            var value = result switch
            {
                INestedHttpResult { Result: IValueHttpResult { Value: { } v } inner } when inner is IStatusCodeHttpResult { StatusCode: 200 } => v,
                IValueHttpResult { Value: { } v } and IStatusCodeHttpResult { StatusCode: 200 } => v,
                _ => null,
            };
            return value is null ? result : new TaggedJson(value);
        });
    }

    private sealed class TaggedJson(object value) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            var options = httpContext.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
            var bytes = JsonSerializer.SerializeToUtf8Bytes(value, value.GetType(), options);
            var tag = new EntityTagHeaderValue($"\"{Convert.ToHexStringLower(SHA256.HashData(bytes).AsSpan(0, 12))}\"");
            var response = httpContext.Response;
            response.Headers.ETag = tag.ToString();
            response.Headers.CacheControl = "no-cache";
            var request = httpContext.Request.GetTypedHeaders();
            if (request.IfNoneMatch.Any(t => t.Compare(tag, useStrongComparison: false) || t.Equals(EntityTagHeaderValue.Any)))
            {
                response.StatusCode = StatusCodes.Status304NotModified;
                return;
            }

            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = "application/json; charset=utf-8";
            response.ContentLength = bytes.Length;
            await response.Body.WriteAsync(bytes);
        }
    }
}
