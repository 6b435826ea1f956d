using System.Runtime.InteropServices;

namespace XuhuiEpaper.Ingest.Images;

/// <summary>
/// Keeps the C heap from hoarding the page images' buffers. glibc raises its mmap threshold to the size of the largest
/// block freed so far (up to 32 MB); after the first page, the 14 MB screen bitmaps and libwebp's 22 MB YUV planes
/// therefore come from malloc arenas, which keep their memory after it is freed. Measured with the ingest benchmark:
/// the process kept about 240 MB more after one issue, and peaked over 500 MB on the second. A fixed 1 MB threshold
/// (which also stops the adjustment) gives every large buffer its own mapping, returned to the system when freed.
/// </summary>
internal static class NativeHeap
{
    private const int MmapThresholdParameter = -3; // M_MMAP_THRESHOLD in malloc.h
    private const int Threshold = 1 << 20;
    private static int _applied;

    /// <summary>Sets glibc's mmap threshold once per process; does nothing on other C libraries.</summary>
    public static void ReturnLargeBlocksToTheSystem()
    {
        if (!OperatingSystem.IsLinux() || Interlocked.Exchange(ref _applied, 1) != 0)
        {
            return;
        }

        try
        {
            _ = Native.mallopt(MmapThresholdParameter, Threshold);
        }
        catch (EntryPointNotFoundException)
        {
            // Not glibc (musl has no mallopt): nothing to tune.
        }
        catch (DllNotFoundException)
        {
        }
    }

    private static class Native
    {
        [DllImport("libc", ExactSpelling = true)]
#pragma warning disable SA1300, IDE1006 // the C function's name
        public static extern int mallopt(int parameter, int value);
#pragma warning restore SA1300, IDE1006
    }
}
