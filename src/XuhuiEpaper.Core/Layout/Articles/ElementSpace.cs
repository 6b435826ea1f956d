namespace XuhuiEpaper.Core.Layout;

/// <summary>What is found looking straight up (or down) a column from an element.</summary>
/// <param name="Element">The nearest element, or null when a rule, a box edge or the page edge comes first.</param>
/// <param name="Gap">The white space between the two, in points (for a separator, up to it).</param>
public readonly record struct Neighbour(PageElement? Element, double Gap);

/// <summary>
/// The page's elements, rules and boxes in a spatial index, answering the questions ownership is decided by: what
/// is directly above an element in its column (another element, a rule, the edge of its box) and what stands
/// beside it. Each answer costs the grid cells it looks at, so assembling a page stays linear in its content.
/// </summary>
public sealed class ElementSpace
{
    private readonly GridIndex<int> _index;
    private readonly List<PageElement> _elements;
    private readonly Box[] _rules;
    private readonly PageBoxes _boxes;
    private readonly PageInput _page;
    private readonly double _unit;

    /// <summary>Index values at or above this are rules; below -1 are boxes.</summary>
    private const int RuleBase = 1 << 24;

    public ElementSpace(PageInput page, IReadOnlyList<PageElement> elements, PageBoxes boxes, TypeScale scale)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(elements);
        ArgumentNullException.ThrowIfNull(boxes);
        ArgumentNullException.ThrowIfNull(scale);
        _page = page;
        _boxes = boxes;
        _unit = scale.BodyPitch;
        _elements = [.. elements];
        _rules = page.HorizontalRules.ToArray();
        _index = new GridIndex<int>(new Box(0, 0, page.Width, page.Height), 6 * scale.BodyPitch);
        foreach (var element in _elements)
        {
            _index.Add(element.Box, element.Id);
        }

        for (var r = 0; r < _rules.Length; r++)
        {
            _index.Add(_rules[r], RuleBase + r);
        }

