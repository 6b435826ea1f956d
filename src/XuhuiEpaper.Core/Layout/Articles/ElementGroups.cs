namespace XuhuiEpaper.Core.Layout;

/// <summary>
/// Which elements make one article: a union-find over element ids. A group is anchored by a header unit, still
/// open (a column top whose article is not known yet), or headless (an article without a header).
/// </summary>
public sealed class ElementGroups
{
    private readonly int[] _parent;
    private readonly PageElement?[] _anchor;
    private readonly bool[] _open;

    public ElementGroups(int count)
    {
        _parent = Enumerable.Range(0, count).ToArray();
        _anchor = new PageElement?[count];
        _open = new bool[count];
    }

    /// <summary>Header units demoted to text of the article above them: crossheads and detached subtitles.</summary>
    public HashSet<int> Demoted { get; } = [];

    /// <summary>
    /// Column tops parted from the text above by more white space than a paragraph's, each with that text: the
    /// flow linker lets them go on from another column when the text says so, and back to the text above otherwise.
    /// </summary>
    public Dictionary<int, PageElement> Parted { get; } = [];

    public int Find(int id)
    {
        while (_parent[id] != id)
        {
            _parent[id] = _parent[_parent[id]];
            id = _parent[id];
        }

        return id;
    }

    public PageElement? Anchor(int id) => _anchor[Find(id)];

    public bool IsOpen(int id) => _open[Find(id)];

    public void Anchor(PageElement header)
    {
        ArgumentNullException.ThrowIfNull(header);
        _anchor[Find(header.Id)] = header;
    }

    public void Open(int id) => _open[Find(id)] = true;

    public void Close(int id) => _open[Find(id)] = false;

    /// <summary>Puts <paramref name="id"/>'s group into <paramref name="into"/>'s; the result keeps an anchor if either had one.</summary>
    public void Join(int id, int into)
    {
        var a = Find(id);
        var b = Find(into);
        if (a == b)
        {
            return;
        }

        _parent[a] = b;
        _anchor[b] ??= _anchor[a];
        _open[b] = (_open[b] || _open[a]) && _anchor[b] is null;
    }

    public IEnumerable<IGrouping<int, int>> Groups() => Enumerable.Range(0, _parent.Length).GroupBy(Find);
}
