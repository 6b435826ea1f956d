using XuhuiEpaper.Core.Model;

namespace XuhuiEpaper.Core.Layout;

/// <summary>The options of every step of the article finder, bound from configuration (<c>Ingest:Layout</c>).</summary>
public sealed record ArticleFinderOptions
{
    public const string SectionName = "Ingest:Layout";

    public LineBuilderOptions Lines { get; init; } = new();
    public VerticalLineFinderOptions VerticalLines { get; init; } = new();
    public BlockBuilderOptions Blocks { get; init; } = new();
    public RoleClassifierOptions Roles { get; init; } = new();
    public HeadingRefinerOptions Headings { get; init; } = new();
    public FurnitureFinderOptions Furniture { get; init; } = new();
    public PhotoCaptionPairerOptions Photos { get; init; } = new();
    public FrameClassifierOptions Frames { get; init; } = new();
    public HeaderUnitBuilderOptions Headers { get; init; } = new();
    public OwnershipResolverOptions Ownership { get; init; } = new();
    public FlowLinkerOptions Flow { get; init; } = new();
    public BoxedArticleOptions Boxes { get; init; } = new();
    public KindClassifierOptions Kinds { get; init; } = new();
    public RegionPainterOptions Regions { get; init; } = new();
}

/// <summary>An article found on a page, with the jump line that links it to its other part, if any.</summary>
public sealed record FoundArticle(ArticleContent Content, string? JumpLine);

/// <summary>The result of analysing one page.</summary>
public sealed record PageLayout(IReadOnlyList<FoundArticle> Articles, IReadOnlyList<TextLine> Lines, double BodySize);

/// <summary>
/// Finds the articles of a newspaper page, as a chain of small steps in the manner of PdfPig's
/// DocumentLayoutAnalysis, each a class with its own options:
/// glyphs → lines (gutters told from word spaces by white-space rivers) → vertical titles → blocks → type scale and
/// roles → page furniture (masthead, page header, folio line) → photo groups with captions → boxes that bound
/// articles → header units (kicker, title lines and phrases, subtitle) → ownership down the columns (crossheads and
/// detached subtitles stay text) → text flow and columns beside a wide header → boxed articles and advertisements → kinds →
/// regions (rectilinear, never overlapping).
/// </summary>
public sealed class ArticleFinder(ArticleFinderOptions options)
{
    private readonly LineBuilder _lines = new(options.Lines);
    private readonly VerticalLineFinder _verticalLines = new(options.VerticalLines);
    private readonly BlockBuilder _blocks = new(options.Blocks);
    private readonly RoleClassifier _roles = new(options.Roles);
    private readonly HeadingRefiner _headings = new(options.Headings);
    private readonly FurnitureFinder _furniture = new(options.Furniture);
    private readonly PhotoCaptionPairer _photos = new(options.Photos);
    private readonly FrameClassifier _frames = new(options.Frames);
    private readonly HeaderUnitBuilder _headers = new(options.Headers);
    private readonly OwnershipResolver _ownership = new(options.Ownership);
    private readonly FlowLinker _flow = new(options.Flow);
    private readonly BoxedArticles _boxed = new(options.Boxes);
    private readonly KindClassifier _kinds = new(options.Kinds);
    private readonly RegionPainter _regions = new(options.Regions);

    public ArticleFinderOptions Options => options;

    /// <summary>The finder with every option at its default, for tools and tests; the service builds its own from configuration.</summary>
    public static ArticleFinder Instance { get; } = new(new ArticleFinderOptions());

    public PageLayout Find(PageInput page)
    {
        ArgumentNullException.ThrowIfNull(page);
        var lines = _lines.Build(page);
        lines = _verticalLines.Find(lines, TypeScale.MeasureBodySize(lines));
        var blocks = _blocks.Build(lines, page).ToList();
        var scale = TypeScale.Measure(lines);
        _roles.Classify(blocks, scale.BodySize, page.IsScan);
        _headings.Refine(page, blocks, scale);

        var furniture = _furniture.Find(page, blocks, scale);
        var photos = _photos.Pair(page, blocks, scale);
        var boxes = _frames.Classify(page, blocks, scale);
        var headers = _headers.Build(page, blocks, scale, boxes.SameScope);

        var elements = new List<PageElement>();
        foreach (var header in headers)
        {
            elements.Add(PageElement.ForHeader(elements.Count, header));
        }

        foreach (var block in blocks)
        {
            elements.Add(PageElement.ForText(elements.Count, [block]));
        }

        foreach (var photo in photos)
        {
            elements.Add(PageElement.ForPhoto(elements.Count, photo));
        }

        foreach (var element in elements)
        {
            element.Scope = boxes.Innermost(element.Box);
        }

        var space = new ElementSpace(page, elements, boxes, scale);
        var groups = _ownership.Resolve(space, page, scale);
        _flow.Link(space, groups, page, scale);
        var framed = _boxed.Merge(space, groups, boxes, scale);

        var drafts = furniture.Select(f => Draft(f)).ToList();
        foreach (var group in groups.Groups())
        {
            var draft = new ArticleDraft();
            foreach (var id in group.OrderBy(id => space[id].Box.Top))
            {
                if (groups.Demoted.Contains(id))
                {
                    foreach (var block in space[id].Header!.Blocks)
                    {
                        block.Role = BlockRole.Crosshead;
                        draft.Blocks.Add(block);
                    }
                }
                else
                {
                    draft.Add(space[id]);
                }
            }

            if (framed.TryGetValue(group.Key, out var frame))
            {
                draft.Frame = frame.Box;
                draft.Display = frame.Display;
            }

            drafts.Add(draft);
        }

        foreach (var draft in drafts)
        {
            draft.Kind = _kinds.Classify(draft);
        }

        var regions = _regions.Paint(drafts.Select(d => d.Boxes()).ToArray(), page, scale.BodySize, drafts.Select(d => d.Outline()).ToArray());
        var articles = new List<FoundArticle>();
        for (var i = 0; i < drafts.Count; i++)
        {
            if (regions[i].Count > 0)
            {
                articles.Add(new FoundArticle(ArticleText.ToContent(drafts[i], drafts[i].Kind, regions[i], scale.BodySize, (page.Width, page.Height)), ArticleText.JumpLine(drafts[i])));
            }
        }

        return new PageLayout(SortForReading(articles), lines, scale.BodySize);
    }

    private static ArticleDraft Draft(FurniturePiece piece)
    {
        var draft = new ArticleDraft { Furniture = piece.Kind };
        draft.Blocks.AddRange(piece.Blocks);
        return draft;
    }

    private static List<FoundArticle> SortForReading(List<FoundArticle> articles) =>
        articles
            .OrderBy(a => a.Content.Kind is RegionKind.Masthead or RegionKind.PageHeader ? 0 : a.Content.Kind == RegionKind.Folio ? 2 : 1)
            .ThenBy(a => Math.Round(a.Content.Rects.Min(r => r.Y) * 20))
            .ThenBy(a => a.Content.Rects.Min(r => r.X))
            .ToList();
}
