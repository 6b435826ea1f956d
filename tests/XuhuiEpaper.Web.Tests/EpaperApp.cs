using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using XuhuiEpaper.Core.Model;
using XuhuiEpaper.Ingest.Pipeline;
using XuhuiEpaper.Storage;

namespace XuhuiEpaper.Web.Tests;

/// <summary>
/// The real `epaper serve` application over its own temporary data folder (a real SQLite file), with small page
/// images so an ingest of the sample takes seconds. Settings can be overridden per test.
/// </summary>
public sealed class EpaperApp : WebApplicationFactory<Program>
{
    public const string Token = "test-admin-token-0123456789";

    private readonly Dictionary<string, string?> _settings;

    public EpaperApp(IReadOnlyDictionary<string, string?>? overrides = null)
    {
        DataDir = Path.Combine(Path.GetTempPath(), "epaper-web-tests", Guid.NewGuid().ToString("N"));
        _settings = new Dictionary<string, string?>
        {
            ["Epaper:DataDir"] = DataDir,
            ["Epaper:AdminToken"] = Token,
            ["Epaper:RunWorker"] = "false",
            ["Epaper:WorkerPollInterval"] = "00:00:00.100",
            ["Ingest:Images:ZoomWidth"] = "1200",
            ["Ingest:Images:ScreenWidth"] = "800",
            ["Ingest:Images:ThumbnailWidth"] = "200",
            ["Api:RateLimits:SearchBurst"] = "10000",
            ["Api:RateLimits:SearchPerSecond"] = "10000",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Error",
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }
    }

    public string DataDir { get; }

    public static string RepoRoot { get; } = FindRepoRoot();

    public static string SamplePdf => Path.Combine(RepoRoot, "samples", "xuhuibao-2021-12-13.pdf");

    public static string SampleTruth => Path.Combine(RepoRoot, "samples", "xuhuibao-2021-12-13.truth.json");

    /// <summary>
    /// Another PDF of the same issue: the sample's bytes with a comment after its end (as a second export or a reprint
    /// differs): the same pages, date and paper, another SHA-256.
    /// </summary>
    public static byte[] SampleVariant(string tag) =>
        [.. File.ReadAllBytes(SamplePdf), .. System.Text.Encoding.ASCII.GetBytes($"% {tag}\n")];

    /// <summary>A read-write connection to the application's database file, as another process would open it.</summary>
    public Microsoft.Data.Sqlite.SqliteConnection OpenDatabase()
    {
        var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(DataDir, "epaper.db")};Pooling=False;Default Timeout=10");
        connection.Open();
        return connection;
    }

    /// <summary>Runs one SQL statement on the database file from outside the application.</summary>
    public int Execute(string sql)
    {
        using var connection = OpenDatabase();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteNonQuery();
    }

    /// <summary>Polls a job until it has finished (or the timeout passes); returns its last state.</summary>
    public static async Task<JsonNode> WaitForJobAsync(HttpClient client, string statusUrl, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(90));
        JsonNode job;
        do
        {
            await Task.Delay(100);
            job = await (await client.GetAsync(statusUrl)).JsonAsync();
        }
        while ((string?)job["state"] is "queued" or "running" && DateTime.UtcNow < deadline);
        return job;
    }

    /// <summary>A multipart upload form with the PDF in 'file' and the given fields.</summary>
    public static MultipartFormDataContent Form(byte[] file, IReadOnlyDictionary<string, string>? fields = null, string fileName = "issue.pdf")
    {
        var form = new MultipartFormDataContent();
        var content = new ByteArrayContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        form.Add(content, "file", fileName);
        foreach (var (key, value) in fields ?? new Dictionary<string, string>())
        {
            form.Add(new StringContent(value), key);
        }

        return form;
    }

    /// <summary>
    /// Ingests the sample issue through the real pipeline; returns its issue id. Its IIIF tiles, which follow the publish,
    /// are made too (as the worker would), unless <paramref name="tiles"/> is false.
    /// </summary>
    public async Task<long> IngestSampleAsync(MetadataOverrides? overrides = null, bool tiles = true)
    {
        var pipeline = Services.GetRequiredService<IngestPipeline>();
        var result = await pipeline.IngestAsync(SamplePdf, overrides ?? new MetadataOverrides());
        if (tiles)
        {
            await Services.GetRequiredService<TileRunner>().RunAllAsync(Environment.ProcessorCount, CancellationToken.None);
        }

        return result.IssueId;
    }

    /// <summary>A client that sends the admin token.</summary>
    public HttpClient CreateAdminClient()
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        return client;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.ConfigureAppConfiguration(config => config.AddInMemoryCollection(_settings));
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        try
        {
            Directory.Delete(DataDir, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "XuhuiEpaper.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No XuhuiEpaper.sln above {AppContext.BaseDirectory}.");
    }
}

/// <summary>Assertions on HTTP answers.</summary>
internal static class Http
{
    public static async Task<JsonNode> JsonAsync(this HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(expected), body);
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/json"));
        return JsonNode.Parse(body)!;
    }

    /// <summary>Checks an RFC 7807 answer and returns its detail sentence.</summary>
    public static async Task<string> ProblemAsync(this HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(expected), body);
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"), body);
        var problem = JsonNode.Parse(body)!;
        Assert.That((int?)problem["status"], Is.EqualTo((int)expected), body);
        var detail = (string?)problem["detail"];
        Assert.That(detail, Is.Not.Null.And.Not.Empty, "a problem says why");
        return detail!;
    }
}

/// <summary>
/// The sample issue ingested once for every test that only reads (they never change it); torn down after the last.
/// </summary>
[SetUpFixture]
public sealed class SharedSample
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static EpaperApp? app;
    private static long issueId;

    public static async Task<(EpaperApp App, long IssueId)> GetAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (app is null)
            {
                var created = new EpaperApp();
                issueId = await created.IngestSampleAsync();
                app = created;
            }

            return (app, issueId);
        }
        finally
        {
            Gate.Release();
        }
    }

    [OneTimeTearDown]
    public async Task TearDownAsync()
    {
        if (app is not null)
        {
            await app.DisposeAsync();
            app = null;
        }
    }
}
