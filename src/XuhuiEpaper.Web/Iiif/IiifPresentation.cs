using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using XuhuiEpaper.Core.Geometry;
using XuhuiEpaper.Core.Iiif;
using XuhuiEpaper.Core.Model;
using XuhuiEpaper.Storage;
using XuhuiEpaper.Web.Api;

namespace XuhuiEpaper.Web.Iiif;

/// <summary>The pixel size of a page's IIIF image service, read from its stored <c>info.json</c>.</summary>
public readonly record struct IiifImageSize(int Width, int Height);

/// <summary>
/// What an issue's IIIF documents are made from: the issue with its pages, every article with its text, and the
/// pages whose zoom image has a tile set (keyed by the zoom image's file name; a page without one is painted with
/// its zoom image alone).
/// </summary>
public sealed record IiifIssueSource(IssueDetail Issue, IReadOnlyList<ArticleDetail> Articles, IReadOnlyDictionary<string, IiifImageSize> Tiles)
{
    /// <summary>
    /// The pixel sizes of the zoom images without a tile set yet (its tiles follow the publish), read from the images, so
    /// the canvas is as large before the tiles exist as after.
    /// </summary>
    public IReadOnlyDictionary<string, IiifImageSize> ImageSizes { get; init; } = new Dictionary<string, IiifImageSize>();
}

/// <summary>One issue in a title's collection.</summary>
public sealed record IiifIssueEntry(DateOnly Date, int? Number, int? TotalNumber, string? ThumbnailImage);

/// <summary>
/// IIIF Presentation 3.0 documents of the archive, after the IIIF cookbook's newspaper recipe (0068): a Collection
/// per title with its issues by date, a Manifest per issue, a Canvas per page painted with the page image (and its
/// level-0 image service), the articles as Ranges of canvas fragments (<c>#xywh=</c>, one per rectangle of the
/// region, in canvas pixels) and each article's text as a supplementing annotation. Pure functions: the model and the
/// links in, JSON out; the web routes and a static export both call these.
/// </summary>
public static class IiifPresentation
{
    public const string Context = "http://iiif.io/api/presentation/3/context.json";

    /// <summary>The media type of Presentation 3 documents.</summary>
    public const string MediaType = "application/ld+json;profile=\"" + Context + "\"";

    /// <summary>The media type of an image service's info.json.</summary>
    public const string ImageInfoMediaType = "application/ld+json;profile=\"" + IiifImageTiles.ImageContext + "\"";

    private const string Chinese = "zh";

    /// <summary>Regions that are page furniture, not content: no range and no text annotation.</summary>
    private static bool IsFurniture(RegionKind kind) => kind is RegionKind.Masthead or RegionKind.PageHeader or RegionKind.Folio;

    /// <summary>The collection of every title: each title's collection.</summary>
    public static JsonObject TitlesCollection(IReadOnlyList<string> papers, IiifLinks links)
    {
        ArgumentNullException.ThrowIfNull(papers);
        ArgumentNullException.ThrowIfNull(links);
        return new JsonObject
        {
            ["@context"] = Context,
            ["id"] = links.Titles(),
            ["type"] = "Collection",
            ["label"] = Lang(("zh", "报刊"), ("en", "Newspapers")),
            ["items"] = Array(papers.Order(StringComparer.Ordinal).Select(p => new JsonObject
            {
                ["id"] = links.Title(p),
                ["type"] = "Collection",
                ["label"] = Lang((Chinese, p)),
            })),
        };
    }

    /// <summary>A title's collection: its issues, oldest first, each a manifest with its date (<c>navDate</c>).</summary>
    public static JsonObject TitleCollection(string paper, IReadOnlyList<IiifIssueEntry> issues, IiifLinks links)
    {
        ArgumentException.ThrowIfNullOrEmpty(paper);
        ArgumentNullException.ThrowIfNull(issues);
        ArgumentNullException.ThrowIfNull(links);
        return new JsonObject
        {
            ["@context"] = Context,
            ["id"] = links.Title(paper),
            ["type"] = "Collection",
            ["label"] = Lang((Chinese, paper)),
            ["metadata"] = Array(
            [
                Entry(Lang((Chinese, "类型"), ("en", "type")), Lang(("en", "Newspaper title"))),
            ]),
            ["partOf"] = Array([new JsonObject { ["id"] = links.Titles(), ["type"] = "Collection" }]),
            ["items"] = Array(issues.OrderBy(i => i.Date).Select(i =>
            {
                var item = new JsonObject
                {
                    ["id"] = links.Manifest(paper, i.Date),
                    ["type"] = "Manifest",
                    ["label"] = Lang((Chinese, IssueLabel(paper, i.Date, i.Number))),
                    ["navDate"] = NavDate(i.Date),
                };
                if (i.ThumbnailImage is { } thumb)
                {
                    item["thumbnail"] = Array([new JsonObject { ["id"] = links.Absolute(ApiUrls.Image(thumb)), ["type"] = "Image", ["format"] = "image/webp" }]);
                }

                return item;
            })),
        };
    }

