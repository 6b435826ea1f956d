using System.Text.RegularExpressions;
using XuhuiEpaper.Core.Text;

namespace XuhuiEpaper.Samples.Families.Text;

/// <summary>An advertisement's copy: slogan, display lines, an optional hotline and the advertiser.</summary>
public sealed record AdCopy(string Slogan, IReadOnlyList<string> Lines, string? Hotline, string Advertiser);

/// <summary>A notice's title, optional subtitle, running text and issuer.</summary>
public sealed record NoticeCopy(string Title, string? Subtitle, IReadOnlyList<string> Sentences, string Issuer);

/// <summary>
/// Everything printable in an issue, cut from the seed front page (headlines, clauses, sentences, captions,
/// bylines) and converted once to the issue's script. Invented copy is limited to ads, labels and page names.
/// </summary>
public sealed partial class IssueText
{
    /// <summary>The full-width space that separates two phrases of a headline or kicker.</summary>
    public const char PhraseSpace = '\u3000';

    private static readonly Lazy<SeedText> Seed = new(SeedText.Load);
    private static readonly string[] PageNames = ["綜合", "社區", "文化", "民生", "城事", "專題", "副刊", "經濟", "健康", "法治"];
    private static readonly Lazy<IssueText> TraditionalText = new(() => new IssueText(simplified: false));
    private static readonly Lazy<IssueText> SimplifiedText = new(() => new IssueText(simplified: true));

    private IssueText(bool simplified)
    {
        Simplified = simplified;
        var seed = Seed.Value;
        var paragraphs = seed.AllParagraphs.Where(p => p != seed.PhotoCaption).ToList();
        var sentences = paragraphs.SelectMany(SplitSentences).Distinct().ToList();
        Paper = S(seed.Masthead);
        LeadSentences = sentences.Where(s => s.StartsWith("本報訊", StringComparison.Ordinal)).Select(S).ToList();
        Sentences = sentences.Where(s => !s.StartsWith("本報訊", StringComparison.Ordinal)).Select(S).ToList();
        var clauses = paragraphs.SelectMany(SplitClauses).Distinct().ToList();
        Clauses = clauses.Select(S).ToList();
        Headlines = seed.Headlines.Concat(clauses.Where(c => c.Length is >= 7 and <= 16)).Distinct().Select(S).ToList();
        Labels = paragraphs.SelectMany(p => QuotedTerm().Matches(p).Select(m => m.Groups[1].Value))
            .Concat(["聚焦", "關注", "民生", "一線傳真", "社區新聞", "深度", "要聞速遞"]).Distinct().Select(S).ToList();
        Subtitles = seed.Phrases.Select(p => p.Replace(' ', PhraseSpace))
            .Concat(clauses.Where(c => c.Length is >= 11 and <= 22)).Distinct().Select(S).ToList();
        Captions = new[] { seed.PhotoCaption }.Concat(SplitSentences(seed.PhotoCaption))
            .Concat(sentences.Where(s => s.Length is >= 18 and <= 80 && (s.Contains("出席") || s.Contains("主持") || s.Contains("會上") || s.Contains("舉行"))))
            .Distinct().Select(S).ToList();
        Credits = [S(seed.PhotoCredit), S("劉坤 攝"), S("記者 朱亮 攝"), S("通訊員 劉坤 攝"), S("本報記者 朱亮 攝")];
        TopBylines = [S(seed.LeadByline), S("本報記者 劉坤"), S("記者 劉坤 通訊員 朱亮"), S("● 本報記者 朱亮"), S("通訊員 朱亮")];
        EndBylines = [S("（記者 劉坤）"), S("（本報記者 朱亮）"), S("（通訊員 朱亮 記者 劉坤）")];
        var noticeSentences = seed.NoticeBody.Concat(seed.AwardBody).SelectMany(SplitSentences).Select(S).ToList();
        Notices =
        [
            new(S(seed.NoticeTitle), S(seed.NoticeSubtitle), noticeSentences, S("中國人民政治協商會議上海市徐匯區委員會")),
            new(S(seed.AwardTitle), null, noticeSentences, S("徐匯區民政局")),
            new(S("通知"), null, noticeSentences, S("徐匯區政協辦公室")),
            new(S("公告"), null, noticeSentences, S("徐匯區人民政府辦公室")),
            new(S("啟事"), null, noticeSentences, S("徐匯報社")),
            new(S("公示"), null, noticeSentences, S("徐匯區房屋管理局")),
        ];
        Ads = AdCopies(seed).Select(a => new AdCopy(S(a.Slogan), a.Lines.Select(S).ToList(), a.Hotline is null ? null : S(a.Hotline), S(a.Advertiser))).ToList();
        FrontPageName = S("要聞");
        InsidePageNames = PageNames.Select(S).ToList();
    }

