using XuhuiEpaper.Core.Layout;
using XuhuiEpaper.Core.Model;

namespace XuhuiEpaper.Core.Tests.Layout.Articles;

/// <summary>Article, notice, advertisement, photo or banner (other), from what an assembled draft holds.</summary>
public class KindClassifierTests
{
    private static HeaderUnit Header(params TextBlock[] blocks) => new(blocks);

    private static TextBlock Title(string text, double top = 100, double size = 30) => PageBuilder.Block(text, 50, top, size, BlockRole.Headline);

    private static TextBlock Display(string text, double top) => PageBuilder.Block(text, 50, top, 13, BlockRole.Deck);

    /// <summary>A block of running text: <paramref name="lines"/> lines of 15 characters cycled from <paramref name="words"/>.</summary>
    private static TextBlock Running(string words, int lines, double top = 150) =>
        new(Enumerable.Range(0, lines).Select(i => new TextLine(PageBuilder.Run(string.Concat(Enumerable.Repeat(words, 15))[..15], 50, top + (i * 15)).ToArray())).ToArray());

    private static ArticleDraft Draft(HeaderUnit? header, params TextBlock[] blocks)
    {
        var draft = new ArticleDraft { Header = header };
        draft.Blocks.AddRange(blocks);
        return draft;
    }

    [TestCase(true, true, RegionKind.Advertisement, Description = "a framed box of display lines")]
    [TestCase(false, true, RegionKind.Advertisement, Description = "display lines in the open that give a hotline")]
    [TestCase(false, false, RegionKind.Article, Description = "display lines in the open, nothing saying advertisement")]
    public void Display_lines_with_a_hotline_or_in_a_box_of_their_own_are_an_advertisement(bool framed, bool hotline, RegionKind kind)
    {
        var draft = Draft(Header(Title("節約用水")), Display("一滴水一份責任", 150), Display(hotline ? "熱線六四八七五五五五" : "珍惜每一滴水", 180));
        if (framed)
        {
            draft.Frame = new Box(40, 90, 300, 210);
            draft.Display = true;
        }

        Assert.That(KindClassifier.Instance.Classify(draft), Is.EqualTo(kind));
    }

    [TestCase(false, RegionKind.Photo)]
    [TestCase(true, RegionKind.Article)]
    public void A_photo_with_its_caption_and_no_headline_is_a_photo(bool headline, RegionKind kind)
    {
        var draft = Draft(headline ? Header(Title("滿意在徐匯")) : null);
        var photo = new PhotoGroup([new Box(50, 150, 300, 300)]);
        photo.Captions.Add(PageBuilder.Block("區委書記走訪社區了解居民", 50, 306, 8.5, BlockRole.Caption));
        draft.Photos.Add(photo);
        Assert.That(KindClassifier.Instance.Classify(draft), Is.EqualTo(kind));
    }

    [TestCase(false, RegionKind.Other)]
    [TestCase(true, RegionKind.Advertisement)]
    public void A_box_holding_only_a_line_of_display_type_is_a_banner(bool kicker, RegionKind kind)
    {
        var header = kicker ? Header(PageBuilder.Block("踐行人民至上", 50, 80, 14, BlockRole.Deck), Title("滿意在徐匯三十而立再出發")) : Header(Title("滿意在徐匯三十而立再出發"));
        var draft = Draft(header);
        draft.Frame = new Box(40, 70, 560, 140);
        draft.Display = true;
        Assert.That(KindClassifier.Instance.Classify(draft), Is.EqualTo(kind));
    }

    [Test]
    public void A_title_that_names_a_notice_makes_a_notice_even_in_the_open() =>
        Assert.That(KindClassifier.Instance.Classify(Draft(Header(Title("關於開展社區服務的通知")), Running("社區服務", 8))), Is.EqualTo(RegionKind.Notice));

    [Test]
    public void A_signed_article_that_mentions_offers_is_an_article_not_an_advertisement()
    {
        var draft = Draft(Header(Title("商圈推出冬季優惠")), PageBuilder.Block("●記者劉坤", 50, 140, role: BlockRole.Byline), Running("商場推出冬季優惠活動", 8));
        Assert.That(KindClassifier.Instance.Classify(draft), Is.EqualTo(RegionKind.Article));
    }
}
