using Microsoft.Extensions.Options;
using System.Globalization;
using XuhuiEpaper.Core.Model;
using XuhuiEpaper.Ingest.Originals;
using XuhuiEpaper.Ingest.Pipeline;
using XuhuiEpaper.Ingest.Validation;
using XuhuiEpaper.Storage;
using XuhuiEpaper.Web.Export;
using XuhuiEpaper.Web.Hosting;

namespace XuhuiEpaper.Web.Cli;

/// <summary>
/// `epaper ingest file.pdf [--again] [--date yyyy-MM-dd] [--number N] [--total N] [--paper NAME] [--data DIR]`:
/// queues the file as a job and works the queue until that job is done, with a progress bar on stderr.
/// A job left behind by a killed ingest is picked up by the next worker or ingest. The same PDF again is the issue it
/// made before, unless --again asks for it to be analysed and rendered anew (after an upgrade of the article finder):
/// that replaces the issue, keeping its metadata as stored (archivists' edits included) unless a flag gives another.
/// A different PDF for a paper and date that already have an issue is refused unless --replace says to replace that
/// issue (it goes to the trash).
/// </summary>
public static class IngestCommand
{
    public const string Usage = "usage: epaper ingest <file.pdf> [--again] [--replace] [--date yyyy-MM-dd] [--number N] [--total N] [--paper NAME] [--data DIR]";

    public static async Task<int> RunAsync(string[] args)
    {
        if (!TryParse(args, out var file, out var overrides, out var again, out var replace, out var settings, out var error))
        {
            await Console.Error.WriteLineAsync($"epaper ingest: {error}\n{Usage}");
            return 2;
        }

        if (!File.Exists(file))
        {
            await Console.Error.WriteLineAsync($"epaper ingest: {file}: no such file");
            return 1;
        }

        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddEpaper(builder.Configuration);
        builder.Services.AddEpaperExport(builder.Configuration);
        using var host = builder.Build();
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };

        await host.Services.InitializeEpaperAsync(cancel.Token);
        var jobs = host.Services.GetRequiredService<JobStore>();
        var runner = host.Services.GetRequiredService<JobRunner>();
        await runner.RecoverAbandonedAsync(cancel.Token);

        var sha = await OriginalStore.ComputeSha256Async(file, cancel.Token);
        var issues = host.Services.GetRequiredService<BrowseStore>();
        if (again && await issues.FindBySha256Async(sha, cancel.Token) is { } published
            && await issues.GetIssueAsync(published.Id, cancel.Token) is { } detail)
        {
            // Metadata given makes the pipeline replace the issue this PDF made rather than return it as it is.
            var stored = detail.StoredMetadata();
            overrides = new MetadataOverrides(
                overrides.Date ?? stored.Date, overrides.Number ?? stored.Number, overrides.TotalNumber ?? stored.TotalNumber, overrides.Paper ?? stored.Paper, stored.PageNames);
        }