    public bool Simplified { get; }
    public string Paper { get; }

    /// <summary>Sentences that open a report (本報訊 …), used only as an article's first sentence.</summary>
    public IReadOnlyList<string> LeadSentences { get; }

    /// <summary>Every other body sentence of the seed, once each.</summary>
    public IReadOnlyList<string> Sentences { get; }

    /// <summary>Clauses between commas, semicolons and colons (the seed prints ASCII ones) of 6-16 characters, without spaces and with balanced quotes.</summary>
    public IReadOnlyList<string> Clauses { get; }

    public IReadOnlyList<string> Headlines { get; }

    /// <summary>Short labels (2-6 characters) for boxed and tinted kickers.</summary>
    public IReadOnlyList<string> Labels { get; }

    public IReadOnlyList<string> Subtitles { get; }
    public IReadOnlyList<string> Captions { get; }
    public IReadOnlyList<string> Credits { get; }
    public IReadOnlyList<string> TopBylines { get; }
    public IReadOnlyList<string> EndBylines { get; }
    public IReadOnlyList<NoticeCopy> Notices { get; }
    public IReadOnlyList<AdCopy> Ads { get; }
    public string FrontPageName { get; }
    public IReadOnlyList<string> InsidePageNames { get; }

    public static IssueText For(bool simplified) => simplified ? SimplifiedText.Value : TraditionalText.Value;

    /// <summary>Converts fixed Traditional copy (labels, markers, furniture) to the issue's script.</summary>
    public string S(string traditional) => Simplified ? ChineseScript.ToSimplified(traditional) : traditional;

    public static IEnumerable<string> SplitSentences(string paragraph)
    {
        var start = 0;
        for (var i = 0; i < paragraph.Length; i++)
        {
            if (paragraph[i] is not ('。' or '！' or '？'))
            {
                continue;
            }

            var end = i + 1;
            while (end < paragraph.Length && paragraph[end] is '”' or '」')
            {
                end++;
            }

            yield return paragraph[start..end];
            start = end;
            i = end - 1;
        }
    }

    /// <summary>True when the text ends a sentence (as every article that does not jump must).</summary>
    public static bool EndsSentence(string text) => text.TrimEnd('”', '」').EndsWith('。') || text.EndsWith('！') || text.EndsWith('？');

    private static IEnumerable<string> SplitClauses(string paragraph) =>
        paragraph.Split(['，', '。', '；', '：', '！', '？', ',', ';', ':'])
            .Select(c => c.Trim())
            .Where(c => c.Length is >= 6 and <= 16 && !c.Contains(' ') && !c.Contains('(') && !c.Contains(')')
                && c.Count(ch => ch == '“') == c.Count(ch => ch == '”') && !"是並和與的及".Contains(c[0]));

    [GeneratedRegex("“([^”]{2,6})”")]
    private static partial Regex QuotedTerm();

    private static IEnumerable<AdCopy> AdCopies(SeedText seed) =>
    [
        new(seed.Slogan[0], [seed.Slogan[1], "建設人民城市最佳實踐區"], null, "中共上海市徐匯區委宣傳部"),
        new("守護舌尖安全", ["食品安全 人人有責", "發現問題請及時舉報"], "投訴熱線：12345", "徐匯區市場監督管理局"),
        new("文明養犬 和諧鄰里", ["出門拴繩 及時清理", "犬只免疫 依法登記", "共建美好家園"], "諮詢電話：021-64872311", "徐匯區城市管理行政執法局"),
        new("社區食堂 溫暖開張", ["老年助餐 每餐優惠", "早餐 午餐 晚餐 全天供應", "地址：徐匯區南丹路"], "訂餐熱線：021-54258800", "徐匯區民政局"),
        new("濱江秋季音樂會", ["每周六 周日晚七點", "龍騰大道沿江步道", "免費入場 歡迎市民"], "活動熱線：021-64266666", "徐匯區文化和旅遊局"),
        new("防範電信網絡詐騙", ["陌生來電 多留個心眼", "不聽 不信 不轉賬"], "反詐熱線：96110", "上海市公安局徐匯分局"),
    ];
}
