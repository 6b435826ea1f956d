using Microsoft.Extensions.Diagnostics.HealthChecks;
using XuhuiEpaper.Storage;

namespace XuhuiEpaper.Web.Hosting;

/// <summary>
/// The IIIF tiles made after each publish: how many page images still wait for theirs, and Degraded, naming them, when
/// the tile runner gave up on some (IIIF viewers then get no deep zoom for those pages; readers are not affected).
/// </summary>
internal sealed class TilesHealthCheck(TileTaskStore tasks) : IHealthCheck
{
    private const int NamedAtMost = 3;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var all = await tasks.ListAsync(cancellationToken);
        var givenUp = all.Where(t => t.GivenUp).ToList();
        var data = new Dictionary<string, object>
        {
            ["pendingTileSets"] = all.Count(t => !t.GivenUp && t.WorkerId is null),
            ["tileSetsInProgress"] = all.Count(t => !t.GivenUp && t.WorkerId is not null),
            ["tileSetsGivenUp"] = givenUp.Count,
        };
        if (givenUp.Count == 0)
        {
            return HealthCheckResult.Healthy(all.Count == 0 ? "every published page image has its IIIF tiles" : $"{all.Count} page images wait for their IIIF tiles", data);
        }

        var named = string.Join("; ", givenUp.Take(NamedAtMost).Select(t => $"{t.ZoomFile}: {t.Error ?? "no error recorded"}"));
        var more = givenUp.Count > NamedAtMost ? $" and {givenUp.Count - NamedAtMost} more" : "";
        return HealthCheckResult.Degraded($"the IIIF tiles of {givenUp.Count} page images were given up ({named}{more})", data: data);
    }
}
