using SkiaSharp;
using XuhuiEpaper.Samples.Families.Composition;
using XuhuiEpaper.Samples.Families.Furniture;
using XuhuiEpaper.Samples.Families.Planning;
using XuhuiEpaper.Samples.Families.Style;
using XuhuiEpaper.Samples.Families.Text;
using XuhuiEpaper.Samples.Layout;
using XuhuiEpaper.Samples.Truth;

namespace XuhuiEpaper.Samples.Families;

/// <summary>What a page asks of the issue: where its jumping article goes, and which article it continues.</summary>
public sealed record PageOrder(int Number, string Name, PageRecipe Recipe, int? JumpTo, Continuation? ContinuedFrom);

/// <summary>A composed page; <see cref="Jump"/> is set when one of its articles continues on a later page.</summary>
public sealed record ComposedPage(PageDrawing Drawing, List<ArticleTruth> Articles, List<FurnitureTruth> Furniture, Continuation? Jump, PageNotes Notes);

/// <summary>How much of its region an item inks: the area of its truth rectangles over the area of its blocks.</summary>
public sealed record ItemNote(string Id, string Kind, double Fill);

/// <summary>
/// What a page shows, for tests and the README's census: its recipe, features, how full its items are, and how
/// many glyphs print over other glyphs or photos (must be none).
/// </summary>
public sealed record PageNotes(PageRecipe Recipe, IReadOnlySet<LayoutFeature> Features, IReadOnlyList<ItemNote> Items, int InkOverlaps);

/// <summary>Composes one page: furniture, plan, items, rules, then the truth derived from the drawn ops.</summary>
public sealed class PageBuilder(IssueStyle style, CopyDesk desk, IssueFacts facts, Random rng)
{
    public ComposedPage Build(PageOrder order)
    {
        var drawing = new PageDrawing(style.Page.Width, style.Page.Height);
        var furniture = new FurnitureSetter(style, desk.Text, facts, rng);
        var head = order.Number == 1 ? furniture.Masthead(order.Name) : furniture.PageHeader(order.Number, order.Name);
        var foot = furniture.Folio(order.Number);
        var gap = style.Leading;
        var grid = new ColumnGrid(style.MarginX, head.Bottom + gap, style.Page.Width - style.MarginX, foot.Top - gap, style.Columns, style.Gutter, style.ItemGap);
        var plan = new PagePlanner(grid, style, rng).Plan(order.Recipe);

        // The continuation takes the largest ordinary article (the lead or a brief if there is none); the jump
        // source is the lead, or else the largest article left.
        var candidates = plan.Where(i => i.Kind == ItemKind.Article).OrderBy(i => i.Role switch { ArticleRole.Normal => 0, ArticleRole.Lead => 1, _ => 2 })
            .ThenByDescending(i => i.Area).ToList();
        var continuation = order.ContinuedFrom is null ? null : candidates.FirstOrDefault()
            ?? throw new InvalidOperationException($"Page {order.Number} has no article to continue {order.ContinuedFrom.FromId}.");
        var jumpSource = order.JumpTo is null ? null
            : candidates.Where(i => i != continuation && i.Role is ArticleRole.Lead or ArticleRole.Normal).OrderBy(i => i.Role != ArticleRole.Lead).ThenByDescending(i => i.Area).FirstOrDefault();

        var articles = new ArticleSetter(style, desk, grid, rng);
        var items = new List<ItemDraft>();
        Continuation? jump = null;
        foreach (var (item, index) in plan.Select((p, i) => (p, i)))
        {
            var id = $"p{order.Number}-a{index + 1}";
            switch (item.Kind)
            {
                case ItemKind.Advertisement:
                    items.Add(new AdSetter(style, desk, grid, rng).Compose(id, item));
                    break;
                case ItemKind.Notice:
                    items.Add(new NoticeSetter(style, desk, grid, rng).Compose(id, item, facts.Date.AddDays(-rng.Next(1, 6))));
                    break;
                case ItemKind.Photo:
                    items.Add(new PhotoItemSetter(style, desk, grid, rng).Compose(id, item));
                    break;
                default:
                    var (draft, rest) = articles.Compose(id, item, item == jumpSource ? order.JumpTo : null, item == continuation ? order.ContinuedFrom : null);
                    items.Add(draft);
                    if (rest is not null)
                    {
                        jump = new Continuation(id, order.Number, draft.Title, rest);
                    }

                    break;
            }
        }

        foreach (var item in items)
        {
            if (!grid.Holds(item.Ops, item.Plan.Blocks))
            {
                throw new InvalidOperationException($"{item.Id} ({item.Kind}) draws outside its region.");
            }
        }

        var truths = items.Select(item => Truth(item, grid, drawing)).ToList();
        new RuleDrawer(grid, style).Draw(drawing.Ops, items);
        var furnitureTruths = new[] { head, foot }.Select(f => Furniture(f, drawing)).ToList();
        var notes = items.Zip(truths, (item, truth) => new ItemNote(item.Id, item.Kind, Fill(item, truth, grid, drawing))).ToList();
        return new ComposedPage(drawing, truths, furnitureTruths, jump, new PageNotes(order.Recipe, PageFeatures(order, items), notes, InkOverlap.Count(drawing.Ops)));
    }

