using System.Globalization;
using System.Text;
using SkiaSharp;

namespace XuhuiEpaper.Ingest.Tests.Fixtures;

/// <summary>Test PDFs made with SkiaSharp's PDF backend, plus hand-written minimal ones.</summary>
internal static class TestPdfs
{
    public const float A3WidthPt = 841.89f;
    public const float A3HeightPt = 1190.55f;

    private const string CjkFont = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc";
    private const string LatinFont = "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf";

    private const string Chinese =
        "徐匯區今日舉行社區文化節，居民踴躍參與。活動內容包括書法展覽、傳統戲曲表演及親子手工坊，" +
        "吸引了眾多家庭前來。主辦方表示，今年的文化節以「鄰里共融」為主題，希望透過多元活動促進社區交流。" +
        "區內多所學校亦派出學生參與義工服務，協助維持秩序及引導參觀人士。";

    /// <summary>The path of a committed fixture file, copied next to the test assembly.</summary>
    public static string FixturePath(string name) => Path.Combine(TestContext.CurrentContext.TestDirectory, "Fixtures", name);

    /// <summary>A newspaper-like PDF: masthead, headlines, columns of dense Chinese and Latin text, rules and boxes.</summary>
    public static void WriteNewspaper(string path, int pages, float widthPt = A3WidthPt, float heightPt = A3HeightPt, string? marker = null)
    {
        using var cjk = SKTypeface.FromFile(CjkFont) ?? throw new InvalidOperationException("CJK font missing");
        using var latin = SKTypeface.FromFile(LatinFont) ?? throw new InvalidOperationException("Latin font missing");
        using var stream = new SKFileWStream(path);
        using var document = SKDocument.CreatePdf(stream);
        using var ink = new SKPaint { Color = SKColors.Black, IsAntialias = true };
        using var red = new SKPaint { Color = new SKColor(0xB0, 0x10, 0x10), IsAntialias = true };
        using var stroke = new SKPaint { Color = SKColors.Black, IsStroke = true, StrokeWidth = 0.8f, IsAntialias = true };
        using var grey = new SKPaint { Color = new SKColor(0xD8, 0xD8, 0xD8) };
        using var mast = new SKFont(cjk, 64);
        using var head = new SKFont(cjk, 26);
        using var body = new SKFont(cjk, 9.5f);
        using var latinBody = new SKFont(latin, 8.5f);
        for (var p = 1; p <= pages; p++)
        {
            var canvas = document.BeginPage(widthPt, heightPt);
            var margin = 36f;
            canvas.DrawText("徐匯報", margin, margin + 60, SKTextAlign.Left, mast, red);
            canvas.DrawText($"第{p}版  {marker}", widthPt - margin, margin + 60, SKTextAlign.Right, head, ink);
            canvas.DrawLine(margin, margin + 75, widthPt - margin, margin + 75, stroke);

            var columns = 6;
            var gutter = 10f;
            var colWidth = (widthPt - (2 * margin) - ((columns - 1) * gutter)) / columns;
            var top = margin + 95;
            canvas.DrawText("社區文化節盛大開幕　居民踴躍參與", margin, top + 22, SKTextAlign.Left, head, ink);
            top += 40;
            canvas.DrawRect(margin + colWidth + gutter, top, (2 * colWidth) + gutter, 180, grey);
            canvas.DrawRect(margin + colWidth + gutter, top, (2 * colWidth) + gutter, 180, stroke);
            for (var c = 0; c < columns; c++)
            {
                var x = margin + (c * (colWidth + gutter));
                var y = top + (c is 1 or 2 ? 195 : 0) + body.Size;
                var text = (c % 3 == 2) ? null : Chinese;
                var i = (p * 7) + c;
                while (y < heightPt - margin)
                {
                    if (text is null)
                    {
                        var line = string.Create(CultureInfo.InvariantCulture, $"Line {i}: The quick brown fox jumps over 13 lazy dogs; p.{p}");
                        canvas.DrawText(line[..Math.Min(line.Length, (int)(colWidth / 4.3f))], x, y, SKTextAlign.Left, latinBody, ink);
                        y += latinBody.Size * 1.35f;
                    }
                    else
                    {
                        var perLine = Math.Max(1, (int)(colWidth / body.Size));
                        var start = i % (text.Length - perLine);
                        canvas.DrawText(text.Substring(start, perLine), x, y, SKTextAlign.Left, body, ink);
                        y += body.Size * 1.45f;
                    }

                    i += 5;
                }

                if (c > 0)
                {
                    canvas.DrawLine(x - (gutter / 2), top, x - (gutter / 2), heightPt - margin, stroke);
                }
            }

            document.EndPage();
        }

        document.Close();
    }

    /// <summary>A small one-page PDF with a shape and a word on it.</summary>
    public static void WriteSimple(string path, float widthPt = 595, float heightPt = 842, SKColor? color = null, string title = "Xuhui")
    {
        using var latin = SKTypeface.FromFile(LatinFont) ?? throw new InvalidOperationException("Latin font missing");
        using var stream = new SKFileWStream(path);
        using var document = SKDocument.CreatePdf(stream);
        using var paint = new SKPaint { Color = color ?? SKColors.SteelBlue, IsAntialias = true };
        using var font = new SKFont(latin, 40);
        var canvas = document.BeginPage(widthPt, heightPt);
        canvas.DrawCircle(widthPt / 2, heightPt / 2, Math.Min(widthPt, heightPt) / 4, paint);
        canvas.DrawText(title, 40, 80, SKTextAlign.Left, font, paint);
        document.EndPage();
        document.Close();
    }

    /// <summary>
    /// A hand-written PDF whose page tree is <paramref name="pagesDict"/> (object 2), with extra objects from 3 on,
    /// and a correct xref table.
    /// </summary>
    public static byte[] Minimal(string pagesDict, params string[] extraObjects)
    {
        var objects = new List<string> { "<< /Type /Catalog /Pages 2 0 R >>", pagesDict };
        objects.AddRange(extraObjects);
        var sb = new StringBuilder("%PDF-1.4\n");
        var offsets = new List<int>();
        for (var i = 0; i < objects.Count; i++)
        {
            offsets.Add(Encoding.ASCII.GetByteCount(sb.ToString()));
            sb.Append(CultureInfo.InvariantCulture, $"{i + 1} 0 obj\n{objects[i]}\nendobj\n");
        }

        var xref = Encoding.ASCII.GetByteCount(sb.ToString());
        sb.Append(CultureInfo.InvariantCulture, $"xref\n0 {objects.Count + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{offset:D10} 00000 n \n");
        }

        sb.Append(CultureInfo.InvariantCulture, $"trailer\n<< /Size {objects.Count + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        return Encoding.ASCII.GetBytes(sb.ToString());
    }
}
