using XuhuiEpaper.Samples.Scoring;

/// <summary>The figures of one input of `bench score` (a folder or a file), or of all of them.</summary>
internal sealed class ScoreSet(string name)
{
    public string Name { get; } = name;
    public int Pdfs { get; set; }
    public int PdfsWithTruth { get; set; }
    public List<PageRow> Rows { get; } = [];
    public LayoutScore Truth { get; } = new();
    public WordClickScore WordsWithTruth { get; } = new();
    public WordClickScore WordsWithoutTruth { get; } = new();
    public List<string> Errors { get; } = [];
    /// <summary>Pages left out by --max-glyphs or --page-timeout.</summary>
    public List<string> Skipped { get; } = [];
    public List<IngestMeasure> Ingests { get; } = [];

    public void Add(PageRow row, bool hasTruth)
    {
        Rows.Add(row);
        if (row.Error is not null)
        {
            Errors.Add($"{row.Pdf} page {row.Page}: {row.Error}");
        }

        if (row.Skipped is not null)
        {
            Skipped.Add($"{row.Pdf} p{row.Page}{(row.Glyphs > 0 ? $" ({row.Glyphs:N0} glyphs)" : "")}: {row.Skipped}");
        }

        if (row.Truth is not null)
        {
            Truth.Add(row.Truth);
        }

        if (row.Words is not null)
        {
            (hasTruth ? WordsWithTruth : WordsWithoutTruth).Add(row.Words);
        }
    }
}
