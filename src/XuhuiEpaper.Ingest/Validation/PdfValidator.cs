using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Exceptions;
using XuhuiEpaper.Ingest.Images;

namespace XuhuiEpaper.Ingest.Validation;

/// <summary>
/// Decides whether a file is a PDF the ingest can take: a PDF by its header, openable by PdfPig, not locked by a
/// user password, 1 to <see cref="IngestLimits.MaxPages"/> pages of sane size, not larger than the file limit.
/// Refusals throw <see cref="IngestRejectedException"/> with a one-line reason.
/// </summary>
public sealed class PdfValidator
{
    private static readonly byte[] PdfMagic = "%PDF-"u8.ToArray();
    private static readonly byte[] EofMarker = "%%EOF"u8.ToArray();

    /// <summary>How far from the end the final <c>%%EOF</c> may be (some producers append junk).</summary>
    private const int EofSearchBytes = 2048;

    private readonly IngestLimits _limits;
    private readonly int _zoomWidth;

    public PdfValidator(IOptions<IngestLimits> limits, IOptions<ImageOptions>? images = null)
        : this(limits.Value, images?.Value.ZoomWidth)
    {
    }

    /// <param name="limits">What a PDF may be.</param>
    /// <param name="zoomWidth">The width pages are rendered at for their zoom image (default <see cref="ImageOptions.ZoomWidth"/>):
    /// a page so tall and narrow that its zoom image would be taller than WebP allows is refused.</param>
    public PdfValidator(IngestLimits limits, int? zoomWidth = null)
    {
        ArgumentNullException.ThrowIfNull(limits);
        _limits = limits;
        _zoomWidth = zoomWidth ?? new ImageOptions().ZoomWidth;
    }

    /// <summary>Checks the file at <paramref name="path"/>; throws <see cref="IngestRejectedException"/> if it is refused.</summary>
    public PdfInfo Validate(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var file = new FileInfo(path);
        if (!file.Exists)
        {
            throw new IngestRejectedException($"file not found: {file.Name}");
        }

        var length = file.Length;
        if (length == 0)
        {
            throw new IngestRejectedException("the file is empty");
        }

        if (length > _limits.MaxFileBytes)
        {
            throw new IngestRejectedException(
                $"the file is {FormatBytes(length)}, larger than the {FormatBytes(_limits.MaxFileBytes)} limit");
        }

        var version = CheckHeaderAndTail(path, length);
        var pages = ReadPages(path);
        return new PdfInfo(length, version, pages);
    }

