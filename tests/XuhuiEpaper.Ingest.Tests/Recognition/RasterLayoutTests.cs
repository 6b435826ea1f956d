using XuhuiEpaper.Core.Layout;
using XuhuiEpaper.Core.Recognition;
using XuhuiEpaper.Ingest.Recognition;

namespace XuhuiEpaper.Ingest.Tests.Recognition;

/// <summary>The raster analysis of scans on small synthetic pages: 300 dpi, so a pixel is 0.24 pt.</summary>
public class RasterLayoutTests
{
    private const double PointsPerPixel = 72.0 / 300;

    /// <summary>A white page of <paramref name="width"/> × <paramref name="height"/> pixels to draw on.</summary>
    private sealed class Page(int width, int height)
    {
        public int Width { get; } = width;
        public int Height { get; } = height;
        public byte[] Grey { get; } = Enumerable.Repeat((byte)250, width * height).ToArray();

        public void Fill(int left, int top, int right, int bottom, Func<int, int, byte> tone)
        {
            for (var y = top; y < bottom; y++)
            {
                for (var x = left; x < right; x++)
                {
                    Grey[(y * Width) + x] = tone(x, y);
                }
            }
        }

        public void Fill(int left, int top, int right, int bottom, byte tone) => Fill(left, top, right, bottom, (_, _) => tone);

        /// <summary>A box stroked 3 px wide.</summary>
        public void Stroke(int left, int top, int right, int bottom)
        {
            Fill(left, top, right, top + 3, 20);
            Fill(left, bottom - 3, right, bottom, 20);
            Fill(left, top, left + 3, bottom, 20);
            Fill(right - 3, top, right, bottom, 20);
        }

        /// <summary>Lines of "type": 30 px squares of strokes with paper between them, as characters of 7 pt body.</summary>
        public void Type(int left, int top, int right, int bottom)
        {
            for (var y = top; y + 30 <= bottom; y += 45)
            {
                for (var x = left; x + 30 <= right; x += 34)
                {
                    Fill(x, y + 4, x + 30, y + 7, 10);
                    Fill(x + 13, y, x + 16, y + 30, 10);
                    Fill(x, y + 20, x + 30, y + 23, 10);
                }
            }
        }

        public RasterLayout Analyse() => RasterLayout.Find(Grey, Width, Height, PointsPerPixel);
    }

    private static Box Points(int left, int top, int right, int bottom) =>
        new(left * PointsPerPixel, top * PointsPerPixel, right * PointsPerPixel, bottom * PointsPerPixel);

    private static void AssertNear(Box found, Box expected, double tolerancePt, string what) =>
        Assert.That(new[] { found.Left - expected.Left, found.Top - expected.Top, found.Right - expected.Right, found.Bottom - expected.Bottom }.Select(Math.Abs).Max(),
            Is.LessThanOrEqualTo(tolerancePt), $"{what}: found {found}, expected {expected}");

    [Test]
    public void A_photo_among_type_is_a_photo_and_its_rooflines_are_no_rules()
    {
        var page = new Page(1200, 1200);
        page.Type(40, 40, 1160, 400);
        var random = new Random(13);
        // A photo: many tones, with a long dark roofline across it.
        page.Fill(100, 500, 900, 1000, (x, y) => (byte)(60 + ((x / 7 * 31) + (y / 5 * 17) + random.Next(40)) % 170));
        page.Fill(100, 700, 900, 704, 5);

        var layout = page.Analyse();

        Assert.That(layout.Photos, Has.Count.EqualTo(1), "the photo, and no photo in the type");
        AssertNear(layout.Photos[0], Points(100, 500, 900, 1000), 2.5, "the photo");
        Assert.That(layout.Frames, Is.Empty);
        Assert.That(layout.Rules.Horizontal.Concat(layout.Rules.Vertical), Is.Empty, "a line inside a photo is part of the picture");
    }

    [Test]
    public void A_stroked_box_is_one_frame_and_a_column_rule_running_past_it_stays_a_rule()
    {
        var page = new Page(1400, 1400);
        page.Stroke(200, 300, 1000, 900);
        page.Type(240, 340, 960, 860);
        page.Fill(100, 50, 103, 1350, 20); // a column rule the height of the page
        page.Fill(100, 1100, 1300, 1103, 20); // a separator across

        var layout = page.Analyse();

        Assert.That(layout.Frames, Has.Count.EqualTo(1));
        AssertNear(layout.Frames[0], Points(200, 300, 1000, 900), 1.5, "the box");
        Assert.That(layout.Rules.Vertical, Has.Count.EqualTo(1), "the column rule, not the box's sides");
        AssertNear(layout.Rules.Vertical[0], Points(100, 50, 103, 1350), 1.5, "the column rule");
        Assert.That(layout.Rules.Horizontal, Has.Count.EqualTo(1), "the separator, not the box's top and bottom");
        Assert.That(layout.Photos, Is.Empty);
    }

