using System.Buffers.Binary;

namespace XuhuiEpaper.Samples.Layout;

/// <summary>
/// Empties the outlines of every glyph a document does not use, keeping glyph ids stable.
/// The SkiaSharp native build has no font subsetter (Skia embeds the full font when subsetting
/// is unavailable), so without this each PDF would carry 4.6 MB of WenQuanYi. Glyph ids must
/// stay unchanged because Skia writes them as CIDs (Identity-H) and derives /W and ToUnicode
/// from this same typeface.
/// </summary>
public static class GlyphSubsetter
{
    private static readonly HashSet<string> KeptTables = new(StringComparer.Ordinal)
    {
        "cmap", "head", "hhea", "hmtx", "maxp", "name", "OS/2", "post", "cvt ", "fpgm", "prep", "gasp", "glyf", "loca",
    };

    public static byte[] Subset(byte[] font, IEnumerable<ushort> usedGlyphs)
    {
        var tables = ReadTables(font);
        var head = tables["head"].ToArray();
        var numGlyphs = BinaryPrimitives.ReadUInt16BigEndian(tables["maxp"].Span[4..]);
        var longLoca = BinaryPrimitives.ReadInt16BigEndian(head.AsSpan(50)) == 1;
        var loca = tables["loca"];
        var glyf = tables["glyf"];

        int GlyphStart(int g) => longLoca ? (int)BinaryPrimitives.ReadUInt32BigEndian(loca.Span[(4 * g)..]) : 2 * BinaryPrimitives.ReadUInt16BigEndian(loca.Span[(2 * g)..]);

        var keep = new SortedSet<int>();
        var pending = new Stack<int>(usedGlyphs.Select(g => (int)g).Append(0));
        while (pending.Count > 0)
        {
            var g = pending.Pop();
            if (g >= numGlyphs || !keep.Add(g))
            {
                continue;
            }

            foreach (var component in CompositeComponents(glyf.Span[GlyphStart(g)..GlyphStart(g + 1)]))
            {
                pending.Push(component);
            }
        }

        using var newGlyf = new MemoryStream();
        var newLoca = new byte[4 * (numGlyphs + 1)];
        for (var g = 0; g < numGlyphs; g++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(newLoca.AsSpan(4 * g), (uint)newGlyf.Length);
            if (keep.Contains(g))
            {
                newGlyf.Write(glyf.Span[GlyphStart(g)..GlyphStart(g + 1)]);
                while (newGlyf.Length % 4 != 0)
                {
                    newGlyf.WriteByte(0);
                }
            }
        }

        BinaryPrimitives.WriteUInt32BigEndian(newLoca.AsSpan(4 * numGlyphs), (uint)newGlyf.Length);
        BinaryPrimitives.WriteInt16BigEndian(head.AsSpan(50), 1);

        var output = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var (tag, data) in tables)
        {
            if (KeptTables.Contains(tag))
            {
                output[tag] = data.ToArray();
            }
        }

        output["head"] = head;
        output["glyf"] = newGlyf.ToArray();
        output["loca"] = newLoca;
        return WriteFont(BinaryPrimitives.ReadUInt32BigEndian(font), output);
    }

    private static List<int> CompositeComponents(ReadOnlySpan<byte> glyph)
    {
        var components = new List<int>();
        if (glyph.Length < 10 || BinaryPrimitives.ReadInt16BigEndian(glyph) >= 0)
        {
            return components;
        }

        var p = 10;
        while (true)
        {
            var flags = BinaryPrimitives.ReadUInt16BigEndian(glyph[p..]);
            components.Add(BinaryPrimitives.ReadUInt16BigEndian(glyph[(p + 2)..]));
            p += 4 + ((flags & 0x1) != 0 ? 4 : 2);
            p += (flags & 0x8) != 0 ? 2 : (flags & 0x40) != 0 ? 4 : (flags & 0x80) != 0 ? 8 : 0;
            if ((flags & 0x20) == 0)
            {
                return components;
            }
        }
    }

    private static Dictionary<string, ReadOnlyMemory<byte>> ReadTables(byte[] font)
    {
        var count = BinaryPrimitives.ReadUInt16BigEndian(font.AsSpan(4));
        var tables = new Dictionary<string, ReadOnlyMemory<byte>>(StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            var record = font.AsSpan(12 + (16 * i));
            var tag = System.Text.Encoding.ASCII.GetString(record[..4]);
            var offset = (int)BinaryPrimitives.ReadUInt32BigEndian(record[8..]);
            var length = (int)BinaryPrimitives.ReadUInt32BigEndian(record[12..]);
            tables[tag] = font.AsMemory(offset, length);
        }

        return tables;
    }

    private static byte[] WriteFont(uint sfntVersion, SortedDictionary<string, byte[]> tables)
    {
        var count = tables.Count;
        var headerLength = 12 + (16 * count);
        var output = new byte[headerLength + tables.Values.Sum(t => (t.Length + 3) & ~3)];
        var entrySelector = (int)Math.Floor(Math.Log2(count));
        BinaryPrimitives.WriteUInt32BigEndian(output, sfntVersion);
        BinaryPrimitives.WriteUInt16BigEndian(output.AsSpan(4), (ushort)count);
        BinaryPrimitives.WriteUInt16BigEndian(output.AsSpan(6), (ushort)(16 << entrySelector));
        BinaryPrimitives.WriteUInt16BigEndian(output.AsSpan(8), (ushort)entrySelector);
        BinaryPrimitives.WriteUInt16BigEndian(output.AsSpan(10), (ushort)((16 * count) - (16 << entrySelector)));
        var position = headerLength;
        var i = 0;
        foreach (var (tag, data) in tables)
        {
            var record = output.AsSpan(12 + (16 * i++));
            System.Text.Encoding.ASCII.GetBytes(tag, record);
            BinaryPrimitives.WriteUInt32BigEndian(record[4..], Checksum(data));
            BinaryPrimitives.WriteUInt32BigEndian(record[8..], (uint)position);
            BinaryPrimitives.WriteUInt32BigEndian(record[12..], (uint)data.Length);
            data.CopyTo(output.AsSpan(position));
            position += (data.Length + 3) & ~3;
        }

        return output;
    }

    private static uint Checksum(byte[] data)
    {
        uint sum = 0;
        for (var i = 0; i < data.Length; i += 4)
        {
            uint word = 0;
            for (var j = 0; j < 4; j++)
            {
                word = (word << 8) | (i + j < data.Length ? data[i + j] : 0u);
            }

            sum += word;
        }

        return sum;
    }
}
