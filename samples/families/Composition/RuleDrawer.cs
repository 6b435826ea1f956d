using XuhuiEpaper.Samples.Families.Planning;
using XuhuiEpaper.Samples.Families.Style;
using XuhuiEpaper.Samples.Layout;

namespace XuhuiEpaper.Samples.Families.Composition;

/// <summary>
/// Draws the page's thin rules by the family's habit. Rules sit in the gaps between items (and, for the
/// every-column habit, in the gutters inside articles); they belong to no item.
/// </summary>
public sealed class RuleDrawer(ColumnGrid grid, IssueStyle style)
{
    private const float Tolerance = 0.5f;

    private float Width => style.Family.RuleWidth;

    public void Draw(List<DrawOp> ops, IReadOnlyList<ItemDraft> items)
    {
        var habit = style.Family.Rules;
        if (habit == RulesHabit.None)
        {
            return;
        }

        var blocks = items.SelectMany(item => item.Plan.Blocks.Select(cell => (Item: item, Cell: cell))).ToList();
        foreach (var (item, cell) in blocks)
        {
            HorizontalBelow(ops, blocks, item, cell);
            if (habit is RulesHabit.BetweenArticles or RulesHabit.EveryColumn)
            {
                VerticalRight(ops, blocks, item, cell);
            }
        }

        if (habit == RulesHabit.EveryColumn)
        {
            ops.AddRange(items.SelectMany(i => i.GutterRules).Select(r => Line(r.X, r.Top, r.X, r.Bottom)));
        }
    }

    /// <summary>A rule under the columns of a block whose next block down belongs to another item.</summary>
    private void HorizontalBelow(List<DrawOp> ops, List<(ItemDraft Item, Cell Cell)> blocks, ItemDraft item, Cell cell)
    {
        var y = cell.Bottom + (grid.ItemGap / 2);
        int? start = null;
        for (var c = cell.Col; c <= cell.End; c++)
        {
            var ruled = c < cell.End && blocks
                .Where(b => b.Cell.Covers(c) && b.Cell.Top >= cell.Bottom - Tolerance)
                .OrderBy(b => b.Cell.Top)
                .Select(b => b.Item != item && b.Cell.Top - cell.Bottom <= grid.ItemGap + Tolerance)
                .FirstOrDefault();
            if (ruled && start is null)
            {
                start = c;
            }
            else if (!ruled && start is int first)
            {
                ops.Add(Line(grid.X(first), y, grid.X(c - 1) + grid.ColumnWidth, y));
                start = null;
            }
        }
    }

    /// <summary>A rule in the gutter right of a block, along each neighbour of another item (or a ruled part of the same one).</summary>
    private void VerticalRight(List<DrawOp> ops, List<(ItemDraft Item, Cell Cell)> blocks, ItemDraft item, Cell cell)
    {
        var x = grid.X(cell.End) - (grid.Gutter / 2);
        foreach (var (other, neighbour) in blocks.Where(b => b.Cell.Col == cell.End))
        {
            if (other == item && !item.Plan.RuleBetweenBlocks)
            {
                continue;
            }

            var top = Math.Max(cell.Top, neighbour.Top);
            var bottom = Math.Min(cell.Bottom, neighbour.Bottom);
            if (bottom <= top)
            {
                continue;
            }

            // Reach halfway into the gaps above and below, to meet the horizontal rules there.
            top = top > grid.Top + Tolerance ? top - (grid.ItemGap / 2) : top;
            bottom = bottom < grid.Bottom - Tolerance ? bottom + (grid.ItemGap / 2) : bottom;
            ops.Add(Line(x, top, x, bottom));
        }
    }

    private LineOp Line(float x0, float y0, float x1, float y1) => new(string.Empty, 0, x0, y0, x1, y1, Width, Ink.Rule);
}
