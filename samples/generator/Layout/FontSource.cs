using System.Buffers.Binary;
using SkiaSharp;

namespace XuhuiEpaper.Samples.Layout;

/// <summary>
/// Loads WenQuanYi Micro Hei as a standalone TrueType font.
/// Skia's PDF backend cannot subset a face inside a TrueType collection: it falls back to
/// embedding the whole .ttc file as /FontFile2 (5 MB, and not even a valid TrueType stream).
/// Extracting face 0 into a plain .ttf first lets the subsetter run, so the PDF carries a small
/// CIDFontType2 subset like a real print PDF.
/// </summary>
public static class FontSource
{
    public const string DefaultCollectionPath = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc";

    private static readonly Lazy<byte[]> LazyFontFile = new(() => ExtractFace(File.ReadAllBytes(DefaultCollectionPath), 0));
    private static readonly Lazy<SKTypeface> LazyTypeface = new(() => FromBytes(LazyFontFile.Value));

    /// <summary>Face 0 of the collection as a standalone TrueType file.</summary>
    public static byte[] FontFile => LazyFontFile.Value;

    /// <summary>The full face, used for measuring and glyph lookup.</summary>
    public static SKTypeface Typeface => LazyTypeface.Value;

    public static SKTypeface FromBytes(byte[] font)
    {
        using var data = SKData.CreateCopy(font);
        return SKTypeface.FromData(data) ?? throw new InvalidOperationException("Skia could not load the font.");
    }

    /// <summary>Copies the tables of one face of a TrueType collection into a standalone sfnt file.</summary>
    public static byte[] ExtractFace(ReadOnlySpan<byte> collection, int faceIndex)
    {
        if (collection.Length < 12 || BinaryPrimitives.ReadUInt32BigEndian(collection) != 0x74746366) // "ttcf"
        {
            return collection.ToArray();
        }

        var faceCount = (int)BinaryPrimitives.ReadUInt32BigEndian(collection[8..]);
        if (faceIndex < 0 || faceIndex >= faceCount)
        {
            throw new ArgumentOutOfRangeException(nameof(faceIndex));
        }

        var faceOffset = (int)BinaryPrimitives.ReadUInt32BigEndian(collection[(12 + (4 * faceIndex))..]);
        var directory = collection[faceOffset..];
        var tableCount = BinaryPrimitives.ReadUInt16BigEndian(directory[4..]);
        var headerLength = 12 + (16 * tableCount);
        var tables = new List<(uint Tag, uint Checksum, int Offset, int Length)>();
        for (var i = 0; i < tableCount; i++)
        {
            var record = directory[(12 + (16 * i))..];
            tables.Add((BinaryPrimitives.ReadUInt32BigEndian(record), BinaryPrimitives.ReadUInt32BigEndian(record[4..]),
                (int)BinaryPrimitives.ReadUInt32BigEndian(record[8..]), (int)BinaryPrimitives.ReadUInt32BigEndian(record[12..])));
        }

        var total = headerLength + tables.Sum(t => (t.Length + 3) & ~3);
        var output = new byte[total];
        directory[..12].CopyTo(output);
        var position = headerLength;
        for (var i = 0; i < tables.Count; i++)
        {
            var (tag, checksum, offset, length) = tables[i];
            var record = output.AsSpan(12 + (16 * i));
            BinaryPrimitives.WriteUInt32BigEndian(record, tag);
            BinaryPrimitives.WriteUInt32BigEndian(record[4..], checksum);
            BinaryPrimitives.WriteUInt32BigEndian(record[8..], (uint)position);
            BinaryPrimitives.WriteUInt32BigEndian(record[12..], (uint)length);
            collection.Slice(offset, length).CopyTo(output.AsSpan(position));
            position += (length + 3) & ~3;
        }

        return output;
    }
}
