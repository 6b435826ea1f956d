using System.Text.RegularExpressions;
using XuhuiEpaper.Core.Model;

namespace XuhuiEpaper.Core.Layout;

public sealed record KindClassifierOptions
{
    /// <summary>Running text of a notice set in a box: a few lines at least, more than the slogan lines of a display box.</summary>
    public int MinNoticeText { get; init; } = 60;
    /// <summary>An advertisement that says so (公益廣告, 熱線…) carries less running text than this.</summary>
    public int MaxAdvertisementText { get; init; } = 200;
    /// <summary>A photo printed on its own carries at most this much text besides its captions.</summary>
    public int MaxPhotoText { get; init; } = 40;
}

/// <summary>
/// Tells an article from a notice, an advertisement and a photo printed on its own, from what the draft holds:
/// a photo with captions and no header is a photo; display type in a box with hardly any running text, or wording
/// that says so, is an advertisement (advertisements are not signed), unless the box holds nothing but a line or two of
/// one display type (a banner, a campaign slogan: other); a title that names a notice (通知, 公告…), or a box of running
/// text under a title, is a notice; everything else is an article.
/// </summary>
public sealed partial class KindClassifier(KindClassifierOptions options)
{
    public static KindClassifier Instance { get; } = new(new KindClassifierOptions());

    public RegionKind Classify(ArticleDraft draft)
    {
        ArgumentNullException.ThrowIfNull(draft);
        if (draft.Furniture is { } furniture)
        {
            return furniture;
        }

        var title = draft.Header is { } header ? ArticleText.Join(header.Title) : null;
        var running = draft.RunningCharacters;
        var byline = draft.Blocks.Any(b => b.Role == BlockRole.Byline);
        var text = string.Concat(new[] { draft.Header is null ? null : ArticleText.Join(draft.Header.Blocks) }.OfType<string>().Concat(draft.Blocks.Select(b => b.Text)));
        if (draft.Photos.Count > 0 && draft.Header is null && running <= options.MaxPhotoText && !AdvertisementPattern().IsMatch(text))
        {
            return RegionKind.Photo;
        }

        if (draft.Display && draft.Photos.Count == 0 && draft.Blocks.Count == 0 && draft.Header is { } banner
            && banner.Blocks.Count == banner.Title.Count && banner.Title.Sum(b => b.Lines.Count) <= 2)
        {
            return RegionKind.Other; // a banner: one or two lines of display type on a band (a campaign slogan)
        }

        if (title is not null && NoticePattern().IsMatch(title))
        {
            return RegionKind.Notice;
        }

        if (!byline && ((AdvertisementPattern().IsMatch(text) && running < options.MaxAdvertisementText)
            || ((draft.Frame is not null || draft.Display) && running < options.MinNoticeText)))
        {
            return RegionKind.Advertisement;
        }

        if (draft.Frame is not null && title is not null && (running >= options.MinNoticeText || byline))
        {
            return RegionKind.Notice;
        }

        return RegionKind.Article;
    }

    [GeneratedRegex(@"決定|决定|通知|公告|通告|公示|喜報|喜报|啟事|启事|決議|决议")]
    private static partial Regex NoticePattern();

    [GeneratedRegex(@"廣告|广告|熱線|热线|諮詢電話|咨询电话|優惠|优惠")]
    private static partial Regex AdvertisementPattern();
}
