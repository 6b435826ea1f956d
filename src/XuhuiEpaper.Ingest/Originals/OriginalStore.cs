using System.Security.Cryptography;

namespace XuhuiEpaper.Ingest.Originals;

/// <summary>An original PDF kept in the data folder.</summary>
/// <param name="Sha256">SHA-256 of the file, lower-case hex.</param>
/// <param name="RelativePath">Path relative to the data folder, with '/' separators: <c>originals/&lt;sha256&gt;.pdf</c>.</param>
/// <param name="FullPath">Absolute path of the stored file.</param>
/// <param name="Length">Size in bytes.</param>
/// <param name="AlreadyStored">True when the same file was already there (nothing new was written).</param>
public sealed record StoredOriginal(string Sha256, string RelativePath, string FullPath, long Length, bool AlreadyStored);

/// <summary>
/// Keeps each original PDF once, under <c>&lt;dataDir&gt;/originals/&lt;sha256&gt;.pdf</c>. The file is copied and hashed
/// in one streamed pass into a temporary file in the same folder, then renamed into place atomically.
/// </summary>
public sealed class OriginalStore
{
    public const string FolderName = "originals";
    private const int BufferSize = 1 << 20;

    private readonly string _folder;

    public OriginalStore(string dataDir)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataDir);
        _folder = Path.Combine(Path.GetFullPath(dataDir), FolderName);
    }

    /// <summary>Stores the file at <paramref name="sourcePath"/> (or finds it already stored).</summary>
    public async Task<StoredOriginal> StoreAsync(string sourcePath, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(sourcePath);
        await using var source = new FileStream(
            sourcePath, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, FileOptions.SequentialScan | FileOptions.Asynchronous);
        return await StoreAsync(source, cancellationToken);
    }

    /// <summary>Stores what <paramref name="content"/> yields from its current position to its end.</summary>
    public async Task<StoredOriginal> StoreAsync(Stream content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        Directory.CreateDirectory(_folder);
        var temp = Path.Combine(_folder, $".incoming-{Guid.NewGuid():N}.tmp");
        try
        {
            string sha;
            long length = 0;
            await using (var target = new FileStream(
                temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, BufferSize, FileOptions.Asynchronous))
            {
                using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                var buffer = new byte[BufferSize];
                int read;
                while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    hash.AppendData(buffer, 0, read);
                    await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                    length += read;
                }

                await target.FlushAsync(cancellationToken);
                target.Flush(flushToDisk: true);
                sha = Convert.ToHexStringLower(hash.GetHashAndReset());
            }

            var name = sha + ".pdf";
            var final = Path.Combine(_folder, name);
            var relative = FolderName + "/" + name;
            if (File.Exists(final))
            {
                return new StoredOriginal(sha, relative, final, length, AlreadyStored: true);
            }

            try
            {
                File.Move(temp, final, overwrite: false);
            }
            catch (IOException) when (File.Exists(final))
            {
                // Another ingest of the same file won the race: same content, same name.
                return new StoredOriginal(sha, relative, final, length, AlreadyStored: true);
            }

            return new StoredOriginal(sha, relative, final, length, AlreadyStored: false);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    /// <summary>SHA-256 of a file, lower-case hex, streamed.</summary>
    public static async Task<string> ComputeSha256Async(string path, CancellationToken cancellationToken = default)
    {
        await using var stream = new FileStream(
            path, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, FileOptions.SequentialScan | FileOptions.Asynchronous);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken));
    }
}
