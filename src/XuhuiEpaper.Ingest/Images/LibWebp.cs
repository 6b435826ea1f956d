using System.Runtime.InteropServices;

namespace XuhuiEpaper.Ingest.Images;

/// <summary>
/// Lossy WebP encoding with the system libwebp (Debian package libwebp7, <c>libwebp.so.7</c>) through its advanced
/// API, because Skia's encoder has no speed setting: at its fixed method 4 a 3200 px page takes 4-5 s, while
/// libwebp's methods 0-2 take a fraction of that with the same quality setting.
/// </summary>
/// <remarks>
/// The structures mirror <c>webp/encode.h</c> of libwebp 1.2.4 (encoder ABI 0x020f). Fields added in later versions
/// replaced padding, so the layout and size are stable within ABI major 2, which is all
/// <c>WebPConfigInitInternal</c>/<c>WebPPictureInitInternal</c> accept.
/// </remarks>
public static partial class LibWebp
{
    public const string LibraryName = "libwebp.so.7";

    /// <summary>WEBP_ENCODER_ABI_VERSION of libwebp 1.2.4.</summary>
    public const int EncoderAbiVersion = 0x020f;

    /// <summary>WEBP_MAX_DIMENSION: the largest side a WebP image can have.</summary>
    public const int MaxDimension = 16383;

    private static readonly Lazy<IntPtr> MemoryWriteFunction = new(() =>
        NativeLibrary.GetExport(NativeLibrary.Load(LibraryName, typeof(LibWebp).Assembly, null), "WebPMemoryWrite"));

    /// <summary>The library's version as "major.minor.revision".</summary>
    public static string Version
    {
        get
        {
            var v = Native.WebPGetEncoderVersion();
            return $"{(v >> 16) & 0xFF}.{(v >> 8) & 0xFF}.{v & 0xFF}";
        }
    }

    /// <summary>
    /// Encodes 8-bit RGBA or BGRA pixels (alpha ignored: the image is opaque) as lossy WebP and returns the file bytes.
    /// </summary>
    /// <param name="pixels">Address of the first row; rows are <paramref name="stride"/> bytes apart.</param>
    /// <param name="bgra">True when the bytes are B,G,R,A in memory; false for R,G,B,A.</param>
    /// <param name="quality">0-100.</param>
    /// <param name="method">0 (fastest) to 6 (smallest file).</param>
    public static byte[] EncodeLossy(IntPtr pixels, int width, int height, int stride, bool bgra, float quality, int method) =>
        EncodeLossy(pixels, width, height, stride, bgra, quality, method, null);

