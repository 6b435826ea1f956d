using XuhuiEpaper.Core.Layout;
using XuhuiEpaper.Core.Recognition;

namespace XuhuiEpaper.Core.Tests.Recognition;

/// <summary>Headline rows a page recogniser read in pieces, on a small synthetic raster: 300 dpi, so a pixel is 0.24 pt.</summary>
public class DisplayRowsTests
{
    private const double Pt = 72.0 / 300;
    private const int Width = 1300;
    private const int Height = 700;

    /// <summary>A character of <paramref name="size"/> px at (x, y): three bars and a stem, paper between them.</summary>
    private static void Character(byte[] grey, int x, int y, int size)
    {
        var stroke = Math.Max(3, size / 10);
        void Fill(int left, int top, int right, int bottom)
        {
            for (var r = top; r < bottom; r++)
            {
                Array.Fill(grey, (byte)0, (r * Width) + left, right - left);
            }
        }

        Fill(x, y + (size / 10), x + size, y + (size / 10) + stroke);
        Fill(x, y + (size / 2), x + size, y + (size / 2) + stroke);
        Fill(x, y + size - stroke, x + size, y + size);
        Fill(x + (size / 2), y, x + (size / 2) + stroke, y + size);
    }

    private static Box Points(int left, int top, int right, int bottom) => new(left * Pt, top * Pt, right * Pt, bottom * Pt);

    /// <summary>A line the recogniser read: its characters, each <paramref name="pitch"/> px on from the last.</summary>
    private static IEnumerable<RecognisedWord> Read(string text, int x, int y, int size, int pitch, int? lineHeight = null)
    {
        var line = Points(x, y, x + (pitch * (text.Length - 1)) + size, y + (lineHeight ?? size));
        return text.Select((c, i) => new RecognisedWord(c.ToString(), Points(x + (i * pitch), y, x + (i * pitch) + size, y + size), line, 90));
    }

    /// <summary>
    /// A page with a headline of ten 100 px characters (110 px apart, from x = 50 to 1140, y = 50) over six lines of body
    /// type (30 px, from y = 300); the recogniser read the headline's characters 2–4 and 5–7 as two lines, character 8 as
    /// two small lines (its upper and lower halves) and characters 1, 9 and 10 not at all.
    /// </summary>
    private static (byte[] Grey, List<RecognisedWord> Words) PageReadInPieces()
    {
        var grey = Enumerable.Repeat((byte)255, Width * Height).ToArray();
        for (var i = 0; i < 10; i++)
        {
            Character(grey, 50 + (i * 110), 50, 100);
        }

        var words = new List<RecognisedWord>();
        words.AddRange(Read("設人民", 160, 50, 100, 110));
        words.AddRange(Read("城市最", 490, 50, 100, 110));
        words.AddRange(Read("口", 820, 52, 40, 40));
        words.AddRange(Read("口", 820, 105, 40, 40));
        for (var line = 0; line < 6; line++)
        {
            for (var i = 0; i < 30; i++)
            {
                Character(grey, 50 + (i * 40), 300 + (line * 50), 30);
            }

            words.AddRange(Read(new string('文', 30), 50, 300 + (line * 50), 30, 40));
        }

        return (grey, words);
    }

    [Test]
    public void A_headline_read_in_pieces_is_one_row_from_its_first_character_to_its_last()
    {
        var (grey, words) = PageReadInPieces();

        var rows = DisplayRows.Find(words, grey, Width, Height, Pt);

        Assert.That(rows, Has.Count.EqualTo(1), "one row: the body's lines are no display type");
        var row = rows[0];
        Assert.Multiple(() =>
        {
            Assert.That(row.Band.Left, Is.EqualTo(50 * Pt).Within(2 * Pt), "the first character, never read, is found on the raster");
            Assert.That(row.Band.Right, Is.EqualTo(1140 * Pt).Within(2 * Pt), "and so is the last");
            Assert.That(row.Band.Top, Is.EqualTo(50 * Pt).Within(12 * Pt));
            Assert.That(row.Band.Bottom, Is.EqualTo(150 * Pt).Within(12 * Pt));
            Assert.That(row.Lines, Has.Count.EqualTo(4), "both lines of pieces and both halves of a character");
            Assert.That(row.Crop.Bottom, Is.LessThan(300 * Pt), "the body under it is not read with it");
        });
    }

