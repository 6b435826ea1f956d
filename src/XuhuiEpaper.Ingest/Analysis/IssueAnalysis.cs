using System.Text.Json;
using System.Text.Json.Serialization;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Exceptions;
using XuhuiEpaper.Core.Layout;
using XuhuiEpaper.Core.Metadata;
using XuhuiEpaper.Core.Model;
using XuhuiEpaper.Core.Pdf;
using XuhuiEpaper.Ingest.Recognition;
using XuhuiEpaper.Ingest.Validation;

namespace XuhuiEpaper.Ingest.Analysis;

/// <summary>
/// One page as analysed: its size in points, its header (版次/版名), the articles found on it, and what its text is
/// worth (the verdict on the PDF's text layer, and whether the text was recognised instead).
/// </summary>
public sealed record AnalysedPage(double Width, double Height, PageHeading Heading, IReadOnlyList<FoundArticle> Articles, PageTextReport? Text = null);

/// <summary>An issue as analysed: what its front page says, and each page.</summary>
public sealed record AnalysedIssue(IssueMetadata Front, IReadOnlyList<AnalysedPage> Pages);

/// <summary>How far an analysis is: pages read by PdfPig, pages whose articles are found, pages recognised of those to recognise.</summary>
public readonly record struct AnalysisProgress(int PagesRead, int PagesFound, int PageCount, int PagesRecognised = 0, int PagesToRecognise = 0);

/// <summary>
/// Reads every page's text with PdfPig and finds its articles: the one place the article finder is called, whether in
/// this process or in the analysis child. PdfPig reads pages one at a time (a document is not thread-safe); the layout
/// analysis of pages runs in parallel. A file PdfPig cannot read is refused with a reason.
/// </summary>
public static class IssueAnalysis
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static AnalysedIssue Run(
        string pdfPath, ArticleFinder finder, int parallelism, IProgress<AnalysisProgress>? progress, CancellationToken cancellationToken, RecognitionRequest? recognition = null)
    {
        ArgumentNullException.ThrowIfNull(finder);
        using var document = Open(pdfPath);
        var inputs = new List<PageInput>();
        int count;
        try
        {
            count = document.NumberOfPages;
            for (var n = 1; n <= count; n++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                inputs.Add(PdfPageReader.Read(document.GetPage(n)));
                progress?.Report(new AnalysisProgress(n, 0, count));
            }
        }
        catch (Exception ex) when (IsParseFailure(ex))
        {
            throw new IngestRejectedException($"truncated or damaged PDF: page {inputs.Count + 1} is unreadable: {PdfValidator.OneLine(ex.Message)}", ex);
        }

        var (pagesText, reports) = PageTextJudge.Judge(pdfPath, inputs, recognition, progress, cancellationToken);
        inputs = [.. pagesText];
        var layouts = new PageLayout[inputs.Count];
        var found = 0;
        Parallel.For(0, inputs.Count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, parallelism), CancellationToken = cancellationToken }, i =>
        {
            layouts[i] = finder.Find(inputs[i]);
            progress?.Report(new AnalysisProgress(count, Interlocked.Increment(ref found), count));
        });

        var front = IssueMetadataReader.ReadFrontPage(inputs[0], layouts[0].Lines);
        var pages = inputs.Select((input, i) => new AnalysedPage(
            input.Width, input.Height, IssueMetadataReader.ReadPageHeading(input, layouts[i].Lines),
            reports[i].ImageOnly ? [] : layouts[i].Articles, reports[i])).ToArray();
        return new AnalysedIssue(front, pages);
    }

    private static PdfDocument Open(string pdfPath)
    {
        try
        {
            return PdfDocument.Open(pdfPath);
        }
        catch (PdfDocumentEncryptedException)
        {
            throw new IngestRejectedException("encrypted PDF: a password is needed");
        }
        catch (Exception ex) when (IsParseFailure(ex))
        {
            throw new IngestRejectedException($"truncated or damaged PDF: {PdfValidator.OneLine(ex.Message)}", ex);
        }
    }

    private static bool IsParseFailure(Exception ex) =>
        ex is not OutOfMemoryException and not OperationCanceledException and not IngestRejectedException;
}
