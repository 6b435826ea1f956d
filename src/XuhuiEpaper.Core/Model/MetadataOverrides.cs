namespace XuhuiEpaper.Core.Model;

/// <summary>
/// An issue's metadata as given by the archivist (command line or API) for one ingest; each value that is null is read
/// from the PDF instead.
/// </summary>
public sealed record MetadataOverrides(DateOnly? Date = null, int? Number = null, int? TotalNumber = null, string? Paper = null);
