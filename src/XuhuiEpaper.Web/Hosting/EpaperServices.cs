using Microsoft.Extensions.Options;
using XuhuiEpaper.Core.Layout;
using XuhuiEpaper.Ingest.Analysis;
using XuhuiEpaper.Ingest.Housekeeping;
using XuhuiEpaper.Ingest.Images;
using XuhuiEpaper.Ingest.Pipeline;
using XuhuiEpaper.Ingest.Rendering;
using XuhuiEpaper.Ingest.Validation;
using XuhuiEpaper.Storage;

namespace XuhuiEpaper.Web.Hosting;

/// <summary>The services every `epaper` command shares: options, the database, the stores and the ingest pipeline.</summary>
public static partial class EpaperServices
{
    public static IServiceCollection AddEpaper(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<EpaperOptions>(configuration.GetSection(EpaperOptions.SectionName));
        services.Configure<Api.TitlesOptions>(configuration.GetSection(EpaperOptions.SectionName));
        services.Configure<IngestLimits>(configuration.GetSection(IngestLimits.SectionName));
        services.Configure<RenderOptions>(configuration.GetSection(RenderOptions.SectionName));
        services.Configure<ImageOptions>(configuration.GetSection(ImageOptions.SectionName));
        services.Configure<ArticleFinderOptions>(configuration.GetSection(ArticleFinderOptions.SectionName));
        services.Configure<AnalysisOptions>(configuration.GetSection(AnalysisOptions.SectionName));
        services.Configure<XuhuiEpaper.Ingest.Recognition.OcrOptions>(configuration.GetSection(XuhuiEpaper.Ingest.Recognition.OcrOptions.SectionName));
        services.PostConfigure<AnalysisOptions>(o =>
        {
            // The analysis child is this program: `epaper analyse`.
            if (o.Command.Count == 0)
            {
                foreach (var part in SelfCommand())
                {
                    o.Command.Add(part);
                }
            }
        });

        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<EpaperOptions>>().Value;
            Directory.CreateDirectory(options.DataDir);
            return new EpaperDatabase(options.DatabasePath);
        });
        services.AddSingleton<PublishStore>();
        services.AddSingleton<BrowseStore>();
        services.AddSingleton<AddressStore>();
        services.AddSingleton<SearchStore>();
        services.AddSingleton<IssueAdminStore>();
        services.AddSingleton<TrashStore>();
        services.AddSingleton<RegionEditStore>();
        services.AddSingleton<JobStore>();
        services.AddSingleton<AuditStore>();
        services.AddSingleton<PageTextStore>();
        services.AddSingleton<DraftStore>();
        services.AddSingleton<PaperStore>();
        services.AddSingleton<WorkerStatus>();
        services.AddSingleton<PdfValidator>();
        services.AddSingleton<PopplerRenderer>();
        services.AddSingleton<PageImageDeriver>();
        services.AddSingleton(sp => new ArticleFinder(sp.GetRequiredService<IOptions<ArticleFinderOptions>>().Value));
        services.AddSingleton<IssueAnalyser>();
        services.AddSingleton<IngestPipeline>();
        services.AddSingleton<JobRunner>();
        services.AddSingleton<TileTaskStore>();
        services.AddSingleton<TileRunner>();
        services.AddSingleton<TrashBin>();
        services.AddSingleton<DataSweeper>();
        return services;
    }

    /// <summary>
    /// How to start this program again: the apphost itself, or the dotnet host with epaper.dll (as `dotnet epaper.dll`, and
    /// under the test host).
    /// </summary>
    public static IReadOnlyList<string> SelfCommand()
    {
        var host = Environment.ProcessPath;
        var dll = typeof(EpaperServices).Assembly.Location;
        if (string.IsNullOrEmpty(host) || string.IsNullOrEmpty(dll))
        {
            return [];
        }

        return Path.GetFileNameWithoutExtension(host) switch
        {
            "dotnet" => [host, dll],
            "epaper" => [host],
            _ => ["dotnet", dll], // another host (a test runner's): the dotnet on PATH runs epaper.dll
        };
    }

    /// <summary>Creates the data folder, brings the database schema up to date and rebuilds an outdated search index.</summary>
    public static async Task InitializeEpaperAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        var options = services.GetRequiredService<IOptions<EpaperOptions>>().Value;
        Directory.CreateDirectory(options.DataDir);
        Directory.CreateDirectory(options.ImagesDir);
        Directory.CreateDirectory(options.IncomingDir);
        await services.GetRequiredService<EpaperDatabase>().MigrateAsync(cancellationToken);
        var reindexed = await services.GetRequiredService<SearchStore>().EnsureSearchIndexAsync(cancellationToken);
        if (reindexed is not null)
        {
            var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(EpaperServices));
            LogReindexed(logger, reindexed.Value);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Search index rebuilt for the current text segmentation: {Articles} articles")]
    private static partial void LogReindexed(ILogger logger, int articles);
}