    private HashSet<LayoutFeature> PageFeatures(PageOrder order, List<ItemDraft> items)
    {
        var family = style.Family;
        var features = items.SelectMany(i => i.Features).ToHashSet();
        features.Add(style.IsBroadsheet ? LayoutFeature.Broadsheet : LayoutFeature.Tabloid);
        features.Add(style.Simplified ? LayoutFeature.Simplified : LayoutFeature.Traditional);
        features.Add(family.Paragraphs == ParagraphHabit.Indent ? LayoutFeature.IndentedParagraphs : LayoutFeature.BlankLineParagraphs);
        features.Add(family.Rules switch
        {
            RulesHabit.BetweenArticles => LayoutFeature.RulesBetweenArticles,
            RulesHabit.EveryColumn => LayoutFeature.ColumnRules,
            RulesHabit.None => LayoutFeature.NoRules,
            _ => LayoutFeature.HorizontalRulesOnly,
        });
        features.Add(order.Number == 1 ? LayoutFeature.Masthead : LayoutFeature.PageHeader);
        features.Add(family.Folio == FolioDesign.PageNumber ? LayoutFeature.PageNumberFolio : LayoutFeature.Folio);
        return features;
    }

    private static double Fill(ItemDraft item, ArticleTruth truth, ColumnGrid grid, PageDrawing drawing)
    {
        var blocks = item.Plan.Blocks.Sum(b => grid.Width(b.Cols) * b.Height) / (drawing.Width * drawing.Height);
        return truth.Rects.Sum(r => r[2] * r[3]) / blocks;
    }

    private static ArticleTruth Truth(ItemDraft item, ColumnGrid grid, PageDrawing drawing)
    {
        var blocks = item.Plan.Blocks.Select(grid.Rect).ToList();
        var ops = item.Ops.Select(op => op with { Block = TruthRects.BlockOf(op.Bounds, blocks) }).ToList();
        drawing.Ops.AddRange(ops);
        var size = new SKSize(drawing.Width, drawing.Height);
        var rects = blocks.Select((block, i) => TruthRects.Normalize(TruthRects.Tight(ops.Where(o => o.Block == i), block), size)).ToList();
        return new ArticleTruth(item.Id, item.Kind, item.Kicker, item.Title, item.Subtitle, item.Byline, [.. item.Body], [.. item.Captions],
            item.ContinuedFrom, item.ContinuedOn, item.ContinuationMarker, rects);
    }

    private static FurnitureTruth Furniture(FurnitureDraft draft, PageDrawing drawing)
    {
        drawing.Ops.AddRange(draft.Ops);
        var page = new SKRect(0, 0, drawing.Width, drawing.Height);
        var rect = TruthRects.Normalize(TruthRects.Tight(draft.Ops, page), new SKSize(drawing.Width, drawing.Height));
        return new FurnitureTruth(draft.Kind, string.Join("\n", draft.Lines), [rect]);
    }
}
