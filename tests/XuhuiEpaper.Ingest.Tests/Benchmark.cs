using System.Diagnostics;
using SkiaSharp;
using XuhuiEpaper.Ingest.Images;
using XuhuiEpaper.Ingest.Rendering;
using XuhuiEpaper.Ingest.Tests.Fixtures;

namespace XuhuiEpaper.Ingest.Tests;

/// <summary>Per-step timings on a 4-page A3 PDF. Explicit: run by name, prints figures; writes crops to inspect.</summary>
[Explicit("benchmark: run by hand")]
public class Benchmark
{
    [Test]
    public async Task MeasureSteps()
    {
        var dir = Path.Combine(Path.GetTempPath(), "xuhui-bench");
        Directory.CreateDirectory(dir);
        var pdf = Path.Combine(dir, "a3x4.pdf");
        TestPdfs.WriteNewspaper(pdf, pages: 4);

        // Floor: pdftoppm, every page once, one after another, at zoom width, raw PPM to nowhere.
        var sw = Stopwatch.StartNew();
        using (var p = Process.Start(new ProcessStartInfo("sh", ["-c", $"pdftoppm -cropbox -scale-to-x 3200 -scale-to-y -1 '{pdf}' > /dev/null"]))!)
        {
            await p.WaitForExitAsync();
        }

        var floor = sw.Elapsed.TotalMilliseconds;
        TestContext.Out.WriteLine($"floor (pdftoppm 4 pages sequential): {floor:0} ms, {floor / 4:0} ms/page");

        var renderer = new PopplerRenderer(new RenderOptions());
        sw.Restart();
        using var render = await renderer.RenderPageAsync(pdf, 1, 3200);
        TestContext.Out.WriteLine($"render+decode page 1: {sw.ElapsedMilliseconds} ms ({render.Width}x{render.Height})");

        sw.Restart();
        using var screen = PageImageDeriver.Downscale(render, 1600);
        TestContext.Out.WriteLine($"downscale 3200->1600: {sw.ElapsedMilliseconds} ms");
        sw.Restart();
        using var thumb = PageImageDeriver.Downscale(screen, 240);
        TestContext.Out.WriteLine($"downscale 1600->240: {sw.ElapsedMilliseconds} ms");

        foreach (var q in new[] { 50, 60, 70, 80, 90 })
        {
            foreach (var (name, bmp) in new[] { ("zoom", render), ("screen", screen), ("thumb", thumb) })
            {
                sw.Restart();
                using var data = PageImageDeriver.EncodeWebp(bmp, q);
                var ms = sw.ElapsedMilliseconds;
                TestContext.Out.WriteLine($"encode {name} q{q}: {ms} ms, {data.Size / 1024} KB");
                using var decoded = SKBitmap.Decode(data);
                var crop = name == "thumb" ? new SKRectI(0, 0, 240, 339) : name == "screen" ? new SKRectI(0, 0, 700, 500) : new SKRectI(0, 0, 1000, 700);
                using var sub = new SKBitmap();
                decoded.ExtractSubset(sub, crop);
                using var png = sub.Encode(SKEncodedImageFormat.Png, 100);
                File.WriteAllBytes(Path.Combine(dir, $"{name}-q{q}.png"), png.ToArray());
            }
        }

        // The whole pipeline as ingest will run it: render at zoom width, derive, bounded parallelism.
        var deriver = new PageImageDeriver(new ImageOptions());
        var output = Path.Combine(dir, "out");
        sw.Restart();
        await renderer.RenderPagesAsync(pdf, 4, 3200, (page, bitmap, ct) => ValueTask.FromResult(deriver.Derive(bitmap, output)));
        var whole = sw.Elapsed.TotalMilliseconds;
        TestContext.Out.WriteLine($"whole render+derive 4 pages parallel {renderer.Options.MaxParallelism}: {whole:0} ms = {whole / floor:0.00}x floor");
        TestContext.Out.WriteLine($"peak RSS of test process: {Process.GetCurrentProcess().PeakWorkingSet64 >> 20} MB");
    }
}