    /// <summary>As above; <paramref name="tune"/> may change the configuration last (for benchmarks).</summary>
    internal static byte[] EncodeLossy(IntPtr pixels, int width, int height, int stride, bool bgra, float quality, int method, Func<WebPConfig, WebPConfig>? tune)
    {
        if (pixels == IntPtr.Zero)
        {
            throw new ArgumentNullException(nameof(pixels));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(width, MaxDimension);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(height, MaxDimension);
        ArgumentOutOfRangeException.ThrowIfLessThan(stride, width * 4);
        ArgumentOutOfRangeException.ThrowIfLessThan(quality, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(quality, 100);
        ArgumentOutOfRangeException.ThrowIfLessThan(method, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(method, 6);

        var config = default(WebPConfig);
        if (Native.WebPConfigInitInternal(ref config, 0, quality, EncoderAbiVersion) == 0)
        {
            throw new InvalidOperationException($"libwebp {Version} refused encoder ABI 0x{EncoderAbiVersion:x4}");
        }

        config.Method = method;
        // One extra thread for the analysis pass; pages are already encoded in parallel, so no more than that.
        config.ThreadLevel = 1;
        if (tune is not null)
        {
            config = tune(config);
        }

        if (Native.WebPValidateConfig(ref config) == 0)
        {
            throw new InvalidOperationException($"libwebp rejected the configuration (quality {quality}, method {method})");
        }

        var picture = default(WebPPicture);
        if (Native.WebPPictureInitInternal(ref picture, EncoderAbiVersion) == 0)
        {
            throw new InvalidOperationException($"libwebp {Version} refused encoder ABI 0x{EncoderAbiVersion:x4}");
        }

        // The writer must stay put while libwebp appends to it: native memory, not a managed local.
        var writer = Marshal.AllocHGlobal(Marshal.SizeOf<WebPMemoryWriter>());
        Native.WebPMemoryWriterInit(writer);
        try
        {
            picture.UseArgb = 0;
            picture.Width = width;
            picture.Height = height;
            var imported = bgra
                ? Native.WebPPictureImportBGRX(ref picture, pixels, stride)
                : Native.WebPPictureImportRGBX(ref picture, pixels, stride);
            if (imported == 0)
            {
                throw new InvalidOperationException($"libwebp could not import a {width} x {height} image (out of memory?)");
            }

            picture.Writer = MemoryWriteFunction.Value;
            picture.CustomPtr = writer;
            if (Native.WebPEncode(ref config, ref picture) == 0)
            {
                throw new InvalidOperationException($"libwebp could not encode a {width} x {height} image: {Describe(picture.ErrorCode)}");
            }

            var written = Marshal.PtrToStructure<WebPMemoryWriter>(writer);
            var result = new byte[checked((int)written.Size)];
            Marshal.Copy(written.Mem, result, 0, result.Length);
            return result;
        }
        finally
        {
            Native.WebPPictureFree(ref picture);
            Native.WebPMemoryWriterClear(writer);
            Marshal.FreeHGlobal(writer);
        }
    }

    private static string Describe(int errorCode) => errorCode switch
    {
        1 => "out of memory",
        2 => "out of memory while writing the bitstream",
        3 => "a parameter is null",
        4 => "invalid configuration",
        5 => "bad picture dimension",
        6 => "partition 0 is larger than 512 KB",
        7 => "a partition is larger than 16 MB",
        8 => "the writer failed",
        9 => "the file would be larger than 4 GB",
        10 => "aborted",
        _ => $"error code {errorCode}",
    };

    /// <summary>struct WebPConfig (libwebp 1.2.4): 29 four-byte fields.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct WebPConfig
    {
        public int Lossless;
        public float Quality;
        public int Method;
        public int ImageHint;
        public int TargetSize;
        public float TargetPsnr;
        public int Segments;
        public int SnsStrength;
        public int FilterStrength;
        public int FilterSharpness;
        public int FilterType;
        public int Autofilter;
        public int AlphaCompression;
        public int AlphaFiltering;
        public int AlphaQuality;
        public int Pass;
        public int ShowCompressed;
        public int Preprocessing;
        public int Partitions;
        public int PartitionLimit;
        public int EmulateJpegSize;
        public int ThreadLevel;
        public int LowMemory;
        public int NearLossless;
        public int Exact;
        public int UseDeltaPalette;
        public int UseSharpYuv;
        public int Qmin;
        public int Qmax;
    }

    /// <summary>struct WebPPicture (libwebp 1.2.4): 256 bytes on 64-bit.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct WebPPicture
    {
        public int UseArgb;
        public int Colorspace;
        public int Width;
        public int Height;
        public IntPtr Y;
        public IntPtr U;
        public IntPtr V;
        public int YStride;
        public int UvStride;
        public IntPtr A;
        public int AStride;
        public Pad2 Pad1;
        public IntPtr Argb;
        public int ArgbStride;
        public Pad3 Pad2;
        public IntPtr Writer;
        public IntPtr CustomPtr;
        public int ExtraInfoType;
        public IntPtr ExtraInfo;
        public IntPtr Stats;
        public int ErrorCode;
        public IntPtr ProgressHook;
        public IntPtr UserData;
        public Pad3 Pad3;
        public IntPtr Pad4;
        public IntPtr Pad5;
        public Pad8 Pad6;
        public IntPtr Memory;
        public IntPtr MemoryArgb;
        public IntPtr Pad7A;
        public IntPtr Pad7B;
    }

    [StructLayout(LayoutKind.Sequential)]
    internal struct Pad2
    {
        public uint A;
        public uint B;
    }

    [StructLayout(LayoutKind.Sequential)]
    internal struct Pad3
    {
        public uint A;
        public uint B;
        public uint C;
    }

    [StructLayout(LayoutKind.Sequential)]
    internal struct Pad8
    {
        public Pad2 A;
        public Pad2 B;
        public Pad2 C;
        public Pad2 D;
    }

    /// <summary>struct WebPMemoryWriter.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct WebPMemoryWriter
    {
        public IntPtr Mem;
        public nuint Size;
        public nuint MaxSize;
        public uint Pad;
    }

    private static class Native
    {
        [DllImport(LibraryName, ExactSpelling = true)]
        public static extern int WebPGetEncoderVersion();

        [DllImport(LibraryName, ExactSpelling = true)]
        public static extern int WebPConfigInitInternal(ref WebPConfig config, int preset, float quality, int abiVersion);

        [DllImport(LibraryName, ExactSpelling = true)]
        public static extern int WebPValidateConfig(ref WebPConfig config);

        [DllImport(LibraryName, ExactSpelling = true)]
        public static extern int WebPPictureInitInternal(ref WebPPicture picture, int abiVersion);

        [DllImport(LibraryName, ExactSpelling = true)]
        public static extern int WebPPictureImportRGBX(ref WebPPicture picture, IntPtr rgbx, int stride);

        [DllImport(LibraryName, ExactSpelling = true)]
        public static extern int WebPPictureImportBGRX(ref WebPPicture picture, IntPtr bgrx, int stride);

        [DllImport(LibraryName, ExactSpelling = true)]
        public static extern int WebPEncode(ref WebPConfig config, ref WebPPicture picture);

        [DllImport(LibraryName, ExactSpelling = true)]
        public static extern void WebPPictureFree(ref WebPPicture picture);

        [DllImport(LibraryName, ExactSpelling = true)]
        public static extern void WebPMemoryWriterInit(IntPtr writer);

        [DllImport(LibraryName, ExactSpelling = true)]
        public static extern void WebPMemoryWriterClear(IntPtr writer);
    }
}
