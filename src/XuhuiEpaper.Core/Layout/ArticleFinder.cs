using System.Text.RegularExpressions;
using XuhuiEpaper.Core.Geometry;
using XuhuiEpaper.Core.Model;

namespace XuhuiEpaper.Core.Layout;

public sealed record ArticleFinderOptions
{
    public LineBuilderOptions Lines { get; init; } = new();
    public BlockBuilderOptions Blocks { get; init; } = new();
    public RoleClassifierOptions Roles { get; init; } = new();
    /// <summary>A frame covering more than this share of the page is a page border, not a box around an article.</summary>
    public double MaxFrameShare { get; init; } = 0.6;
    /// <summary>A rule at least this share of the page width, near the top, closes the page header.</summary>
    public double HeaderRuleShare { get; init; } = 0.6;
    /// <summary>
    /// How far, in body-type sizes, a region reaches from its nearest element into the white space around it.
    /// Three quarters of an em is more than half a gutter, so neighbouring regions still meet in the gutter, while
    /// a small article (a headline over a few lines) keeps close to its print.
    /// </summary>
    public double MaxGrowth { get; init; } = 0.75;
}

/// <summary>An article found on a page, with the jump line that links it to its other part, if any.</summary>
public sealed record FoundArticle(ArticleContent Content, string? JumpLine);

/// <summary>The result of analysing one page.</summary>
public sealed record PageLayout(IReadOnlyList<FoundArticle> Articles, IReadOnlyList<TextLine> Lines, double BodySize);

/// <summary>
/// Finds the articles of a newspaper page. Pipeline: glyphs → lines → blocks → roles → articles → regions.
/// Articles are anchored on headlines: every other element (body block, byline, photo with its caption)
/// joins the nearest headline above it that covers it and is not cut off from it by a rule or a box edge;
/// what no headline claims forms headless articles of neighbouring elements. Regions are cells of a grid
/// cut by the elements' edges, filled across the gutters and gaps between elements of the same article,
/// so they are rectilinear, usually L- or step-shaped, and never overlap.
/// </summary>
public sealed partial class ArticleFinder(ArticleFinderOptions options)
{
    public static ArticleFinder Instance { get; } = new(new ArticleFinderOptions());

    public PageLayout Find(PageInput page)
    {
        ArgumentNullException.ThrowIfNull(page);
        var lines = new LineBuilder(options.Lines).Build(page);
        var blocks = new BlockBuilder(options.Blocks).Build(lines, page).ToList();
        var bodySize = RoleClassifier.BodySize(lines);
        new RoleClassifier(options.Roles).Classify(blocks, bodySize);

        var frames = page.Frames
            .Where(f => f.Area < options.MaxFrameShare * page.Width * page.Height)
            .Where(f => !page.Images.Any(i => i.Inflate(3).Encloses(f) && f.Inflate(3).Encloses(i)))
            .ToArray();

        var furniture = SplitFurniture(page, blocks, bodySize);
        var drafts = new List<Draft>();
        if (furniture.Count > 0)
        {
            drafts.Add(new Draft(page.Number == 1 ? RegionKind.Masthead : RegionKind.PageHeader) { Blocks = furniture });
        }

        var elements = BuildElements(page, blocks, bodySize);
        var anchors = BuildAnchors(elements, bodySize);
        foreach (var anchor in anchors)
        {
            drafts.Add(anchor);
        }

        var orphans = new List<Element>();
        foreach (var element in elements.Where(e => !e.Claimed))
        {
            var owner = anchors
                .Where(a => CanOwn(a, element, page, frames))
                .OrderByDescending(a => Covers(a, element) ? 2 : InZone(a, element, page) ? 1 : 0)
                .ThenBy(a => element.Box.Top - a.Anchor!.Box.Bottom)
                .ThenBy(a => HorizontalDistance(a.Anchor!.Box, element.Box))
                .FirstOrDefault();
            if (owner is null)
            {
                orphans.Add(element);
            }
            else
            {
                owner.Add(element);
            }
        }

        drafts.AddRange(GroupOrphans(orphans, page, frames, bodySize));

        foreach (var draft in drafts.Where(d => d.Kind != RegionKind.Masthead && d.Kind != RegionKind.PageHeader))
        {
            var frame = frames.Where(f => f.Inflate(2).Encloses(draft.Bounds)).OrderBy(f => f.Area).FirstOrDefault();
            if (frame != default && !drafts.Any(o => o != draft && o.Boxes().Any(b => b.Intersects(frame.Inflate(-2)))))
            {
                draft.Frame = frame;
            }
        }

        var regions = RegionPainter.Paint(drafts.Select(d => d.Boxes()).ToArray(), page, options.MaxGrowth * bodySize);
        var articles = new List<FoundArticle>();
        for (var i = 0; i < drafts.Count; i++)
        {
            if (regions[i].Count > 0)
            {
                articles.Add(drafts[i].ToArticle(regions[i], bodySize));
            }
        }

        return new PageLayout(SortForReading(articles), lines, bodySize);
    }

