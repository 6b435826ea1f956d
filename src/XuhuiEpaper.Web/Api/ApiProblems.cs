using System.Reflection;
using Microsoft.AspNetCore.Http.Metadata;

namespace XuhuiEpaper.Web.Api;

/// <summary>
/// An RFC 7807 problem (application/problem+json) with a fixed status code and a sentence saying why.
/// Each status has its own type, so handlers can name their answers precisely in <c>Results&lt;…&gt;</c>
/// and the OpenAPI document lists each one.
/// </summary>
public abstract class ApiProblem(int statusCode, string detail) : IResult, IStatusCodeHttpResult
{
    public int StatusCode { get; } = statusCode;

    int? IStatusCodeHttpResult.StatusCode => StatusCode;

    public string Detail { get; } = detail;

    public Task ExecuteAsync(HttpContext httpContext) =>
        TypedResults.Problem(Detail, statusCode: StatusCode).ExecuteAsync(httpContext);

    protected static void Describe(EndpointBuilder builder, int statusCode) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(statusCode, typeof(Microsoft.AspNetCore.Mvc.ProblemDetails), ["application/problem+json"]));
}

/// <summary>400: a malformed or out-of-range request value.</summary>
public sealed class BadRequestProblem(string detail) : ApiProblem(StatusCodes.Status400BadRequest, detail), IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Describe(builder, StatusCodes.Status400BadRequest);
}

/// <summary>404: no such issue, page, article, job, file or date.</summary>
public sealed class NotFoundProblem(string detail) : ApiProblem(StatusCodes.Status404NotFound, detail), IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Describe(builder, StatusCodes.Status404NotFound);
}

/// <summary>409: the change conflicts with what is stored (e.g. another issue has that date).</summary>
public sealed class ConflictProblem(string detail) : ApiProblem(StatusCodes.Status409Conflict, detail), IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Describe(builder, StatusCodes.Status409Conflict);
}

/// <summary>413: the upload is larger than the configured limit.</summary>
public sealed class PayloadTooLargeProblem(string detail) : ApiProblem(StatusCodes.Status413PayloadTooLarge, detail), IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Describe(builder, StatusCodes.Status413PayloadTooLarge);
}

/// <summary>415: the upload is not a PDF at all (or not sent as multipart/form-data).</summary>
public sealed class UnsupportedMediaTypeProblem(string detail) : ApiProblem(StatusCodes.Status415UnsupportedMediaType, detail), IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Describe(builder, StatusCodes.Status415UnsupportedMediaType);
}

/// <summary>422: a PDF the ingest cannot take (encrypted, damaged, too many pages…), with the validator's reason.</summary>
public sealed class UnprocessableProblem(string detail) : ApiProblem(StatusCodes.Status422UnprocessableEntity, detail), IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Describe(builder, StatusCodes.Status422UnprocessableEntity);
}
