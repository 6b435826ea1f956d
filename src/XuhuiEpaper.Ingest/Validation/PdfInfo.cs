namespace XuhuiEpaper.Ingest.Validation;

/// <summary>The size of one page in points, as the PDF viewer shows it (crop box, rotation applied).</summary>
public readonly record struct PageSize(double WidthPt, double HeightPt);

/// <summary>What the validator learned about an accepted PDF.</summary>
public sealed record PdfInfo(long FileBytes, string PdfVersion, IReadOnlyList<PageSize> Pages)
{
    public int PageCount => Pages.Count;
}
