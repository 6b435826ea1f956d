using System.Collections.Concurrent;
using SkiaSharp;
using XuhuiEpaper.Ingest.Rendering;
using XuhuiEpaper.Ingest.Validation;
using XuhuiEpaper.Ingest.Tests.Fixtures;
using XuhuiEpaper.Samples;

namespace XuhuiEpaper.Ingest.Tests;

public class RenderingTests
{
    private TempDir _dir = null!;

    [SetUp]
    public void SetUp() => _dir = new TempDir();

    [TearDown]
    public void TearDown() => _dir.Dispose();

    [Test]
    public async Task RendersPageAtRequestedWidth()
    {
        var pdf = _dir.File("simple.pdf");
        TestPdfs.WriteSimple(pdf, 595, 842, SKColors.Red);

        using var bitmap = await new PopplerRenderer(new RenderOptions()).RenderPageAsync(pdf, 1, 400);

        Assert.That(bitmap.Width, Is.EqualTo(400));
        Assert.That(bitmap.Height, Is.EqualTo(566).Within(1));
        var centre = bitmap.GetPixel(200, bitmap.Height / 2);
        var corner = bitmap.GetPixel(395, bitmap.Height - 5);
        Assert.That(centre.Red, Is.GreaterThan(240));
        Assert.That(centre.Green, Is.LessThan(20));
        Assert.That(corner, Is.EqualTo(SKColors.White));
    }

    [Test]
    public async Task MissingPage_GivesAnErrorNamingThePage()
    {
        var pdf = _dir.File("simple.pdf");
        TestPdfs.WriteSimple(pdf);

        var ex = Assert.ThrowsAsync<PageRenderException>(() => new PopplerRenderer(new RenderOptions()).RenderPageAsync(pdf, 3, 200))!;

        Assert.That(ex.PageNumber, Is.EqualTo(3));
        Assert.That(ex.Message, Does.StartWith("page 3: "));
        await Task.CompletedTask;
    }

    [Test]
    public void Timeout_KillsTheChild_AndSaysSo()
    {
        var pdf = _dir.File("paper.pdf");
        TestPdfs.WriteNewspaper(pdf, pages: 1);
        var renderer = new PopplerRenderer(new RenderOptions { PageTimeout = TimeSpan.FromMilliseconds(1) });

        var ex = Assert.ThrowsAsync<PageRenderException>(() => renderer.RenderPageAsync(pdf, 1, 3200))!;

        Assert.That(ex.Failure, Is.EqualTo(PageRenderFailure.TimedOut));
        Assert.That(ex.Message, Is.EqualTo("page 1: rendering timed out after 1 ms; pdftoppm was killed"));
        Assert.That(ChildProcesses.Names(), Has.None.AnyOf("pdftoppm", "prlimit"), "no child process is left");
        Assert.That(Directory.GetFiles(_dir.Path), Is.EqualTo(new[] { pdf }), "no temp files");
    }

    [Test]
    public void MemoryLimit_Overrun_GivesAClearError()
    {
        var pdf = _dir.File("paper.pdf");
        TestPdfs.WriteNewspaper(pdf, pages: 1);
        var renderer = new PopplerRenderer(new RenderOptions { MemoryLimitBytes = 32L << 20 });

        var ex = Assert.ThrowsAsync<PageRenderException>(() => renderer.RenderPageAsync(pdf, 1, 3200))!;

        Assert.That(ex.Failure, Is.EqualTo(PageRenderFailure.OutOfMemory));
        Assert.That(ex.Message, Is.EqualTo("page 1: rendering ran out of memory (limit 32 MB)"));
        Assert.That(ChildProcesses.Names(), Has.None.AnyOf("pdftoppm", "prlimit"));
    }

    [Test]
    public async Task OneProcessRenderingPagesOfDifferentSizes_GivesEveryPageItsOwnPixels()
    {
        // One pdftoppm renders all four; a page's bitmap is refilled by the next page of the same size.
        var pdf = _dir.File("mixed.pdf");
        var pages = new (float Width, float Height, SKColor Color)[]
        {
            (595, 842, SKColors.Red), (595, 842, SKColors.Blue), (842, 595, new SKColor(0, 128, 0)), (595, 842, SKColors.White),
        };
        using (var stream = File.Create(pdf))
        using (var document = SKDocument.CreatePdf(stream))
        {
            foreach (var (width, height, color) in pages)
            {
                document.BeginPage(width, height).Clear(color);
                document.EndPage();
            }

            document.Close();
        }

        var seen = await new PopplerRenderer(new RenderOptions { MaxParallelism = 1 }).RenderPagesAsync(
            pdf, pages.Length, 300, (_, bitmap, _) => ValueTask.FromResult((bitmap.Width, bitmap.Height, Centre: bitmap.GetPixel(150, bitmap.Height / 2), Corner: bitmap.GetPixel(bitmap.Width - 1, bitmap.Height - 1))));

        Assert.Multiple(() =>
        {
            for (var i = 0; i < pages.Length; i++)
            {
                var (width, height, color) = pages[i];
                Assert.That(seen[i].Width, Is.EqualTo(300), $"page {i + 1}");
                Assert.That(seen[i].Height, Is.EqualTo(300 * height / width).Within(1), $"page {i + 1}");
                Assert.That(seen[i].Centre, Is.EqualTo(color), $"page {i + 1} centre");
                Assert.That(seen[i].Corner, Is.EqualTo(color), $"page {i + 1} corner");
            }
        });
    }