    [Test]
    public void A_tint_behind_type_and_a_solid_bar_are_frames_not_photos()
    {
        var page = new Page(1200, 1000);
        page.Fill(100, 100, 1100, 400, 215); // a light tint band
        page.Type(140, 140, 1060, 360);
        page.Fill(100, 600, 1100, 800, 40); // a solid bar with reversed type
        page.Fill(200, 660, 900, 666, 250);

        var areas = FilledAreas.Find(page.Grey, page.Width, page.Height, PointsPerPixel);
        var layout = page.Analyse();

        Assert.That(areas.Select(a => a.Kind), Is.EquivalentTo(new[] { FilledKind.Tint, FilledKind.Solid }));
        Assert.That(layout.Photos, Is.Empty);
        Assert.That(layout.Frames, Has.Count.EqualTo(2));
        AssertNear(layout.Frames.OrderBy(f => f.Top).First(), Points(100, 100, 1100, 400), 2.5, "the tint");
        AssertNear(layout.Frames.OrderBy(f => f.Top).Last(), Points(100, 600, 1100, 800), 2.5, "the bar");
        Assert.That(layout.Rules.Horizontal, Is.Empty, "the reversed stroke inside the bar is no rule");
    }

    [Test]
    public void A_panel_tinted_paler_than_the_fixed_bound_is_a_frame_and_its_dense_type_is_kept()
    {
        // Paper 250 here; the panel 238, lighter than FilledAreas.Paper (235), with type over a fifth of it: alone it would be taken for a picture.
        var page = new Page(1200, 1000);
        page.Type(40, 40, 1160, 200);
        page.Fill(100, 400, 900, 900, 238);
        for (var top = 440; top < 860; top += 90)
        {
            page.Fill(140, top, 860, top + 22, 10);
        }

        var layout = page.Analyse();
        var whitened = layout.Whiten(page.Grey, page.Width, page.Height, PointsPerPixel);

        Assert.That(FilledAreas.Find(page.Grey, page.Width, page.Height, PointsPerPixel), Is.Empty, "too pale for the fixed bound");
        Assert.That(layout.Photos, Is.Empty, "a pale panel is never a photo, whatever its type");
        Assert.That(layout.Frames, Has.Count.EqualTo(1));
        AssertNear(layout.Frames[0], Points(100, 400, 900, 900), 2.5, "the panel");
        Assert.That(whitened[(450 * page.Width) + 500], Is.EqualTo(10), "its type is left for the recogniser");
    }

    [Test]
    public void Type_alone_gives_no_frames_no_photos_and_no_rules()
    {
        var page = new Page(1000, 1000);
        page.Type(40, 40, 960, 960);

        var layout = page.Analyse();

        Assert.That(layout.Photos, Is.Empty);
        Assert.That(layout.Frames, Is.Empty);
        Assert.That(layout.Rules.Horizontal.Concat(layout.Rules.Vertical), Is.Empty);
    }

    [Test]
    public void A_recognised_page_gets_the_rasters_frames_and_photos_beside_the_scan_image()
    {
        var scan = new PageInput { Number = 1, Width = 600, Height = 800, Glyphs = [], Images = [new Box(0, 0, 600, 800)] };
        var photo = new Box(100, 100, 300, 250);
        var frame = new Box(320, 100, 560, 400);
        var rule = new Box(40, 420, 560, 421);
        var layout = new RasterLayout(new FoundRules([rule], []), [frame], [photo]);

        var input = PageTextJudge.AsRecognisedPage(scan, [], layout);

        Assert.Multiple(() =>
        {
            Assert.That(input.IsScan, "still a scan to the finder");
            Assert.That(input.Images, Is.EquivalentTo(new[] { new Box(0, 0, 600, 800), photo }));
            Assert.That(input.Frames, Is.EqualTo(new[] { frame }));
            Assert.That(input.HorizontalRules, Is.EqualTo(new[] { rule }));
        });
    }

    [Test]
    public void The_raster_for_the_recogniser_has_its_photos_rules_and_frame_edges_whitened_and_its_type_kept()
    {
        var page = new Page(1400, 1400);
        var random = new Random(7);
        page.Fill(100, 100, 600, 500, (x, y) => (byte)(60 + ((x / 7 * 31) + (y / 5 * 17) + random.Next(40)) % 170));
        page.Fill(100, 700, 1300, 703, 20);
        page.Stroke(700, 100, 1300, 600);
        page.Type(740, 140, 1260, 560);

        var layout = page.Analyse();
        var clean = layout.Whiten(page.Grey, page.Width, page.Height, PointsPerPixel);

        Assert.Multiple(() =>
        {
            Assert.That(clean[(300 * page.Width) + 300], Is.EqualTo(255), "inside the photo");
            Assert.That(clean[(701 * page.Width) + 500], Is.EqualTo(255), "on the rule");
            Assert.That(clean[(300 * page.Width) + 701], Is.EqualTo(255), "on the box's left edge");
            Assert.That(clean[(145 * page.Width) + 753], Is.EqualTo(page.Grey[(145 * page.Width) + 753]).And.LessThan(100), "the type in the box is kept");
            Assert.That(page.Grey[(300 * page.Width) + 701], Is.LessThan(100), "the page itself is left as it was");
        });
    }

