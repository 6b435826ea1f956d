using XuhuiEpaper.Core.Editing;
using XuhuiEpaper.Core.Geometry;
using XuhuiEpaper.Core.Model;

namespace XuhuiEpaper.Core.Tests.Editing;

/// <summary>The pure region editor on a small page built in code: two columns, three articles, a photo with a caption.</summary>
public class RegionEditorTests
{
    // Left column: article A (title, two paragraphs); right column: article B, its continuation (no title, one
    // paragraph that goes on from B's last), then a photo with its caption, printed as part of B.
    private static PageLayoutDoc Page() => PageLayoutDoc.FromFinder(
    [
        Article("甲", RegionKind.Article, new NormRect(0.05, 0.05, 0.4, 0.9),
            (BlockPart.Title, new NormRect(0.06, 0.06, 0.38, 0.05), ["甲標題"]),
            (BlockPart.Body, new NormRect(0.06, 0.15, 0.38, 0.3), ["甲第一段。"]),
            (BlockPart.Body, new NormRect(0.06, 0.5, 0.38, 0.3), ["甲第二段。"])),
        Article("乙", RegionKind.Article, new NormRect(0.5, 0.05, 0.45, 0.3),
            (BlockPart.Title, new NormRect(0.51, 0.06, 0.43, 0.05), ["乙標題"]),
            (BlockPart.Body, new NormRect(0.51, 0.15, 0.43, 0.18), ["乙第一段，未完"])),
        Article(null, RegionKind.Article, new NormRect(0.5, 0.36, 0.45, 0.59),
            (BlockPart.Body, new NormRect(0.51, 0.37, 0.43, 0.2), ["續完。"]),
            (BlockPart.Photo, new NormRect(0.51, 0.6, 0.43, 0.25), []),
            (BlockPart.Caption, new NormRect(0.51, 0.86, 0.43, 0.04), ["圖說"])),
    ]);

    private static ArticleContent Article(string? title, RegionKind kind, NormRect rect, params (BlockPart Part, NormRect Box, string[] Text)[] blocks) => new()
    {
        Kind = kind, Title = title, Rects = [rect],
        Body = blocks.Where(b => b.Part == BlockPart.Body).SelectMany(b => b.Text).ToList(),
        Blocks = blocks.Select(b => new RegionBlock(b.Part, b.Box, b.Text)).ToList(),
    };

    private static LayoutRegion Region(PageLayoutDoc doc, string key) => doc.Regions.Single(r => r.Key == key);

    [Test]
    public void Merge_joins_the_parts_in_reading_order_and_a_sentence_cut_by_the_column_break_reads_on()
    {
        var doc = RegionEditor.Apply(Page(), new RegionEdit { Action = "merge", Regions = ["f2", "f1"] }, "e1");
        var merged = Region(doc, "f1");
        Assert.Multiple(() =>
        {
            Assert.That(doc.Regions.Select(r => r.Key), Is.EqualTo(new[] { "f0", "f1" }));
            Assert.That(merged.Title, Is.EqualTo("乙標題"));
            Assert.That(merged.Body, Is.EqualTo(new[] { "乙第一段，未完續完。" }));
            Assert.That(merged.Captions, Is.EqualTo(new[] { "圖說" }));
            Assert.That(RectSet.Area(merged.Rects), Is.EqualTo((0.45 * 0.3) + (0.45 * 0.59)).Within(1e-9));
        });
    }

    [Test]
    public void Split_takes_its_blocks_area_out_of_the_region_and_nothing_overlaps()
    {
        var doc = RegionEditor.Apply(Page(), new RegionEdit { Action = "split", Region = "f2", Blocks = [6, 7] }, "e7");
        var photo = Region(doc, "e7");
        var rest = Region(doc, "f2");
        Assert.Multiple(() =>
        {
            Assert.That(photo.Kind, Is.EqualTo(RegionKind.Photo), "a photo with its caption");
            Assert.That(photo.Captions, Is.EqualTo(new[] { "圖說" }));
            Assert.That(rest.Body, Is.EqualTo(new[] { "續完。" }));
            Assert.That(rest.Captions, Is.Empty);
            Assert.That(RectSet.Overlap(photo.Rects, rest.Rects), Is.Zero.Within(1e-12));
            Assert.That(RectSet.Area(photo.Rects) + RectSet.Area(rest.Rects), Is.EqualTo(0.45 * 0.59).Within(1e-9), "the area is shared out, not lost");
        });
        Assert.That(() => RegionEditor.Apply(Page(), new RegionEdit { Action = "split", Region = "f2", Blocks = [5, 6, 7] }, "e8"),
            Throws.TypeOf<RegionEditException>().With.Message.Contains("at least one block"));
    }

