using System.Reflection;

namespace XuhuiEpaper.Samples;

/// <summary>
/// The real front page text of 徐匯報 2021-12-13, embedded verbatim, cut into its parts.
/// Print line breaks inside a paragraph (the seed keeps the column breaks) are joined again.
/// </summary>
public sealed class SeedText
{
    public const string FrontPageResource = "xuhuibao-2021-12-13-front-page.txt";

    private SeedText(IReadOnlyList<string> lines)
    {
        string L(int i) => lines[i];
        Masthead = L(0);
        Channels = [L(1), L(2), L(3), L(4)];
        DigitalEdition = L(5);
        IssueLine = L(6);
        var lead = L(7);
        var split = lead.IndexOf(" “滿意在徐匯”", StringComparison.Ordinal);
        LeadKicker = lead[..split];
        LeadTitle = lead[(split + 1)..];
        LeadByline = L(8);
        LeadBody = JoinBroken(lines, 9, 13);
        PhotoCaption = L(14);
        PhotoCredit = L(15);
        Slogan = [L(16), L(17)];
        NoticeTitle = L(18).Replace(" ", string.Empty, StringComparison.Ordinal);
        NoticeSubtitle = L(19);
        NoticeBody = JoinBroken(lines, 20, 21);
        AwardTitle = L(22);
        AwardBody = JoinBroken(lines, 23, 24);
        SecondTitle = L(25);
        SecondSubtitle = L(26);
        SecondByline = L(27);
        SecondBody = JoinBroken(lines, 28, 33);
    }

    public string Masthead { get; }
    public IReadOnlyList<string> Channels { get; }
    public string DigitalEdition { get; }
    public string IssueLine { get; }
    public string LeadKicker { get; }
    public string LeadTitle { get; }
    public string LeadByline { get; }
    public IReadOnlyList<string> LeadBody { get; }
    public string PhotoCaption { get; }
    public string PhotoCredit { get; }
    public IReadOnlyList<string> Slogan { get; }
    public string NoticeTitle { get; }
    public string NoticeSubtitle { get; }
    public IReadOnlyList<string> NoticeBody { get; }
    public string AwardTitle { get; }
    public IReadOnlyList<string> AwardBody { get; }
    public string SecondTitle { get; }
    public string SecondSubtitle { get; }
    public string SecondByline { get; }
    public IReadOnlyList<string> SecondBody { get; }

    /// <summary>Every body paragraph of the seed, for recombining into variant articles.</summary>
    public IReadOnlyList<string> AllParagraphs => [.. LeadBody, .. NoticeBody, .. AwardBody, .. SecondBody, PhotoCaption];

    /// <summary>Headline-like phrases taken from the seed.</summary>
    public IReadOnlyList<string> Headlines =>
    [
        LeadTitle, SecondTitle, "推進模範機關創建", "踐行“人民至上”重要實踐", "打好“三舊”變“三新”攻堅戰",
        "深化“滿意在徐匯”大走訪", "讓人民滿意成為卓越徐匯的標準", "打造社情民意的“直通車”",
        "打造上情下達的“連心橋”", "打造共商共議的“議事廳”", "老旧小区再提升工作推進會", "建設人民城市最佳實踐區",
        "通過全國社區治理和服務創新實驗區結項評估", "聯系服務群眾走訪活動",
    ];

    public IReadOnlyList<string> Phrases => [LeadKicker, SecondSubtitle, NoticeSubtitle, "讓一線幹部成為模範機關的標志", "要掌握方法，提升工作科學性"];

    public static SeedText Load() => new(NonEmptyLines(ReadResource(FrontPageResource)));

    public static string ReadResource(string name)
    {
        using var stream = typeof(SeedText).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Missing embedded resource {name}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static List<string> NonEmptyLines(string text) =>
        text.Replace("\r", string.Empty, StringComparison.Ordinal).Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList();

    private static List<string> JoinBroken(IReadOnlyList<string> lines, int first, int last)
    {
        var paragraphs = new List<string>();
        var current = string.Empty;
        for (var i = first; i <= last; i++)
        {
            current += lines[i];
            if (current.EndsWith('。') || i == last)
            {
                paragraphs.Add(current);
                current = string.Empty;
            }
        }

        return paragraphs;
    }
}
