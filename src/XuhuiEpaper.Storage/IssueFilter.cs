namespace XuhuiEpaper.Storage;

/// <summary>
/// Which issues a read sees: those of one paper (title) or all, and whether drafts (issues not yet published, see
/// <see cref="DraftStore"/>) are among them. Readers, kiosks and search see <see cref="Public"/>; admins see drafts too.
/// </summary>
public sealed record IssueFilter(string? Paper = null, bool IncludeDrafts = false)
{
    /// <summary>Every published issue of every paper.</summary>
    public static IssueFilter Public { get; } = new();

    /// <summary>Every issue, drafts included.</summary>
    public static IssueFilter All { get; } = new(IncludeDrafts: true);

    /// <summary>The SQL condition on <c>issues i</c> joined with papers as <paramref name="papers"/>; the paper is the argument @FilterPaper.</summary>
    internal string Where(string papers = "p") => (IncludeDrafts ? "1 = 1" : "i.draft = 0") + (Paper is null ? "" : $" AND {papers}.name = @FilterPaper");
}
