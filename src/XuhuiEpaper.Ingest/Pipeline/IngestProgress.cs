namespace XuhuiEpaper.Ingest.Pipeline;

public enum IngestStage
{
    Validating,
    Analysing,
    Rendering,
    Publishing,
    Done,
}

/// <summary>Where an ingest is: its stage and, while pages are worked on, how many of them are done.</summary>
public readonly record struct IngestProgress(IngestStage Stage, int PagesDone, int PageCount);

/// <summary>What an ingest produced.</summary>
public sealed record IngestResult(long IssueId, string Paper, DateOnly Date, int? Number, int? TotalNumber, IReadOnlyList<int> ArticlesPerPage, bool AlreadyPublished, TimeSpan Elapsed);

/// <summary>
/// What an ingest is for: the job's claim (the publish commits only while it holds, and marks the job succeeded), whether
/// it may replace another PDF's issue of the same paper and date, how long a replaced issue stays in the trash, and who asked.
/// </summary>
public sealed record IngestRequest(Storage.JobClaim? Claim = null, bool Replace = false, TimeSpan? Retention = null, string? Client = null)
{
    public static IngestRequest None { get; } = new();

    public TimeSpan TrashRetention => Retention ?? Storage.TrashStore.DefaultRetention;
}
