using SkiaSharp;

namespace XuhuiEpaper.Samples.Layout;

/// <summary>Renders composed pages with Skia's PDF backend, fixed metadata and a per-document glyph subset.</summary>
public static class PdfRenderer
{
    /// <summary>Fixed so that output is byte-identical across runs.</summary>
    public static readonly DateTime FixedTimestamp = new(2021, 12, 13, 0, 0, 0, DateTimeKind.Utc);

    public static byte[] Render(IReadOnlyList<PageDrawing> pages, string title)
    {
        var glyphs = pages.SelectMany(p => p.Ops.OfType<GlyphOp>()).ToList();
        var missing = glyphs.Select(g => g.Character).Distinct().Where(c => !TextSetter.HasGlyph(c)).Order().ToList();
        if (missing.Count > 0)
        {
            throw new InvalidOperationException($"Characters missing from WenQuanYi Micro Hei: {string.Join(" ", missing.Select(c => $"U+{(int)c:X4}"))}");
        }

        using var measuring = new SKFont(FontSource.Typeface, 10);
        var used = glyphs.Select(g => g.Character).Distinct().Select(c => measuring.GetGlyph(c)).ToList();
        using var typeface = FontSource.FromBytes(GlyphSubsetter.Subset(FontSource.FontFile, used));

        using var stream = new MemoryStream();
        var metadata = new SKDocumentPdfMetadata
        {
            Title = title,
            Author = "XuhuiEpaper sample generator",
            Creator = "XuhuiEpaper.Samples",
            Producer = "XuhuiEpaper.Samples (SkiaSharp PDF)",
            Creation = FixedTimestamp,
            Modified = FixedTimestamp,
        };
        using (var document = SKDocument.CreatePdf(stream, metadata))
        {
            var fonts = new Dictionary<float, SKFont>();
            try
            {
                foreach (var page in pages)
                {
                    var canvas = document.BeginPage(page.Width, page.Height);
                    foreach (var op in page.Ops)
                    {
                        Draw(canvas, op, typeface, fonts);
                    }

                    document.EndPage();
                }
            }
            finally
            {
                foreach (var font in fonts.Values)
                {
                    font.Dispose();
                }
            }

            document.Close();
        }

        return stream.ToArray();
    }

    private static void Draw(SKCanvas canvas, DrawOp op, SKTypeface typeface, Dictionary<float, SKFont> fonts)
    {
        switch (op)
        {
            case GlyphOp g:
                if (!fonts.TryGetValue(g.Size, out var font))
                {
                    font = new SKFont(typeface, g.Size);
                    fonts[g.Size] = font;
                }

                using (var paint = new SKPaint { Color = g.Color, IsAntialias = true })
                {
                    canvas.DrawText(g.Character.ToString(), g.X, g.Baseline, SKTextAlign.Left, font, paint);
                }

                break;
            case LineOp l:
                using (var paint = new SKPaint { Color = l.Color, StrokeWidth = l.Width, Style = SKPaintStyle.Stroke, IsAntialias = true })
                {
                    canvas.DrawLine(l.X0, l.Y0, l.X1, l.Y1, paint);
                }

                break;
            case BoxOp b:
                if (b.Fill is { } fill)
                {
                    using var paint = new SKPaint { Color = fill, Style = SKPaintStyle.Fill };
                    canvas.DrawRect(b.Rect, paint);
                }

                if (b.Stroke is { } stroke)
                {
                    using var paint = new SKPaint { Color = stroke, StrokeWidth = b.StrokeWidth, Style = SKPaintStyle.Stroke, IsAntialias = true };
                    canvas.DrawRect(b.Rect, paint);
                }

                break;
            case ImageOp i:
                using (var image = SKImage.FromEncodedData(i.Jpeg))
                {
                    canvas.DrawImage(image, i.Rect, new SKSamplingOptions(SKFilterMode.Linear));
                }

                break;
        }
    }
}
