using XuhuiEpaper.Core.Model;

namespace XuhuiEpaper.Storage;

/// <summary>
/// A page as stored (Dapper maps the columns by name): the browse queries read it without <see cref="Layout"/>, the trash
/// keeps it whole (with its layout) in an issue's snapshot.
/// </summary>
internal sealed class PageRow
{
    public long Id { get; set; }
    public long IssueId { get; set; }
    public int Number { get; set; }
    public string? Label { get; set; }
    public string? Name { get; set; }
    public double WidthPt { get; set; }
    public double HeightPt { get; set; }
    public string ThumbnailFile { get; set; } = "";
    public int ThumbnailWidth { get; set; }
    public string ScreenFile { get; set; } = "";
    public int ScreenWidth { get; set; }
    public string ZoomFile { get; set; } = "";
    public int ZoomWidth { get; set; }
    public string Text { get; set; } = "";
    public string? Address { get; set; }

    /// <summary>The page's layout in editing terms (JSON); read only for the trash's snapshot.</summary>
    public string? Layout { get; set; }

    /// <summary>The highest article number the page ever gave; read only for the trash's snapshot.</summary>
    public int LastArticleNumber { get; set; }

    public PageSummary ToSummary() => new(Id, Number, Label, Name, WidthPt, HeightPt,
        new PageImages(ThumbnailFile, ScreenFile, ZoomFile, ThumbnailWidth, ScreenWidth, ZoomWidth))
    {
        Address = Address ?? Number.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}

/// <summary>An article as stored; the JSON columns are read into lists by <see cref="ToSummary"/> and <see cref="ToDetail"/>.</summary>
internal sealed class ArticleRow
{
    public long Id { get; set; }
    public long IssueId { get; set; }
    public DateOnly Date { get; set; }
    public long PageId { get; set; }
    public int PageNumber { get; set; }
    public int Idx { get; set; }
    public string Kind { get; set; } = "";
    public string? Kicker { get; set; }
    public string? Title { get; set; }
    public string? Subtitle { get; set; }
    public string? Byline { get; set; }
    public string? Body { get; set; }
    public string? Captions { get; set; }
    public string? Rects { get; set; }
    public long? ContinuedFromId { get; set; }
    public int? ContinuedFromPage { get; set; }
    public long? ContinuedOnId { get; set; }
    public int? ContinuedOnPage { get; set; }
    public bool Draft { get; set; }
    public int? Number { get; set; }
    public string Paper { get; set; } = "";
    public string? PageAddress { get; set; }

    public ArticleSummary ToSummary() => new(Id, Idx, Sql.ParseKind(Kind), Title, Sql.RectsFromJson(Rects)) { Number = Number };

    public ArticleDetail ToDetail() => new()
    {
        Id = Id, IssueId = IssueId, Date = Date, PageId = PageId, PageNumber = PageNumber, Index = Idx, Kind = Sql.ParseKind(Kind),
        Kicker = Kicker, Title = Title, Subtitle = Subtitle, Byline = Byline,
        Body = Sql.StringsFromJson(Body), Captions = Sql.StringsFromJson(Captions), Rects = Sql.RectsFromJson(Rects),
        ContinuedFromId = ContinuedFromId, ContinuedFromPage = ContinuedFromPage, ContinuedOnId = ContinuedOnId, ContinuedOnPage = ContinuedOnPage,
        Draft = Draft, Number = Number, Paper = Paper,
        PageAddress = PageAddress ?? PageNumber.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
