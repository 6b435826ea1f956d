namespace XuhuiEpaper.Core.Layout;

/// <summary>
/// A uniform grid over the page that answers "which items touch this rectangle" in time proportional to the
/// cells the rectangle covers and the items found, so the layout steps stay linear in the size of the page's
/// content instead of comparing every pair of elements.
/// </summary>
/// <typeparam name="T">The indexed items; each is returned at most once per query.</typeparam>
public sealed class GridIndex<T>
{
    private readonly List<int>?[] _cells;
    private readonly List<(Box Box, T Item)> _items = [];
    private readonly int _columns;
    private readonly int _rows;
    private readonly double _cellWidth;
    private readonly double _cellHeight;
    private readonly double _left;
    private readonly double _top;
    private int[] _seen = [];
    private readonly List<int> _ids = [];
    private int _stamp;

    /// <param name="area">The area items live in (the page); items outside are clamped to it.</param>
    /// <param name="cellSize">The side of a cell: about the size of a typical query keeps queries cheap.</param>
    public GridIndex(Box area, double cellSize)
    {
        var size = Math.Max(cellSize, Math.Max(area.Width, area.Height) / 512);
        size = Math.Max(size, 1e-3);
        _left = area.Left;
        _top = area.Top;
        _columns = Math.Max(1, (int)Math.Ceiling(area.Width / size));
        _rows = Math.Max(1, (int)Math.Ceiling(area.Height / size));
        _cellWidth = Math.Max(area.Width, 1e-3) / _columns;
        _cellHeight = Math.Max(area.Height, 1e-3) / _rows;
        _cells = new List<int>?[_columns * _rows];
    }

    public int Count => _items.Count;

    public void Add(Box box, T item)
    {
        var id = _items.Count;
        _items.Add((box, item));
        var (i0, j0, i1, j1) = CellRange(box);
        for (var j = j0; j <= j1; j++)
        {
            for (var i = i0; i <= i1; i++)
            {
                (_cells[(j * _columns) + i] ??= []).Add(id);
            }
        }
    }

    /// <summary>The items whose boxes intersect <paramref name="area"/> (touching edges count), in insertion order.</summary>
    public List<T> Query(Box area)
    {
        var found = new List<int>();
        Collect(area, found);
        found.Sort();
        return found.ConvertAll(id => _items[id].Item);
    }

    /// <summary>
    /// Fills <paramref name="found"/> (cleared first) with the items whose boxes intersect <paramref name="area"/>, in
    /// no particular but a repeatable order, without allocating: for the hot loops of the layout steps.
    /// </summary>
    public void Visit(Box area, List<T> found)
    {
        ArgumentNullException.ThrowIfNull(found);
        found.Clear();
        _ids.Clear();
        Collect(area, _ids);
        foreach (var id in _ids)
        {
            found.Add(_items[id].Item);
        }
    }

    /// <summary>True when some item intersecting <paramref name="area"/> satisfies <paramref name="predicate"/>.</summary>
    public bool Any(Box area, Func<Box, T, bool> predicate)
    {
        var found = new List<int>();
        Collect(area, found);
        foreach (var id in found)
        {
            if (predicate(_items[id].Box, _items[id].Item))
            {
                return true;
            }
        }

        return false;
    }

    private void Collect(Box area, List<int> found)
    {
        if (_seen.Length < _items.Count)
        {
            _seen = new int[Math.Max(_items.Count, _seen.Length * 2)];
            _stamp = 0;
        }

        if (++_stamp == int.MaxValue)
        {
            Array.Clear(_seen);
            _stamp = 1;
        }

        var (i0, j0, i1, j1) = CellRange(area);
        for (var j = j0; j <= j1; j++)
        {
            for (var i = i0; i <= i1; i++)
            {
                if (_cells[(j * _columns) + i] is not { } cell)
                {
                    continue;
                }

                foreach (var id in cell)
                {
                    if (_seen[id] == _stamp)
                    {
                        continue;
                    }

                    _seen[id] = _stamp;
                    var box = _items[id].Box;
                    if (box.Left <= area.Right && area.Left <= box.Right && box.Top <= area.Bottom && area.Top <= box.Bottom)
                    {
                        found.Add(id);
                    }
                }
            }
        }
    }

    private (int I0, int J0, int I1, int J1) CellRange(Box box) => (
        Math.Clamp((int)Math.Floor((box.Left - _left) / _cellWidth), 0, _columns - 1),
        Math.Clamp((int)Math.Floor((box.Top - _top) / _cellHeight), 0, _rows - 1),
        Math.Clamp((int)Math.Floor((box.Right - _left) / _cellWidth), 0, _columns - 1),
        Math.Clamp((int)Math.Floor((box.Bottom - _top) / _cellHeight), 0, _rows - 1));
}
