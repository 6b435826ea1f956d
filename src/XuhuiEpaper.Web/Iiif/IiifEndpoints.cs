using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using XuhuiEpaper.Core.Iiif;
using XuhuiEpaper.Web.Api;

namespace XuhuiEpaper.Web.Iiif;

/// <summary>Where the IIIF documents say they live. Bound from configuration section <see cref="SectionName"/>.</summary>
public sealed class IiifOptions
{
    public const string SectionName = "Iiif";

    /// <summary>
    /// The public base URL of the ids (scheme, host, any path prefix), e.g. <c>https://epaper.example.org</c>. Unset: the
    /// request's own (after a configured reverse proxy's forwarded headers).
    /// </summary>
    public string? BaseUrl { get; set; }
}

/// <summary>
/// The IIIF routes: Presentation 3 collections, manifests and every resource with an id of its own, and the static
/// level-0 image services. They only read (<see cref="IiifSources"/>) and call the builder (<see cref="IiifPresentation"/>).
/// </summary>
public static class IiifEndpoints
{
    private const string DatePattern = "regex(^\\d{{4}}-\\d{{2}}-\\d{{2}}$)";
    private const string HashPattern = "regex(^[0-9a-f]{{8,64}}$)";

    public static IEndpointRouteBuilder MapIiif(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(IiifLinks.Root).WithTags("IIIF");
        group.MapGet("/collection.json", TitlesAsync).WithName("IiifTitles").WithSummary("IIIF Presentation 3: the collection of every title");
        group.MapGet("/image/{hash:" + HashPattern + "}", (string hash) => Results.Redirect($"{IiifLinks.Root}/image/{hash}/info.json"))
            .WithName("IiifImageService").WithSummary("IIIF Image 3: the service's base URI redirects to its info.json");
        group.MapGet("/image/{hash:" + HashPattern + "}/info.json", ImageInfoAsync).WithName("IiifImageInfo")
            .WithSummary("IIIF Image 3 (level 0): a page image's info.json");
        group.MapGet("/image/{hash:" + HashPattern + "}/{**tile}", ImageTile).WithName("IiifImageTile")
            .WithSummary("IIIF Image 3 (level 0): a static tile, as info.json lists them ({region}/{size}/0/default.jpg)");
        group.MapGet("/{paper}/collection.json", TitleAsync).WithName("IiifTitle").WithSummary("IIIF Presentation 3: a title's issues by date");
        group.MapGet("/{paper}/{date:" + DatePattern + "}/manifest.json", ManifestAsync).WithName("IiifManifest")
            .WithSummary("IIIF Presentation 3: an issue's manifest (pages as canvases, articles as ranges)");
        group.MapGet("/{paper}/{date:" + DatePattern + "}/{**rest}", ResourceAsync).WithName("IiifResource")
            .WithSummary("IIIF Presentation 3: a canvas, range, annotation page or annotation of an issue, by its id");
        return app;
    }

