using SkiaSharp;
using XuhuiEpaper.Ingest.Tests.Fixtures;
using XuhuiEpaper.Ingest.Validation;

namespace XuhuiEpaper.Ingest.Tests;

public class ValidationTests
{
    private TempDir _dir = null!;

    [SetUp]
    public void SetUp() => _dir = new TempDir();

    [TearDown]
    public void TearDown() => _dir.Dispose();

    private static string Reject(string path, IngestLimits? limits = null) =>
        Assert.Throws<IngestRejectedException>(() => new PdfValidator(limits ?? new IngestLimits()).Validate(path))!.Message;

    [Test]
    public void ValidPdf_IsAccepted_WithPageSizes()
    {
        var path = _dir.File("ok.pdf");
        TestPdfs.WriteNewspaper(path, pages: 2);

        var info = new PdfValidator(new IngestLimits()).Validate(path);

        Assert.That(info.PageCount, Is.EqualTo(2));
        Assert.That(info.Pages[1].WidthPt, Is.EqualTo(TestPdfs.A3WidthPt).Within(0.5));
        Assert.That(info.Pages[1].HeightPt, Is.EqualTo(TestPdfs.A3HeightPt).Within(0.5));
        Assert.That(info.FileBytes, Is.EqualTo(new FileInfo(path).Length));
        Assert.That(info.PdfVersion, Does.StartWith("1."));
    }

    [Test]
    public void Png_IsNotAPdf()
    {
        var path = _dir.File("page.pdf");
        using (var bitmap = new SKBitmap(20, 20))
        using (var data = bitmap.Encode(SKEncodedImageFormat.Png, 100))
        {
            File.WriteAllBytes(path, data.ToArray());
        }

        Assert.That(Reject(path), Is.EqualTo(@"not a PDF: the file starts with '\x89PNG\x0D\x0A\x1A\x0A' (a PNG image?)"));
    }

    [Test]
    public void Zip_IsNotAPdf()
    {
        var path = _dir.File("issue.pdf");
        File.WriteAllBytes(path, [0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00, 0x08, 0x00]);

        Assert.That(Reject(path), Is.EqualTo(@"not a PDF: the file starts with 'PK\x03\x04\x14\x00\x00\x00' (a ZIP archive, or a Word/Excel document?)"));
    }

    [Test]
    public void TextFile_IsNotAPdf()
    {
        var path = _dir.File("notes.pdf");
        File.WriteAllText(path, "Hello, this is not a newspaper.\n");

        Assert.That(Reject(path), Is.EqualTo("not a PDF: the file starts with 'Hello, t' (a text file?)"));
    }

    [Test]
    public void EmptyFile_IsRejected()
    {
        var path = _dir.File("empty.pdf");
        File.WriteAllBytes(path, []);

        Assert.That(Reject(path), Is.EqualTo("the file is empty"));
    }

    [Test]
    public void TruncatedPdf_IsRejected()
    {
        var whole = _dir.File("whole.pdf");
        TestPdfs.WriteNewspaper(whole, pages: 2);
        var bytes = File.ReadAllBytes(whole);
        var half = _dir.File("half.pdf");
        File.WriteAllBytes(half, bytes[..(bytes.Length / 2)]);

        Assert.That(Reject(half), Does.StartWith("truncated or damaged PDF: "));
    }

    [Test]
    public void DamagedPdf_WithGarbageBody_IsRejected()
    {
        var path = _dir.File("garbage.pdf");
        File.WriteAllText(path, "%PDF-1.7\nthis is no PDF structure at all\n%%EOF\n");

        Assert.That(Reject(path), Does.StartWith("truncated or damaged PDF: "));
    }

    [Test]
    public void EncryptedPdf_IsRejected()
    {
        // Made once with: qpdf --encrypt user owner 256 -- plain.pdf encrypted-user-password.pdf
        Assert.That(Reject(TestPdfs.FixturePath("encrypted-user-password.pdf")), Is.EqualTo("encrypted PDF: a password is needed"));
    }

    [Test]
    public void PdfWithoutPages_IsRejected()
    {
        var path = _dir.File("nopages.pdf");
        File.WriteAllBytes(path, TestPdfs.Minimal("<< /Type /Pages /Kids [] /Count 0 >>"));

        Assert.That(Reject(path), Is.EqualTo("the PDF has no pages"));
    }

