using XuhuiEpaper.Ingest.Pipeline;
using XuhuiEpaper.Web.Cli;
using XuhuiEpaper.Web.Hosting;
using XuhuiEpaper.Web.Viewer;

// epaper serve | worker | ingest: one program, one configuration, one set of services.
var command = args.Length > 0 && !args[0].StartsWith('-') ? args[0] : "serve";
var rest = args.Length > 0 && !args[0].StartsWith('-') ? args[1..] : args;

switch (command)
{
    case "ingest":
        return await IngestCommand.RunAsync(rest);
    case "worker":
        return await RunWorkerAsync(rest);
    case "serve":
        break;
    default:
        await Console.Error.WriteLineAsync($"epaper: unknown command '{command}'\nusage: epaper [serve|worker|ingest] ...\n{IngestCommand.Usage}");
        return 2;
}

var builder = WebApplication.CreateBuilder(rest);

// Storage, ingest pipeline and options bound from the "Epaper" and "Ingest" sections.
builder.Services.AddEpaper(builder.Configuration);

// The ingest worker runs inside the web server unless told otherwise.
if (builder.Configuration.GetValue("Epaper:RunWorker", true))
{
    builder.Services.AddHostedService<IngestWorker>();
}

builder.Services.AddProblemDetails();
builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");

var app = builder.Build();
await app.Services.InitializeEpaperAsync();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.MapHealthChecks("/healthz");
app.MapEditionPreview();

// The viewer: static assets and the page routes of the reader, kiosk and admin.
app.MapViewer();

await app.RunAsync();
return 0;

static async Task<int> RunWorkerAsync(string[] args)
{
    var builder = Host.CreateApplicationBuilder(args);
    builder.Services.AddEpaper(builder.Configuration);
    builder.Services.AddHostedService<IngestWorker>();
    using var host = builder.Build();
    await host.Services.InitializeEpaperAsync();
    await host.RunAsync();
    return 0;
}

/// <summary>The entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