    /// <summary>An issue's manifest: its pages as canvases and its articles as ranges.</summary>
    public static JsonObject Manifest(IiifIssueSource source, IiifLinks links)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(links);
        var issue = source.Issue.Issue;
        var pages = source.Issue.Pages;
        var metadata = new List<JsonNode>
        {
            Entry(Lang((Chinese, "报名"), ("en", "Title")), Lang((Chinese, issue.Paper))),
            Entry(Lang((Chinese, "日期"), ("en", "Date")), None(issue.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))),
        };
        if (issue.Number is { } number)
        {
            metadata.Add(Entry(Lang((Chinese, "期"), ("en", "Issue")), Lang((Chinese, Invariant($"第{number}期")))));
        }

        if (issue.TotalNumber is { } total)
        {
            metadata.Add(Entry(Lang((Chinese, "總第…期"), ("en", "Running number")), Lang((Chinese, Invariant($"總第{total}期")))));
        }

        metadata.Add(Entry(Lang((Chinese, "版数"), ("en", "Pages")), None(pages.Count.ToString(CultureInfo.InvariantCulture))));

        var manifest = new JsonObject
        {
            ["@context"] = Context,
            ["id"] = links.Manifest(issue.Paper, issue.Date),
            ["type"] = "Manifest",
            ["label"] = Lang((Chinese, IssueLabel(issue.Paper, issue.Date, issue.Number))),
            ["metadata"] = Array(metadata),
            ["navDate"] = NavDate(issue.Date),
            ["viewingDirection"] = "left-to-right",
            ["partOf"] = Array([new JsonObject { ["id"] = links.Title(issue.Paper), ["type"] = "Collection" }]),
            ["homepage"] = Homepage(links, pages.Count > 0 ? ReadableUrls.Page(issue.Paper, issue.Date, pages[0].Address) : ReadableUrls.Issue(issue.Paper, issue.Date),
                ("数字报阅读", "Read in the e-paper")),
            ["rendering"] = Array(
            [
                new JsonObject
                {
                    ["id"] = links.Absolute(ApiUrls.IssuePdf(issue.Sha256)),
                    ["type"] = "Text",
                    ["label"] = Lang((Chinese, "整期 PDF"), ("en", "The issue as printed (PDF)")),
                    ["format"] = "application/pdf",
                },
            ]),
            ["seeAlso"] = Array(
            [
                new JsonObject
                {
                    ["id"] = links.Absolute(ApiUrls.Issue(issue.Id)),
                    ["type"] = "Dataset",
                    ["label"] = Lang(("en", "The issue in the e-paper API")),
                    ["format"] = "application/json",
                },
            ]),
        };
        if (pages.Count > 0)
        {
            manifest["thumbnail"] = Array([Thumbnail(pages[0], links)]);
        }

        manifest["items"] = Array(pages.Select(p => Canvas(source, p, links)));
        manifest["structures"] = Array(pages.Select(p => PageRange(source, p, links)).Where(r => r is not null).Select(r => r!));
        return manifest;
    }

    /// <summary>The annotation page with the text of a page's articles, one supplementing annotation per article.</summary>
    public static JsonObject? TextPage(IiifIssueSource source, int pageNumber, IiifLinks links)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(links);
        var issue = source.Issue.Issue;
        var page = source.Issue.Pages.FirstOrDefault(p => p.Number == pageNumber);
        if (page is null)
        {
            return null;
        }

        var size = CanvasSize(source, page);
        var canvas = links.Canvas(issue.Paper, issue.Date, page.Address);
        return new JsonObject
        {
            ["@context"] = Context,
            ["id"] = links.TextPage(issue.Paper, issue.Date, page.Address),
            ["type"] = "AnnotationPage",
            ["items"] = Array(ArticlesOf(source, page.Number).Select(a => new JsonObject
            {
                ["id"] = links.TextAnnotation(issue.Paper, issue.Date, page.Address, NumberOf(a)),
                ["type"] = "Annotation",
                ["motivation"] = "supplementing",
                ["label"] = Lang((Chinese, ArticleLabel(a))),
                ["body"] = new JsonObject
                {
                    ["type"] = "TextualBody",
                    ["value"] = ArticleText(a),
                    ["format"] = "text/plain",
                    ["language"] = Chinese,
                },
                ["target"] = canvas + "#xywh=" + Xywh(Bounds(a.Rects), size),
            })),
        };
    }

    /// <summary>
    /// Every document of an issue that has an id of its own, by the id's path below the base URL: the manifest, its
    /// canvases, annotation pages, annotations and ranges, and each page's text annotation page and its annotations.
    /// Each is complete with its <c>@context</c>, as a request for its id answers it (and as a static export writes it).
    /// </summary>
    public static IReadOnlyDictionary<string, JsonObject> IssueDocuments(IiifIssueSource source, IiifLinks links)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(links);
        var documents = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        var manifest = Manifest(source, links);
        Collect(manifest, links, documents);
        foreach (var page in source.Issue.Pages)
        {
            if (TextPage(source, page.Number, links) is { } text)
            {
                Collect(text, links, documents);
            }
        }

        return documents;
    }

    // Chinese text as UTF-8, not \u escapes: a third of the size, and readable. The documents are JSON-LD, never inlined in HTML.
    private static readonly JsonSerializerOptions SerializerOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The bytes of a document as served (UTF-8 JSON).</summary>
    public static byte[] Serialize(JsonNode document) => JsonSerializer.SerializeToUtf8Bytes(document, SerializerOptions);

    /// <summary>
    /// A page's canvas: the zoom image's pixel size (that of its tile set when it has one), painted with the zoom image
    /// and its image service, its thumbnail and page PDF, and a reference to its text annotations.
    /// </summary>
    private static JsonObject Canvas(IiifIssueSource source, PageSummary page, IiifLinks links)
    {
        var issue = source.Issue.Issue;
        var id = links.Canvas(issue.Paper, issue.Date, page.Address);
        var size = CanvasSize(source, page);
        var body = new JsonObject
        {
            ["id"] = links.Absolute(ApiUrls.Image(page.Images.Zoom)),
            ["type"] = "Image",
            ["format"] = "image/webp",
            ["width"] = size.Width,
            ["height"] = size.Height,
        };
        if (source.Tiles.ContainsKey(page.Images.Zoom))
        {
            body["service"] = Array(
            [
                new JsonObject
                {
                    ["id"] = links.ImageService(TileFolder(page.Images.Zoom)),
                    ["type"] = "ImageService3",
                    ["profile"] = "level0",
                },
            ]);
        }

        return new JsonObject
        {
            ["id"] = id,
            ["type"] = "Canvas",
            ["label"] = Lang((Chinese, PageLabel(page))),
            ["homepage"] = Homepage(links, ReadableUrls.Page(issue.Paper, issue.Date, page.Address), ("本版阅读", "Read this page")),
            ["width"] = size.Width,
            ["height"] = size.Height,
            ["thumbnail"] = Array([Thumbnail(page, links)]),
            ["rendering"] = Array(
            [
                new JsonObject
                {
                    ["id"] = links.Absolute(ApiUrls.PagePdf(issue.Sha256, page.Number)),
                    ["type"] = "Text",
                    ["label"] = Lang((Chinese, "本版 PDF"), ("en", "This page as printed (PDF)")),
                    ["format"] = "application/pdf",
                },
            ]),
            ["items"] = Array(
            [
                new JsonObject
                {
                    ["id"] = links.PaintingPage(issue.Paper, issue.Date, page.Address),
                    ["type"] = "AnnotationPage",
                    ["items"] = Array(
                    [
                        new JsonObject
                        {
                            ["id"] = links.PaintingAnnotation(issue.Paper, issue.Date, page.Address),
                            ["type"] = "Annotation",
                            ["motivation"] = "painting",
                            ["body"] = body,
                            ["target"] = id,
                        },
                    ]),
                },
            ]),
            ["annotations"] = Array(
            [
                new JsonObject { ["id"] = links.TextPage(issue.Paper, issue.Date, page.Address), ["type"] = "AnnotationPage" },
            ]),
        };
    }

    /// <summary>A page's range (版次 版名) holding one range per article; null for a page without articles.</summary>
    private static JsonObject? PageRange(IiifIssueSource source, PageSummary page, IiifLinks links)
    {
        var issue = source.Issue.Issue;
        var articles = ArticlesOf(source, page.Number).ToList();
        if (articles.Count == 0)
        {
            return null;
        }

        var size = CanvasSize(source, page);
        var canvas = links.Canvas(issue.Paper, issue.Date, page.Address);
        return new JsonObject
        {
            ["id"] = links.PageRange(issue.Paper, issue.Date, page.Address),
            ["type"] = "Range",
            ["label"] = Lang((Chinese, PageLabel(page))),
            ["items"] = Array(articles.Select(a => new JsonObject
            {
                ["id"] = links.ArticleRange(issue.Paper, issue.Date, page.Address, NumberOf(a)),
                ["type"] = "Range",
                ["label"] = Lang((Chinese, ArticleLabel(a))),
                ["homepage"] = Homepage(links, ReadableUrls.Article(issue.Paper, issue.Date, page.Address, NumberOf(a)), ("阅读全文", "Read the article")),
                ["items"] = Array(a.Rects.Where(r => !r.IsEmpty).Select(r => new JsonObject
                {
                    ["id"] = canvas + "#xywh=" + Xywh(r, size),
                    ["type"] = "Canvas",
                })),
            })),
        };
    }

    /// <summary>An article's stable number within its page (the finder's order, from 1, for one stored before numbers).</summary>
    private static int NumberOf(ArticleDetail a) => a.Number ?? a.Index + 1;

    /// <summary>A <c>homepage</c>: the reader at a readable address.</summary>
    private static JsonArray Homepage(IiifLinks links, string address, (string Chinese, string English) label) => Array(
    [
        new JsonObject
        {
            ["id"] = links.Absolute(address),
            ["type"] = "Text",
            ["label"] = Lang((Chinese, label.Chinese), ("en", label.English)),
            ["format"] = "text/html",
        },
    ]);

    private static IEnumerable<ArticleDetail> ArticlesOf(IiifIssueSource source, int pageNumber) =>
        source.Articles.Where(a => a.PageNumber == pageNumber && !IsFurniture(a.Kind) && a.Rects.Any(r => !r.IsEmpty)).OrderBy(a => a.Index);

    /// <summary>
    /// The canvas size: the tile set's, else the zoom image's as read from it, else its width and the height the page's
    /// shape gives it.
    /// </summary>
    public static IiifImageSize CanvasSize(IiifIssueSource source, PageSummary page)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(page);
        if (source.Tiles.TryGetValue(page.Images.Zoom, out var size) || source.ImageSizes.TryGetValue(page.Images.Zoom, out size))
        {
            return size;
        }

        var width = page.Images.ZoomWidth;
        return new IiifImageSize(width, Math.Max(1, (int)Math.Round(page.HeightPt * width / page.WidthPt)));
    }

    /// <summary>
    /// A normalized rectangle as a media fragment in canvas pixels: rounded outwards, so the fragment covers the
    /// region, and clipped to the canvas.
    /// </summary>
    public static string Xywh(NormRect rect, IiifImageSize canvas)
    {
        var x0 = Math.Clamp((int)Math.Floor(rect.X * canvas.Width), 0, canvas.Width - 1);
        var y0 = Math.Clamp((int)Math.Floor(rect.Y * canvas.Height), 0, canvas.Height - 1);
        var x1 = Math.Clamp((int)Math.Ceiling(rect.Right * canvas.Width), x0 + 1, canvas.Width);
        var y1 = Math.Clamp((int)Math.Ceiling(rect.Bottom * canvas.Height), y0 + 1, canvas.Height);
        return Invariant($"{x0},{y0},{x1 - x0},{y1 - y0}");
    }

    private static NormRect Bounds(IReadOnlyList<NormRect> rects)
    {
        var usable = rects.Where(r => !r.IsEmpty).ToList();
        var x = usable.Min(r => r.X);
        var y = usable.Min(r => r.Y);
        return new NormRect(x, y, usable.Max(r => r.Right) - x, usable.Max(r => r.Bottom) - y);
    }

    /// <summary>The folder, and image service name, of a zoom image's tile set: its content hash.</summary>
    public static string TileFolder(string zoomImage)
    {
        ArgumentException.ThrowIfNullOrEmpty(zoomImage);
        var dash = zoomImage.IndexOf('-', StringComparison.Ordinal);
        return dash > 0 ? zoomImage[..dash] : Path.GetFileNameWithoutExtension(zoomImage);
    }

    private static JsonObject Thumbnail(PageSummary page, IiifLinks links) => new()
    {
        ["id"] = links.Absolute(ApiUrls.Image(page.Images.Thumbnail)),
        ["type"] = "Image",
        ["format"] = "image/webp",
        ["width"] = page.Images.ThumbnailWidth,
        ["height"] = Math.Max(1, (int)Math.Round(page.HeightPt * page.Images.ThumbnailWidth / page.WidthPt)),
    };

    private static string IssueLabel(string paper, DateOnly date, int? number) =>
        number is { } n ? Invariant($"{paper} {date:yyyy-MM-dd} 第{n}期") : Invariant($"{paper} {date:yyyy-MM-dd}");

    private static string PageLabel(PageSummary page) =>
        string.Join(' ', new[] { page.Label ?? Invariant($"第{page.Number}版"), page.Name }.Where(s => !string.IsNullOrWhiteSpace(s)));

    private static string ArticleLabel(ArticleDetail article) =>
        FirstText(article.Title, article.Kicker, article.Subtitle, article.Captions.Count > 0 ? article.Captions[0] : null, article.Body.Count > 0 ? Shorten(article.Body[0]) : null)
        ?? KindName(article.Kind);

    private static string? FirstText(params string?[] texts) => texts.FirstOrDefault(t => !string.IsNullOrWhiteSpace(t))?.Trim();

    private static string Shorten(string text) => text.Length <= 24 ? text : text[..24] + "…";

    private static string KindName(RegionKind kind) => kind switch
    {
        RegionKind.Article => "文章",
        RegionKind.Notice => "启事",
        RegionKind.Advertisement => "广告",
        RegionKind.Photo => "图片",
        _ => "其他",
    };

    /// <summary>The article as printed, part by part: kicker, title, subtitle, byline, paragraphs, captions.</summary>
    private static string ArticleText(ArticleDetail a) =>
        string.Join('\n', new[] { a.Kicker, a.Title, a.Subtitle, a.Byline }.OfType<string>().Concat(a.Body).Concat(a.Captions).Where(s => !string.IsNullOrWhiteSpace(s)));

    private static string NavDate(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "T00:00:00Z";

    private static JsonObject Lang(params (string Language, string Text)[] values)
    {
        var map = new JsonObject();
        foreach (var (language, text) in values)
        {
            map[language] = new JsonArray(JsonValue.Create(text));
        }

        return map;
    }

    private static JsonObject None(string text) => Lang(("none", text));

    private static JsonObject Entry(JsonObject label, JsonObject value) => new() { ["label"] = label, ["value"] = value };

    private static JsonArray Array(IEnumerable<JsonNode> items) => new([.. items]);

    /// <summary>Adds every object under <paramref name="node"/> that is a resource of its own (not a bare reference).</summary>
    private static void Collect(JsonNode? node, IiifLinks links, Dictionary<string, JsonObject> documents)
    {
        switch (node)
        {
            case JsonObject obj:
                if (obj["id"] is JsonValue idValue && idValue.TryGetValue<string>(out var id) && !id.Contains('#', StringComparison.Ordinal)
                    && obj["type"] is JsonValue typeValue && typeValue.TryGetValue<string>(out var type)
                    && type is "Manifest" or "Canvas" or "AnnotationPage" or "Annotation" or "Range"
                    && obj.Count > 2 && links.PathOf(id) is { } path)
                {
                    var document = (JsonObject)obj.DeepClone();
                    if (!document.ContainsKey("@context"))
                    {
                        document.Insert(0, "@context", Context);
                    }

                    documents.TryAdd(path, document);
                }

                foreach (var (_, child) in obj)
                {
                    Collect(child, links, documents);
                }

                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    Collect(child, links, documents);
                }

                break;
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