        for (var b = 0; b < boxes.Count; b++)
        {
            _index.Add(boxes[b], -2 - b);
        }
    }

    public IReadOnlyList<PageElement> Elements => _elements;

    public double PageWidth => _page.Width;

    public PageElement this[int id] => _elements[id];

    /// <summary>The elements that touch <paramref name="area"/>.</summary>
    public IEnumerable<PageElement> Within(Box area) =>
        _index.Query(area).Where(id => id >= 0 && id < RuleBase).Select(id => _elements[id]);

    /// <summary>
    /// The nearest header whose top is level with the element's top (within <paramref name="tolerance"/>), standing
    /// beside it on the same band with no vertical rule between and nothing between them on that band but tops of
    /// other text columns starting level too (a photo or another header between them stands for another article):
    /// columns set beside their headline (a vertical title on their side, a headline over only the first columns
    /// while the rest start at the top).
    /// </summary>
    public PageElement? LevelHeader(PageElement element, double tolerance, Box[] verticalRules, Func<PageElement, bool> isAnchor)
    {
        ArgumentNullException.ThrowIfNull(element);
        ArgumentNullException.ThrowIfNull(isAnchor);
        var top = element.Box.Top;
        var band = new Box(0, top - tolerance, _page.Width, top + _unit);
        foreach (var header in Within(band)
            .Where(h => h.IsHeader && h.Scope == element.Scope && Math.Abs(h.Box.Top - top) <= tolerance
                && h.Box.HorizontalOverlap(element.Box) <= _unit && isAnchor(h))
            // A headline set across the page reads before its text: one on the left is taken before a nearer one on the right.
            .OrderBy(h => !h.Header!.Vertical && h.Box.Left > element.Box.Left ? 1 : 0)
            .ThenBy(h => Math.Max(h.Box.Left - element.Box.Right, element.Box.Left - h.Box.Right)))
        {
            var (left, right) = header.Box.CenterX < element.Box.CenterX ? (header.Box, element.Box) : (element.Box, header.Box);
            if (Rules.Between(verticalRules, left.Right - 1, right.Left + 1, top, top + _unit))
            {
                continue;
            }

            var between = new Box(Math.Min(left.Right, right.Left) + 0.5, top, Math.Max(left.Right, right.Left) - 0.5, top + _unit);
            if (between.Width <= 0 || !Within(between).Any(e => e != header && e != element && e.Scope == element.Scope
                && e.Box.HorizontalOverlap(between) > 0 && ((e.Box.Top < top - tolerance && e.Box.Bottom > top) || !e.IsText)))
            {
                return header;
            }
        }

        return null;
    }

    /// <summary>The nearest thing straight above <paramref name="box"/> in scope <paramref name="scope"/>.</summary>
    public Neighbour Above(Box box, int scope, Func<PageElement, bool>? skip = null) => Look(box, scope, up: true, skip);

    /// <summary>The nearest thing straight below <paramref name="box"/> in scope <paramref name="scope"/>.</summary>
    public Neighbour Below(Box box, int scope, Func<PageElement, bool>? skip = null) => Look(box, scope, up: false, skip);

    /// <summary>Elements of the same scope beside <paramref name="box"/> (left or right, at most <paramref name="maxGap"/> away) that overlap its top.</summary>
    public IEnumerable<PageElement> Beside(Box box, int scope, double maxGap)
    {
        var band = new Box(box.Left - maxGap, box.Top, box.Right + maxGap, box.Top + Math.Min(box.Height, 2 * _unit));
        foreach (var id in _index.Query(band))
        {
            if (id < 0 || id >= RuleBase)
            {
                continue;
            }

            var other = _elements[id];
            if (other.Scope == scope && other.Box != box && other.Box.HorizontalOverlap(box) <= 0.1 * Math.Min(box.Width, other.Box.Width)
                && other.Box.VerticalOverlap(band) > 0)
            {
                yield return other;
            }
        }
    }

    private Neighbour Look(Box box, int scope, bool up, Func<PageElement, bool>? skip)
    {
        var tolerance = 0.3 * _unit;
        var inset = Math.Min(0.1 * box.Width, _unit);
        double Nearness(double edge) => up ? edge : -edge;
        for (var reach = 4 * _unit; ; reach *= 2)
        {
            var strip = up
                ? new Box(box.Left + inset, box.Top - reach, box.Right - inset, box.Top + tolerance)
                : new Box(box.Left + inset, box.Bottom - tolerance, box.Right - inset, box.Bottom + reach);
            var separator = double.NegativeInfinity;
            var nearestElement = double.NegativeInfinity;
            var found = new List<(double Nearness, PageElement Element, double Overlap)>();
            foreach (var id in _index.Query(strip))
            {
                var (edge, element, overlap) = Candidate(id, box, scope, up, tolerance);
                if (double.IsNaN(edge))
                {
                    continue;
                }

                if (element is null)
                {
                    separator = Math.Max(separator, Nearness(edge));
                }
                else if (skip?.Invoke(element) != true)
                {
                    found.Add((Nearness(edge), element, overlap));
                    nearestElement = Math.Max(nearestElement, Nearness(edge));
                }
            }

            if (found.Count > 0 || !double.IsNegativeInfinity(separator))
            {
                // Of elements level with the nearest one, the one most squarely above; a rule at or below that level separates.
                var chosen = found.Where(f => f.Nearness >= nearestElement - (0.5 * _unit)).OrderByDescending(f => f.Overlap).FirstOrDefault();
                if (found.Count == 0 || separator >= chosen.Nearness - 1)
                {
                    return new Neighbour(null, Math.Max(0, up ? box.Top - separator : -separator - box.Bottom));
                }

                return new Neighbour(chosen.Element, Math.Max(0, up ? box.Top - chosen.Nearness : -chosen.Nearness - box.Bottom));
            }

            if ((up && strip.Top <= 0) || (!up && strip.Bottom >= _page.Height))
            {
                return new Neighbour(null, up ? box.Top : _page.Height - box.Bottom);
            }
        }
    }

    /// <summary>The edge (bottom when looking up) of an indexed thing that lies above or below the box, NaN otherwise.</summary>
    private (double Edge, PageElement? Element, double Overlap) Candidate(int id, Box box, int scope, bool up, double tolerance)
    {
        const double Nothing = double.NaN;
        if (id >= RuleBase)
        {
            var rule = _rules[id - RuleBase];
            var ahead = up ? rule.CenterY <= box.Top + tolerance : rule.CenterY >= box.Bottom - tolerance;
            return ahead && rule.HorizontalOverlap(box) >= 0.3 * box.Width ? (rule.CenterY, null, 0) : (Nothing, null, 0);
        }

        if (id <= -2)
        {
            var b = -2 - id;
            var frame = _boxes[b];
            if (frame.HorizontalOverlap(box) < 0.3 * box.Width)
            {
                return (Nothing, null, 0);
            }

            if (_boxes.Within(scope, b))
            {
                // The box the element sits in: its edge ends the column.
                return up ? (frame.Top, null, 0) : (frame.Bottom, null, 0);
            }

            if (_boxes.Parent(b) == scope)
            {
                // A box standing in the same column: an obstacle as a whole.
                var ahead = up ? frame.Bottom <= box.Top + tolerance : frame.Top >= box.Bottom - tolerance;
                return ahead ? (up ? frame.Bottom : frame.Top, null, 0) : (Nothing, null, 0);
            }

            return (Nothing, null, 0);
        }

        var other = _elements[id];
        if (other.Scope != scope || other.Box == box)
        {
            return (Nothing, null, 0);
        }

        var inFront = up
            ? other.Box.Bottom <= box.Top + tolerance && other.Box.Top < box.Top
            : other.Box.Top >= box.Bottom - tolerance && other.Box.Bottom > box.Bottom;
        var overlap = other.Box.HorizontalOverlap(box);
        if (!inFront || overlap < Math.Min(0.25 * box.Width, 0.5 * other.Box.Width))
        {
            return (Nothing, null, 0);
        }

        return (up ? other.Box.Bottom : other.Box.Top, other, overlap);
    }
}
