using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace XuhuiEpaper.Samples;

/// <summary>
/// Variants of a PDF whose page 1 is drawn as some print PDFs are: with bleed around a crop box, or sideways and set
/// upright by /Rotate. Made by an incremental update (objects appended, a new xref section after the old), so the
/// original bytes stay as they are.
/// </summary>
public static partial class PrintBoxVariants
{
    /// <summary>Page 1 with 29 pt of bleed: content moved up and right, the sheet 58 pt larger, the crop box around the page proper.</summary>
    public static byte[] WithBleed(byte[] pdf) => EditFirstPage(pdf, "/MediaBox [0 0 900 1249] /CropBox [29 29 871 1220]", "1 0 0 1 29 29");

    /// <summary>
    /// Page 1 (842 x 1191 pt) drawn sideways in landscape user space, a quarter turn anticlockwise, and set upright for
    /// display by /Rotate 90.
    /// </summary>
    public static byte[] DrawnSideways(byte[] pdf) => EditFirstPage(pdf, "/MediaBox [0 0 1191 842] /Rotate 90", "0 1 -1 0 1191 0");

    /// <summary>
    /// Page 1 gets <paramref name="boxes"/> (its /MediaBox replaced by them) and its content drawn under the matrix
    /// <paramref name="matrix"/> ("a b c d e f"), through two new content streams around the old one.
    /// </summary>
    private static byte[] EditFirstPage(byte[] pdf, string boxes, string matrix)
    {
        var text = Encoding.Latin1.GetString(pdf);
        var pageObject = int.Parse(FirstKid().Match(text).Groups[1].Value, CultureInfo.InvariantCulture);
        var dictionary = new Regex($@"\n{pageObject} 0 obj\n?<<(.*?)>>\nendobj", RegexOptions.Singleline).Match(text).Groups[1].Value;
        var size = int.Parse(TrailerSize().Matches(text)[^1].Groups[1].Value, CultureInfo.InvariantCulture);
        var root = TrailerRoot().Matches(text)[^1].Groups[1].Value;
        var previous = StartXref().Matches(text)[^1].Groups[1].Value;
        var contents = PageContents().Match(dictionary);
        if (!contents.Success)
        {
            throw new ArgumentException("page 1 must have exactly one content stream", nameof(pdf));
        }

        var (open, close) = (size, size + 1);
        dictionary = MediaBox().Replace(dictionary, boxes);
        dictionary = dictionary.Replace(contents.Value, $"/Contents [{open} 0 R {contents.Groups[1].Value} 0 R {close} 0 R]", StringComparison.Ordinal);

        var update = new StringBuilder("\n");
        var offsets = new Dictionary<int, int>();
        void Add(int number, string body)
        {
            offsets[number] = pdf.Length + update.Length;
            update.Append(CultureInfo.InvariantCulture, $"{number} 0 obj\n{body}\nendobj\n");
        }

        static string Stream(string data) => $"<</Length {data.Length}>>\nstream\n{data}\nendstream";
        Add(pageObject, $"<<{dictionary}>>");
        Add(open, Stream($"q {matrix} cm"));
        Add(close, Stream("Q"));

        var xref = pdf.Length + update.Length;
        update.Append("xref\n");
        update.Append(CultureInfo.InvariantCulture, $"{pageObject} 1\n{offsets[pageObject]:D10} 00000 n \n");
        update.Append(CultureInfo.InvariantCulture, $"{open} 2\n{offsets[open]:D10} 00000 n \n{offsets[close]:D10} 00000 n \n");
        update.Append(CultureInfo.InvariantCulture, $"trailer\n<</Size {close + 1} /Root {root} /Prev {previous}>>\nstartxref\n{xref}\n%%EOF\n");
        return [.. pdf, .. Encoding.Latin1.GetBytes(update.ToString())];
    }

    [GeneratedRegex(@"/Type /Pages\s*/Count \d+\s*/Kids \[(\d+) 0 R")]
    private static partial Regex FirstKid();

    [GeneratedRegex(@"/Size (\d+)")]
    private static partial Regex TrailerSize();

    [GeneratedRegex(@"/Root (\d+ \d+ R)")]
    private static partial Regex TrailerRoot();

    [GeneratedRegex(@"startxref\s+(\d+)")]
    private static partial Regex StartXref();

    [GeneratedRegex(@"/Contents (\d+) 0 R")]
    private static partial Regex PageContents();

    [GeneratedRegex(@"/MediaBox \[[^\]]*\]")]
    private static partial Regex MediaBox();
}
