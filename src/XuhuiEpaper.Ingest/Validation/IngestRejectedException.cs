namespace XuhuiEpaper.Ingest.Validation;

/// <summary>
/// The ingest refused the file. <see cref="Exception.Message"/> is one line that names the problem;
/// it is what the CLI prints and what the API returns as the problem+json detail.
/// </summary>
public class IngestRejectedException : Exception
{
    public IngestRejectedException()
        : base("the file was rejected")
    {
    }

    public IngestRejectedException(string reason)
        : base(reason)
    {
    }

    public IngestRejectedException(string reason, Exception? innerException)
        : base(reason, innerException)
    {
    }
}
