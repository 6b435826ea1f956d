using System.Globalization;
using System.Text.Json;
using XuhuiEpaper.Core.Layout;
using XuhuiEpaper.Ingest.Recognition;
using XuhuiEpaper.Ingest.Validation;

namespace XuhuiEpaper.Ingest.Analysis;

/// <summary>
/// The analysis child's side (<c>epaper analyse &lt;file.pdf&gt;</c>): reads its request (the finder's options) from
/// stdin, reports each page on stderr (<c>progress read found count</c>), writes the <see cref="AnalysedIssue"/> as JSON
/// on stdout. A refusal is <c>rejected: reason</c> on stderr and exit code 2; running out of memory is exit code 3.
/// </summary>
public static class AnalysisChild
{
    public const int Rejected = 2;
    public const int OutOfMemory = 3;
    public const string RejectedPrefix = "rejected: ";
    private const string ProgressPrefix = "progress ";

    /// <summary>What the parent sends on stdin: the finder's options, pages at once, and how to recognise pages whose text is not text.</summary>
    public sealed record Request(ArticleFinderOptions Finder, int Parallelism, RecognitionRequest? Recognition = null);

    public static async Task<int> RunAsync(string[] args, Stream input, Stream output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(error);
        if (args.Length != 1)
        {
            await error.WriteLineAsync("usage: epaper analyse <file.pdf>  (the request as JSON on stdin)");
            return 64;
        }

        try
        {
            var request = await JsonSerializer.DeserializeAsync<Request>(input, IssueAnalysis.Json) ?? new Request(new ArticleFinderOptions(), 1);
            var progress = new LineProgress(error);
            progress.Report(new AnalysisProgress(0, 0, 0)); // started: the parent's clock is each page's from now on
            var result = IssueAnalysis.Run(args[0], new ArticleFinder(request.Finder), request.Parallelism, progress, CancellationToken.None, request.Recognition);
            await JsonSerializer.SerializeAsync(output, result, IssueAnalysis.Json);
            await output.FlushAsync();
            return 0;
        }
        catch (IngestRejectedException ex)
        {
            await error.WriteLineAsync(RejectedPrefix + ex.Message.ReplaceLineEndings(" "));
            return Rejected;
        }
        catch (OutOfMemoryException)
        {
            await error.WriteLineAsync("out of memory");
            return OutOfMemory;
        }
        catch (InsufficientExecutionStackException ex)
        {
            await error.WriteLineAsync(RejectedPrefix + "the PDF nests its objects too deeply to be read: " + ex.Message);
            return Rejected;
        }
    }

    /// <summary>A progress line of the child, or null.</summary>
    public static AnalysisProgress? ParseProgress(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        if (!line.StartsWith(ProgressPrefix, StringComparison.Ordinal))
        {
            return null;
        }

        var parts = line[ProgressPrefix.Length..].Split(' ');
        var recognised = 0;
        var toRecognise = 0;
        return parts.Length is 3 or 5
            && int.TryParse(parts[0], CultureInfo.InvariantCulture, out var read)
            && int.TryParse(parts[1], CultureInfo.InvariantCulture, out var found)
            && int.TryParse(parts[2], CultureInfo.InvariantCulture, out var count)
            && (parts.Length == 3
                || (int.TryParse(parts[3], CultureInfo.InvariantCulture, out recognised) && int.TryParse(parts[4], CultureInfo.InvariantCulture, out toRecognise)))
            ? new AnalysisProgress(read, found, count, recognised, toRecognise) : null;
    }

    private sealed class LineProgress(TextWriter error) : IProgress<AnalysisProgress>
    {
        private readonly Lock _gate = new();

        public void Report(AnalysisProgress value)
        {
            lock (_gate)
            {
                error.WriteLine(value.PagesToRecognise > 0
                    ? string.Create(CultureInfo.InvariantCulture, $"{ProgressPrefix}{value.PagesRead} {value.PagesFound} {value.PageCount} {value.PagesRecognised} {value.PagesToRecognise}")
                    : string.Create(CultureInfo.InvariantCulture, $"{ProgressPrefix}{value.PagesRead} {value.PagesFound} {value.PageCount}"));
                error.Flush();
            }
        }
    }
}