    /// <summary>
    /// Lets IIIF viewers on other sites read the IIIF documents and the page images (and nothing else): a
    /// <c>GET</c> or <c>HEAD</c> from any origin, with any request headers (viewers send an <c>Accept</c> with a JSON-LD
    /// profile, which makes the browser ask first with a preflight <c>OPTIONS</c>), no credentials.
    /// </summary>
    public static IApplicationBuilder UseIiifCors(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            var request = context.Request;
            if (!request.Path.StartsWithSegments(IiifLinks.Root, StringComparison.Ordinal) && !request.Path.StartsWithSegments("/images", StringComparison.Ordinal))
            {
                return next(context);
            }

            if (HttpMethods.IsOptions(request.Method) && request.Headers.ContainsKey("Access-Control-Request-Method"))
            {
                var headers = context.Response.Headers;
                headers.AccessControlAllowOrigin = "*";
                headers.AccessControlAllowMethods = "GET, HEAD";
                if (request.Headers.AccessControlRequestHeaders.Count > 0)
                {
                    headers.AccessControlAllowHeaders = request.Headers.AccessControlRequestHeaders;
                }

                headers.AccessControlMaxAge = "86400";
                context.Response.StatusCode = StatusCodes.Status204NoContent;
                return Task.CompletedTask;
            }

            // OnStarting: the header survives an exception handler that clears the response.
            context.Response.OnStarting(static state =>
            {
                ((HttpContext)state).Response.Headers.AccessControlAllowOrigin = "*";
                return Task.CompletedTask;
            }, context);
            return next(context);
        });

    /// <summary>The base URL of the ids: configured (<c>Iiif:BaseUrl</c>, else <c>Epaper:PublicBaseUrl</c>), or the request's own.</summary>
    public static IiifLinks Links(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var configured = context.RequestServices.GetService<IOptions<IiifOptions>>()?.Value.BaseUrl;
        var site = context.RequestServices.GetService<IOptions<Viewer.PublicSiteOptions>>()?.Value ?? new Viewer.PublicSiteOptions();
        return new IiifLinks(string.IsNullOrWhiteSpace(configured) ? site.BaseUrl(context.Request) : configured);
    }

    private static IiifSources Sources(HttpContext context) =>
        new(context.RequestServices.GetRequiredService<Storage.BrowseStore>(), context.RequestServices.GetRequiredService<DataPaths>().ImagesDir);

    private static async Task<IResult> TitlesAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var titles = await Sources(context).TitlesAsync(cancellationToken);
        return Document(IiifPresentation.TitlesCollection(titles, Links(context)), IiifPresentation.MediaType);
    }

    private static async Task<IResult> TitleAsync(string paper, HttpContext context, CancellationToken cancellationToken)
    {
        var issues = await Sources(context).TitleAsync(paper, cancellationToken);
        return issues.Count == 0
            ? new NotFoundProblem($"No issue of '{paper}' is published.")
            : Document(IiifPresentation.TitleCollection(paper, issues, Links(context)), IiifPresentation.MediaType);
    }

    private static async Task<IResult> ManifestAsync(string paper, DateOnly date, HttpContext context, CancellationToken cancellationToken)
    {
        var source = await Sources(context).IssueAsync(paper, date, cancellationToken);
        return source is null
            ? await MovedOrNotFoundAsync(paper, date, "manifest.json", context, cancellationToken)
            : Document(IiifPresentation.Manifest(source, Links(context)), IiifPresentation.MediaType);
    }

    private static async Task<IResult> ResourceAsync(string paper, DateOnly date, string rest, HttpContext context, CancellationToken cancellationToken)
    {
        var source = await Sources(context).IssueAsync(paper, date, cancellationToken);
        if (source is null)
        {
            return await MovedOrNotFoundAsync(paper, date, rest, context, cancellationToken);
        }

        var links = Links(context);
        var id = links.Manifest(paper, date)[..^"manifest.json".Length] + rest;
        var path = links.PathOf(id);
        return path is not null && IiifPresentation.IssueDocuments(source, links).TryGetValue(path, out var document)
            ? Document(document, IiifPresentation.MediaType)
            : new NotFoundProblem($"The issue of '{paper}' dated {date:yyyy-MM-dd} has no IIIF resource '{rest}'.");
    }

    /// <summary>
    /// IIIF ids carry the issue's date, so an archivist's date correction would break every manifest a library or a
    /// viewer has kept: the old ids answer 301 with the same resource at the issue's current address, as the readable
    /// addresses do (<see cref="Storage.AddressStore.FindMovedAsync"/>).
    /// </summary>
    private static async Task<IResult> MovedOrNotFoundAsync(string paper, DateOnly date, string rest, HttpContext context, CancellationToken cancellationToken)
    {
        var moved = await context.RequestServices.GetRequiredService<Storage.AddressStore>().FindMovedAsync(paper, date, cancellationToken);
        return moved is { Draft: false }
            ? PermanentLinks.Moved(IiifLinks.ManifestPath(moved.Paper, moved.Date)[..^"manifest.json".Length] + string.Join('/', rest.Split('/').Select(Uri.EscapeDataString)))
            : new NotFoundProblem($"No issue of '{paper}' is dated {date:yyyy-MM-dd}.");
    }

    private static async Task<IResult> ImageInfoAsync(string hash, HttpContext context, CancellationToken cancellationToken)
    {
        var size = await Sources(context).ReadInfoSizeAsync(hash, cancellationToken);
        return size is { } s
            ? Document(IiifImageTiles.Info(Links(context).ImageService(hash), s.Width, s.Height), IiifPresentation.ImageInfoMediaType, immutable: true)
            : new NotFoundProblem($"There is no IIIF image '{hash}'.");
    }

    private static IResult ImageTile(string hash, string tile, HttpContext context)
    {
        var file = Sources(context).TileFile(hash, tile);
        if (file is null || !tile.EndsWith("/default." + IiifImageTiles.Format, StringComparison.Ordinal) || !File.Exists(file))
        {
            return new NotFoundProblem($"The IIIF image '{hash}' has no tile '{tile}': a level-0 service serves only the tiles and sizes its info.json lists.");
        }

        context.Response.Headers.CacheControl = FilesApi.ImmutableCacheControl;
        var tag = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(hash + "/" + tile)).AsSpan(0, 12));
        return TypedResults.PhysicalFile(file, IiifImageTiles.MediaType, null, File.GetLastWriteTimeUtc(file), new EntityTagHeaderValue($"\"{tag}\""), enableRangeProcessing: true);
    }

    /// <summary>A JSON-LD document with a strong ETag of its bytes; 304 for a client that has it.</summary>
    private static JsonLdResult Document(JsonNode document, string mediaType, bool immutable = false) => new JsonLdResult(IiifPresentation.Serialize(document), mediaType, immutable);

    private sealed class JsonLdResult(byte[] bytes, string mediaType, bool immutable) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            var tag = new EntityTagHeaderValue($"\"{Convert.ToHexStringLower(SHA256.HashData(bytes).AsSpan(0, 12))}\"");
            var response = httpContext.Response;
            response.Headers.ETag = tag.ToString();
            response.Headers.CacheControl = immutable ? FilesApi.ImmutableCacheControl : "no-cache";
            var request = httpContext.Request.GetTypedHeaders();
            if (request.IfNoneMatch.Any(t => t.Compare(tag, useStrongComparison: false) || t.Equals(EntityTagHeaderValue.Any)))
            {
                response.StatusCode = StatusCodes.Status304NotModified;
                return;
            }

            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = mediaType;
            response.ContentLength = bytes.Length;
            if (!HttpMethods.IsHead(httpContext.Request.Method))
            {
                await response.Body.WriteAsync(bytes);
            }
        }
    }
}
