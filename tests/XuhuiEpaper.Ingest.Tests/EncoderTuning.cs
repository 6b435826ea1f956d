using System.Diagnostics;
using SkiaSharp;
using XuhuiEpaper.Ingest.Images;
using XuhuiEpaper.Ingest.Rendering;
using XuhuiEpaper.Ingest.Tests.Pipeline;

namespace XuhuiEpaper.Ingest.Tests;

/// <summary>CPU time of libwebp settings on the sample's front page at zoom size. Explicit: run by hand.</summary>
[Explicit("benchmark: run by hand")]
public class EncoderTuning
{
    [Test]
    public async Task CompareSettings()
    {
        var dir = Path.Combine(Path.GetTempPath(), "xuhui-bench");
        Directory.CreateDirectory(dir);
        using var render = await new PopplerRenderer(new RenderOptions()).RenderPageAsync(SamplePaths.Pdf, 1, 3200);
        var settings = new (string Name, int Method, Func<LibWebp.WebPConfig, LibWebp.WebPConfig> Tune)[]
        {
            ("m0", 0, c => c),
            ("m0-t0", 0, c => c with { ThreadLevel = 0 }),
            ("m0-seg1", 0, c => c with { Segments = 1 }),
            ("m0-sns0", 0, c => c with { SnsStrength = 0 }),
            ("m0-seg1-sns0-t0", 0, c => c with { Segments = 1, SnsStrength = 0, ThreadLevel = 0 }),
            ("m1", 1, c => c),
            ("m1-t0", 1, c => c with { ThreadLevel = 0 }),
            ("m2", 2, c => c),
            ("m2-t0", 2, c => c with { ThreadLevel = 0 }),
        };
        var totals = new Dictionary<string, double>();
        for (var round = 0; round < 5; round++)
        {
            foreach (var (name, method, tune) in settings)
            {
                var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                var sw = Stopwatch.StartNew();
                var data = PageImageDeriver.EncodeWebp(render, 60, method, tune);
                var wall = sw.ElapsedMilliseconds;
                var used = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds;
                TestContext.Out.WriteLine($"round {round} {name,-18} cpu {used,5:0} ms  wall {wall,5} ms  {data.Length / 1024,5} KB");
                totals[name] = totals.GetValueOrDefault(name) + used;
                if (round == 0)
                {
                    using var decoded = SKBitmap.Decode(data);
                    WriteCrop(decoded, new SKRectI(1500, 2600, 1800, 2800), Path.Combine(dir, $"tune-{name}.png"));
                }
            }
        }

        foreach (var (name, total) in totals)
        {
            TestContext.Out.WriteLine($"mean {name,-18} cpu {total / 5:0} ms");
        }

        WriteCrop(render, new SKRectI(1500, 2600, 1800, 2800), Path.Combine(dir, "tune-original.png"));
    }

