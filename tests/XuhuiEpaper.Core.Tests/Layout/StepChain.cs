using XuhuiEpaper.Core.Layout;

namespace XuhuiEpaper.Core.Tests.Layout;

/// <summary>
/// The steps of <see cref="ArticleFinder.Find"/> in its order, with default options, run up to the step a test is
/// about, so that the test calls that step itself on what the steps before it give: a failure then points at the step.
/// Keep in step with <see cref="ArticleFinder.Find"/>.
/// </summary>
internal sealed class StepChain
{
    private StepChain(PageInput page)
    {
        Page = page;
        var lines = LineBuilder.Instance.Build(page);
        Lines = VerticalLineFinder.Instance.Find(lines, TypeScale.MeasureBodySize(lines));
        Blocks = BlockBuilder.Instance.Build(Lines, page).ToList();
        Scale = TypeScale.Measure(Lines);
        RoleClassifier.Instance.Classify(Blocks, Scale.BodySize, page.IsScan);
        HeadingRefiner.Instance.Refine(page, Blocks, Scale);
    }

    public PageInput Page { get; }
    public IReadOnlyList<TextLine> Lines { get; }
    /// <summary>The page's blocks with their roles; the steps after roles take furniture, captions and headers out.</summary>
    public List<TextBlock> Blocks { get; }
    public TypeScale Scale { get; }
    public IReadOnlyList<FurniturePiece> Furniture { get; private set; } = [];
    public IReadOnlyList<PhotoGroup> Photos { get; private set; } = [];
    public PageBoxes Boxes { get; private set; } = new([]);
    public IReadOnlyList<HeaderUnit> Headers { get; private set; } = [];
    public ElementSpace? Space { get; private set; }

    /// <summary>Lines, vertical titles, blocks, type scale, roles and headings.</summary>
    public static StepChain Roles(PageInput page) => new(page);

    /// <summary>Up to the page's elements in their space: furniture, photos, boxes, header units; nothing owned yet.</summary>
    public static StepChain Elements(PageInput page)
    {
        var chain = new StepChain(page);
        chain.Furniture = FurnitureFinder.Instance.Find(page, chain.Blocks, chain.Scale);
        chain.Photos = PhotoCaptionPairer.Instance.Pair(page, chain.Blocks, chain.Scale);
        chain.Boxes = FrameClassifier.Instance.Classify(page, chain.Blocks, chain.Scale);
        chain.Headers = HeaderUnitBuilder.Instance.Build(page, chain.Blocks, chain.Scale, chain.Boxes.SameScope);
        var elements = new List<PageElement>();
        foreach (var header in chain.Headers)
        {
            elements.Add(PageElement.ForHeader(elements.Count, header));
        }

        foreach (var block in chain.Blocks)
        {
            elements.Add(PageElement.ForText(elements.Count, [block]));
        }

        foreach (var photo in chain.Photos)
        {
            elements.Add(PageElement.ForPhoto(elements.Count, photo));
        }

        foreach (var element in elements)
        {
            element.Scope = chain.Boxes.Innermost(element.Box);
        }

        chain.Space = new ElementSpace(page, elements, chain.Boxes, chain.Scale);
        return chain;
    }

    public ElementSpace ElementSpace => Space ?? throw new InvalidOperationException("Run StepChain.Elements first.");

    /// <summary>The element whose text (header or blocks) holds <paramref name="text"/>.</summary>
    public PageElement Element(string text)
    {
        var found = ElementSpace.Elements.Where(e => ElementText(e).Contains(text, StringComparison.Ordinal)).ToList();
        Assert.That(found, Has.Count.EqualTo(1), $"one element holds '{text}'");
        return found[0];
    }

    /// <summary>The photo element whose images include one at (x, y).</summary>
    public PageElement PhotoAt(double x, double y) =>
        ElementSpace.Elements.Single(e => e.Photo is { } p && p.Images.Any(i => i.Contains(x, y)));

    public static string ElementText(PageElement element) =>
        element.Header is { } header ? string.Concat(header.Blocks.Select(b => b.Text)) : string.Concat(element.Blocks.Select(b => b.Text));
}
