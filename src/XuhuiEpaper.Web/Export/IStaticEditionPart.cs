using XuhuiEpaper.Storage;

namespace XuhuiEpaper.Web.Export;

/// <summary>
/// A part of the static edition that another feature writes (the IIIF documents and tiles): every registered part is
/// called once per export, after the issues' own files and before the viewer, with the issues exported. It writes
/// through the export's <see cref="ExportWriter"/>, so its files count as written or unchanged, and files it no longer
/// writes are removed with the rest.
/// </summary>
public interface IStaticEditionPart
{
    Task WriteAsync(StaticEditionContext context, ExportWriter writer, CancellationToken cancellationToken);
}

/// <summary>What a part of the export gets: the request (its base URL above all) and the issues exported, oldest first.</summary>
public sealed record StaticEditionContext(ExportRequest Request, IReadOnlyList<IssueDetail> Issues);
