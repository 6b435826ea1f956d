using System.Globalization;
using Microsoft.Extensions.Options;
using XuhuiEpaper.Web.Export;
using XuhuiEpaper.Web.Hosting;

namespace XuhuiEpaper.Web.Cli;

/// <summary>
/// `epaper export --out DIR [--paper P] [--from D --to D] [--base-url URL] [--data DIR] [--Key=value …]`: writes the
/// static edition (<see cref="StaticEditionExporter"/>) with a progress bar on stderr, then one line of counts. It reads
/// the configuration `serve` reads (appsettings, environment, switches); its flags override <c>Epaper:Export</c>.
/// </summary>
public static class ExportCommand
{
    public const string Usage = "usage: epaper export --out DIR [--paper NAME] [--from yyyy-MM-dd] [--to yyyy-MM-dd] [--base-url URL] [--data DIR] [--Key=value ...]";

    public static async Task<int> RunAsync(string[] args)
    {
        if (!TryParse(args, out var flags, out var configuration, out var error))
        {
            await Console.Error.WriteLineAsync($"epaper export: {error}\n{Usage}");
            return 2;
        }

        var builder = WebApplication.CreateBuilder(configuration);
        builder.Configuration.AddInMemoryCollection(flags);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddEpaper(builder.Configuration);
        builder.Services.AddEpaperApi(builder.Configuration);
        builder.Services.AddEpaperExport(builder.Configuration);
        await using var app = builder.Build();
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };

        ExportRequest request;
        try
        {
            var options = app.Services.GetRequiredService<IOptions<ExportOptions>>().Value;
            if (string.IsNullOrWhiteSpace(options.Dir))
            {
                await Console.Error.WriteLineAsync($"epaper export: where to? --out DIR (or Epaper:Export:Dir) is needed\n{Usage}");
                return 2;
            }

            request = ExportRequest.Of(options);
        }
        catch (Exception e) when (e is OptionsValidationException or InvalidOperationException or UriFormatException or FormatException)
        {
            await Console.Error.WriteLineAsync($"epaper export: {e.Message}");
            return 2;
        }

        var bar = new ProgressBar(Console.Error);
        try
        {
            await app.Services.InitializeEpaperAsync(cancel.Token);
            var exporter = app.Services.GetRequiredService<StaticEditionExporter>();
            var report = await exporter.ExportAsync(request, new Progress(p => bar.Show("exporting", p.Done, p.Total, "issues")), cancel.Token);
            bar.Finish();
            await Console.Out.WriteLineAsync(Describe(report, request.Dir));
            return 0;
        }
        catch (OperationCanceledException)
        {
            bar.Finish();
            await Console.Error.WriteLineAsync("epaper export: cancelled; what was written is whole, and the next export finishes the job");
            return 130;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            bar.Finish();
            await Console.Error.WriteLineAsync($"epaper export: failed: {e.Message}");
            return 1;
        }
    }

    public static string Describe(ExportReport report, string dir)
    {
        ArgumentNullException.ThrowIfNull(report);
        return string.Create(CultureInfo.InvariantCulture,
            $"Exported {report.Issues} issues ({report.Pages} pages, {report.Articles} articles) to {dir}: {report.Written} files written, "
            + $"{report.Unchanged} unchanged, {report.Removed} removed; {report.BytesWritten / 1e6:0.0} MB written, {report.TotalBytes / 1e6:0.0} MB in all; "
            + $"{report.Elapsed.TotalSeconds:0.00} s");
    }

    private static bool TryParse(string[] args, out Dictionary<string, string?> flags, out string[] configuration, out string error)
    {
        flags = [];
        var passed = new List<string>();
        configuration = [];
        error = "";
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            var key = arg switch
            {
                "--out" => "Epaper:Export:Dir",
                "--paper" => "Epaper:Export:Paper",
                "--from" => "Epaper:Export:From",
                "--to" => "Epaper:Export:To",
                "--base-url" => "Epaper:Export:BaseUrl",
                "--data" => "Epaper:DataDir",
                _ => null,
            };
            if (key is null)
            {
                // ASP.NET configuration switches, as `serve` takes them: --Epaper:DataDir=/srv/data
                if (arg.StartsWith("--", StringComparison.Ordinal) && (arg.Contains(':', StringComparison.Ordinal) || arg.Contains('=', StringComparison.Ordinal)))
                {
                    passed.Add(arg);
                    continue;
                }

                error = $"'{arg}' is not understood";
                return false;
            }

            if (i + 1 >= args.Length || string.IsNullOrWhiteSpace(args[i + 1]))
            {
                error = $"{arg} needs a value";
                return false;
            }

            var value = args[++i];
            if (arg is "--from" or "--to" && !DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
            {
                error = $"{arg} {value}: a date as yyyy-MM-dd is expected";
                return false;
            }

            if (arg == "--base-url" && !(Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
            {
                error = $"--base-url {value}: an absolute http(s) address is expected";
                return false;
            }

            flags[key] = value;
        }

        configuration = [.. passed];
        return true;
    }

    private sealed class Progress(Action<(int Done, int Total)> report) : IProgress<(int Done, int Total)>
    {
        public void Report((int Done, int Total) value) => report(value);
    }
}