    /// <summary>Masthead or page header: the text above the lowest wide rule near the top that has no running text above it.</summary>
    private List<TextBlock> SplitFurniture(PageInput page, List<TextBlock> blocks, double bodySize)
    {
        var band = page.Height * Metadata.IssueMetadataReader.HeaderBand;
        var rules = page.HorizontalRules
            .Where(r => r.Width >= options.HeaderRuleShare * page.Width && r.Bottom <= band)
            .OrderByDescending(r => r.Top);
        foreach (var rule in rules)
        {
            var above = blocks.Where(b => b.Box.Bottom <= rule.CenterY).ToList();
            if (above.Count > 0 && !above.Any(b => b.Role == BlockRole.Body && b.Lines.Count >= 3 && Math.Abs(b.Size - bodySize) < 0.5))
            {
                blocks.RemoveAll(above.Contains);
                foreach (var b in above)
                {
                    b.Role = BlockRole.Furniture;
                }

                return above;
            }
        }

        return [];
    }

    /// <summary>Blocks and images become elements; a caption joins the photo it sits under (or over).</summary>
    private static List<Element> BuildElements(PageInput page, List<TextBlock> blocks, double bodySize)
    {
        var elements = new List<Element>();
        var used = new HashSet<TextBlock>();
        foreach (var image in page.Images.Where(i => i.Width > 20 && i.Height > 20 && i.Area < 0.9 * page.Width * page.Height))
        {
            var photo = new Element(image) { Image = image };
            var below = image.Bottom;
            foreach (var block in blocks.Where(b => !used.Contains(b)).OrderBy(b => b.Box.Top))
            {
                var beside = block.Box.Left >= image.Left - bodySize && block.Box.Right <= image.Right + bodySize;
                var close = block.Box.Top >= below - (0.5 * bodySize) && block.Box.Top - below <= 1.6 * block.Size;
                if (beside && close && (block.Role == BlockRole.Caption || RoleClassifier.IsCredit(block.Text) || (block.Role == BlockRole.Body && block.Size < bodySize * 0.97)))
                {
                    photo.Captions.Add(block);
                    used.Add(block);
                    below = block.Box.Bottom;
                }
            }

            photo.Box = Box.Bounding(photo.Captions.Select(c => c.Box).Append(image));
            elements.Add(photo);
        }

        elements.AddRange(blocks.Where(b => !used.Contains(b)).Select(b => new Element(b.Box) { Block = b }));
        return elements;
    }

