namespace XuhuiEpaper.Core.Layout;

/// <summary>What the text itself says about where it goes on: sentences and paragraphs at the ends of columns.</summary>
public static class TextFlow
{
    private const string SentenceEnds = "。！？!?.…”」』\")）";

    /// <summary>The last line stops short of a sentence end: the text goes on elsewhere.</summary>
    public static bool EndsMidSentence(PageElement element)
    {
        ArgumentNullException.ThrowIfNull(element);
        if (!element.IsText)
        {
            return false;
        }

        var text = element.Blocks[^1].Lines[^1].Text.TrimEnd();
        return text.Length > 0 && !SentenceEnds.Contains(text[^1], StringComparison.Ordinal);
    }

    /// <summary>The element starts a paragraph: its first line is indented, or it is not running text.</summary>
    public static bool StartsParagraph(PageElement element)
    {
        ArgumentNullException.ThrowIfNull(element);
        if (!element.IsText)
        {
            return true;
        }

        var first = element.Blocks[0].Lines[0];
        return first.Box.Left - element.Box.Left >= 1.2 * first.Size || element.Blocks[0].Role != BlockRole.Body
            || StartsReport(first.Text) || (first.Box.Width < 0.6 * element.Box.Width && StartsByline(first.Text));
    }

    /// <summary>
    /// The element opens an article's text: a dateline (本报讯), a short byline line, or a jump line saying where it
    /// comes from (上接第2版). An article's text opens once, in its first column.
    /// </summary>
    public static bool OpensArticle(PageElement element)
    {
        ArgumentNullException.ThrowIfNull(element);
        if (!element.IsText)
        {
            return false;
        }

        var first = element.Blocks[0].Lines[0];
        var text = first.Text.TrimStart();
        var shortLine = first.Box.Width < 0.6 * element.Box.Width
            || (text.Length <= MaxBylineCharacters && (element.Blocks[0].Lines.Count == 1 || first.Box.Width < element.Box.Width - (2 * first.Size)));
        return StartsReport(text) || text.StartsWith("上接", StringComparison.Ordinal) || (shortLine && StartsByline(text));
    }

    /// <summary>A news report opens with its dateline, 本报讯 (set flush left in papers that do not indent).</summary>
    private static bool StartsReport(string text)
    {
        var start = text.TrimStart();
        return start.StartsWith("本报讯", StringComparison.Ordinal) || start.StartsWith("本報訊", StringComparison.Ordinal);
    }

    /// <summary>A short first line naming the reporters (记者…, 通讯员…) is a byline: an article starts there.</summary>
    private static bool StartsByline(string text)
    {
        var start = text.TrimStart();
        return Bylines.Any(b => start.StartsWith(b, StringComparison.Ordinal));
    }

    /// <summary>A line of its own naming reporters is short: 本报记者 刘坤 通讯员 朱亮.</summary>
    private const int MaxBylineCharacters = 20;

    private static readonly string[] Bylines = ["记者", "記者", "本报记者", "本報記者", "通讯员", "通訊員", "特约", "特約", "●", "■"];

    /// <summary>The last line closes an article: its reporters' names in brackets, （记者 刘坤）, or （完）.</summary>
    public static bool EndsArticle(PageElement element)
    {
        ArgumentNullException.ThrowIfNull(element);
        if (!element.IsText)
        {
            return false;
        }

        var text = element.Blocks[^1].Lines[^1].Text.Trim();
        return text.Length >= 3 && text[^1] is '）' or ')' && text.LastIndexOfAny(['（', '(']) is var open and >= 0
            && (Bylines.Any(b => text.IndexOf(b, open, StringComparison.Ordinal) > open) || text[open..] is "（完）" or "(完)");
    }

    /// <summary>
    /// This column starts mid-paragraph: it goes on from the column before (a column broken off mid-sentence cannot go
    /// on in one that starts a paragraph). A column that opens with a crosshead goes on from a column that ends its
    /// sentence (the next section of its article), never from one broken off mid-sentence.
    /// </summary>
    public static bool Continues(PageElement end, PageElement top) =>
        OpensWithCrosshead(top) ? !EndsMidSentence(end) : !StartsParagraph(top);

    /// <summary>The element's first line is a crosshead: a new section of an article starts there.</summary>
    public static bool OpensWithCrosshead(PageElement element)
    {
        ArgumentNullException.ThrowIfNull(element);
        if (!element.IsText)
        {
            return false;
        }

        // A first line stopping short of the column's right edge without ending a sentence, over more text, is a
        // heading (a paragraph's last line ends one), unless it opens the article (a byline, a dateline).
        var lines = element.Blocks[0].Lines;
        var first = lines[0].Text.TrimEnd();
        return element.Blocks[0].Role == BlockRole.Crosshead
            || (lines.Count > 1 && first.Length > 0 && lines[0].Box.Right < element.Box.Right - (1.5 * lines[0].Size)
                && !SentenceEnds.Contains(first[^1], StringComparison.Ordinal) && !OpensArticle(element));
    }
}
