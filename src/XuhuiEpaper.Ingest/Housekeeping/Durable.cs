using System.Runtime.InteropServices;

namespace XuhuiEpaper.Ingest.Housekeeping;

/// <summary>
/// Writes that survive a power cut: a file's bytes are flushed to the disk before it gets its final name, and the
/// folder is flushed after the rename, so an "immutable" content-hash name never points at an empty or partial file.
/// </summary>
public static class Durable
{
    /// <summary>Writes <paramref name="bytes"/> to <paramref name="path"/> and flushes them to the disk (fsync).</summary>
    public static void WriteAllBytes(string path, ReadOnlySpan<byte> bytes)
    {
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None);
        file.Write(bytes);
        file.Flush(flushToDisk: true);
    }

    /// <summary>Flushes a folder's entries (new names, renames) to the disk. Best effort: not every file system allows it.</summary>
    public static void FlushDirectory(string path)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
        {
            return;
        }

        var fd = Native.open(path, Native.ReadOnly | Native.Directory);
        if (fd < 0)
        {
            return;
        }

        try
        {
            _ = Native.fsync(fd);
        }
        finally
        {
            _ = Native.close(fd);
        }
    }

    /// <summary>
    /// Flushes everything written to the file system that holds <paramref name="path"/> (Linux syncfs): one call for a
    /// folder of many small new files. Elsewhere, each file under the folder is flushed.
    /// </summary>
    public static void SyncFileSystem(string path)
    {
        if (OperatingSystem.IsLinux())
        {
            var fd = Native.open(path, Native.ReadOnly | Native.Directory);
            if (fd >= 0)
            {
                try
                {
                    if (Native.syncfs(fd) == 0)
                    {
                        return;
                    }
                }
                finally
                {
                    _ = Native.close(fd);
                }
            }
        }

        foreach (var file in Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories))
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.ReadWrite, FileShare.Read);
            stream.Flush(flushToDisk: true);
        }
    }

    private static class Native
    {
        public const int ReadOnly = 0;
        public static readonly int Directory = OperatingSystem.IsLinux() ? 0x10000 : 0x100000;

        [DllImport("libc", ExactSpelling = true, SetLastError = true, CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
        public static extern int open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

        [DllImport("libc", ExactSpelling = true, SetLastError = true)]
        public static extern int fsync(int fd);

        [DllImport("libc", ExactSpelling = true, SetLastError = true)]
        public static extern int close(int fd);

        [DllImport("libc", ExactSpelling = true, SetLastError = true)]
        public static extern int syncfs(int fd);
    }
}
