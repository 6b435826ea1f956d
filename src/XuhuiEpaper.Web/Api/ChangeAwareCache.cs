using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using XuhuiEpaper.Storage;

namespace XuhuiEpaper.Web.Api;

/// <summary>
/// Values made from the archive (an address resolved, a reader page with its share preview), kept in memory until the
/// archive's change counter (<see cref="PermalinkStore.ContentVersionAsync"/>, moved by triggers in every process) moves;
/// the counter is read at most once per <see cref="ApiOptions.ChangeCheckInterval"/>, as <see cref="JsonAnswers"/> does.
/// A missing value (null) is not kept, so addresses that name nothing cost a lookup each but cannot fill the memory;
/// past <see cref="MaxEntries"/> everything is dropped.
/// </summary>
public sealed class ChangeAwareCache<T>(PermalinkStore permalinks, IOptions<ApiOptions> options)
    where T : class
{
    public const int MaxEntries = 20_000;
    private readonly ConcurrentDictionary<string, T> _entries = new(StringComparer.Ordinal);
    private readonly long _intervalMs = (long)options.Value.ChangeCheckInterval.TotalMilliseconds;
    private long _version = -1;
    private long _freshUntil;
    private long _generation;

    /// <summary>The value kept under <paramref name="key"/>, or the one <paramref name="make"/> makes (kept unless null).</summary>
    public async ValueTask<T?> GetOrMakeAsync(string key, Func<CancellationToken, Task<T?>> make, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(make);
        if (Environment.TickCount64 >= Volatile.Read(ref _freshUntil))
        {
            var version = await permalinks.ContentVersionAsync(cancellationToken);
            if (Interlocked.Exchange(ref _version, version) != version)
            {
                Interlocked.Increment(ref _generation);
                _entries.Clear();
            }

            Volatile.Write(ref _freshUntil, Environment.TickCount64 + _intervalMs);
        }

        if (_entries.TryGetValue(key, out var kept))
        {
            return kept;
        }

        var generation = Volatile.Read(ref _generation);
        var made = await make(cancellationToken);
        if (made is not null && Volatile.Read(ref _generation) == generation)
        {
            if (_entries.Count >= MaxEntries)
            {
                _entries.Clear();
            }

            _entries[key] = made;
        }

        return made;
    }
}
