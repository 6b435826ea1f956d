using System.Runtime.InteropServices;

namespace XuhuiEpaper.Ingest.Images;

/// <summary>
/// JPEG encoding with the system libjpeg-turbo through its TurboJPEG API (Debian package libturbojpeg0,
/// <c>libturbojpeg.so.0</c>): its SIMD code encodes a page's IIIF tiles in about a third of the time Skia's JPEG encoder
/// takes. One instance is one compressor: use it from one thread at a time.
/// </summary>
public sealed class LibTurboJpeg : IDisposable
{
    public const string LibraryName = "libturbojpeg.so.0";

    private const int PixelFormatRgbx = 2;
    private const int PixelFormatBgrx = 3;
    private const int Subsampling420 = 2;

    // TJFLAG_FASTDCT: the integer DCT, a little faster; no visible difference at the qualities tiles use.
    private const int FastDct = 2048;

    private static readonly Lazy<bool> Loadable = new(() =>
    {
        if (!NativeLibrary.TryLoad(LibraryName, typeof(LibTurboJpeg).Assembly, null, out var handle))
        {
            return false;
        }

        NativeLibrary.Free(handle);
        return true;
    });

    private IntPtr _handle;

    private LibTurboJpeg(IntPtr handle) => _handle = handle;

    /// <summary>Whether the library is installed.</summary>
    public static bool IsAvailable => Loadable.Value;

    /// <summary>A compressor, or null when the library is missing.</summary>
    public static LibTurboJpeg? TryCreate()
    {
        if (!IsAvailable)
        {
            return null;
        }

        var handle = Native.tjInitCompress();
        return handle == IntPtr.Zero ? null : new LibTurboJpeg(handle);
    }

    /// <summary>
    /// Encodes 8-bit RGBX or BGRX pixels (the fourth byte ignored) as a baseline JPEG with 4:2:0 chroma and returns the
    /// file bytes. <paramref name="pixels"/> is the first pixel's address; rows are <paramref name="stride"/> bytes apart.
    /// </summary>
    public byte[] Encode(IntPtr pixels, int width, int height, int stride, bool bgrx, int quality)
    {
        ObjectDisposedException.ThrowIf(_handle == IntPtr.Zero, this);
        if (pixels == IntPtr.Zero)
        {
            throw new ArgumentNullException(nameof(pixels));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(stride, width * 4);
        var buffer = IntPtr.Zero;
        nuint size = 0;
        try
        {
            if (Native.tjCompress2(_handle, pixels, width, stride, height, bgrx ? PixelFormatBgrx : PixelFormatRgbx,
                    ref buffer, ref size, Subsampling420, quality, FastDct) != 0)
            {
                throw new InvalidOperationException($"libturbojpeg could not encode a {width} x {height} image: {Marshal.PtrToStringUTF8(Native.tjGetErrorStr2(_handle))}");
            }

            var bytes = new byte[checked((int)size)];
            Marshal.Copy(buffer, bytes, 0, bytes.Length);
            return bytes;
        }
        finally
        {
            if (buffer != IntPtr.Zero)
            {
                Native.tjFree(buffer);
            }
        }
    }

    public void Dispose()
    {
        if (_handle != IntPtr.Zero)
        {
            _ = Native.tjDestroy(_handle);
            _handle = IntPtr.Zero;
        }
    }

    private static class Native
    {
        [DllImport(LibraryName, ExactSpelling = true)]
        public static extern IntPtr tjInitCompress();

        [DllImport(LibraryName, ExactSpelling = true)]
        public static extern int tjCompress2(
            IntPtr handle, IntPtr srcBuf, int width, int pitch, int height, int pixelFormat,
            ref IntPtr jpegBuf, ref nuint jpegSize, int jpegSubsamp, int jpegQual, int flags);

        [DllImport(LibraryName, ExactSpelling = true)]
        public static extern void tjFree(IntPtr buffer);

        [DllImport(LibraryName, ExactSpelling = true)]
        public static extern int tjDestroy(IntPtr handle);

        [DllImport(LibraryName, ExactSpelling = true)]
        public static extern IntPtr tjGetErrorStr2(IntPtr handle);
    }
}