    [Test]
    public void Move_gives_the_caption_and_its_area_to_the_other_article()
    {
        var doc = RegionEditor.Apply(Page(), new RegionEdit { Action = "move", Blocks = [7], To = "f0" }, "e1");
        Assert.Multiple(() =>
        {
            Assert.That(Region(doc, "f0").Captions, Is.EqualTo(new[] { "圖說" }));
            Assert.That(Region(doc, "f2").Captions, Is.Empty);
            Assert.That(RectSet.Contains(Region(doc, "f0").Rects, 0.7, 0.88), Is.True, "a click on the caption finds its new article");
            Assert.That(RectSet.Contains(Region(doc, "f2").Rects, 0.7, 0.88), Is.False);
            Assert.That(Region(doc, "f1").Rebuilt, Is.False, "an article the move did not touch keeps the finder's text");
        });
    }

    [Test]
    public void Redraw_snaps_to_the_blocks_takes_those_whose_centre_it_holds_and_cuts_the_neighbours()
    {
        // Drawn by hand over the right column's top article and the continuation's paragraph, a little off the text.
        var doc = RegionEditor.Apply(Page(), new RegionEdit { Action = "redraw", Region = "f1", Rects = [new NormRect(0.505, 0.055, 0.44, 0.52)] }, "e1");
        var redrawn = Region(doc, "f1");
        Assert.Multiple(() =>
        {
            Assert.That(redrawn.Body, Is.EqualTo(new[] { "乙第一段，未完續完。" }));
            Assert.That(Region(doc, "f2").Body, Is.Empty);
            Assert.That(redrawn.Rects.Single().Y, Is.EqualTo(0.058).Within(1e-9), "the top edge snapped to the title's (padded) top");
            Assert.That(RectSet.Overlap(redrawn.Rects, Region(doc, "f2").Rects), Is.Zero.Within(1e-12));
        });
    }

    [Test]
    public void Add_collects_the_text_under_it_delete_and_change_keep_the_rest()
    {
        var added = RegionEditor.Apply(Page(), new RegionEdit { Action = "add", Rects = [new NormRect(0.5, 0.85, 0.45, 0.06)], Kind = RegionKind.Notice }, "e3");
        Assert.That(Region(added, "e3").Captions, Is.EqualTo(new[] { "圖說" }));
        Assert.That(Region(added, "e3").Kind, Is.EqualTo(RegionKind.Notice));

        var deleted = RegionEditor.Apply(added, new RegionEdit { Action = "delete", Region = "e3" }, "e4");
        Assert.That(deleted.Regions.Select(r => r.Key), Is.EqualTo(new[] { "f0", "f1", "f2" }));

        var changed = RegionEditor.Apply(deleted, new RegionEdit { Action = "change", Region = "f0", Title = "改正", Kind = RegionKind.Notice, Byline = "" }, "e5");
        Assert.That((Region(changed, "f0").Title, Region(changed, "f0").Kind), Is.EqualTo(("改正", RegionKind.Notice)));
    }

    [TestCase("merge", "two or more")]
    [TestCase("explode", "unknown action")]
    [TestCase("delete", "no region")]
    public void Edits_that_cannot_apply_say_why(string action, string reason) =>
        Assert.That(() => RegionEditor.Apply(Page(), new RegionEdit { Action = action, Region = "f9", Regions = ["f0"] }, "e1"),
            Throws.TypeOf<RegionEditException>().With.Message.Contains(reason));

    [Test]
    public void A_region_drawn_outside_the_page_is_refused()
    {
        Assert.That(() => RegionEditor.Apply(Page(), new RegionEdit { Action = "add", Rects = [new NormRect(0.8, 0.8, 0.3, 0.1)] }, "e1"),
            Throws.TypeOf<RegionEditException>().With.Message.Contains("not inside the page"));
    }

    [Test]
    public void Replay_gives_the_same_page_and_names_an_edit_that_no_longer_applies()
    {
        var edits = new (long, RegionEdit)[] { (1, new RegionEdit { Action = "merge", Regions = ["f1", "f2"] }), (2, new RegionEdit { Action = "delete", Region = "f2" }) };
        Assert.That(() => RegionEditor.Replay(Page(), edits), Throws.TypeOf<RegionEditException>().With.Message.StartsWith("edit 2 (delete f2)"));
        var once = RegionEditor.Replay(Page(), edits.Take(1));
        var twice = RegionEditor.Replay(Page(), edits.Take(1));
        Assert.That(twice.Regions.Select(r => (r.Key, r.Title, string.Join("|", r.Body))), Is.EqualTo(once.Regions.Select(r => (r.Key, r.Title, string.Join("|", r.Body)))));
    }

    [Test]
    public void Subtracting_a_rectangle_leaves_pieces_around_it()
    {
        var pieces = RectSet.Subtract(new NormRect(0, 0, 1, 1), new NormRect(0.25, 0.25, 0.5, 0.5)).ToList();
        Assert.That(pieces.Sum(p => p.Area), Is.EqualTo(0.75).Within(1e-12));
        Assert.That(pieces.Any(p => p.Contains(0.5, 0.5)), Is.False);
    }
}
