using System.Security.Cryptography;
using System.Text.Json;

namespace XuhuiEpaper.Web.Export;

/// <summary>
/// Writes an export folder so that exporting again writes only what changed. Each file's content hash is kept in a
/// manifest (<see cref="ManifestName"/>); a file whose new content has the same hash, or whose bytes on disk are the
/// same, is left alone; files of the last export that are not part of this one are removed at <see cref="CommitAsync"/>.
/// Every write goes to a temporary file that is then renamed, so a reader (nginx, rclone) never sees half a file.
/// One export at a time per folder: a lock file is held until the writer is disposed.
/// </summary>
public sealed class ExportWriter : IAsyncDisposable
{
    public const string ManifestName = ".epaper-export.json";
    private const string LockName = ".epaper-export.lock";

    private static readonly JsonSerializerOptions ManifestJson = new() { WriteIndented = true };

    private readonly string _root;
    private readonly FileStream _lock;
    private readonly Dictionary<string, string> _previous;
    private readonly Dictionary<string, string> _current = new(StringComparer.Ordinal);
    private readonly Lock _sync = new();

    private ExportWriter(string root, FileStream lockFile, Dictionary<string, string> previous)
    {
        _root = root;
        _lock = lockFile;
        _previous = previous;
    }

    public int Written { get; private set; }
    public int Unchanged { get; private set; }
    public long BytesWritten { get; private set; }
    public long TotalBytes { get; private set; }

    /// <summary>Opens the folder (creating it), waiting up to <paramref name="lockTimeout"/> for another export of it to finish.</summary>
    public static async Task<ExportWriter> OpenAsync(string dir, TimeSpan lockTimeout, CancellationToken cancellationToken)
    {
        var root = Path.GetFullPath(dir);
        Directory.CreateDirectory(root);
        var deadline = DateTime.UtcNow + lockTimeout;
        FileStream? lockFile = null;
        while (lockFile is null)
        {
            try
            {
                // FileShare.None is an exclusive flock on Linux: a second exporter of the same folder waits here.
                lockFile = new FileStream(Path.Combine(root, LockName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(200, cancellationToken);
            }
        }

        var previous = new Dictionary<string, string>(StringComparer.Ordinal);
        var manifest = Path.Combine(root, ManifestName);
        if (File.Exists(manifest))
        {
            try
            {
                var stored = JsonSerializer.Deserialize<Dictionary<string, string>>(await File.ReadAllBytesAsync(manifest, cancellationToken));
                foreach (var (path, hash) in stored ?? [])
                {
                    previous[path] = hash;
                }
            }
            catch (JsonException)
            {
                // A damaged manifest only costs comparisons with the files themselves; nothing old is removed this time.
            }
        }

        return new ExportWriter(root, lockFile, previous);
    }

    /// <summary>Writes <paramref name="bytes"/> to <paramref name="path"/> (relative, '/'-separated) unless the file holds them already.</summary>
    public async Task WriteAsync(string path, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        var full = Resolve(path);
        var hash = Convert.ToHexStringLower(SHA256.HashData(bytes.Span));
        if (!Claim(path, hash, bytes.Length))
        {
            return;
        }

        var info = new FileInfo(full);
        if (info.Exists && info.Length == bytes.Length
            && ((_previous.TryGetValue(path, out var old) && old == hash) || (await File.ReadAllBytesAsync(full, cancellationToken)).AsSpan().SequenceEqual(bytes.Span)))
        {
            Count(written: false, 0);
            return;
        }

        var temp = TempName(full);
        await File.WriteAllBytesAsync(temp, bytes, cancellationToken);
        File.Move(temp, full, overwrite: true);
        Count(written: true, bytes.Length);
    }

    /// <summary>
    /// Copies a file whose name says what it holds (an image named by its content hash, a PDF by its SHA-256): one that is
    /// there with the same length is the same file.
    /// </summary>
    public async Task CopyAsync(string path, string source, CancellationToken cancellationToken)
    {
        var full = Resolve(path);
        var length = new FileInfo(source).Length;
        if (!Claim(path, $"size:{length}", length))
        {
            return;
        }

        var info = new FileInfo(full);
        if (info.Exists && info.Length == length)
        {
            Count(written: false, 0);
            return;
        }

        var temp = TempName(full);
        await using (var from = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true))
        await using (var to = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
        {
            await from.CopyToAsync(to, cancellationToken);
        }

        File.Move(temp, full, overwrite: true);
        Count(written: true, length);
    }

    /// <summary>Removes what the last export wrote and this one did not, then records this export's files. Returns the number removed.</summary>
    public async Task<int> CommitAsync(CancellationToken cancellationToken)
    {
        var removed = 0;
        foreach (var path in _previous.Keys.Where(p => !_current.ContainsKey(p)).Order(StringComparer.Ordinal))
        {
            var full = Resolve(path, create: false);
            if (File.Exists(full))
            {
                File.Delete(full);
                removed++;
            }

            RemoveEmptyFolders(Path.GetDirectoryName(full));
        }

        var manifest = Path.Combine(_root, ManifestName);
        var temp = TempName(manifest);
        var sorted = new SortedDictionary<string, string>(_current, StringComparer.Ordinal);
        await File.WriteAllBytesAsync(temp, JsonSerializer.SerializeToUtf8Bytes(sorted, ManifestJson), cancellationToken);
        File.Move(temp, manifest, overwrite: true);
        return removed;
    }

    public async ValueTask DisposeAsync() => await _lock.DisposeAsync();

    /// <summary>Records the file as part of this export; false when it was written already in this run.</summary>
    private bool Claim(string path, string hash, long length)
    {
        lock (_sync)
        {
            if (!_current.TryAdd(path, hash))
            {
                return false;
            }

            TotalBytes += length;
            return true;
        }
    }

    private void Count(bool written, long bytes)
    {
        lock (_sync)
        {
            if (written)
            {
                Written++;
                BytesWritten += bytes;
            }
            else
            {
                Unchanged++;
            }
        }
    }

    private string Resolve(string path, bool create = true)
    {
        var full = Path.GetFullPath(Path.Combine(_root, path));
        if (!full.StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"export path '{path}' leaves the export folder");
        }

        if (create)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        }

        return full;
    }

    private static string TempName(string full) => $"{full}.{Guid.NewGuid():N}.tmp";

    private void RemoveEmptyFolders(string? dir)
    {
        while (dir is not null && dir.Length > _root.Length && Directory.Exists(dir) && !Directory.EnumerateFileSystemEntries(dir).Any())
        {
            Directory.Delete(dir);
            dir = Path.GetDirectoryName(dir);
        }
    }
}
