using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace XuhuiEpaper.Samples;

/// <summary>
/// The two kinds of file whose text cannot be read that archivists really have (issue 13), made from any PDF: its fonts
/// without their Unicode maps (the glyph numbers remain, the characters behind them are gone), and its pages as images
/// only (a scan: JPEG pages from pdftoppm, no text layer).
/// </summary>
public static class UnreadableVariants
{
    private static readonly byte[] ToUnicode = Encoding.ASCII.GetBytes("/ToUnicode");

    /// <summary>
    /// The PDF with every <c>/ToUnicode n 0 R</c> entry blanked out with spaces: same length, so the cross-reference
    /// table stays right (as qpdf --qdf, deleting the entries and fix-qdf would do, for a file without object streams).
    /// </summary>
    public static byte[] WithoutToUnicode(byte[] pdf)
    {
        ArgumentNullException.ThrowIfNull(pdf);
        var copy = (byte[])pdf.Clone();
        var blanked = 0;
        for (var i = copy.AsSpan().IndexOf(ToUnicode); i >= 0;)
        {
            // "/ToUnicode 29 0 R": the name, then the reference's three tokens.
            var end = i + ToUnicode.Length;
            var tokens = 0;
            while (end < copy.Length && tokens < 3)
            {
                while (end < copy.Length && copy[end] is (byte)' ' or (byte)'\r' or (byte)'\n')
                {
                    end++;
                }

                while (end < copy.Length && copy[end] is not ((byte)' ' or (byte)'\r' or (byte)'\n' or (byte)'/' or (byte)'>'))
                {
                    end++;
                }

                tokens++;
            }

            copy.AsSpan(i, end - i).Fill((byte)' ');
            blanked++;
            var next = copy.AsSpan(end).IndexOf(ToUnicode);
            i = next < 0 ? -1 : end + next;
        }

        return blanked == 0 ? throw new InvalidOperationException("the PDF has no /ToUnicode entry (or keeps it in an object stream)") : copy;
    }

    /// <summary>
    /// Pages <paramref name="first"/>..<paramref name="last"/> of <paramref name="pdfPath"/> rasterized by pdftoppm at
    /// <paramref name="dpi"/> (colour JPEG) and wrapped as a PDF of the same page sizes, with no text: a scanned issue.
    /// </summary>
    public static async Task<byte[]> ImageOnlyAsync(string pdfPath, int dpi, int first, int last, CancellationToken cancellationToken = default)
    {
        var folder = Path.Combine(Path.GetTempPath(), "epaper-scan-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var info = new ProcessStartInfo("pdftoppm") { UseShellExecute = false, RedirectStandardError = true };
            foreach (var arg in new[] { "-f", I(first), "-l", I(last), "-cropbox", "-r", I(dpi), "-jpeg", "-jpegopt", "quality=85", Path.GetFullPath(pdfPath), Path.Combine(folder, "p") })
            {
                info.ArgumentList.Add(arg);
            }

            using (var process = Process.Start(info) ?? throw new InvalidOperationException("cannot start pdftoppm"))
            {
                var error = await process.StandardError.ReadToEndAsync(cancellationToken);
                await process.WaitForExitAsync(cancellationToken);
                if (process.ExitCode != 0)
                {
                    throw new InvalidOperationException($"pdftoppm failed ({process.ExitCode}): {error}");
                }
            }

            var pages = Directory.GetFiles(folder, "p-*.jpg").Order(StringComparer.Ordinal)
                .Select(f => (Jpeg: File.ReadAllBytes(f), Dpi: dpi)).ToArray();
            return JpegPdf(pages);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>A PDF of one page a JPEG, each page the image's size at its resolution.</summary>
    public static byte[] JpegPdf(IReadOnlyList<(byte[] Jpeg, int Dpi)> pages)
    {
        ArgumentNullException.ThrowIfNull(pages);
        using var output = new MemoryStream();
        var offsets = new List<long>();
        void Write(string s) => output.Write(Encoding.ASCII.GetBytes(s));
        void Begin() => offsets.Add(output.Position);

        Write("%PDF-1.4\n%\u00e2\u00e3\n");
        var kids = string.Join(' ', Enumerable.Range(0, pages.Count).Select(i => $"{3 + (i * 3)} 0 R"));
        Begin();
        Write("1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n");
        Begin();
        Write($"2 0 obj\n<< /Type /Pages /Count {pages.Count} /Kids [{kids}] >>\nendobj\n");
        for (var i = 0; i < pages.Count; i++)
        {
            var (jpeg, dpi) = pages[i];
            var (w, h, components) = JpegSize(jpeg);
            var wPt = w * 72.0 / dpi;
            var hPt = h * 72.0 / dpi;
            var page = 3 + (i * 3);
            Begin();
            Write(string.Create(CultureInfo.InvariantCulture,
                $"{page} 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {wPt:0.###} {hPt:0.###}] /Resources << /XObject << /Im0 {page + 1} 0 R >> >> /Contents {page + 2} 0 R >>\nendobj\n"));
            Begin();
            Write($"{page + 1} 0 obj\n<< /Type /XObject /Subtype /Image /Width {w} /Height {h} /ColorSpace /{(components == 1 ? "DeviceGray" : "DeviceRGB")} /BitsPerComponent 8 /Filter /DCTDecode /Length {jpeg.Length} >>\nstream\n");
            output.Write(jpeg);
            Write("\nendstream\nendobj\n");
            var content = string.Create(CultureInfo.InvariantCulture, $"q {wPt:0.###} 0 0 {hPt:0.###} 0 0 cm /Im0 Do Q\n");
            Begin();
            Write($"{page + 2} 0 obj\n<< /Length {content.Length} >>\nstream\n{content}endstream\nendobj\n");
        }

        var xref = output.Position;
        Write($"xref\n0 {offsets.Count + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets)
        {
            Write(offset.ToString("D10", CultureInfo.InvariantCulture) + " 00000 n \n");
        }

        Write($"trailer\n<< /Size {offsets.Count + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        return output.ToArray();
    }

    /// <summary>Width, height and components from a JPEG's start-of-frame marker.</summary>
    private static (int Width, int Height, int Components) JpegSize(byte[] jpeg)
    {
        var i = 2;
        while (i + 9 < jpeg.Length)
        {
            if (jpeg[i] != 0xFF)
            {
                i++;
                continue;
            }

            var marker = jpeg[i + 1];
            var length = (jpeg[i + 2] << 8) | jpeg[i + 3];
            if (marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC)
            {
                return ((jpeg[i + 7] << 8) | jpeg[i + 8], (jpeg[i + 5] << 8) | jpeg[i + 6], jpeg[i + 9]);
            }

            i += 2 + length;
        }

        throw new InvalidOperationException("no JPEG frame header");
    }

    private static string I(int value) => value.ToString(CultureInfo.InvariantCulture);
}