    /// <summary>Each headline (or unclaimed deck) anchors an article; decks right above or below it are its kicker and subtitle.</summary>
    private static List<Draft> BuildAnchors(List<Element> elements, double bodySize)
    {
        var heads = elements.Where(e => e.Block?.Role == BlockRole.Headline).OrderBy(e => e.Box.Top).ToList();
        var decks = elements.Where(e => e.Block?.Role == BlockRole.Deck).ToList();
        var drafts = new List<Draft>();
        foreach (var head in heads)
        {
            var draft = new Draft(RegionKind.Article) { Anchor = head.Block };
            head.Claimed = true;
            var kicker = decks.Where(d => !d.Claimed && d.Box.Bottom <= head.Box.Top + 2 && head.Box.Top - d.Box.Bottom <= 1.5 * d.Block!.Size && d.Box.HorizontalOverlap(head.Box) > 0)
                .OrderByDescending(d => d.Box.Bottom).FirstOrDefault();
            if (kicker is not null)
            {
                kicker.Claimed = true;
                draft.Kicker = kicker.Block;
            }

            var subtitle = decks.Where(d => !d.Claimed && d.Box.Top >= head.Box.Bottom - 2 && d.Box.Top - head.Box.Bottom <= 1.5 * d.Block!.Size && d.Box.HorizontalOverlap(head.Box) > 0)
                .OrderBy(d => d.Box.Top).FirstOrDefault();
            if (subtitle is not null)
            {
                subtitle.Claimed = true;
                draft.Subtitle = subtitle.Block;
            }

            drafts.Add(draft);
        }

        foreach (var deck in decks.Where(d => !d.Claimed))
        {
            deck.Claimed = true;
            drafts.Add(new Draft(RegionKind.Article) { Anchor = deck.Block });
        }

        _ = bodySize;
        return drafts;
    }

    private static bool Covers(Draft anchor, Element element) =>
        anchor.Head.HorizontalOverlap(element.Box) >= 0.3 * Math.Min(element.Box.Width, anchor.Head.Width);

    /// <summary>
    /// The columns an article may occupy: from the vertical rule left of its headline to the one right of it
    /// (or the page edges). A headline set short of its article's width still claims the columns in its zone.
    /// </summary>
    private static bool InZone(Draft anchor, Element element, PageInput page)
    {
        var head = anchor.Head;
        var reach = new Box(head.Left, head.Top, head.Right, head.Bottom + (3 * anchor.Anchor!.Size));
        var left = 0.0;
        var right = page.Width;
        foreach (var rule in page.VerticalRules)
        {
            if (rule.VerticalOverlap(reach) <= 0)
            {
                continue;
            }

            if (rule.CenterX <= head.Left + 1)
            {
                left = Math.Max(left, rule.CenterX);
            }
            else if (rule.CenterX >= head.Right - 1)
            {
                right = Math.Min(right, rule.CenterX);
            }
        }

        var inside = Math.Max(0, Math.Min(right, element.Box.Right) - Math.Max(left, element.Box.Left));
        return inside >= 0.8 * element.Box.Width;
    }

    private static double HorizontalDistance(Box a, Box b) => Math.Max(0, Math.Max(a.Left - b.Right, b.Left - a.Right));

    private static bool CanOwn(Draft anchor, Element element, PageInput page, IReadOnlyList<Box> frames)
    {
        var head = anchor.Head;
        if (head.Bottom > element.Box.Top + (0.5 * anchor.Anchor!.Size))
        {
            return false;
        }

        if (InnermostFrame(head, frames) != InnermostFrame(element.Box, frames))
        {
            return false;
        }

        // A horizontal rule between the headline and the element, across the element's column, cuts them apart.
        foreach (var rule in page.HorizontalRules)
        {
            if (rule.CenterY > head.Bottom && rule.CenterY < element.Box.Top + 1 && rule.HorizontalOverlap(element.Box) > 0.5 * element.Box.Width)
            {
                return false;
            }
        }

        // So does a vertical rule standing between them.
        if (!Covers(anchor, element))
        {
            var from = Math.Min(head.CenterX, element.Box.CenterX);
            var to = Math.Max(head.CenterX, element.Box.CenterX);
            foreach (var rule in page.VerticalRules)
            {
                // A rule that starts below the headline does not cut it off: the article wraps around the rule's top.
                if (rule.CenterX > from && rule.CenterX < to && rule.VerticalOverlap(element.Box) > 0.3 * element.Box.Height
                    && rule.Top <= head.Bottom + (2 * anchor.Anchor.Size))
                {
                    return false;
                }
            }
        }

        return true;
    }

