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
