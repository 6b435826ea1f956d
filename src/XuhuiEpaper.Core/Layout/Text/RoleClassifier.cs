using System.Text.RegularExpressions;

namespace XuhuiEpaper.Core.Layout;

public sealed record RoleClassifierOptions
{
    /// <summary>Type at least this many times the body size is a headline.</summary>
    public double HeadlineRatio { get; init; } = 1.5;
    /// <summary>Type at least this many times the body size (and below a headline's) is a kicker or subtitle.</summary>
    public double DeckRatio { get; init; } = 1.15;
    /// <summary>
    /// On a scan, OCR sizes each word by its own ink, so body lines come out up to a fifth larger than the body size:
    /// there, deck type starts at this many times the body size.
    /// </summary>
    public double ScanDeckRatio { get; init; } = 1.35;
    /// <summary>Type at most this many times the body size is caption-sized.</summary>
    public double CaptionRatio { get; init; } = 0.93;
    /// <summary>On a scan, caption type is at most this many times the body size.</summary>
    public double ScanCaptionRatio { get; init; } = 0.75;
    /// <summary>A byline or jump line is at most this many characters long.</summary>
    public int MaxShortLineLength { get; init; } = 40;
}

/// <summary>
/// Gives each block a role from its type size relative to the page's body type, and from the wording
/// papers use for bylines (● 記者…, 通訊員), photo credits (…攝) and jump lines (下轉第2版).
/// </summary>
public sealed partial class RoleClassifier(RoleClassifierOptions options)
{
    public static RoleClassifier Instance { get; } = new(new RoleClassifierOptions());

    /// <param name="scan">The text is an OCR layer: sizes are word by word, so only clearly bigger or smaller type counts.</param>
    public void Classify(IEnumerable<TextBlock> blocks, double bodySize, bool scan = false)
    {
        ArgumentNullException.ThrowIfNull(blocks);
        foreach (var block in blocks)
        {
            block.Role = RoleOf(block, bodySize, scan);
        }
    }

    public BlockRole RoleOf(TextBlock block, double bodySize, bool scan = false)
    {
        ArgumentNullException.ThrowIfNull(block);
        var text = block.Text.Trim();
        var shortText = text.Length <= options.MaxShortLineLength && block.Lines.Count <= 2;
        if (shortText && IsJumpLine(text))
        {
            return BlockRole.JumpLine;
        }

        if (shortText && block.Size < bodySize * options.DeckRatio && BylinePattern().IsMatch(text))
        {
            return BlockRole.Byline;
        }

        if (block.Vertical || block.Size >= bodySize * options.HeadlineRatio)
        {
            return BlockRole.Headline;
        }

        if (block.Size >= bodySize * (scan ? options.ScanDeckRatio : options.DeckRatio)
            || (block.Lines.Count <= 3 && block.Size >= 0.95 * bodySize && IsCapitals(text)))
        {
            return BlockRole.Deck;
        }

        if (block.Size <= bodySize * (scan ? options.ScanCaptionRatio : options.CaptionRatio) || (shortText && IsCredit(text)))
        {
            return BlockRole.Caption;
        }

        return BlockRole.Body;
    }

    public static bool IsJumpLine(string text) => JumpPattern().IsMatch(text);

    /// <summary>
    /// Latin headlines and decks are set in capitals (HOW CARVEY JOINED THE GANG), body text is not: a signal that
    /// survives OCR, whose type sizes do not.
    /// </summary>
    public static bool IsCapitals(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var letters = text.Where(char.IsLetter).ToArray();
        return letters.Length >= 6 && letters.All(c => c < 0x2E80) && letters.Count(char.IsUpper) >= 0.75 * letters.Length;
    }

    /// <summary>Reads the target of a jump line: (true, 2) for 下轉第2版, (false, 1) for 上接第1版.</summary>
    public static (bool Forward, int Page)? ParseJump(string text)
    {
        var m = JumpPattern().Match(text ?? "");
        return m.Success ? (m.Groups["dir"].Value is "下轉" or "下转" or "轉" or "转" or "轉第" or "转第" or "續" or "续", int.Parse(m.Groups["n"].Value, System.Globalization.CultureInfo.InvariantCulture)) : null;
    }

    public static bool IsCredit(string text) => CreditPattern().IsMatch(text);

    [GeneratedRegex(@"^[(（\[【]?\s*(?<dir>下轉|下转|上接|接上|續|续|轉|转)\s*第?\s*(?<n>\d{1,2})\s*版")]
    private static partial Regex JumpPattern();

    [GeneratedRegex(@"^[●■◆▲○]|記者|记者|通訊員|通讯员|特約|特约")]
    private static partial Regex BylinePattern();

    [GeneratedRegex(@"[攝摄]\s*$|^(圖|图)\s*[/／:：]")]
    private static partial Regex CreditPattern();
}
