using XuhuiEpaper.Core.Layout;

namespace XuhuiEpaper.Core.Tests.Layout;

/// <summary>
/// Hand-made pages for the layout step tests: glyph runs set solid, columns of body type, vertical titles, rules,
/// frames and images on a 600 × 800 pt page. Coordinates are PDF points from the top-left; a run's <c>top</c> is the
/// top of its em boxes. Body type is 10 pt on a 15 pt pitch unless a test says otherwise.
/// </summary>
internal sealed class PageBuilder
{
    public const double Width = 600;
    public const double Height = 800;
    public const double Body = 10;
    public const double Pitch = 15;

    private readonly List<Glyph> _glyphs = [];
    private readonly List<Box> _horizontal = [];
    private readonly List<Box> _vertical = [];
    private readonly List<Box> _frames = [];
    private readonly List<Box> _images = [];
    private bool _scan;

    /// <summary>A run of characters set solid (plus <paramref name="tracking"/>) from (left, top), one em box each.</summary>
    public static IEnumerable<Glyph> Run(string text, double left, double top, double size = Body, double tracking = 0) =>
        text.Select((c, i) => new Glyph(c.ToString(), new Box(left + (i * (size + tracking)), top, left + (i * (size + tracking)) + size, top + size), size, false));

    /// <summary>A one-line block, as the block builder would give it, for the steps that take blocks.</summary>
    public static TextBlock Block(string text, double left, double top, double size = Body, BlockRole role = BlockRole.Body) =>
        new([new TextLine(Run(text, left, top, size).ToArray())]) { Role = role };

    public PageBuilder Text(string text, double left, double top, double size = Body, double tracking = 0)
    {
        _glyphs.AddRange(Run(text, left, top, size, tracking));
        return this;
    }

    /// <summary>
    /// A line of Latin words in a proportional face (letter widths of Helvetica), with no space glyphs between words (as
    /// a PDF that positions each word leaves them): justified to <paramref name="justify"/> points wide, or else a
    /// quarter em apart.
    /// </summary>
    public PageBuilder Latin(string text, double left, double top, double? justify = null, double size = Body)
    {
        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var letters = words.Sum(w => LatinWidth(w, size));
        var space = justify is { } width && words.Length > 1 ? (width - letters) / (words.Length - 1) : 0.25 * size;
        var x = left;
        foreach (var word in words)
        {
            foreach (var c in word)
            {
                var advance = LatinWidth(c.ToString(), size);
                _glyphs.Add(new Glyph(c.ToString(), new Box(x, top, x + advance, top + size), size, false));
                x += advance;
            }

            x += space;
        }

        return this;
    }

    /// <summary>The advance of Latin text in Helvetica (thousandths of an em per letter; 556 for most lower case).</summary>
    public static double LatinWidth(string text, double size = Body) =>
        text.Sum(c => c switch
        {
            'i' or 'j' or 'l' => 222,
            't' or 'f' or ',' or '.' => 278,
            'r' => 333,
            'c' or 'k' or 's' or 'v' or 'x' or 'y' or 'z' => 500,
            'w' => 722,
            'm' => 833,
            _ when char.IsUpper(c) => 667,
            _ => 556,
        }) * size / 1000;

    /// <summary>
    /// A paragraph of body type: <paramref name="lines"/> lines of <paramref name="characters"/> characters cycled from
    /// <paramref name="words"/>, one <paramref name="pitch"/> apart. The first line is indented two characters unless
    /// <paramref name="indent"/> is false (text going on from another column); the last line ends a sentence (。)
    /// unless <paramref name="endsSentence"/> is false (text that goes on in another column).
    /// </summary>
    public PageBuilder Paragraph(string words, double left, double top, int lines, int characters = 15, bool indent = true, bool endsSentence = true, double size = Body, double pitch = Pitch)
    {
        var cycle = 0;
        for (var i = 0; i < lines; i++)
        {
            var offset = i == 0 && indent ? 2 : 0;
            var chars = new char[characters - offset];
            for (var k = 0; k < chars.Length; k++)
            {
                chars[k] = words[cycle++ % words.Length];
            }

            if (i == lines - 1 && endsSentence)
            {
                chars[^1] = '。';
            }

            Text(new string(chars), left + (offset * size), top + (i * pitch), size);
        }

        return this;
    }

    /// <summary>Characters of display type one under the other (竖排), centred on one axis.</summary>
    public PageBuilder Vertical(string text, double left, double top, double size, double? pitch = null)
    {
        for (var i = 0; i < text.Length; i++)
        {
            Text(text[i].ToString(), left, top + (i * (pitch ?? 1.05 * size)), size);
        }

        return this;
    }

    public PageBuilder HorizontalRule(double left, double right, double y)
    {
        _horizontal.Add(new Box(left, y - 0.25, right, y + 0.25));
        return this;
    }

    public PageBuilder VerticalRule(double x, double top, double bottom)
    {
        _vertical.Add(new Box(x - 0.25, top, x + 0.25, bottom));
        return this;
    }

    public PageBuilder Frame(double left, double top, double right, double bottom)
    {
        _frames.Add(new Box(left, top, right, bottom));
        return this;
    }

    public PageBuilder Image(double left, double top, double right, double bottom)
    {
        _images.Add(new Box(left, top, right, bottom));
        return this;
    }

    /// <summary>The page is a scan: its image covers the whole page and the glyphs are an OCR layer over it.</summary>
    public PageBuilder Scanned()
    {
        _images.Add(new Box(0, 0, Width, Height));
        _scan = true;
        return this;
    }

    public PageInput Build(int number = 1) => new()
    {
        Number = number,
        Width = Width,
        Height = Height,
        Glyphs = _scan ? _glyphs.Select(g => g with { Invisible = true }).ToArray() : _glyphs.ToArray(),
        HorizontalRules = _horizontal.ToArray(),
        VerticalRules = _vertical.ToArray(),
        Frames = _frames.ToArray(),
        Images = _images.ToArray(),
    };
}