    [TestCase("bleed")]
    [TestCase("sideways")]
    public async Task PrintVariantOfAPage_RendersAndMeasuresAsThePlainPage(string variant)
    {
        // The article regions come from PdfPig's coordinates of the page as shown; the images from poppler's -cropbox
        // render. Both must agree on bleed (crop box inside a larger sheet) and on /Rotate.
        var sample = await File.ReadAllBytesAsync(Pipeline.SamplePaths.Pdf);
        var path = _dir.File($"{variant}.pdf");
        await File.WriteAllBytesAsync(path, variant == "bleed" ? PrintBoxVariants.WithBleed(sample) : PrintBoxVariants.DrawnSideways(sample));
        var renderer = new PopplerRenderer(new RenderOptions());

        using var plain = await renderer.RenderPageAsync(Pipeline.SamplePaths.Pdf, 1, 400);
        using var other = await renderer.RenderPageAsync(path, 1, 400);
        var size = new PdfValidator(new IngestLimits()).Validate(path).Pages[0];

        Assert.Multiple(() =>
        {
            Assert.That(size, Is.EqualTo(new PageSize(842, 1191)), "the validator's page size, as shown");
            Assert.That((other.Width, other.Height), Is.EqualTo((plain.Width, plain.Height)));
            Assert.That(MeanDifference(plain, other), Is.LessThan(1.0), "mean difference per channel, of 255");
        });
    }

    private static double MeanDifference(SKBitmap a, SKBitmap b)
    {
        long total = 0;
        for (var y = 0; y < a.Height; y++)
        {
            for (var x = 0; x < a.Width; x++)
            {
                SKColor p = a.GetPixel(x, y), q = b.GetPixel(x, y);
                total += Math.Abs(p.Red - q.Red) + Math.Abs(p.Green - q.Green) + Math.Abs(p.Blue - q.Blue);
            }
        }

        return total / (3.0 * a.Width * a.Height);
    }

    [Test]
    public async Task RendersAllPagesInParallel_ReportingProgress()
    {
        var pdf = _dir.File("paper.pdf");
        TestPdfs.WriteNewspaper(pdf, pages: 4);
        var reports = new ConcurrentQueue<PageProgress>();
        var progress = new SyncProgress<PageProgress>(reports.Enqueue);
        var running = 0;
        var maxRunning = 0;

        var sizes = await new PopplerRenderer(new RenderOptions { MaxParallelism = 2 }).RenderPagesAsync(
            pdf,
            4,
            600,
            async (page, bitmap, ct) =>
            {
                var now = Interlocked.Increment(ref running);
                InterlockedMax(ref maxRunning, now);
                await Task.Delay(50, ct);
                Interlocked.Decrement(ref running);
                return (page, bitmap.Width, bitmap.Height);
            },
            progress);

        Assert.That(sizes.Select(s => s.page), Is.EqualTo(new[] { 1, 2, 3, 4 }));
        Assert.That(sizes.Select(s => s.Width), Is.All.EqualTo(600));
        Assert.That(sizes[0].Height, Is.EqualTo(849).Within(1));
        Assert.That(reports.Select(r => r.Completed).Order(), Is.EqualTo(new[] { 1, 2, 3, 4 }));
        Assert.That(reports.Select(r => r.PageNumber).Order(), Is.EqualTo(new[] { 1, 2, 3, 4 }));
        Assert.That(reports.Select(r => r.Total), Is.All.EqualTo(4));
        Assert.That(maxRunning, Is.InRange(1, 2));
    }

    [Test]
    public void RenderAll_FailingPage_StopsWithThatPagesError()
    {
        var pdf = _dir.File("simple.pdf");
        TestPdfs.WriteSimple(pdf);

        // The file has one page; asking for three makes pages 2 and 3 fail.
        var ex = Assert.ThrowsAsync<PageRenderException>(() => new PopplerRenderer(new RenderOptions()).RenderPagesAsync(
            pdf, 3, 100, (page, bitmap, ct) => ValueTask.FromResult(page)))!;

        Assert.That(ex.PageNumber, Is.InRange(2, 3));
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }

    private sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
