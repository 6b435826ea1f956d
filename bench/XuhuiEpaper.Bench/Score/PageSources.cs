using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using UglyToad.PdfPig;
using XuhuiEpaper.Core.Model;
using XuhuiEpaper.Samples.Scoring;

/// <summary>A page analysed, or why not: Skipped says so when the page was left out (too dense, too slow).</summary>
internal sealed record PageOutcome(PageAnalysis? Page, int Glyphs, string? Skipped);

/// <summary>Where the finder runs: in this process, or in a child process per page (see <see cref="ChildProcessPages"/>).</summary>
internal interface IPageSource
{
    PageOutcome Analyse(int number);
}

/// <summary>The finder in this process: the honest timing (JIT once per run), but a page that never ends stops the run.</summary>
internal sealed class InProcessPages(PdfDocument document, int maxGlyphs) : IPageSource
{
    public PageOutcome Analyse(int number)
    {
        var page = PageAnalyser.Analyse(document, number, maxGlyphs, out var glyphs);
        return new PageOutcome(page, glyphs, page is null ? $"more than {maxGlyphs:N0} glyphs (--max-glyphs)" : null);
    }
}

/// <summary>
/// Each page analysed by `bench analyse-page` in a child process, killed when it overruns --page-timeout: a finder
/// that loops, or takes an hour on a dense page, costs one row, not the run; a crash (a stack overflow) likewise.
/// Each child compiles the finder anew, so its milliseconds include JIT.
/// </summary>
internal sealed class ChildProcessPages(PdfDocument document, string pdf, int maxGlyphs, TimeSpan timeout) : IPageSource
{
    public PageOutcome Analyse(int number)
    {
        var info = new ProcessStartInfo(Environment.ProcessPath ?? "dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        if (Path.GetFileNameWithoutExtension(info.FileName) == "dotnet")
        {
            // Started as `dotnet XuhuiEpaper.Bench.dll`: the child needs the dll named too.
            info.ArgumentList.Add(typeof(ChildProcessPages).Assembly.Location);
        }

        foreach (var arg in new[] { PageWorker.Verb, pdf, number.ToString(CultureInfo.InvariantCulture), maxGlyphs.ToString(CultureInfo.InvariantCulture) })
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("cannot start the page worker");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            // The glyphs are counted here, as the row's only figure: how dense a page the finder could not finish.
            return new PageOutcome(null, PageAnalyser.CountGlyphs(document, number), $"no answer within {timeout.TotalSeconds:0} s (--page-timeout), stopped");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"the page worker failed with exit code {process.ExitCode}: {errors.Result.Trim()}");
        }

        var answer = JsonSerializer.Deserialize<PageWorker.Answer>(output.Result) ?? throw new InvalidDataException("the page worker said nothing");
        var page = answer.Regions is null ? null : PageAnalysis.Of(number, answer.WidthPt, answer.HeightPt, answer.Glyphs, answer.Milliseconds, answer.Regions);
        return new PageOutcome(page, answer.Glyphs, page is null ? $"more than {maxGlyphs:N0} glyphs (--max-glyphs)" : null);
    }
}

/// <summary>`bench analyse-page file.pdf N max-glyphs`: the child's side: analyses one page, writes the regions as JSON.</summary>
internal static class PageWorker
{
    public const string Verb = "analyse-page";

    /// <summary>Regions is null when the page had more glyphs than allowed.</summary>
    public sealed record Answer(double WidthPt, double HeightPt, int Glyphs, double Milliseconds, IReadOnlyList<ArticleContent>? Regions);

    public static int Run(string[] args)
    {
        if (args.Length != 3)
        {
            Console.Error.WriteLine($"usage: bench {Verb} <file.pdf> <page> <max-glyphs> (started by bench score --page-timeout)");
            return 2;
        }

        using var document = PdfDocument.Open(args[0]);
        var page = PageAnalyser.Analyse(document, int.Parse(args[1], CultureInfo.InvariantCulture), int.Parse(args[2], CultureInfo.InvariantCulture), out var glyphs);
        var answer = page is null
            ? new Answer(0, 0, glyphs, 0, null)
            : new Answer(page.WidthPt, page.HeightPt, page.Glyphs, page.Milliseconds, page.Regions.Select(r => r.Content).ToList());
        Console.Out.Write(JsonSerializer.Serialize(answer));
        return 0;
    }
}