    private string CheckHeaderAndTail(string path, long length)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, FileOptions.RandomAccess);
        var head = new byte[(int)Math.Min(length, _limits.HeaderSearchBytes)];
        stream.ReadExactly(head);
        var at = head.AsSpan().IndexOf(PdfMagic);
        if (at < 0)
        {
            throw new IngestRejectedException($"not a PDF: the file starts with '{Describe(head)}'{GuessKind(head)}");
        }

        var versionEnd = at + PdfMagic.Length;
        while (versionEnd < head.Length && versionEnd - at < 12 && (char.IsAsciiDigit((char)head[versionEnd]) || head[versionEnd] == '.'))
        {
            versionEnd++;
        }

        var version = Encoding.ASCII.GetString(head, at + PdfMagic.Length, versionEnd - at - PdfMagic.Length);

        var tailLength = (int)Math.Min(length, EofSearchBytes);
        var tail = new byte[tailLength];
        stream.Seek(-tailLength, SeekOrigin.End);
        stream.ReadExactly(tail);
        if (tail.AsSpan().IndexOf(EofMarker) < 0)
        {
            throw new IngestRejectedException(
                "truncated or damaged PDF: no %%EOF marker at the end of the file (was the upload cut short?)");
        }

        return version;
    }

    private List<PageSize> ReadPages(string path)
    {
        PdfDocument document;
        try
        {
            document = PdfDocument.Open(path, new ParsingOptions { UseLenientParsing = true, SkipMissingFonts = true });
        }
        catch (PdfDocumentEncryptedException)
        {
            throw new IngestRejectedException("encrypted PDF: a password is needed");
        }
        catch (Exception ex) when (IsParseFailure(ex))
        {
            throw new IngestRejectedException($"truncated or damaged PDF: {OneLine(ex.Message)}", ex);
        }

        using (document)
        {
            int count;
            try
            {
                count = document.NumberOfPages;
            }
            catch (Exception ex) when (IsParseFailure(ex))
            {
                throw new IngestRejectedException($"truncated or damaged PDF: the page tree is unreadable: {OneLine(ex.Message)}", ex);
            }

            if (count <= 0)
            {
                throw new IngestRejectedException("the PDF has no pages");
            }

            if (count > _limits.MaxPages)
            {
                throw new IngestRejectedException($"the PDF has {count} pages, more than the {_limits.MaxPages} page limit");
            }

            var pages = new List<PageSize>(count);
            for (var n = 1; n <= count; n++)
            {
                UglyToad.PdfPig.Content.Page page;
                try
                {
                    page = document.GetPage(n);
                }
                catch (PdfDocumentEncryptedException)
                {
                    throw new IngestRejectedException("encrypted PDF: a password is needed");
                }
                catch (Exception ex) when (IsParseFailure(ex))
                {
                    throw new IngestRejectedException($"truncated or damaged PDF: page {n} is unreadable: {OneLine(ex.Message)}", ex);
                }

                var size = new PageSize(page.Width, page.Height);
                CheckPageSize(n, size);
                pages.Add(size);
            }

            return pages;
        }
    }

    private void CheckPageSize(int number, PageSize size)
    {
        var (w, h) = (size.WidthPt, size.HeightPt);
        if (!double.IsFinite(w) || !double.IsFinite(h))
        {
            throw new IngestRejectedException($"page {number} has no valid size");
        }

        var longest = Math.Max(w, h);
        if (longest > _limits.MaxPageSidePt)
        {
            throw new IngestRejectedException(
                $"page {number} is {Pt(w)} x {Pt(h)} pt, larger than the {Pt(_limits.MaxPageSidePt)} pt limit");
        }

        if (Math.Min(w, h) < _limits.MinPageSidePt)
        {
            throw new IngestRejectedException(
                $"page {number} is {Pt(w)} x {Pt(h)} pt, smaller than the {Pt(_limits.MinPageSidePt)} pt minimum");
        }

        // Pages are rendered at the zoom width; the height follows. WebP holds at most 16383 px a side.
        var zoomHeight = Math.Ceiling(_zoomWidth * h / w);
        if (zoomHeight > LibWebp.MaxDimension)
        {
            throw new IngestRejectedException(
                $"page {number} is {Pt(w)} x {Pt(h)} pt, too tall for its width: its zoom image would be {_zoomWidth} x {zoomHeight.ToString(CultureInfo.InvariantCulture)} px, "
                + $"more than the {LibWebp.MaxDimension} px a WebP image can have (Ingest:Images:ZoomWidth)");
        }
    }

    private static bool IsParseFailure(Exception ex) =>
        ex is not OutOfMemoryException and not OperationCanceledException and not IngestRejectedException;

    private static string Pt(double value) => Math.Round(value, 1).ToString("0.#", CultureInfo.InvariantCulture);

    internal static string FormatBytes(long bytes) => bytes switch
    {
        >= 1024L * 1024 => (bytes / (1024.0 * 1024)).ToString("0.#", CultureInfo.InvariantCulture) + " MB",
        >= 1024 => (bytes / 1024.0).ToString("0.#", CultureInfo.InvariantCulture) + " KB",
        _ => bytes.ToString(CultureInfo.InvariantCulture) + " bytes",
    };

    private static string OneLine(string message)
    {
        var line = message.ReplaceLineEndings(" ").Trim();
        return line.Length > 200 ? line[..200] + "…" : line;
    }

    /// <summary>The first bytes as printable text with escapes, e.g. <c>PK\x03\x04</c>.</summary>
    private static string Describe(ReadOnlySpan<byte> head)
    {
        var sb = new StringBuilder();
        foreach (var b in head[..Math.Min(8, head.Length)])
        {
            if (b is >= 0x20 and < 0x7F && b != '\\' && b != '\'')
            {
                sb.Append((char)b);
            }
            else
            {
                sb.Append(CultureInfo.InvariantCulture, $"\\x{b:X2}");
            }
        }

        return sb.ToString();
    }

    private static string GuessKind(ReadOnlySpan<byte> head)
    {
        string? kind = head switch
        {
            [0x50, 0x4B, 0x03, 0x04, ..] => "a ZIP archive, or a Word/Excel document",
            [0x89, 0x50, 0x4E, 0x47, ..] => "a PNG image",
            [0xFF, 0xD8, 0xFF, ..] => "a JPEG image",
            [0x47, 0x49, 0x46, 0x38, ..] => "a GIF image",
            [0x49, 0x49, 0x2A, 0x00, ..] or [0x4D, 0x4D, 0x00, 0x2A, ..] => "a TIFF image",
            [0x1F, 0x8B, ..] => "a gzip archive",
            [0xD0, 0xCF, 0x11, 0xE0, ..] => "an old Office document",
            [0x25, 0x21, 0x50, 0x53, ..] => "a PostScript file",
            [0x3C, ..] => "an HTML or XML page",
            _ => null,
        };
        if (kind is null && head.Length > 0 && IsMostlyText(head))
        {
            kind = "a text file";
        }

        return kind is null ? "" : $" ({kind}?)";
    }

    private static bool IsMostlyText(ReadOnlySpan<byte> head)
    {
        var text = 0;
        foreach (var b in head)
        {
            if (b is >= 0x20 or (byte)'\n' or (byte)'\r' or (byte)'\t')
            {
                text++;
            }
        }

        return text >= head.Length * 95 / 100;
    }
}
