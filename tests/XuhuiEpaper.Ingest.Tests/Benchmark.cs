using System.Diagnostics;
using SkiaSharp;
using XuhuiEpaper.Ingest.Images;
using XuhuiEpaper.Ingest.Rendering;
using XuhuiEpaper.Ingest.Tests.Pipeline;

namespace XuhuiEpaper.Ingest.Tests;

/// <summary>
/// Per-step timings on page 1 of the sample issue. Explicit: run by name, prints figures and writes crops to
/// inspect. The whole-issue figures come from bench/XuhuiEpaper.Bench.
/// </summary>
[Explicit("benchmark: run by hand")]
public class Benchmark
{
    [Test]
    public async Task MeasureSteps()
    {
        var dir = Path.Combine(Path.GetTempPath(), "xuhui-bench");
        Directory.CreateDirectory(dir);
        var pdf = SamplePaths.Pdf;

        var renderer = new PopplerRenderer(new RenderOptions());
        var sw = Stopwatch.StartNew();
        using var render = await renderer.RenderPageAsync(pdf, 1, 3200);
        TestContext.Out.WriteLine($"render+decode page 1: {sw.ElapsedMilliseconds} ms ({render.Width}x{render.Height})");

        sw.Restart();
        using var screen = PageImageDeriver.Downscale(render, 1600);
        TestContext.Out.WriteLine($"downscale 3200->1600: {sw.ElapsedMilliseconds} ms");
        sw.Restart();
        using var thumb = PageImageDeriver.Downscale(screen, 240);
        TestContext.Out.WriteLine($"downscale 1600->240: {sw.ElapsedMilliseconds} ms");

        // Crops: the masthead corner and a stretch of body text.
        var crops = new Dictionary<string, SKRectI>
        {
            ["zoom"] = new(0, 0, 1000, 700),
            ["zoombody"] = new(200, 1800, 1000, 2400),
            ["screen"] = new(0, 0, 700, 500),
            ["thumb"] = new(0, 0, 240, 339),
        };
        foreach (var method in new[] { 0, 1, 2, 4 })
        {
            foreach (var q in new[] { 50, 60, 70, 80 })
            {
                foreach (var (name, bmp) in new[] { ("zoom", render), ("screen", screen), ("thumb", thumb) })
                {
                    sw.Restart();
                    var data = PageImageDeriver.EncodeWebp(bmp, q, method);
                    var ms = sw.ElapsedMilliseconds;
                    TestContext.Out.WriteLine($"encode {name} m{method} q{q}: {ms} ms, {data.Length / 1024} KB");
                    using var decoded = SKBitmap.Decode(data);
                    foreach (var (cropName, crop) in crops.Where(c => c.Key.StartsWith(name, StringComparison.Ordinal)))
                    {
                        using var sub = new SKBitmap();
                        decoded.ExtractSubset(sub, crop);
                        using var png = sub.Encode(SKEncodedImageFormat.Png, 100);
                        File.WriteAllBytes(Path.Combine(dir, $"{cropName}-m{method}-q{q}.png"), png.ToArray());
                    }
                }
            }
        }

        foreach (var (cropName, crop) in crops.Where(c => c.Key.StartsWith("zoom", StringComparison.Ordinal)))
        {
            using var sub = new SKBitmap();
            render.ExtractSubset(sub, crop);
            using var png = sub.Encode(SKEncodedImageFormat.Png, 100);
            File.WriteAllBytes(Path.Combine(dir, $"{cropName}-original.png"), png.ToArray());
        }

        TestContext.Out.WriteLine($"peak RSS of test process: {Process.GetCurrentProcess().PeakWorkingSet64 >> 20} MB");
    }
}