    [Test]
    public void A_headline_stops_where_the_body_type_beside_it_begins()
    {
        var (grey, words) = PageReadInPieces();
        // Body type in a column right of the headline, level with it and going on above and below it.
        for (var line = 0; line < 5; line++)
        {
            Character(grey, 1170, 10 + (line * 45), 30);
            Character(grey, 1210, 10 + (line * 45), 30);
        }

        var rows = DisplayRows.Find(words, grey, Width, Height, Pt);

        Assert.That(rows.Single().Band.Right, Is.EqualTo(1140 * Pt).Within(2 * Pt), "the column beside it spills out of the row's band");
    }

    [Test]
    public void A_row_read_again_takes_the_place_of_its_pieces_and_the_rest_stays()
    {
        var (grey, words) = PageReadInPieces();
        var row = DisplayRows.Find(words, grey, Width, Height, Pt).Single();
        // The second reading: the ten characters, the second boxed over the next three, a closing mark placed after the
        // character that follows it, and a speck read above the row.
        var line = Points(50, 50, 1140, 150);
        var reread = Read("建設人民城市最佳實踐", 50, 50, 100, 110).ToList();
        reread[1] = reread[1] with { Box = reread[1].Box with { Right = 490 * Pt } };
        reread.Insert(5, new RecognisedWord("”", Points(600, 50, 620, 70), line, 90));
        reread.Add(new RecognisedWord("・", Points(600, 0, 610, 8), line, 30));

        var replaced = DisplayRows.Replace(words, [(row, reread)]);

        var text = string.Concat(replaced.Select(w => w.Text));
        Assert.Multiple(() =>
        {
            Assert.That(text, Does.StartWith("建設人民城”市最佳實踐文"), "in the first piece's place, the pieces gone, the speck off the row dropped");
            Assert.That(replaced.Count(w => w.Text == "文"), Is.EqualTo(180), "the body is kept");
            var head = replaced.Take(11).ToArray();
            Assert.That(head.Zip(head.Skip(1)).All(p => p.Second.Box.Left > p.First.Box.Left && p.First.Box.Right <= p.Second.Box.Left + 1e-9), "in order, none running on over the next");
        });
    }

    [Test]
    public void A_row_read_again_as_nothing_keeps_its_first_reading()
    {
        var (grey, words) = PageReadInPieces();
        var row = DisplayRows.Find(words, grey, Width, Height, Pt).Single();

        var replaced = DisplayRows.Replace(words, [(row, [new RecognisedWord("|", Points(60, 50, 70, 150), Points(50, 50, 1140, 150), 10)])]);

        Assert.That(replaced, Is.EqualTo(words));
    }

    [Test]
    public void Evened_characters_do_not_run_on_over_the_next()
    {
        // 調 read narrow and widened to its em, the comma after it read where the em now reaches.
        var line = new Box(100, 200, 150, 210);
        var glyphs = RecognisedGlyphs.Evened(
        [
            new RecognisedWord("強", new Box(100, 200, 110, 210), line, 95),
            new RecognisedWord("調", new Box(110, 200, 113, 210), line, 95),
            new RecognisedWord(",", new Box(114.5, 207, 116, 210), line, 95),
            new RecognisedWord("要", new Box(120, 200, 130, 210), line, 95),
        ]);

        Assert.That(glyphs.Zip(glyphs.Skip(1)).All(p => p.First.Box.Right <= p.Second.Box.Left + 1e-9), string.Join(" ", glyphs.Select(g => $"{g.Text} {g.Box.Left:0.0}-{g.Box.Right:0.0}")));
    }
}
