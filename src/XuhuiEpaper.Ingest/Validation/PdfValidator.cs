using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;
using System.Text.RegularExpressions;
using XuhuiEpaper.Ingest.Images;
using XuhuiEpaper.Ingest.Isolation;

namespace XuhuiEpaper.Ingest.Validation;

/// <summary>
/// Decides, cheaply and within bounds, whether a file is a PDF the ingest can take: not larger than the file limit, a
/// PDF by its header, ending in <c>%%EOF</c> (read here: a few KB), then, in a pdfinfo child process under an address
/// space limit, a CPU limit and a wall-clock deadline, not locked by a user password and 1 to
/// <see cref="IngestLimits.MaxPages"/> pages of sane size. Nothing here parses the PDF in this process: the page text is
/// read by PdfPig in the analysis child (<see cref="Analysis.IssueAnalyser"/>). Refusals throw
/// <see cref="IngestRejectedException"/> with a one-line reason.
/// </summary>
public sealed partial class PdfValidator
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
    public PdfInfo Validate(string path) => ValidateAsync(path).GetAwaiter().GetResult();

    /// <summary>Checks the file at <paramref name="path"/>; throws <see cref="IngestRejectedException"/> if it is refused.</summary>
    public async Task<PdfInfo> ValidateAsync(string path, CancellationToken cancellationToken = default)
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
        var pages = await InspectPagesAsync(path, cancellationToken);
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

    /// <summary>Page count, sizes (crop box, rotation applied) and encryption, from pdfinfo in a bounded child process.</summary>
    private async Task<List<PageSize>> InspectPagesAsync(string path, CancellationToken cancellationToken)
    {
        var output = await PdfinfoAsync(path, cancellationToken);
        var count = -1;
        var sizes = new SortedDictionary<int, (double W, double H)>();
        var rotations = new Dictionary<int, int>();
        foreach (var line in output.Split('\n'))
        {
            if (PagesLine().Match(line) is { Success: true } pagesMatch)
            {
                count = int.Parse(pagesMatch.Groups[1].Value, CultureInfo.InvariantCulture);
            }
            else if (SizeLine().Match(line) is { Success: true } size)
            {
                sizes[int.Parse(size.Groups[1].Value, CultureInfo.InvariantCulture)] =
                    (double.Parse(size.Groups[2].Value, CultureInfo.InvariantCulture), double.Parse(size.Groups[3].Value, CultureInfo.InvariantCulture));
            }
            else if (RotationLine().Match(line) is { Success: true } rotation)
            {
                rotations[int.Parse(rotation.Groups[1].Value, CultureInfo.InvariantCulture)] = int.Parse(rotation.Groups[2].Value, CultureInfo.InvariantCulture);
            }
        }

        if (count < 0)
        {
            throw new IngestRejectedException("truncated or damaged PDF: its page tree is unreadable");
        }

        if (count == 0)
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
            if (!sizes.TryGetValue(n, out var size))
            {
                throw new IngestRejectedException($"truncated or damaged PDF: page {n} is unreadable");
            }

            var sideways = rotations.GetValueOrDefault(n) % 180 != 0;
            var page = sideways ? new PageSize(size.H, size.W) : new PageSize(size.W, size.H);
            CheckPageSize(n, page);
            pages.Add(page);
        }

        return pages;
    }

    /// <summary>Runs pdfinfo over the first MaxPages + 1 pages under prlimit and a deadline; refusals for what it reports.</summary>
    private async Task<string> PdfinfoAsync(string path, CancellationToken cancellationToken)
    {
        var info = BoundedProcess.StartInfo(
            _limits.PrlimitPath, _limits.InspectMemoryLimitBytes, (int)Math.Ceiling(_limits.InspectTimeout.TotalSeconds), _limits.PdfinfoPath,
            ["-f", "1", "-l", (_limits.MaxPages + 1).ToString(CultureInfo.InvariantCulture), Path.GetFullPath(path)]);
        var result = await BoundedProcess.RunAsync(info, _limits.InspectTimeout, maxOutputChars: 1 << 20, cancellationToken);
        if (result.TimedOut)
        {
            throw new IngestRejectedException($"truncated or damaged PDF: reading its page tree took longer than {_limits.InspectTimeout.TotalSeconds:0.#} s");
        }

        var stderr = result.Stderr;
        if (stderr.Contains("Loop in Pages tree", StringComparison.Ordinal))
        {
            throw new IngestRejectedException("truncated or damaged PDF: its page tree loops back on itself");
        }

        if (PageCountLie().Match(stderr) is { Success: true } lie)
        {
            throw new IngestRejectedException($"truncated or damaged PDF: its page tree claims {lie.Groups[1].Value} pages, more than the file holds");
        }

        if (result.ExitCode == 0)
        {
            return result.Stdout;
        }

        if (stderr.Contains("Incorrect password", StringComparison.OrdinalIgnoreCase))
        {
            throw new IngestRejectedException("encrypted PDF: a password is needed");
        }

        if (stderr.Contains("Invalid page count 0", StringComparison.Ordinal) || stderr.Contains("the last page (0)", StringComparison.Ordinal))
        {
            throw new IngestRejectedException("the PDF has no pages");
        }

        if (result.KilledBySignal)
        {
            throw new IngestRejectedException("truncated or damaged PDF: reading its page tree exceeded its memory or CPU limit");
        }

        var reason = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(l => l.Replace("Syntax Error: ", "", StringComparison.Ordinal).Replace("Command Line Error: ", "", StringComparison.Ordinal))
            .Distinct()
            .FirstOrDefault() ?? $"pdfinfo failed with exit code {result.ExitCode}";
        throw new IngestRejectedException($"truncated or damaged PDF: {OneLine(reason)}");
    }

    [GeneratedRegex(@"^Pages:\s+(\d+)\s*$")]
    private static partial Regex PagesLine();

    // pdfinfo prints huge sizes in exponent form (1e+09 x 1e+09 pts).
    [GeneratedRegex(@"^Page\s+(\d+) size:\s+([0-9.]+(?:e[+-]?\d+)?) x ([0-9.]+(?:e[+-]?\d+)?) pts")]
    private static partial Regex SizeLine();

    [GeneratedRegex(@"Page count \((\d+)\) larger than number of objects")]
    private static partial Regex PageCountLie();

    [GeneratedRegex(@"^Page\s+(\d+) rot:\s+(-?\d+)")]
    private static partial Regex RotationLine();

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

    private static string Pt(double value) => Math.Round(value, 1).ToString("0.#", CultureInfo.InvariantCulture);

    internal static string FormatBytes(long bytes) => bytes switch
    {
        >= 1024L * 1024 => (bytes / (1024.0 * 1024)).ToString("0.#", CultureInfo.InvariantCulture) + " MB",
        >= 1024 => (bytes / 1024.0).ToString("0.#", CultureInfo.InvariantCulture) + " KB",
        _ => bytes.ToString(CultureInfo.InvariantCulture) + " bytes",
    };

    internal static string OneLine(string message)
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
