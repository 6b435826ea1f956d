using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace XuhuiEpaper.Ingest.Tests.Fixtures;

/// <summary>One generated hostile file: its name (kind and parameters) and its bytes.</summary>
public sealed record HostileFile(string Name, string Kind, byte[] Bytes);

/// <summary>
/// A deterministic generator of hostile PDFs: mutations of real issue PDFs (truncations, byte flips, broken xref tables,
/// lying stream lengths) and hand-built attacks (deep nesting, cyclic page trees, decompression and operator bombs, huge
/// page counts and sizes, JavaScript and embedded files, zero pages, image-only pages). The same seed gives the same files.
/// </summary>
public static class HostilePdfs
{
    /// <summary>The attack kinds, in the order <see cref="Generate"/> cycles through them.</summary>
    public static readonly string[] Kinds =
    [
        "truncated", "byte-flips", "broken-xref", "lying-length", "deep-nesting", "cyclic-pages", "flate-bomb", "operator-bomb",
        "image-bomb", "huge-page-count", "huge-page", "javascript", "embedded-file", "zero-pages", "image-only", "garbage-after-header",
    ];

    /// <summary>
    /// <paramref name="count"/> files from the given real PDFs, cycling through <see cref="Kinds"/>; file i depends only on
    /// (seed, i), so any subset can be made again on its own.
    /// </summary>
    public static IEnumerable<HostileFile> Generate(IReadOnlyList<byte[]> seeds, int count, int seed = 1)
    {
        ArgumentNullException.ThrowIfNull(seeds);
        for (var i = 0; i < count; i++)
        {
            yield return Make(seeds, i, seed);
        }
    }

    /// <summary>File <paramref name="index"/> of the corpus of <paramref name="seed"/>.</summary>
    public static HostileFile Make(IReadOnlyList<byte[]> seeds, int index, int seed = 1)
    {
        ArgumentNullException.ThrowIfNull(seeds);
        var random = new Random(HashCode.Combine(seed, index) & 0x7fffffff);
        var kind = Kinds[index % Kinds.Length];
        var source = seeds[index / Kinds.Length % seeds.Count];
        var variant = index / Kinds.Length;
        var (detail, bytes) = kind switch
        {
            "truncated" => Truncated(source, random),
            "byte-flips" => ByteFlips(source, random),
            "broken-xref" => BrokenXref(source, random),
            "lying-length" => LyingLength(source, random),
            "deep-nesting" => DeepNesting(random),
            "cyclic-pages" => CyclicPages(variant),
            "flate-bomb" => FlateBomb(random),
            "operator-bomb" => OperatorBomb(random),
            "image-bomb" => ImageBomb(random),
            "huge-page-count" => HugePageCount(random),
            "huge-page" => HugePage(random),
            "javascript" => WithJavaScript(source, variant),
            "embedded-file" => WithEmbeddedFile(source, random),
            "zero-pages" => ZeroPages(variant),
            "image-only" => ImageOnly(random),
            _ => GarbageAfterHeader(random),
        };
        return new HostileFile(string.Create(CultureInfo.InvariantCulture, $"{index:D4}-{kind}-{detail}.pdf"), kind, bytes);
    }

