using XuhuiEpaper.Ingest.Validation;

namespace XuhuiEpaper.Ingest.Rendering;

/// <summary>Why a page could not be rendered.</summary>
public enum PageRenderFailure
{
    Failed,
    TimedOut,
    OutOfMemory,
    BadOutput,
}

/// <summary>A page could not be rendered; the message is one line naming the page and the cause.</summary>
public sealed class PageRenderException : IngestRejectedException
{
    public PageRenderException()
    {
    }

    public PageRenderException(string message)
        : base(message)
    {
    }

    public PageRenderException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    public PageRenderException(int pageNumber, PageRenderFailure failure, string message, string? stderr = null)
        : base(message)
    {
        PageNumber = pageNumber;
        Failure = failure;
        Stderr = stderr;
    }

    public int PageNumber { get; }

    public PageRenderFailure Failure { get; }

    /// <summary>What pdftoppm wrote on stderr (trimmed), if anything.</summary>
    public string? Stderr { get; }
}