    private static Box? InnermostFrame(Box box, IReadOnlyList<Box> frames)
    {
        Box? best = null;
        foreach (var frame in frames)
        {
            if (frame.Inflate(2).Encloses(box) && (best is null || frame.Area < best.Value.Area))
            {
                best = frame;
            }
        }

        return best;
    }

    /// <summary>Elements no headline claims (photo news, ads, headless boxes) group with their unclaimed neighbours.</summary>
    private static IEnumerable<Draft> GroupOrphans(List<Element> orphans, PageInput page, IReadOnlyList<Box> frames, double bodySize)
    {
        var parent = Enumerable.Range(0, orphans.Count).ToArray();
        int Find(int i) => parent[i] == i ? i : parent[i] = Find(parent[i]);
        for (var i = 0; i < orphans.Count; i++)
        {
            for (var j = i + 1; j < orphans.Count; j++)
            {
                if (Neighbours(orphans[i].Box, orphans[j].Box, page, bodySize) && InnermostFrame(orphans[i].Box, frames) == InnermostFrame(orphans[j].Box, frames))
                {
                    parent[Find(i)] = Find(j);
                }
            }
        }

        foreach (var group in orphans.Select((e, i) => (e, i)).GroupBy(x => Find(x.i)))
        {
            var draft = new Draft(RegionKind.Article);
            foreach (var (element, _) in group.OrderBy(x => x.e.Box.Top))
            {
                draft.Add(element);
            }

            yield return draft;
        }
    }

    private static bool Neighbours(Box a, Box b, PageInput page, double bodySize)
    {
        var gapX = HorizontalDistance(a, b);
        var gapY = Math.Max(0, Math.Max(a.Top - b.Bottom, b.Top - a.Bottom));
        if (gapX > 2.5 * bodySize || gapY > 2.5 * bodySize)
        {
            return false;
        }

        var between = a.Union(b);
        return !page.VerticalRules.Any(r => r.CenterX > Math.Min(a.Right, b.Right) && r.CenterX < Math.Max(a.Left, b.Left) && r.VerticalOverlap(between) > 0)
            && !page.HorizontalRules.Any(r => r.CenterY > Math.Min(a.Bottom, b.Bottom) && r.CenterY < Math.Max(a.Top, b.Top) && r.HorizontalOverlap(between) > 0);
    }

    private static List<FoundArticle> SortForReading(List<FoundArticle> articles) =>
        articles
            .OrderBy(a => a.Content.Kind is RegionKind.Masthead or RegionKind.PageHeader ? 0 : 1)
            .ThenBy(a => Math.Round(a.Content.Rects.Min(r => r.Y) * 20))
            .ThenBy(a => a.Content.Rects.Min(r => r.X))
            .ToList();

    /// <summary>A page element: a text block, or a photo together with its captions.</summary>
    private sealed class Element(Box box)
    {
        public Box Box { get; set; } = box;
        public TextBlock? Block { get; init; }
        public Box? Image { get; init; }
        public List<TextBlock> Captions { get; } = [];
        public bool Claimed { get; set; }
    }

    /// <summary>An article being assembled.</summary>
    private sealed class Draft(RegionKind kind)
    {
        public RegionKind Kind { get; set; } = kind;
        public TextBlock? Anchor { get; init; }
        public TextBlock? Kicker { get; set; }
        public TextBlock? Subtitle { get; set; }
        public List<TextBlock> Blocks { get; init; } = [];
        public List<Box> Images { get; } = [];
        public List<TextBlock> Captions { get; } = [];
        public Box? Frame { get; set; }

        /// <summary>The headline with its kicker and subtitle: what covers the columns below it.</summary>
        public Box Head => Box.Bounding(new[] { Anchor, Kicker, Subtitle }.OfType<TextBlock>().Select(b => b.Box));

        public Box Bounds => Box.Bounding(Boxes());

        public void Add(Element element)
        {
            element.Claimed = true;
            if (element.Image is { } image)
            {
                Images.Add(image);
                Captions.AddRange(element.Captions);
            }
            else if (element.Block is { } block)
            {
                Blocks.Add(block);
            }
        }

