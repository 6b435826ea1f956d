using XuhuiEpaper.Ingest.Analysis;
using XuhuiEpaper.Ingest.Pipeline;
using XuhuiEpaper.Web.Api;
using XuhuiEpaper.Web.Cli;
using XuhuiEpaper.Web.Export;
using XuhuiEpaper.Web.Hosting;
using XuhuiEpaper.Web.Iiif;
using XuhuiEpaper.Web.Viewer;

// epaper serve | worker | ingest | export: one program, one configuration, one set of services.
var named = args.Length > 0 && (!args[0].StartsWith('-') || args[0] is "--help" or "-h" or "-?");
var command = named ? args[0] : "serve";
var rest = named ? args[1..] : args;

const string usage = """
    usage: epaper [serve] [--urls URL] [ASP.NET configuration switches]   web server, with the ingest worker
           epaper worker                                                  the ingest worker alone
           epaper ingest <file.pdf> [--again] [--replace] [--date yyyy-MM-dd] [--number N] [--total N] [--paper NAME] [--data DIR]
           epaper export --out DIR [--paper NAME] [--from yyyy-MM-dd] [--to yyyy-MM-dd] [--base-url URL] [--data DIR]
    configuration: appsettings.json, environment variables (Epaper__DataDir, Epaper__AdminToken, ...), --Key=value
    """;

switch (command)
{
    case "help" or "--help" or "-h" or "-?":
        Console.WriteLine(usage);
        return 0;
    case "ingest" when rest is ["--help" or "-h"]:
        Console.WriteLine(IngestCommand.Usage);
        return 0;
    case "ingest":
        return await IngestCommand.RunAsync(rest);
    case "export" when rest is ["--help" or "-h"]:
        Console.WriteLine(ExportCommand.Usage);
        return 0;
    case "export":
        return await ExportCommand.RunAsync(rest);
    case "worker":
        return await RunWorkerAsync(rest);
    case IssueAnalyser.ChildVerb:
        // The analysis child the ingest starts for each PDF (PdfPig and the article finder, under limits): no host, no web.
        return await AnalysisChild.RunAsync(rest, Console.OpenStandardInput(), Console.OpenStandardOutput(), Console.Error);
    case "serve":
        break;
    default:
        await Console.Error.WriteLineAsync($"epaper: unknown command '{command}'\n{usage}");
        return 2;
}

// Socket completions run on the event loop thread instead of hopping through the thread pool first: about twice the
// requests per second for small cached answers on 2 cores (README, figures). Request handlers still run on the thread
// pool (Kestrel's own scheduling is unchanged), so a slow handler cannot stall the event loop. Read by the runtime when
// the first socket is made, so it is set before the host starts; an explicit setting in the environment wins.
if (Environment.GetEnvironmentVariable(HttpHygiene.InlineSocketCompletions) is null)
{
    Environment.SetEnvironmentVariable(HttpHygiene.InlineSocketCompletions, "1");
}

var builder = WebApplication.CreateBuilder(rest);

// No Server header: it tells a prober the stack and costs bytes on every answer.
builder.WebHost.ConfigureKestrel(k => k.AddServerHeader = false);

// Storage, ingest pipeline and options bound from the "Epaper" and "Ingest" sections.
builder.Services.AddEpaper(builder.Configuration);

// The ingest worker runs inside the web server unless Epaper:RunWorker is false.
builder.Services.AddHostedService<OptionalIngestWorker>();

// Uploads leave incoming/ once their job has finished.
builder.Services.AddSingleton<IncomingSweeper>();
builder.Services.AddHostedService(sp => sp.GetRequiredService<IncomingSweeper>());

// The API: JSON with camelCase enums, problem details, rate limits, OpenAPI, health checks.
builder.Services.AddEpaperApi(builder.Configuration);

// The static edition follows every publish, edit and delete when Epaper:Export:Dir is set.
builder.Services.AddEpaperExportOnChange(builder.Configuration);

var app = builder.Build();
await app.Services.InitializeEpaperAsync();

// Behind a configured reverse proxy, the client's address (for rate limits and the audit log) comes from X-Forwarded-For.
app.UseConfiguredForwardedHeaders();

// Security headers first, so that every response carries them, errors included.
app.UseSecurityHeaders();

// IIIF viewers on other sites may read the IIIF documents and the page images: Access-Control-Allow-Origin there only.
app.UseIiifCors();
app.UseExceptionHandler();
app.UseStatusCodePages();

// Archivists' routes: the bearer token is checked before any body is read (a client sending wrong tokens is refused
// before its token is looked at); then the rate limits.
app.UseAdminToken();
app.UseRateLimiter();

// Health: Degraded, with the reasons, when the ingest worker has stalled or jobs wait too long.
app.MapHealthChecks("/healthz", HttpHygiene.HealthOptions);
app.MapOpenApi().AnswerHeadWhereGet();
app.MapEpaperApi();

// The viewer: static assets and the page routes of the reader, kiosk and admin.
app.MapViewer();

await app.RunAsync();
return 0;

static async Task<int> RunWorkerAsync(string[] args)
{
    var builder = Host.CreateApplicationBuilder(args);
    builder.Services.AddEpaper(builder.Configuration);
    builder.Services.AddHostedService<IngestWorker>();
    builder.Services.AddEpaperExportOnChange(builder.Configuration);
    using var host = builder.Build();
    await host.Services.InitializeEpaperAsync();
    await host.RunAsync();
    return 0;
}

/// <summary>The entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
