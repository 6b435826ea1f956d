namespace XuhuiEpaper.Web.Export;

/// <summary>
/// The static edition (<c>Epaper:Export</c>). With <see cref="Dir"/> set, <c>serve</c> and <c>worker</c> bring the
/// export up to date by themselves after an issue is published, replaced, edited, deleted, restored or purged.
/// <c>epaper export</c> reads the same section; its switches override it.
/// </summary>
public sealed class ExportOptions
{
    public const string SectionName = "Epaper:Export";

    /// <summary>The folder the edition is written to; none (the default) means the service does not export.</summary>
    public string? Dir { get; set; }

    /// <summary>The address the edition is served at (e.g. https://epaper.example.com), for documents that need absolute URLs.</summary>
    public string? BaseUrl { get; set; }

    /// <summary>Only this paper's issues (default: every paper).</summary>
    public string? Paper { get; set; }

    /// <summary>Only issues dated on or after this day.</summary>
    public DateOnly? From { get; set; }

    /// <summary>Only issues dated on or before this day.</summary>
    public DateOnly? To { get; set; }

    /// <summary>How often the service looks for a change to export. Default 2 s.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);
}

/// <summary>What one export covers and where it goes.</summary>
public sealed record ExportRequest(string Dir, string? Paper = null, DateOnly? From = null, DateOnly? To = null, Uri? BaseUrl = null)
{
    public static ExportRequest Of(ExportOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Dir);
        var site = string.IsNullOrWhiteSpace(options.BaseUrl) ? null : new Uri(options.BaseUrl, UriKind.Absolute);
        if (site is not null && site.AbsolutePath != "/")
        {
            // The viewer's addresses (/issues/…, /articles/…, /api/…) start at the root of the site.
            throw new InvalidOperationException($"the base URL {site} has a path; the static edition is served at the root of a site (e.g. https://epaper.example.org/)");
        }

        return new ExportRequest(options.Dir, options.Paper, options.From, options.To, site);
    }
}

/// <summary>What an export did: files written, left as they were (same content) and removed (no longer part of it).</summary>
public sealed record ExportReport(int Issues, int Pages, int Articles, int Written, int Unchanged, int Removed, long BytesWritten, long TotalBytes, TimeSpan Elapsed);
