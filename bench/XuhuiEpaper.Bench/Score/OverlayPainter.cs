using System.Diagnostics;
using System.Globalization;
using SkiaSharp;
using XuhuiEpaper.Core.Geometry;
using FontSource = XuhuiEpaper.Samples.Layout.FontSource;
using XuhuiEpaper.Samples.Scoring;
using XuhuiEpaper.Samples.Truth;

/// <summary>
/// Draws what the finder found over the page: pdftoppm's raster about 1000 px wide, each region outlined and lightly
/// tinted in its own colour and labelled with its number and kind, furniture in grey, truth items and furniture
/// outlined dashed in black. Written as &lt;pdf name&gt;-p&lt;N&gt;.png.
/// </summary>
internal sealed class OverlayPainter(string folder)
{
    private const int WidthPx = 1000;
    private static readonly SKColor Grey = new(128, 128, 128);

    public void Paint(ScoreInput input, PageAnalysis page, PageTruth? truth)
    {
        Directory.CreateDirectory(folder);
        var target = Path.Combine(folder, $"{input.Name}-p{page.Number}.png");
        using var bitmap = Render(input.Pdf, page.Number);
        using (var canvas = new SKCanvas(bitmap))
        {
            foreach (var region in page.Regions)
            {
                DrawRegion(canvas, bitmap, region, region.IsFurniture ? Grey : Colour(region.Index));
            }

            if (truth is not null)
            {
                DrawTruth(canvas, bitmap, truth);
                DrawMisses(canvas, bitmap, page, truth);
            }
        }

        using var image = SKImage.FromBitmap(bitmap);
        using var png = image.Encode(SKEncodedImageFormat.Png, 100);
        using var file = File.Create(target);
        png.SaveTo(file);
    }

    /// <summary>Spreads hues by the golden angle, so neighbouring regions (usually consecutive) differ most.</summary>
    private static SKColor Colour(int index) => SKColor.FromHsv((float)(index * 137.508 % 360), 85, 85);

    private static void DrawRegion(SKCanvas canvas, SKBitmap bitmap, FoundRegion region, SKColor colour)
    {
        using var tint = new SKPaint { Color = colour.WithAlpha(48), Style = SKPaintStyle.Fill };
        using var line = new SKPaint { Color = colour, Style = SKPaintStyle.Stroke, StrokeWidth = 2.5f, IsAntialias = true };
        using var path = Outline(region.Region, bitmap);
        canvas.DrawPath(path, tint);
        canvas.DrawPath(path, line);
        if (region.Region.Rects.Count == 0)
        {
            return;
        }

        // The label sits in the top-left corner of the region's topmost rectangle, on white so it reads over print.
        var corner = region.Region.Rects.OrderBy(r => r.Y).ThenBy(r => r.X).First();
        using var font = new SKFont(FontSource.Typeface, 13);
        using var ink = new SKPaint { Color = colour.WithAlpha(255), IsAntialias = true };
        using var paper = new SKPaint { Color = SKColors.White.WithAlpha(210) };
        var label = string.Create(CultureInfo.InvariantCulture, $"{region.Index} {region.Kind}");
        var x = (float)(corner.X * bitmap.Width) + 3;
        var y = (float)(corner.Y * bitmap.Height) + 3;
        var width = font.MeasureText(label);
        canvas.DrawRect(x, y, width + 4, 16, paper);
        canvas.DrawText(label, x + 2, y + 13, SKTextAlign.Left, font, ink);
    }

    private static void DrawTruth(SKCanvas canvas, SKBitmap bitmap, PageTruth truth)
    {
        using var dash = SKPathEffect.CreateDash([7f, 5f], 0);
        using var line = new SKPaint { Color = SKColors.Black, Style = SKPaintStyle.Stroke, StrokeWidth = 1.5f, PathEffect = dash, IsAntialias = true };
        foreach (var rects in truth.Articles.Select(a => a.Rects).Concat(truth.Furniture.Select(f => f.Rects)))
        {
            using var path = Outline(TruthRegions.From(rects), bitmap);
            canvas.DrawPath(path, line);
        }
    }

    /// <summary>Truth items no region matches at IoU 0.8, outlined thick in red and labelled with their best IoU, so a
    /// miss is seen at a glance.</summary>
    private static void DrawMisses(SKCanvas canvas, SKBitmap bitmap, PageAnalysis page, PageTruth truth)
    {
        using var dash = SKPathEffect.CreateDash([10f, 4f], 0);
        using var line = new SKPaint { Color = SKColors.Red, Style = SKPaintStyle.Stroke, StrokeWidth = 4f, PathEffect = dash, IsAntialias = true };
        using var font = new SKFont(FontSource.Typeface, 14);
        using var ink = new SKPaint { Color = SKColors.White, IsAntialias = true };
        using var band = new SKPaint { Color = SKColors.Red };
        foreach (var article in truth.Articles)
        {
            var region = TruthRegions.From(article.Rects);
            var best = page.Items.Select(f => region.IoU(f.Region)).DefaultIfEmpty(0).Max();
            if (best >= TruthPageScorer.StrictBar || region.Rects.Count == 0)
            {
                continue;
            }

            using var path = Outline(region, bitmap);
            canvas.DrawPath(path, line);
            var corner = region.Rects.OrderBy(r => r.Y + r.Height).ThenBy(r => r.X).Last();
            var label = string.Create(CultureInfo.InvariantCulture, $"MISS {best:0.00} {article.Kind} {article.Title}");
            var x = (float)(corner.X * bitmap.Width) + 3;
            var y = (float)((corner.Y + corner.Height) * bitmap.Height) - 20;
            canvas.DrawRect(x, y, font.MeasureText(label) + 4, 17, band);
            canvas.DrawText(label, x + 2, y + 14, SKTextAlign.Left, font, ink);
        }
    }

    /// <summary>The region's outline rings in pixels (an L-shaped region is one L, not two boxes).</summary>
    private static SKPath Outline(Region region, SKBitmap bitmap)
    {
        using var builder = new SKPathBuilder();
        foreach (var ring in region.Outline())
        {
            builder.AddPoly(ring.Select(p => new SKPoint((float)(p.X * bitmap.Width), (float)(p.Y * bitmap.Height))).ToArray(), close: true);
        }

        return builder.Detach();
    }

    /// <summary>pdftoppm's PNG of one page, decoded.</summary>
    private static SKBitmap Render(string pdf, int number)
    {
        var prefix = Path.Combine(Path.GetTempPath(), $"bench-overlay-{Guid.NewGuid():N}");
        try
        {
            var info = new ProcessStartInfo("pdftoppm") { UseShellExecute = false, RedirectStandardError = true };
            foreach (var arg in new[] { "-png", "-cropbox", "-f", $"{number}", "-l", $"{number}", "-scale-to-x", $"{WidthPx}", "-scale-to-y", "-1", "-singlefile", pdf, prefix })
            {
                info.ArgumentList.Add(arg);
            }

            using var process = Process.Start(info) ?? throw new InvalidOperationException("cannot start pdftoppm");
            var errors = process.StandardError.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"pdftoppm failed with exit code {process.ExitCode}: {errors.Trim()}");
            }

            return SKBitmap.Decode(prefix + ".png") ?? throw new InvalidDataException("pdftoppm's PNG did not decode");
        }
        finally
        {
            File.Delete(prefix + ".png");
        }
    }
}
