namespace XuhuiEpaper.Core.Layout;

/// <summary>Puts an article's text blocks in column order and cuts them into paragraphs at indents.</summary>
public static class Paragraphs
{
    /// <summary>A short line such as 下轉第2版 or (上接第1版): a pointer to the other part, not text of the article.</summary>
    public static bool IsJumpLine(TextLine line) =>
        line is not null && line.Text.Length <= 14 && RoleClassifier.IsJumpLine(line.Text.Trim());

    public static IReadOnlyList<string> Split(IReadOnlyList<TextBlock> blocks, double bodySize)
    {
        ArgumentNullException.ThrowIfNull(blocks);
        if (blocks.Count == 0)
        {
            return [];
        }

        // Columns: blocks whose left edges line up (within half a character) are one column, read left to right.
        var columns = new List<List<TextBlock>>();
        foreach (var block in blocks.OrderBy(b => b.Box.Left))
        {
            var column = columns.FirstOrDefault(c => Math.Abs(c[0].Box.Left - block.Box.Left) < bodySize * 0.6 || c.Any(o => o.Box.HorizontalOverlap(block.Box) > 0.6 * Math.Min(o.Box.Width, block.Box.Width)));
            if (column is null)
            {
                columns.Add([block]);
            }
            else
            {
                column.Add(block);
            }
        }

        var paragraphs = new List<string>();
        var current = new System.Text.StringBuilder();
        foreach (var column in columns.OrderBy(c => c.Min(b => b.Box.Left)))
        {
            var left = column.Min(b => b.Lines.Min(l => l.Box.Left));
            foreach (var block in column.OrderBy(b => b.Box.Top))
            {
                var wholeBlock = block.Role != BlockRole.Body;
                foreach (var line in block.Lines.Where(l => !IsJumpLine(l)))
                {
                    var indented = line.Box.Left - left >= 1.5 * line.Size;
                    if ((indented || (wholeBlock && line == block.Lines[0])) && current.Length > 0)
                    {
                        paragraphs.Add(current.ToString());
                        current.Clear();
                    }

                    current.Append(line.Text);
                }

                if (wholeBlock && current.Length > 0)
                {
                    paragraphs.Add(current.ToString());
                    current.Clear();
                }
            }
        }

        if (current.Length > 0)
        {
            paragraphs.Add(current.ToString());
        }

        return paragraphs;
    }
}
