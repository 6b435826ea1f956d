using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using SkiaSharp;

namespace XuhuiEpaper.Ingest.Rendering;

/// <summary>Reads one binary PPM (P6, maxval 255) image from a stream straight into an opaque RGBA <see cref="SKBitmap"/>.</summary>
internal static class PpmReader
{
    /// <summary>Reads the header: P6, width, height, maxval, then exactly one whitespace byte.</summary>
    public static async ValueTask<(int Width, int Height)> ReadHeaderAsync(Stream stream, CancellationToken cancellationToken)
    {
        var one = new byte[1];

        async ValueTask<int> Next()
        {
            var n = await stream.ReadAsync(one, cancellationToken);
            return n == 0 ? -1 : one[0];
        }

        async ValueTask<int> Number()
        {
            int c;
            while (true)
            {
                c = await Next();
                if (c == '#')
                {
                    while (c is not '\n' and not -1)
                    {
                        c = await Next();
                    }
                }
                else if (c is not (' ' or '\t' or '\n' or '\r'))
                {
                    break;
                }
            }

            if (c is < '0' or > '9')
            {
                throw new InvalidDataException("bad PPM header: a number was expected");
            }

            long value = 0;
            while (c is >= '0' and <= '9')
            {
                value = (value * 10) + (c - '0');
                if (value > int.MaxValue)
                {
                    throw new InvalidDataException("bad PPM header: number too large");
                }

                c = await Next();
            }

            if (c is not (' ' or '\t' or '\n' or '\r'))
            {
                throw new InvalidDataException("bad PPM header: whitespace was expected after a number");
            }

            return (int)value;
        }

        if (await Next() != 'P' || await Next() != '6')
        {
            throw new InvalidDataException("not a binary PPM (P6) image");
        }

        var width = await Number();
        var height = await Number();
        var maxval = await Number();
        if (maxval != 255)
        {
            throw new InvalidDataException($"unsupported PPM maxval {maxval}");
        }

        return (width, height);
    }

    /// <summary>
    /// Reads <paramref name="height"/> rows of RGB into an opaque RGBA bitmap: <paramref name="reuse"/> when given (it must
    /// be <paramref name="width"/> x <paramref name="height"/> RGBA; it is disposed on failure), else a new one.
    /// </summary>
    public static async ValueTask<SKBitmap> ReadPixelsAsync(Stream stream, int width, int height, SKBitmap? reuse, CancellationToken cancellationToken)
    {
        if (reuse is not null && (reuse.Width != width || reuse.Height != height || reuse.ColorType != SKColorType.Rgba8888))
        {
            throw new ArgumentException($"a {width} x {height} RGBA bitmap was expected", nameof(reuse));
        }

        var bitmap = reuse ?? new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        try
        {
            var rowBytes = width * 3;
            var rowsPerChunk = Math.Max(1, (1 << 20) / rowBytes);
            var buffer = new byte[rowBytes * rowsPerChunk];
            var dstStride = bitmap.RowBytes;
            for (var y = 0; y < height; y += rowsPerChunk)
            {
                var rows = Math.Min(rowsPerChunk, height - y);
                var want = rows * rowBytes;
                var got = await stream.ReadAtLeastAsync(buffer.AsMemory(0, want), want, throwOnEndOfStream: false, cancellationToken);
                if (got < want)
                {
                    throw new EndOfStreamException($"the image ended after {y + (got / rowBytes)} of {height} rows");
                }

                ExpandRows(buffer, bitmap, y, rows, width, dstStride);
            }

            return bitmap;
        }
        catch
        {
            bitmap.Dispose();
            throw;
        }
    }

    private static void ExpandRows(byte[] source, SKBitmap bitmap, int firstRow, int rows, int width, int dstStride)
    {
        var pixels = bitmap.GetPixelSpan();
        for (var r = 0; r < rows; r++)
        {
            ExpandRow(source.AsSpan(r * width * 3, width * 3), pixels.Slice((firstRow + r) * dstStride, width * 4));
        }
    }

    // Four RGB pixels (12 bytes) to four RGBA pixels: byte i of the result is byte Rgb[i] of the source; alpha comes from the OR.
    private static readonly Vector128<byte> RgbToRgbx = Vector128.Create((byte)0, 1, 2, 0x80, 3, 4, 5, 0x80, 6, 7, 8, 0x80, 9, 10, 11, 0x80);
    private static readonly Vector128<byte> OpaqueAlpha = Vector128.Create(0xFF000000u).AsByte();

    /// <summary>One row of packed RGB to opaque RGBA (R,G,B,A in memory), 4 pixels at a time where SIMD allows.</summary>
    internal static void ExpandRow(ReadOnlySpan<byte> rgb, Span<byte> rgba)
    {
        var width = rgb.Length / 3;
        var x = 0;
        if (Vector128.IsHardwareAccelerated)
        {
            ref var src = ref MemoryMarshal.GetReference(rgb);
            ref var dst = ref MemoryMarshal.GetReference(rgba);
            // Each step reads 16 bytes but uses 12: stop while 4 spare bytes remain in the row.
            for (; (x * 3) + 16 <= rgb.Length; x += 4)
            {
                var v = Vector128.LoadUnsafe(ref src, (nuint)(x * 3));
                (Vector128.Shuffle(v, RgbToRgbx) | OpaqueAlpha).StoreUnsafe(ref dst, (nuint)(x * 4));
            }
        }

        var dst32 = MemoryMarshal.Cast<byte, uint>(rgba);
        for (var s = x * 3; x < width; x++, s += 3)
        {
            // RGBA8888 in memory is R,G,B,A: little-endian uint A<<24 | B<<16 | G<<8 | R.
            dst32[x] = 0xFF000000u | ((uint)rgb[s + 2] << 16) | ((uint)rgb[s + 1] << 8) | rgb[s];
        }
    }
}
