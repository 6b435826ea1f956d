using System.Buffers;
using System.Globalization;
using System.Text;
using XuhuiEpaper.Core.Text;

namespace XuhuiEpaper.Core.Recognition;

/// <summary>
/// What a reading of strips of a scan by both models at once (<c>chi_tra+chi_sim</c>) says of its script: how many of
/// the characters read only Traditional prints (匯, 報) and how many only Simplified prints (汇, 报), and the model
/// chosen, or none when the strips cannot tell.
/// </summary>
public sealed record ScriptVerdict(string? Languages, int TraditionalOnly, int SimplifiedOnly)
{
    /// <summary>Wall-clock seconds the strips took to rasterize and read, when measured.</summary>
    public double Seconds { get; init; }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{TraditionalOnly} Traditional-only and {SimplifiedOnly} Simplified-only characters read by chi_tra+chi_sim{(Seconds > 0 ? $" in {Seconds:0.0} s" : "")}");
}

/// <summary>
/// Tells a scan's script from a reading by both models at once. Tesseract then keeps, line by line, the model that
/// reads it best, so the characters it writes lean to the page's own script. Either model alone reads the other script
/// fluently (its confidences fall by only a point or two), which made comparing two separate readings an unsure test;
/// the joint reading's counts are not. On the tuning scans (the sample and families 41–46, page 1, 150 and 300 dpi) the
/// Simplified-only characters were 19–42 % of the script-marked ones on Traditional pages (chi_sim still wins some
/// lines there) and 94–97 % on Simplified pages.
/// </summary>
public static class ScriptVote
{
    /// <summary>Script-marked characters (Traditional-only or Simplified-only) the reading needs to tell.</summary>
    public const int MinCharacters = 20;

    /// <summary>At most this share of Simplified-only characters: Traditional.</summary>
    public const double MaxSimplifiedShareForTraditional = 0.6;

    /// <summary>At least this share of Simplified-only characters: Simplified.</summary>
    public const double MinSimplifiedShareForSimplified = 0.75;

    public static ScriptVerdict Judge(IEnumerable<RecognisedWord> readByBoth)
    {
        ArgumentNullException.ThrowIfNull(readByBoth);
        var traditional = 0;
        var simplified = 0;
        foreach (var w in readByBoth)
        {
            if (Rune.DecodeFromUtf16(w.Text, out var rune, out _) != OperationStatus.Done)
            {
                continue;
            }

            traditional += ChineseScript.IsTraditionalOnly(rune.Value) ? 1 : 0;
            simplified += ChineseScript.IsSimplifiedOnly(rune.Value) ? 1 : 0;
        }

        var marked = traditional + simplified;
        var share = marked == 0 ? 0 : (double)simplified / marked;
        var languages = marked < MinCharacters ? null
            : share <= MaxSimplifiedShareForTraditional ? "chi_tra"
            : share >= MinSimplifiedShareForSimplified ? "chi_sim"
            : null;
        return new ScriptVerdict(languages, traditional, simplified);
    }
}
