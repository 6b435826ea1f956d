using Microsoft.Extensions.DependencyInjection.Extensions;
using XuhuiEpaper.Storage;
using XuhuiEpaper.Web.Api;
using XuhuiEpaper.Web.Iiif;

namespace XuhuiEpaper.Web.Export;

/// <summary>The static edition's services: options from <c>Epaper:Export</c>, the exporter, the archive's fingerprint.</summary>
public static class ExportServices
{
    public static IServiceCollection AddEpaperExport(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<ExportOptions>(configuration.GetSection(ExportOptions.SectionName));
        services.TryAddSingleton<DataPaths>();
        services.TryAddSingleton<PagePdfExtractor>();
        services.TryAddSingleton<ArchiveVersion>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IStaticEditionPart, IiifExportPart>());
        services.TryAddSingleton<Viewer.SharePreviews>();
        services.TryAddSingleton<PermalinkStore>(); // the discovery documents' change counter, in hosts without the API (worker, ingest)
        services.TryAddSingleton<Discovery.DiscoveryDocuments>();
        services.TryAddSingleton<StaticEditionExporter>();
        return services;
    }

    /// <summary>Also keeps <c>Epaper:Export:Dir</c> up to date, when it is set (serve, worker).</summary>
    public static IServiceCollection AddEpaperExportOnChange(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddEpaperExport(configuration);
        services.AddHostedService<ExportOnChange>();
        return services;
    }
}