        var jobId = await jobs.EnqueueAsync(Path.GetFullPath(file), sha, overrides, replace, cancel.Token);
        await host.Services.GetRequiredService<AuditStore>().AddAsync(
            new AuditEntry(again ? "reingest" : "upload", null, jobId, "cli", $"{Path.GetFileName(file)}, PDF {sha[..12]}…" + (replace ? ", --replace" : "")), cancel.Token);
        var bar = new ProgressBar(Console.Error);
        var started = DateTime.UtcNow;
        try
        {
            while (true)
            {
                var ran = await runner.RunNextAsync(new InlineProgress(p => { if (p.JobId == jobId) bar.Show(p.Progress); }), cancel.Token);
                var job = await jobs.GetAsync(jobId, cancel.Token) ?? throw new InvalidOperationException($"job {jobId} vanished");
                if (job.State is JobState.Succeeded or JobState.Failed)
                {
                    bar.Finish();
                    var code = await ReportAsync(host.Services, job, DateTime.UtcNow - started);
                    if (code != 0)
                    {
                        return code;
                    }

                    await MakeTilesAsync(host.Services, cancel.Token);
                    return await ExportAfterPublishAsync(host.Services, cancel.Token);
                }

                if (!ran)
                {
                    // Another worker (a running `epaper serve`) has our job: follow it from the jobs table.
                    bar.Show(new IngestProgress(IngestStage.Rendering, job.ProgressDone, job.ProgressTotal));
                    await Task.Delay(250, cancel.Token);
                }
            }
        }
        catch (OperationCanceledException)
        {
            bar.Finish();
            await Console.Error.WriteLineAsync("epaper ingest: cancelled; the job will be picked up again by the next worker");
            return 130;
        }
    }

    /// <summary>
    /// The issue is published (and its summary printed) before its IIIF tiles are made; they are made here, with every
    /// core, so that the command leaves nothing behind. Interrupted, they are left to the next worker or ingest.
    /// </summary>
    private static async Task MakeTilesAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            var pages = await services.GetRequiredService<TileRunner>().RunAllAsync(Environment.ProcessorCount, cancellationToken);
            if (pages > 0)
            {
                await Console.Out.WriteLineAsync($"IIIF tiles of {pages} page(s) made in {clock.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s after the publish");
            }
        }
        catch (OperationCanceledException)
        {
            await Console.Error.WriteLineAsync("epaper ingest: published; the IIIF tiles not made yet are left to the next worker or ingest");
        }
    }

    /// <summary>With Epaper:Export:Dir set, publishing from the command line brings the static edition up to date too.</summary>
    private static async Task<int> ExportAfterPublishAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var options = services.GetRequiredService<IOptions<ExportOptions>>().Value;
        if (string.IsNullOrWhiteSpace(options.Dir))
        {
            return 0;
        }

        try
        {
            var request = ExportRequest.Of(options);
            var report = await services.GetRequiredService<StaticEditionExporter>().ExportAsync(request, null, cancellationToken);
            await Console.Out.WriteLineAsync(ExportCommand.Describe(report, request.Dir));
            return 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException or UriFormatException)
        {
            await Console.Error.WriteLineAsync($"epaper ingest: published, but the static edition was not updated: {e.Message}");
            return 1;
        }
    }

    private static async Task<int> ReportAsync(IServiceProvider services, JobRecord job, TimeSpan elapsed)
    {
        if (job.State == JobState.Failed)
        {
            await Console.Error.WriteLineAsync($"epaper ingest: refused: {job.Error}");
            return 1;
        }

        var issues = services.GetRequiredService<BrowseStore>();
        var detail = await issues.GetIssueAsync(job.IssueId!.Value);
        if (detail is null)
        {
            await Console.Error.WriteLineAsync($"epaper ingest: issue {job.IssueId} was published but is gone again");
            return 1;
        }

        var issue = detail.Issue;
        var output = Console.Out;
        await output.WriteLineAsync($"{(issue.Draft ? "Draft" : "Published")} issue {issue.Id}: {issue.Paper} {issue.Date:yyyy-MM-dd}"
            + (issue.Number is { } n ? $", 第 {n} 期" : "") + (issue.TotalNumber is { } t ? $" (總第 {t} 期)" : ""));
        if (issue.Draft)
        {
            await output.WriteLineAsync($"  a draft (Epaper:Publishing is review): readers see it once an admin sends POST /api/issues/{issue.Id}/publish");
        }

        foreach (var page in detail.Pages)
        {
            var articles = (await issues.GetPageAsync(issue.Id, page.Number))?.Articles ?? [];
            var kinds = articles.GroupBy(a => a.Kind).Select(g => $"{g.Count()} {g.Key.ToString().ToLowerInvariant()}");
            await output.WriteLineAsync($"  page {page.Number,2}  {page.Label,-6} {page.Name,-6}  {string.Join(", ", kinds)}");
        }

        // Issue 13: pages published as images (their text unreadable), recognised, or with fonts left out, and why.
        var texts = await services.GetRequiredService<PageTextStore>().GetAsync(issue.Sha256);
        foreach (var line in XuhuiEpaper.Ingest.Pipeline.IngestPipeline.TextWarnings(texts.Select(t => t.Report).ToArray()))
        {
            await output.WriteLineAsync("  " + line);
        }

        await output.WriteLineAsync($"{detail.Pages.Count} pages in {elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s");
        return 0;
    }

    private static bool TryParse(string[] args, out string file, out MetadataOverrides overrides, out bool again, out bool replace, out Dictionary<string, string?> settings, out string error)
    {
        file = "";
        overrides = new MetadataOverrides();
        again = false;
        replace = false;
        settings = [];
        error = "";
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                if (file.Length > 0)
                {
                    error = $"one file at a time (got '{file}' and '{arg}')";
                    return false;
                }

                file = arg;
                continue;
            }

            if (arg == "--again")
            {
                again = true;
                continue;
            }

            if (arg == "--replace")
            {
                replace = true;
                continue;
            }

            if (i + 1 >= args.Length)
            {
                error = $"{arg} needs a value";
                return false;
            }

            var value = args[++i];
            switch (arg)
            {
                case "--date" when DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date):
                    overrides = overrides with { Date = date };
                    break;
                case "--number" when int.TryParse(value, CultureInfo.InvariantCulture, out var number) && number > 0:
                    overrides = overrides with { Number = number };
                    break;
                case "--total" when int.TryParse(value, CultureInfo.InvariantCulture, out var total) && total > 0:
                    overrides = overrides with { TotalNumber = total };
                    break;
                case "--paper" when !string.IsNullOrWhiteSpace(value):
                    overrides = overrides with { Paper = value.Trim() };
                    break;
                case "--data":
                    settings["Epaper:DataDir"] = value;
                    break;
                default:
                    error = $"{arg} {value}: not understood";
                    return false;
            }
        }

        if (file.Length == 0)
        {
            error = "which PDF?";
            return false;
        }

        return true;
    }

    private sealed class InlineProgress(Action<(long JobId, IngestProgress Progress)> report) : IProgress<(long JobId, IngestProgress Progress)>
    {
        public void Report((long JobId, IngestProgress Progress) value) => report(value);
    }
}