    /// <summary>CPU time of the IIIF tile pyramid of page 1 (JPEG, every level) against one encode of the whole zoom image.</summary>
    [Test]
    public async Task IiifTileCosts()
    {
        using var render = await new PopplerRenderer(new RenderOptions()).RenderPageAsync(SamplePaths.Pdf, 1, 3200);
        var dir = Path.Combine(Path.GetTempPath(), $"xuhui-tiles-{Guid.NewGuid():N}");
        try
        {
            for (var round = 0; round < 4; round++)
            {
                var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                using (var pixmap = render.PeekPixels())
                using (var whole = pixmap.Encode(new SKJpegEncoderOptions(80, SKJpegEncoderDownsample.Downsample420, SKJpegEncoderAlphaOption.Ignore)))
                {
                    TestContext.Out.WriteLine($"round {round} one JPEG of {render.Width} x {render.Height} ({render.ColorType}): cpu {(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds:0} ms, {whole!.Size / 1024} KB");
                }

                cpu = Process.GetCurrentProcess().TotalProcessorTime;
                var tiles = IiifTileWriter.WriteTiles(render, Path.Combine(dir, round.ToString(System.Globalization.CultureInfo.InvariantCulture)), 80);
                TestContext.Out.WriteLine($"round {round} {tiles} tiles: cpu {(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds:0} ms");
                cpu = Process.GetCurrentProcess().TotalProcessorTime;
                var webp = PageImageDeriver.EncodeWebp(render, 60, 0);
                TestContext.Out.WriteLine($"round {round} zoom WebP: cpu {(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds:0} ms, {webp.Length / 1024} KB");

                // After the publish the tiles are cut from the stored zoom WebP: its decode is the price of not waiting.
                cpu = Process.GetCurrentProcess().TotalProcessorTime;
                using var decoded = SKBitmap.Decode(webp);
                TestContext.Out.WriteLine($"round {round} zoom WebP decoded ({decoded.ColorType}, {decoded.AlphaType}): cpu {(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds:0} ms");
                cpu = Process.GetCurrentProcess().TotalProcessorTime;
                tiles = IiifTileWriter.WriteTiles(decoded, Path.Combine(dir, $"decoded-{round}"), 80);
                TestContext.Out.WriteLine($"round {round} {tiles} tiles of the decoded WebP: cpu {(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds:0} ms");
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Test]
    public async Task StepCosts()
    {
        var renderer = new PopplerRenderer(new RenderOptions());
        for (var round = 0; round < 2; round++)
        {
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            for (var page = 1; page <= 4; page++)
            {
                using var bitmap = await renderer.RenderPageAsync(SamplePaths.Pdf, page, 3200);
            }

            TestContext.Out.WriteLine($"round {round} render+decode 4 pages: this process cpu {(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds:0} ms");
        }

        for (var round = 0; round < 2; round++)
        {
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var buffer = new byte[1 << 20];
            for (var page = 1; page <= 4; page++)
            {
                var info = new ProcessStartInfo("pdftoppm", ["-f", $"{page}", "-l", $"{page}", "-cropbox", "-scale-to-x", "3200", "-scale-to-y", "-1", SamplePaths.Pdf])
                {
                    RedirectStandardOutput = true,
                };
                using var p = Process.Start(info)!;
                var stream = p.StandardOutput.BaseStream;
                while (await stream.ReadAsync(buffer) > 0)
                {
                }

                await p.WaitForExitAsync();
            }

            TestContext.Out.WriteLine($"round {round} raw read of 4 pages: this process cpu {(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds:0} ms");
        }

        using var render = await renderer.RenderPageAsync(SamplePaths.Pdf, 1, 3200);
        var rgb = new byte[3200 * 3 * 4527];
        var rgba = new byte[3200 * 4 * 4527];
        for (var round = 0; round < 3; round++)
        {
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            for (var y = 0; y < 4527; y++)
            {
                XuhuiEpaper.Ingest.Rendering.PpmReader.ExpandRow(rgb.AsSpan(y * 9600, 9600), rgba.AsSpan(y * 12800, 12800));
            }

            TestContext.Out.WriteLine($"round {round} expand one page: {(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds:0} ms");
        }

        for (var round = 0; round < 3; round++)
        {
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            using var screen = PageImageDeriver.Downscale(render, 1600);
            var a = Process.GetCurrentProcess().TotalProcessorTime;
            using var thumb = PageImageDeriver.Downscale(screen, 240);
            var b = Process.GetCurrentProcess().TotalProcessorTime;
            var s = PageImageDeriver.EncodeWebp(screen, 70, 0);
            var c = Process.GetCurrentProcess().TotalProcessorTime;
            var t = PageImageDeriver.EncodeWebp(thumb, 75, 0);
            var d = Process.GetCurrentProcess().TotalProcessorTime;
            TestContext.Out.WriteLine($"round {round} cpu: halve {(a - cpu).TotalMilliseconds:0} ms, thumb {(b - a).TotalMilliseconds:0} ms, encode screen m0 {(c - b).TotalMilliseconds:0} ms, thumb {(d - c).TotalMilliseconds:0} ms");
        }
    }

    /// <summary>A crop enlarged 3x with nearest-neighbour sampling, so pixels can be judged one by one.</summary>
    internal static void WriteCrop(SKBitmap source, SKRectI crop, string path)
    {
        using var sub = new SKBitmap();
        source.ExtractSubset(sub, crop);
        using var big = new SKBitmap(crop.Width * 3, crop.Height * 3);
        sub.ScalePixels(big, new SKSamplingOptions(SKFilterMode.Nearest));
        using var png = big.Encode(SKEncodedImageFormat.Png, 100);
        File.WriteAllBytes(path, png.ToArray());
    }
}
