using System.Text.Json.Serialization;

namespace XuhuiEpaper.Core.Model;

/// <summary>
/// An issue's metadata as given by the archivist (command line or API) for one ingest; each value that is null is read
/// from the PDF instead. <see cref="PageNames"/> maps page numbers to 版名 (a page not in it keeps the name read).
/// </summary>
public sealed record MetadataOverrides(
    DateOnly? Date = null, int? Number = null, int? TotalNumber = null, string? Paper = null, IReadOnlyDictionary<int, string>? PageNames = null)
{
    /// <summary>True when nothing is given: the PDF decides everything.</summary>
    [JsonIgnore]
    public bool IsEmpty => Date is null && Number is null && TotalNumber is null && Paper is null && (PageNames is null || PageNames.Count == 0);
}