    /// <summary>A PDF of the given objects (object 1 the catalog), with a correct xref table; streams may hold binary data.</summary>
    public static byte[] Build(IReadOnlyList<byte[]> objects, string trailerExtra = "")
    {
        ArgumentNullException.ThrowIfNull(objects);
        using var output = new MemoryStream();
        Write(output, "%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n");
        var offsets = new List<long>();
        for (var i = 0; i < objects.Count; i++)
        {
            offsets.Add(output.Position);
            Write(output, $"{i + 1} 0 obj\n");
            output.Write(objects[i]);
            Write(output, "\nendobj\n");
        }

        var xref = output.Position;
        Write(output, $"xref\n0 {objects.Count + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets)
        {
            Write(output, $"{offset:D10} 00000 n \n");
        }

        Write(output, $"trailer\n<< /Size {objects.Count + 1} /Root 1 0 R {trailerExtra}>>\nstartxref\n{xref}\n%%EOF\n");
        return output.ToArray();
    }

    /// <summary>A stream object: the dictionary entries and the (already encoded) data, with its true length.</summary>
    public static byte[] Stream(string dictionary, byte[] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return [.. Ascii($"<< {dictionary} /Length {data.Length} >>\nstream\n"), .. data, .. Ascii("\nendstream")];
    }

    public static byte[] Deflate(byte[] data)
    {
        using var output = new MemoryStream();
        using (var z = new ZLibStream(output, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            z.Write(data);
        }

        return output.ToArray();
    }

    /// <summary>One page of <paramref name="width"/> x <paramref name="height"/> pt whose content is <paramref name="content"/> (object 4), with extra objects from 5 on.</summary>
    public static byte[] OnePage(byte[] content, double width = 595, double height = 842, string pageExtra = "", params byte[][] extra) =>
        Build([
            Ascii("<< /Type /Catalog /Pages 2 0 R >>"),
            Ascii("<< /Type /Pages /Kids [3 0 R] /Count 1 >>"),
            Ascii(string.Create(CultureInfo.InvariantCulture, $"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {width} {height}] /Contents 4 0 R {pageExtra}>>")),
            content,
            .. extra,
        ]);

    /// <summary>A 300 KB page whose content stream inflates to 105 MB of path operators (3 million strokes).</summary>
    public static byte[] OperatorBombBytes(int strokes = 3_000_000) =>
        OnePage(Stream("/Filter /FlateDecode", Deflate(Repeat("q 1 0 0 1 0 0 cm 0 0 m 10 10 l S Q\n", strokes))));

    /// <summary>The zlib stream of <paramref name="megabytes"/> MB of zeros, written a megabyte at a time.</summary>
    public static byte[] DeflateZeros(int megabytes)
    {
        var chunk = new byte[1 << 20];
        using var output = new MemoryStream();
        using (var z = new ZLibStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            for (var i = 0; i < megabytes; i++)
            {
                z.Write(chunk);
            }
        }

        return output.ToArray();
    }

    private static (string, byte[]) Truncated(byte[] source, Random random)
    {
        var at = random.Next(16, source.Length - 1);
        return ($"at{at}", source[..at]);
    }

    private static (string, byte[]) ByteFlips(byte[] source, Random random)
    {
        var bytes = (byte[])source.Clone();
        var flips = random.Next(1, 64);
        for (var i = 0; i < flips; i++)
        {
            bytes[random.Next(16, bytes.Length - 16)] ^= (byte)random.Next(1, 256);
        }

        return ($"{flips}", bytes);
    }

    private static (string, byte[]) BrokenXref(byte[] source, Random random)
    {
        var bytes = (byte[])source.Clone();
        var text = Encoding.Latin1.GetString(bytes);
        var xref = text.LastIndexOf("xref", StringComparison.Ordinal);
        var startxref = text.LastIndexOf("startxref", StringComparison.Ordinal);
        var mode = random.Next(3);
        if (mode == 0 && xref >= 0)
        {
            // Every offset shifted: each points into the middle of another object.
            for (var i = xref; i < Math.Min(bytes.Length, xref + 4000); i++)
            {
                if (bytes[i] is >= (byte)'1' and <= (byte)'8' && random.Next(3) == 0)
                {
                    bytes[i]++;
                }
            }
        }
        else if (mode == 1 && startxref >= 0)
        {
            // startxref points nowhere.
            var digits = Encoding.ASCII.GetBytes(random.Next(0, bytes.Length * 2).ToString(CultureInfo.InvariantCulture).PadLeft(7, '0'));
            Array.Copy(digits, 0, bytes, Math.Min(bytes.Length - digits.Length - 7, startxref + 10), digits.Length);
        }
        else if (xref >= 0)
        {
            // The table cut out.
            bytes = [.. bytes[..xref], .. Ascii("trailer\n<< /Root 1 0 R >>\nstartxref\n0\n%%EOF\n")];
        }

        return ($"mode{mode}", bytes);
    }

    private static (string, byte[]) LyingLength(byte[] source, Random random)
    {
        var text = Encoding.Latin1.GetString(source);
        var lengths = new List<int>();
        for (var at = text.IndexOf("/Length ", StringComparison.Ordinal); at >= 0; at = text.IndexOf("/Length ", at + 1, StringComparison.Ordinal))
        {
            lengths.Add(at);
        }

        if (lengths.Count == 0)
        {
            return ("none", source);
        }

        var pick = lengths[random.Next(lengths.Count)];
        var start = pick + "/Length ".Length;
        var end = start;
        while (end < text.Length && char.IsAsciiDigit(text[end]))
        {
            end++;
        }

        var lie = random.Next(4) switch
        {
            0 => "0",
            1 => "999999999",
            2 => (int.TryParse(text[start..end], CultureInfo.InvariantCulture, out var n) ? n / 2 : 1).ToString(CultureInfo.InvariantCulture),
            _ => "-5",
        };
        return ($"{lie}", Encoding.Latin1.GetBytes(text[..start] + lie + text[end..]));
    }

    private static (string, byte[]) DeepNesting(Random random)
    {
        var depth = random.Next(2) == 0 ? 100_000 : 1_000_000;
        var nested = new StringBuilder(depth * 2 + 8);
        nested.Append('[', depth).Append(']', depth);
        var inContent = random.Next(2) == 0;
        var bytes = inContent
            ? OnePage(Stream("/Filter /FlateDecode", Deflate(Ascii($"BT /F1 12 Tf 72 720 Td {nested} TJ ET"))))
            : OnePage(Stream("", Ascii("0 0 m 10 10 l S")), pageExtra: $"/Deep {nested} ");
        return ($"{depth}-{(inContent ? "content" : "dict")}", bytes);
    }

    private static (string, byte[]) CyclicPages(int variant)
    {
        // The page tree points back at itself: its kid is its own parent (or two Pages nodes point at each other).
        var bytes = variant % 2 == 0
            ? Build([Ascii("<< /Type /Catalog /Pages 2 0 R >>"), Ascii("<< /Type /Pages /Kids [2 0 R] /Count 1 >>")])
            : Build([
                Ascii("<< /Type /Catalog /Pages 2 0 R >>"),
                Ascii("<< /Type /Pages /Kids [3 0 R] /Count 2 >>"),
                Ascii("<< /Type /Pages /Parent 2 0 R /Kids [2 0 R 4 0 R] /Count 2 >>"),
                Ascii("<< /Type /Page /Parent 3 0 R /MediaBox [0 0 595 842] >>"),
            ]);
        return ($"v{variant % 2}", bytes);
    }

    private static (string, byte[]) FlateBomb(Random random)
    {
        // Zeros inflate about 1000 to 1: a few hundred KB on disk, hundreds of MB in memory.
        var megabytes = random.Next(2) == 0 ? 200 : 400;
        var zeros = DeflateZeros(megabytes);
        return ($"{megabytes}mb", OnePage(Stream("/Filter /FlateDecode", zeros)));
    }

    private static (string, byte[]) OperatorBomb(Random random)
    {
        var strokes = random.Next(2) == 0 ? 1_000_000 : 3_000_000;
        return ($"{strokes}", OperatorBombBytes(strokes));
    }

    private static (string, byte[]) ImageBomb(Random random)
    {
        // An image that claims 30000 x 30000 px (2.7 GB of pixels) from a small flate stream.
        var side = random.Next(2) == 0 ? 30_000 : 60_000;
        var data = Deflate(new byte[4 << 20]);
        var image = Stream(string.Create(CultureInfo.InvariantCulture, $"/Type /XObject /Subtype /Image /Width {side} /Height {side} /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /FlateDecode"), data);
        return ($"{side}px", OnePage(Stream("", Ascii("q 500 0 0 700 50 70 cm /Im1 Do Q")), pageExtra: "/Resources << /XObject << /Im1 5 0 R >> >> ", extra: image));
    }

    private static (string, byte[]) HugePageCount(Random random)
    {
        var count = random.Next(2) == 0 ? 100_000 : int.MaxValue;
        var mode = random.Next(2);
        var bytes = mode == 0
            // A /Count that lies about one page.
            ? Build([
                Ascii("<< /Type /Catalog /Pages 2 0 R >>"),
                Ascii(string.Create(CultureInfo.InvariantCulture, $"<< /Type /Pages /Kids [3 0 R] /Count {count} >>")),
                Ascii("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"),
            ])
            // Really many pages: one page object named many times.
            : Build([
                Ascii("<< /Type /Catalog /Pages 2 0 R >>"),
                Ascii($"<< /Type /Pages /Kids [{string.Join(' ', Enumerable.Repeat("3 0 R", 5000))}] /Count 5000 >>"),
                Ascii("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"),
            ]);
        return ($"{(mode == 0 ? count : 5000)}-{(mode == 0 ? "lie" : "real")}", bytes);
    }

    private static (string, byte[]) HugePage(Random random)
    {
        var (w, h) = random.Next(4) switch
        {
            0 => (14_400d, 14_400d),
            1 => (1e9, 1e9),
            2 => (200d, 5000d),
            _ => (-595d, 842d),
        };
        return (string.Create(CultureInfo.InvariantCulture, $"{w}x{h}"), OnePage(Stream("", Ascii("0 0 m 10 10 l S")), w, h));
    }

    private static (string, byte[]) WithJavaScript(byte[] source, int variant)
    {
        // An incremental update: the catalog gains an OpenAction with JavaScript.
        var js = Ascii("<< /Type /Action /S /JavaScript /JS (app.alert\\('pwned'\\); this.exportDataObject\\({cName: 'x'}\\);) >>");
        return ($"v{variant}", AppendUpdate(source, js, "/OpenAction {0} 0 R /Names << /JavaScript << /Names [(x) {0} 0 R] >> >>"));
    }

    private static (string, byte[]) WithEmbeddedFile(byte[] source, Random random)
    {
        var payload = new byte[random.Next(1000, 100_000)];
        random.NextBytes(payload);
        var file = Stream("/Type /EmbeddedFile /Filter /FlateDecode", Deflate(payload));
        return ($"{payload.Length}b", AppendUpdate(source, file, "/Names << /EmbeddedFiles << /Names [(payload.exe) << /Type /Filespec /F (payload.exe) /EF << /F {0} 0 R >> >>] >> >>"));
    }

    private static (string, byte[]) ZeroPages(int variant) => ($"v{variant % 2}", variant % 2 == 0
        ? Build([Ascii("<< /Type /Catalog /Pages 2 0 R >>"), Ascii("<< /Type /Pages /Kids [] /Count 0 >>")])
        : Build([Ascii("<< /Type /Catalog >>")]));

    private static (string, byte[]) ImageOnly(Random random)
    {
        // A scanned page without a text layer: one grey image, no text at all.
        var (w, h) = (random.Next(200, 1200), random.Next(300, 1600));
        var pixels = new byte[w * h];
        random.NextBytes(pixels);
        var image = Stream(string.Create(CultureInfo.InvariantCulture, $"/Type /XObject /Subtype /Image /Width {w} /Height {h} /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode"), Deflate(pixels));
        return ($"{w}x{h}", OnePage(Stream("", Ascii("q 595 0 0 842 0 0 cm /Im1 Do Q")), pageExtra: "/Resources << /XObject << /Im1 5 0 R >> >> ", extra: image));
    }

    private static (string, byte[]) GarbageAfterHeader(Random random)
    {
        var garbage = new byte[random.Next(100, 50_000)];
        random.NextBytes(garbage);
        return ($"{garbage.Length}b", [.. Ascii("%PDF-1.4\n"), .. garbage, .. Ascii("\n%%EOF\n")]);
    }

    /// <summary>
    /// An incremental update of <paramref name="source"/>: <paramref name="added"/> as a new object, and a new catalog that
    /// copies the old one's /Pages and adds <paramref name="catalogEntries"/> ({0}: the new object's number).
    /// </summary>
    private static byte[] AppendUpdate(byte[] source, byte[] added, string catalogEntries)
    {
        var text = Encoding.Latin1.GetString(source);
        var size = int.TryParse(After(text, "/Size "), CultureInfo.InvariantCulture, out var s) ? s : 1000;
        var root = After(text, "/Root ") is { Length: > 0 } r ? int.Parse(r, CultureInfo.InvariantCulture) : 1;
        var pages = FindPagesRef(text, root) ?? "2 0 R";
        var previous = int.TryParse(After(text[text.LastIndexOf("startxref", StringComparison.Ordinal)..], "startxref\n"), CultureInfo.InvariantCulture, out var p) ? p : 0;
        using var output = new MemoryStream();
        output.Write(source);
        var objectAt = output.Position;
        Write(output, $"\n{size} 0 obj\n");
        output.Write(added);
        Write(output, "\nendobj\n");
        var catalogAt = output.Position;
        Write(output, $"{size + 1} 0 obj\n<< /Type /Catalog /Pages {pages} {string.Format(CultureInfo.InvariantCulture, catalogEntries, size)} >>\nendobj\n");
        var xref = output.Position;
        Write(output, $"xref\n{size} 2\n{objectAt + 1:D10} 00000 n \n{catalogAt:D10} 00000 n \n");
        Write(output, $"trailer\n<< /Size {size + 2} /Root {size + 1} 0 R /Prev {previous} >>\nstartxref\n{xref}\n%%EOF\n");
        return output.ToArray();
    }

    private static string? FindPagesRef(string text, int root)
    {
        var at = text.IndexOf($"\n{root} 0 obj", StringComparison.Ordinal);
        if (at < 0)
        {
            return null;
        }

        var pages = text.IndexOf("/Pages ", at, StringComparison.Ordinal);
        if (pages < 0 || pages > at + 500)
        {
            return null;
        }

        var start = pages + "/Pages ".Length;
        var end = text.IndexOf('R', start);
        return end > start && end - start < 20 ? text[start..(end + 1)] : null;
    }

    private static string After(string text, string marker)
    {
        var at = text.LastIndexOf(marker, StringComparison.Ordinal);
        if (at < 0)
        {
            return "";
        }

        var start = at + marker.Length;
        var end = start;
        while (end < text.Length && char.IsAsciiDigit(text[end]))
        {
            end++;
        }

        return text[start..end];
    }

    private static byte[] Repeat(string text, int times)
    {
        var one = Ascii(text);
        var result = new byte[one.Length * times];
        for (var i = 0; i < times; i++)
        {
            one.CopyTo(result, i * one.Length);
        }

        return result;
    }

    private static byte[] Ascii(string text) => Encoding.Latin1.GetBytes(text);

    private static void Write(Stream output, string text) => output.Write(Encoding.Latin1.GetBytes(text));
}