        public List<Box> Boxes()
        {
            var boxes = new[] { Anchor, Kicker, Subtitle }.OfType<TextBlock>().Concat(Blocks).Concat(Captions).Select(b => b.Box).Concat(Images).ToList();
            if (Frame is { } frame)
            {
                boxes.Add(frame);
            }

            return boxes;
        }

        /// <summary>
        /// Ads say so (公益廣告, 熱線…) or are boxes of display type with hardly any running text and no byline.
        /// </summary>
        private bool LooksLikeAdvertisement(string? title)
        {
            var text = string.Concat(new[] { Kicker?.Text, title, Subtitle?.Text }.OfType<string>().Concat(Blocks.Select(b => b.Text)));
            var bodyCharacters = Blocks.Where(b => b.Role == BlockRole.Body).Sum(b => b.CharacterCount);
            var byline = Blocks.Any(b => b.Role == BlockRole.Byline);
            return (AdvertisementPattern().IsMatch(text) && bodyCharacters < 200 && !byline)
                || (Frame is not null && bodyCharacters < 60 && !byline);
        }

        /// <summary>
        /// A headline with running text set apart in a box of its own is a notice or a sidebar (相關鏈接, 喜報, 通知):
        /// news articles run in the open columns, and a box without running text is display type, an advertisement.
        /// A byline marks a box as editorial too, however little text it holds: advertisements are not signed.
        /// </summary>
        private bool LooksLikeBoxedNotice(string? title)
        {
            var bodyCharacters = Blocks.Where(b => b.Role == BlockRole.Body).Sum(b => b.CharacterCount);
            var byline = Blocks.Any(b => b.Role == BlockRole.Byline);
            return Frame is not null && title is not null && (bodyCharacters >= MinNoticeBody || byline);
        }

        /// <summary>Running text: a few lines at least, more than the slogan lines of a display box.</summary>
        private const int MinNoticeBody = 60;

        public FoundArticle ToArticle(IReadOnlyList<NormRect> rects, double bodySize)
        {
            var bylines = Blocks.Where(b => b.Role == BlockRole.Byline).ToList();
            // A jump line set in body type sticks to the column it ends or starts, so look at lines too.
            var jump = Blocks.Where(b => b.Role == BlockRole.JumpLine).Select(b => b.Text)
                .Concat(Blocks.SelectMany(b => b.Lines).Where(Paragraphs.IsJumpLine).Select(l => l.Text))
                .FirstOrDefault();
            var text = Blocks.Where(b => b.Role is BlockRole.Body or BlockRole.Caption or BlockRole.Deck or BlockRole.Headline or BlockRole.Furniture).ToList();
            var title = Anchor?.Text;
            var kind = Kind;
            if (kind == RegionKind.Article && title is not null && NoticePattern().IsMatch(title))
            {
                kind = RegionKind.Notice;
            }
            else if (kind == RegionKind.Article && LooksLikeAdvertisement(title))
            {
                kind = RegionKind.Advertisement;
            }
            else if (kind == RegionKind.Article && LooksLikeBoxedNotice(title))
            {
                kind = RegionKind.Notice;
            }

            var content = new ArticleContent
            {
                Kind = kind,
                Kicker = Kicker?.Text,
                Title = title,
                Subtitle = Subtitle?.Text,
                Byline = bylines.Count == 0 ? null : string.Join(" ", bylines.Select(b => b.Text)),
                Body = Paragraphs.Split(text, bodySize),
                Captions = Captions.Select(c => c.Text).ToArray(),
                Rects = rects,
            };
            return new FoundArticle(content, jump);
        }
    }

    [GeneratedRegex(@"決定|决定|通知|公告|通告|公示|喜報|喜报|啟事|启事|決議|决议")]
    private static partial Regex NoticePattern();

    [GeneratedRegex(@"廣告|广告|熱線|热线|諮詢電話|咨询电话|優惠|优惠")]
    private static partial Regex AdvertisementPattern();
}
