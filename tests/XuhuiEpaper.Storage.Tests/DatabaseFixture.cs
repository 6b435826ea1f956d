using XuhuiEpaper.Core.Geometry;
using XuhuiEpaper.Core.Model;

namespace XuhuiEpaper.Storage.Tests;

/// <summary>A real SQLite file in its own temp folder per test, created by the real migrations.</summary>
public abstract class DatabaseFixture
{
    protected string Folder { get; private set; } = "";
    protected EpaperDatabase Db { get; private set; } = null!;
    protected PublishStore Publisher { get; private set; } = null!;
    protected BrowseStore Issues { get; private set; } = null!;
    protected SearchStore Search { get; private set; } = null!;
    protected IssueAdminStore Admin { get; private set; } = null!;
    protected TrashStore Trash { get; private set; } = null!;
    protected JobStore Jobs { get; private set; } = null!;

    [SetUp]
    public async Task CreateDatabase()
    {
        Folder = Path.Combine(Path.GetTempPath(), "xuhui-storage-tests", Guid.NewGuid().ToString("n"));
        Directory.CreateDirectory(Folder);
        Db = new EpaperDatabase(Path.Combine(Folder, "epaper.db"));
        await Db.MigrateAsync();
        Publisher = new PublishStore(Db);
        Issues = new BrowseStore(Db);
        Search = new SearchStore(Db);
        Admin = new IssueAdminStore(Db);
        Trash = new TrashStore(Db);
        Jobs = new JobStore(Db);
    }

    [TearDown]
    public void DeleteDatabase()
    {
        Db.Dispose();
        Directory.Delete(Folder, recursive: true);
    }

    protected static string Sha(int n) => n.ToString("x64");

    protected static PageContent Page(int number, IReadOnlyList<ArticleContent> articles, string prefix = "p") => new()
    {
        Number = number,
        Label = $"第{number}版",
        Name = number == 1 ? "要聞" : "綜合",
        WidthPt = 842.5,
        HeightPt = 1190.25,
        Images = new PageImages($"{prefix}{number}-t.webp", $"{prefix}{number}-s.webp", $"{prefix}{number}-z.webp", 200, 1200, 2400),
        Articles = articles,
        Text = $"第{number}版全文",
    };

    protected static ArticleContent Article(string? title, params string[] body) => new()
    {
        Kind = RegionKind.Article,
        Title = title,
        Body = body,
        Rects = [new NormRect(0.1, 0.1, 0.3, 0.2)],
    };

    protected static IssueContent Issue(DateOnly date, int sha, params PageContent[] pages) => new()
    {
        Paper = "徐匯報",
        Date = date,
        Number = 12,
        TotalNumber = 1234,
        Sha256 = Sha(sha),
        OriginalFile = $"originals/{sha}.pdf",
        Pages = pages,
    };

    protected static readonly DateOnly Day = new(2024, 5, 17);

    /// <summary>An issue with every field set: two pages, an article continued from page 1 to page 2, an advertisement.</summary>

    protected static IssueContent FullIssue(int sha = 1, string prefix = "p") => Issue(Day, sha,
        Page(1, [
            new ArticleContent
            {
                Kind = RegionKind.Article,
                Kicker = "本報訊",
                Title = "徐匯區舉行活動",
                Subtitle = "副題",
                Byline = "記者 王小明",
                Body = ["第一段。", "第二段 & <b>"],
                Captions = ["圖為現場"],
                Rects = [new NormRect(0.05, 0.1, 0.45, 0.3), new NormRect(0.5, 0.1, 0.45, 0.1)],
                ContinuedOn = new ArticlePartRef(2, 0),
            },
            new ArticleContent { Kind = RegionKind.Advertisement, Rects = [new NormRect(0, 0.9, 1, 0.1)] },
        ], prefix),
        Page(2, [
            new ArticleContent
            {
                Kind = RegionKind.Article,
                Title = "(上接第1版)",
                Body = ["續文。"],
                Rects = [new NormRect(0, 0, 0.5, 0.5)],
                ContinuedFrom = new ArticlePartRef(1, 0),
            },
        ], prefix));

    /// <summary>Publishes one issue per (date, articles-on-page-1) for search tests.</summary>
    protected async Task<long> PublishArticlesAsync(DateOnly date, int sha, params ArticleContent[] articles) =>
        (await Publisher.PublishAsync(Issue(date, sha, Page(1, articles, $"i{sha}-")))).IssueId;
}
