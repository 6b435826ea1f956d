using System.Diagnostics;
using System.Globalization;
using System.Xml;
using XuhuiEpaper.Core.Geometry;

namespace XuhuiEpaper.Samples.Scoring;

/// <summary>A word as pdftotext sees it, its box normalized (origin top-left).</summary>
public sealed record PdfWord(string Text, NormRect Box);

/// <summary>The words of one page; <see cref="Number"/> counts from 1.</summary>
public sealed record WordPage(int Number, double WidthPt, double HeightPt, IReadOnlyList<PdfWord> Words);

/// <summary>
/// Words and their boxes from poppler's <c>pdftotext -bbox-layout</c>: an independent reading of the page's text,
/// so a region can be checked against words it did not itself choose.
/// </summary>
public static class PdfWords
{
    /// <summary>Runs pdftotext on pages <paramref name="first"/>..<paramref name="last"/> (all when null) and parses its answer.</summary>
    public static IReadOnlyList<WordPage> Read(string pdfPath, int first = 1, int? last = null)
    {
        var info = new ProcessStartInfo("pdftotext") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add("-bbox-layout");
        info.ArgumentList.Add("-f");
        info.ArgumentList.Add(first.ToString(CultureInfo.InvariantCulture));
        if (last is { } l)
        {
            info.ArgumentList.Add("-l");
            info.ArgumentList.Add(l.ToString(CultureInfo.InvariantCulture));
        }

        info.ArgumentList.Add(pdfPath);
        info.ArgumentList.Add("-");
        using var process = Process.Start(info) ?? throw new InvalidOperationException("cannot start pdftotext");
        // stderr is drained alongside: pdftotext complains about damaged pages and would block on a full pipe.
        var errors = process.StandardError.ReadToEndAsync();
        var pages = Parse(process.StandardOutput, first);
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"pdftotext failed with exit code {process.ExitCode}: {errors.Result.Trim()}");
        }

        return pages;
    }

    /// <summary>Parses pdftotext's XHTML: &lt;page width height&gt; holding &lt;word xMin yMin xMax yMax&gt;, in points, top-left origin.</summary>
    public static IReadOnlyList<WordPage> Parse(TextReader xhtml, int firstNumber = 1)
    {
        // The DOCTYPE names the XHTML DTD on the web: it is neither fetched nor needed.
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore, XmlResolver = null };
        using var reader = XmlReader.Create(xhtml, settings);
        var pages = new List<WordPage>();
        List<PdfWord>? words = null;
        double width = 0, height = 0;
        // ReadElementContentAsString leaves the reader on the next node already: no Read() after it.
        var more = reader.Read();
        while (more)
        {
            if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "page")
            {
                width = Number(reader, "width");
                height = Number(reader, "height");
                words = [];
                pages.Add(new WordPage(firstNumber + pages.Count, width, height, words));
                more = reader.Read();
            }
            else if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "word" && words is not null)
            {
                var (x0, y0, x1, y1) = (Number(reader, "xMin"), Number(reader, "yMin"), Number(reader, "xMax"), Number(reader, "yMax"));
                var text = reader.ReadElementContentAsString();
                words.Add(new PdfWord(text, NormRect.FromEdges(x0 / width, y0 / height, x1 / width, y1 / height)));
            }
            else
            {
                more = reader.Read();
            }
        }

        return pages;
    }

    private static double Number(XmlReader reader, string attribute) =>
        double.Parse(reader.GetAttribute(attribute) ?? throw new InvalidDataException($"pdftotext: <{reader.LocalName}> without {attribute}"), CultureInfo.InvariantCulture);
}