    [Test]
    public void Reversed_type_on_a_solid_bar_is_turned_dark_on_paper_for_the_recogniser()
    {
        var page = new Page(1200, 1200);
        page.Type(40, 40, 1160, 400);
        // A solid bar with paper-white "type" in it: 30 px squares of strokes, as Type draws them dark.
        page.Fill(100, 600, 1000, 900, 40);
        for (var x = 150; x + 30 <= 950; x += 34)
        {
            page.Fill(x, 704, x + 30, 707, 250);
            page.Fill(x + 13, 700, x + 16, 730, 250);
            page.Fill(x, 720, x + 30, 723, 250);
        }

        var layout = page.Analyse();
        var clean = layout.Whiten(page.Grey, page.Width, page.Height, PointsPerPixel);

        Assert.That(layout.Solids, Has.Count.EqualTo(1), "the bar is solid");
        Assert.Multiple(() =>
        {
            Assert.That(clean[(650 * page.Width) + 500], Is.EqualTo(255), "the bar's ink is paper");
            Assert.That(clean[(601 * page.Width) + 101], Is.EqualTo(255), "to its edge");
            Assert.That(clean[(715 * page.Width) + 150 + 14], Is.LessThan(50), "its type is ink");
            Assert.That(clean[(45 * page.Width) + 53], Is.EqualTo(page.Grey[(45 * page.Width) + 53]), "type on paper is left as it was");
        });
    }

    [Test]
    public void The_hocr_of_a_list_of_images_gives_each_images_characters()
    {
        const string Hocr = """
            <div class='ocr_page' id='page_1' title='image "row-0.pgm"; bbox 0 0 400 100; ppageno 0'>
             <span class='ocr_line' id='line_1_1' title="bbox 10 10 200 90; baseline 0 0">
              <span class='ocrx_word' id='word_1_1' title='bbox 10 10 200 90; x_wconf 95'>
               <span class='ocrx_cinfo' title='x_bboxes 10 10 90 90; x_conf 99.1'>建</span>
               <span class='ocrx_cinfo' title='x_bboxes 110 10 200 90; x_conf 98.2'>設</span>
            </span></span></div>
            <div class='ocr_page' id='page_2' title='image "row-1.pgm"; bbox 0 0 300 80; ppageno 1'>
             <span class='ocr_line' id='line_2_1' title="bbox 5 5 75 75; baseline 0 0">
              <span class='ocrx_word' id='word_2_1' title='bbox 5 5 75 75; x_wconf 90'>
               <span class='ocrx_cinfo' title='x_bboxes 5 5 75 75; x_conf 90'>城</span>
            </span></span></div>
            """;

        var pages = TesseractHocr.ParsePages(Hocr);

        Assert.That(pages.Select(p => string.Concat(p.Select(w => w.Text))), Is.EqualTo(new[] { "建設", "城" }));
        Assert.That(pages[1][0].Box, Is.EqualTo(new Box(5, 5, 75, 75)), "in the image's own pixels");
    }

    [Test]
    public void A_character_tesseract_could_not_place_is_left_out()
    {
        // As on family 43 p2: 多 on a line of its own between 徐 and 匯, boxed at the page's far corner.
        const string Hocr = """
            <div class='ocr_page' id='page_1' title='image "clean.pgm"; bbox 0 0 3508 4962; ppageno 0'>
             <span class='ocr_line' id='line_1_1' title="bbox 1612 358 1688 450; baseline 0 0">
              <span class='ocrx_word' id='word_1_1' title='bbox 1612 358 1688 450; x_wconf 84'>
               <span class='ocrx_cinfo' title='x_bboxes 3508 4962 3508 4962; x_conf 84.3'>多</span>
            </span></span>
             <span class='ocr_line' id='line_1_2' title="bbox 1816 358 2154 467; baseline 0 0">
              <span class='ocrx_word' id='word_1_2' title='bbox 1816 358 2154 467; x_wconf 96'>
               <span class='ocrx_cinfo' title='x_bboxes 1816 362 1916 467; x_conf 96.1'>的</span>
            </span></span></div>
            """;

        Assert.That(TesseractHocr.Parse(Hocr, 0.24, 0.24).Select(w => w.Text), Is.EqualTo(new[] { "的" }));
    }
}