    /// <summary>The hostile corpus's page-tree attacks are refused for what they are, not for a symptom of it.</summary>
    [TestCase("cyclic-pages", "truncated or damaged PDF: its page tree loops back on itself")]
    [TestCase("huge-page-count", "truncated or damaged PDF: its page tree claims")]
    [TestCase("huge-page", "larger than the 5080 pt limit")]
    public void Page_tree_attacks_are_refused_with_their_own_reason(string kind, string reason)
    {
        var seeds = new[] { TestPdfs.Minimal("<< /Type /Pages /Kids [3 0 R] /Count 1 >>", "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>") };
        var index = Array.IndexOf(HostilePdfs.Kinds, kind);
        var reasons = Enumerable.Range(0, 16).Select(v => HostilePdfs.Make(seeds, index + (v * HostilePdfs.Kinds.Length)))
            .Select((file, i) =>
            {
                var path = _dir.File($"{kind}-{i}.pdf");
                File.WriteAllBytes(path, file.Bytes);
                try
                {
                    new PdfValidator(new IngestLimits()).Validate(path);
                    return "accepted";
                }
                catch (IngestRejectedException ex)
                {
                    return ex.Message;
                }
            })
            .Distinct().ToList();
        TestContext.Out.WriteLine(string.Join("\n", reasons));
        Assert.That(reasons.Any(r => r.Contains(reason, StringComparison.Ordinal)), Is.True, string.Join(" | ", reasons));
    }

    [Test]
    public void HugePage_IsRejected_NamingThePage()
    {
        var path = _dir.File("huge.pdf");
        File.WriteAllBytes(path, TestPdfs.Minimal(
            "<< /Type /Pages /Kids [3 0 R 4 0 R 5 0 R] /Count 3 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 842 1191] >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 842 1191] >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 14400 14400] >>"));

        Assert.That(Reject(path), Is.EqualTo("page 3 is 14400 x 14400 pt, larger than the 5080 pt limit"));
    }

    [TestCase(3200, 1, true)]
    [TestCase(1200, 1, false)]
    [TestCase(3200, 90, false)]
    public void A_page_whose_zoom_image_would_be_taller_than_webp_allows_is_rejected(int zoomWidth, int rotate, bool rejected)
    {
        // 300 x 1600 pt fits the page-size limits; rendered 3200 px wide it would be 17067 px tall (WebP: 16383 at most).
        // Drawn sideways (/Rotate 90) it is wide, not tall; at 1200 px it is 6400 px tall.
        var path = _dir.File("strip.pdf");
        File.WriteAllBytes(path, TestPdfs.Minimal(
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            $"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 1600] /Rotate {(rotate == 90 ? 90 : 0)} >>"));
        var validator = new PdfValidator(new IngestLimits(), zoomWidth);
        if (rejected)
        {
            var reason = Assert.Throws<IngestRejectedException>(() => validator.Validate(path))!.Message;
            Assert.That(reason, Is.EqualTo("page 1 is 300 x 1600 pt, too tall for its width: its zoom image would be 3200 x 17067 px, more than the 16383 px a WebP image can have (Ingest:Images:ZoomWidth)"));
        }
        else
        {
            Assert.That(validator.Validate(path).PageCount, Is.EqualTo(1));
        }
    }

    [Test]
    public void TinyPage_IsRejected()
    {
        var path = _dir.File("tiny.pdf");
        File.WriteAllBytes(path, TestPdfs.Minimal(
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 10 20] >>"));

        Assert.That(Reject(path), Is.EqualTo("page 1 is 10 x 20 pt, smaller than the 72 pt minimum"));
    }

    [Test]
    public void TooManyPages_IsRejected()
    {
        var path = _dir.File("many.pdf");
        TestPdfs.WriteNewspaper(path, pages: 3);

        Assert.That(Reject(path, new IngestLimits { MaxPages = 2 }), Is.EqualTo("the PDF has 3 pages, more than the 2 page limit"));
    }

    [Test]
    public void TooLargeFile_IsRejected()
    {
        var path = _dir.File("big.pdf");
        TestPdfs.WriteSimple(path);
        var length = new FileInfo(path).Length;
        Assume.That(length, Is.GreaterThan(2048));

        Assert.That(
            Reject(path, new IngestLimits { MaxFileBytes = 2048 }),
            Is.EqualTo($"the file is {length / 1024.0:0.#} KB, larger than the 2 KB limit"));
    }
}
