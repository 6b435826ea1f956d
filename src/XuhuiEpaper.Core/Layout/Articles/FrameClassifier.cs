namespace XuhuiEpaper.Core.Layout;

public sealed record FrameClassifierOptions
{
    /// <summary>A frame covering more than this share of the page is a page border, not a box around an article.</summary>
    public double MaxPageShare { get; init; } = 0.6;
    /// <summary>A frame around one short line (at most this many characters) is a label: a kicker in a box or on a band.</summary>
    public int MaxLabelCharacters { get; init; } = 16;
}

/// <summary>
/// The boxes of a page that bound articles (a boxed notice, an advertisement, a sidebar), told from frames that
/// only decorate: page borders, photo borders, a kicker label's box, a tinted band behind a header, empty boxes.
/// </summary>
public sealed class PageBoxes
{
    private readonly Box[] _boxes;
    private readonly int[] _parent;

    public PageBoxes(IReadOnlyList<Box> boxes)
    {
        ArgumentNullException.ThrowIfNull(boxes);
        _boxes = boxes.OrderByDescending(b => b.Area).ToArray();
        _parent = new int[_boxes.Length];
        for (var i = 0; i < _boxes.Length; i++)
        {
            _parent[i] = Innermost(_boxes[i], before: i);
        }
    }

    public int Count => _boxes.Length;
    public Box this[int index] => _boxes[index];

    /// <summary>The box enclosing box <paramref name="index"/>, or -1.</summary>
    public int Parent(int index) => _parent[index];

    /// <summary>The smallest box enclosing <paramref name="box"/>, or -1 for the open page.</summary>
    public int Innermost(Box box) => Innermost(box, _boxes.Length);

    public bool SameScope(Box a, Box b) => Innermost(a) == Innermost(b);

    /// <summary>True when box <paramref name="inner"/> is <paramref name="outer"/> or lies inside it.</summary>
    public bool Within(int inner, int outer)
    {
        for (var k = inner; k >= 0; k = _parent[k])
        {
            if (k == outer)
            {
                return true;
            }
        }

        return outer < 0;
    }

    private int Innermost(Box box, int before)
    {
        // Boxes are sorted largest first, so the last one that encloses the box is the smallest.
        var best = -1;
        for (var i = 0; i < before; i++)
        {
            if (_boxes[i].Inflate(2).Encloses(box) && _boxes[i] != box)
            {
                best = i;
            }
        }

        return best;
    }
}

/// <summary>Decides which frames of a page are boxes that bound articles.</summary>
public sealed class FrameClassifier(FrameClassifierOptions options)
{
    public static FrameClassifier Instance { get; } = new(new FrameClassifierOptions());

    public PageBoxes Classify(PageInput page, IReadOnlyList<TextBlock> blocks, TypeScale scale)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(blocks);
        ArgumentNullException.ThrowIfNull(scale);
        var boxes = new List<Box>();
        foreach (var frame in page.Frames.Distinct())
        {
            if (frame.Area >= options.MaxPageShare * page.Width * page.Height
                || page.Images.Any(i => i.Inflate(3).Encloses(frame) && frame.Inflate(3).Encloses(i)))
            {
                continue;
            }

            var inside = blocks.Where(b => frame.Inflate(2).Encloses(b.Box)).ToList();
            var images = page.Images.Count(i => frame.Inflate(2).Encloses(i));
            if (inside.Count == 0 && images == 0)
            {
                continue;
            }

            if (images == 0 && (IsLabel(frame, inside) || IsHeaderBand(frame, inside, blocks, scale)))
            {
                continue;
            }

            boxes.Add(frame);
        }

        return new PageBoxes(boxes);
    }

    private bool IsLabel(Box frame, List<TextBlock> inside) =>
        inside.Count >= 1 && inside.Sum(b => b.Lines.Count) <= 2 && inside.Sum(b => b.CharacterCount) <= options.MaxLabelCharacters
        && frame.Height <= 4 * inside.Max(b => b.Size);

    /// <summary>A tinted band or box behind a header whose article runs on below it, outside the box.</summary>
    private static bool IsHeaderBand(Box frame, List<TextBlock> inside, IReadOnlyList<TextBlock> blocks, TypeScale scale) =>
        inside.Count > 0
        && inside.All(b => b.Role is BlockRole.Headline or BlockRole.Deck || b.CharacterCount <= 16)
        && inside.Any(b => b.Role is BlockRole.Headline or BlockRole.Deck)
        && blocks.Any(b => b.Role == BlockRole.Body && !frame.Inflate(2).Encloses(b.Box)
            && b.Box.Top >= frame.Bottom - 2 && b.Box.Top - frame.Bottom <= 2 * scale.BodyPitch
            && b.Box.HorizontalOverlap(frame) >= 0.5 * Math.Min(frame.Width, b.Box.Width));
}
