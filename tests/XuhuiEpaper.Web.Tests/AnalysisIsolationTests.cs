using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using XuhuiEpaper.Ingest.Analysis;
using XuhuiEpaper.Ingest.Tests.Fixtures;

namespace XuhuiEpaper.Web.Tests;

/// <summary>
/// Issue 10, problem 2: PdfPig and the article finder run in a child process with limits, not in the web server. The
/// hostile file is a 300 KB page whose content stream inflates to 105 MB of path operators: PdfPig needs gigabytes and
/// many seconds for it. Real server, real child processes.
/// </summary>
[NonParallelizable]
public class AnalysisIsolationTests
{
    private static readonly byte[] Bomb = HostilePdfs.OperatorBombBytes();

    [Test]
    public async Task Uploading_a_content_stream_bomb_is_answered_at_once_without_parsing_it_in_the_server()
    {
        await using var app = new EpaperApp();
        using var client = app.CreateAdminClient();
        await client.GetAsync("/healthz");
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var clock = Stopwatch.StartNew();
        var response = await client.PostAsync("/api/issues", EpaperApp.Form(Bomb, new Dictionary<string, string> { ["date"] = "2021-12-20", ["paper"] = "徐匯報" }));
        clock.Stop();
        var grew = GC.GetTotalAllocatedBytes(precise: true) - allocated;
        await response.JsonAsync(HttpStatusCode.Accepted);
        TestContext.Out.WriteLine($"upload answered in {clock.ElapsedMilliseconds} ms; the server allocated {grew >> 20} MB");
        Assert.Multiple(() =>
        {
            Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(5)), "the upload check reads the page tree, not the pages");
            Assert.That(grew, Is.LessThan(100L << 20), "and allocates nothing like what parsing the page would");
        });
    }

    [Test]
    public async Task A_content_stream_bomb_kills_only_its_analysis_child_the_job_fails_with_the_reason_and_the_next_one_runs()
    {
        await using var app = new EpaperApp(new Dictionary<string, string?>
        {
            ["Epaper:RunWorker"] = "true",
            ["Epaper:JobMaxAttempts"] = "1",
            // Long enough for the plain sample that follows on a loaded machine (its page 1 took 1.5 s at load 13), far
            // shorter than the bomb.
            ["Ingest:Analysis:PageTimeout"] = "00:00:06",
        });
        using var client = app.CreateAdminClient();
        await client.GetAsync("/healthz");
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var bomb = await (await client.PostAsync("/api/issues", EpaperApp.Form(Bomb, new Dictionary<string, string> { ["date"] = "2021-12-20", ["paper"] = "徐匯報" }))).JsonAsync(HttpStatusCode.Accepted);
        var failed = await EpaperApp.WaitForJobAsync(client, (string)bomb["statusUrl"]!);
        var grew = GC.GetTotalAllocatedBytes(precise: true) - allocated;
        Assert.Multiple(() =>
        {
            Assert.That((string?)failed["state"], Is.EqualTo("failed"));
            Assert.That((string?)failed["error"], Is.EqualTo("the text analysis was stopped: reading the text of page 1 took longer than 6 s"));
            Assert.That(grew, Is.LessThan(300L << 20), "the server did not parse the page itself");
            // Only this test's children count: another epaper on the machine (a bench) may be analysing its own PDFs.
            Assert.That(Process.GetProcesses().Count(p => SafeCommandLine(p) is var line && line.Contains(" analyse ", StringComparison.Ordinal)
                && line.Contains(Path.GetFullPath(app.DataDir), StringComparison.Ordinal)), Is.Zero, "no analysis child is left");
        });

        var next = await (await client.PostAsync("/api/issues", EpaperApp.Form(await File.ReadAllBytesAsync(EpaperApp.SamplePdf)))).JsonAsync(HttpStatusCode.Accepted);
        var done = await EpaperApp.WaitForJobAsync(client, (string)next["statusUrl"]!);
        Assert.That((string?)done["state"], Is.EqualTo("succeeded"), done.ToJsonString());
    }

    [Test]
    public async Task An_analysis_past_its_memory_limit_fails_as_out_of_memory()
    {
        await using var app = new EpaperApp(new Dictionary<string, string?> { ["Ingest:Analysis:HeapLimitBytes"] = "536870912" });
        var path = Path.Combine(app.DataDir, "bomb.pdf");
        Directory.CreateDirectory(app.DataDir);
        await File.WriteAllBytesAsync(path, Bomb);
        var analyser = app.Services.GetRequiredService<IssueAnalyser>();
        Assert.That(analyser.InChildProcess, Is.True);
        var failure = Assert.ThrowsAsync<AnalysisFailedException>(() => analyser.AnalyseAsync(path, CancellationToken.None));
        Assert.That(failure!.Message, Is.EqualTo("the text analysis ran out of memory (limit 512 MB)"));
    }

    [Test]
    public async Task The_child_analyses_the_sample_as_this_process_would()
    {
        await using var app = new EpaperApp();
        var analyser = app.Services.GetRequiredService<IssueAnalyser>();
        var child = await analyser.AnalyseAsync(EpaperApp.SamplePdf, CancellationToken.None);
        var here = await IssueAnalyser.InProcess(app.Services.GetRequiredService<XuhuiEpaper.Core.Layout.ArticleFinder>(), 2).AnalyseAsync(EpaperApp.SamplePdf, CancellationToken.None);
        Assert.Multiple(() =>
        {
            Assert.That(child.Front, Is.EqualTo(here.Front));
            Assert.That(child.Pages.Select(p => (p.Width, p.Height, p.Heading)), Is.EqualTo(here.Pages.Select(p => (p.Width, p.Height, p.Heading))));
            Assert.That(child.Pages.SelectMany(p => p.Articles.Select(a => (a.Content.Kind, a.Content.Title, a.JumpLine, string.Join("|", a.Content.Body), a.Content.Rects.Count))),
                Is.EqualTo(here.Pages.SelectMany(p => p.Articles.Select(a => (a.Content.Kind, a.Content.Title, a.JumpLine, string.Join("|", a.Content.Body), a.Content.Rects.Count)))));
        });
    }

    [Test]
    public async Task The_child_recognises_a_scanned_page_under_its_own_limits()
    {
        // Production analyses in the child, which starts tesseract itself: under the child's address-space and CPU limits,
        // with the options and the title it was sent on its standard input.
        await using var app = new EpaperApp();
        var path = Path.Combine(app.DataDir, "scan.pdf");
        Directory.CreateDirectory(app.DataDir);
        await File.WriteAllBytesAsync(path, await XuhuiEpaper.Samples.UnreadableVariants.ImageOnlyAsync(EpaperApp.SamplePdf, 150, 3, 3));
        var analyser = app.Services.GetRequiredService<IssueAnalyser>();
        Assert.That(analyser.InChildProcess, Is.True);
        var progress = new List<AnalysisProgress>();
        var issue = await analyser.AnalyseAsync(path, "徐匯報", new Inline<AnalysisProgress>(p => { lock (progress) { progress.Add(p); } }), CancellationToken.None);
        var page = issue.Pages.Single();
        Assert.Multiple(() =>
        {
            Assert.That(page.Text?.Source, Is.EqualTo(XuhuiEpaper.Core.Model.TextSource.Recognised), page.Text?.Reason);
            Assert.That(page.Text?.Reason, Does.Contain("chi_tra"));
            Assert.That(page.Articles, Has.Count.GreaterThanOrEqualTo(2));
            Assert.That(string.Concat(page.Articles.SelectMany(a => a.Content.Body)), Does.Contain("人民"));
            Assert.That(progress.Any(p => p.PagesToRecognise == 1 && p.PagesRecognised == 1), "the child reports the page recognised");
        });
    }

    /// <summary>Progress reported on the reporting thread (Progress&lt;T&gt; would post it later).</summary>
    private sealed class Inline<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }

    private static string SafeCommandLine(Process process)
    {
        try
        {
            return File.ReadAllText($"/proc/{process.Id}/cmdline").Replace('\0', ' ');
        }
        catch (IOException)
        {
            return "";
        }
        catch (UnauthorizedAccessException)
        {
            return "";
        }
    }
}
