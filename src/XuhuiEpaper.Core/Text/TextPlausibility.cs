using System.Collections.Frozen;
using System.Globalization;
using System.Text;

namespace XuhuiEpaper.Core.Text;

/// <summary>What a page's text layer is worth.</summary>
public enum TextVerdict
{
    /// <summary>Plausible text in the scripts expected: published and indexed as it is.</summary>
    Readable,
    /// <summary>Characters that are not text: fonts without a Unicode map, broken encodings. Never indexed.</summary>
    Unreadable,
    /// <summary>No text, but an image covers the page: a scan without a text layer.</summary>
    Scan,
    /// <summary>No text and no page-sized image (a blank page, a full-page drawing): nothing to judge.</summary>
    NoText,
}

/// <summary>
/// The figures a verdict is made of, as shares of the characters judged (letters and digits, punctuation; no spaces).
/// </summary>
/// <param name="Characters">Code points judged.</param>
/// <param name="ExpectedShare">In the scripts a Chinese paper prints: CJK ideographs and punctuation, full-width forms, Latin, digits.</param>
/// <param name="ControlShare">Control, format, surrogate, unassigned and private-use code points.</param>
/// <param name="CommonHanziShare">Of the CJK ideographs, those among the common ones (GB 2312 level 1 and Big5 level 1); 1 when there are none.</param>
/// <param name="BigramCoverage">Of the pairs of adjacent ideographs, those in the common-bigram table; null when there are fewer than 10 pairs.</param>
public sealed record TextFigures(int Characters, double ExpectedShare, double ControlShare, double CommonHanziShare, double? BigramCoverage)
{
    public static TextFigures None { get; } = new(0, 1, 0, 1, null);
}

/// <summary>The text of one font on a page, judged on its own.</summary>
public sealed record FontJudgement(string Font, TextFigures Figures, bool Readable);

/// <summary>A page's verdict, its figures, each font's, and in words why.</summary>
public sealed record PageTextJudgement(TextVerdict Verdict, TextFigures Figures, IReadOnlyList<FontJudgement> Fonts, string Reason)
{
    /// <summary>Fonts whose text is not text: their glyphs are left out of a page that is otherwise readable.</summary>
    public IEnumerable<string> UnreadableFonts => Fonts.Where(f => !f.Readable).Select(f => f.Font);
}

/// <summary>Thresholds of <see cref="TextPlausibility"/>.</summary>
public sealed record TextPlausibilityOptions
{
    /// <summary>Fewer characters than this are too few to judge: readable unless most of them are control characters.</summary>
    public int MinCharacters { get; init; } = 12;
    /// <summary>Below this share of expected characters the text is not text.</summary>
    public double MinExpectedShare { get; init; } = 0.75;
    /// <summary>Above this share of control and private-use characters the text is not text.</summary>
    public double MaxControlShare { get; init; } = 0.05;
    /// <summary>Below this share of common ideographs (with at least <see cref="MinHanziForCommonShare"/> ideographs) the text is not text.</summary>
    public double MinCommonHanziShare { get; init; } = 0.6;
    public int MinHanziForCommonShare { get; init; } = 20;
    /// <summary>A page whose unreadable fonts hold more than this share of its characters is unreadable as a whole.</summary>
    public double MaxUnreadableFontShare { get; init; } = 0.2;
}

/// <summary>
/// Judges whether text taken from a PDF is text: pure code, cheap (one pass over the characters), for each page and
/// each of its fonts. A font without a Unicode map gives glyph numbers read as code points: control characters,
/// private-use characters and random blocks (<c>͋⢮᪾თ…㦻㑺</c>), or ideographs that are rarely printed, in pairs that
/// are never printed. The common ideographs are those of the national standards' first levels (GB 2312 level 1: 3,755
/// characters; Big5 level 1: 5,401), which cover more than 99 % of the characters of news text in either script.
/// </summary>
public static class TextPlausibility
{
    private static readonly FrozenSet<int> CommonHanzi = LoadCommonHanzi();
    private static readonly FrozenSet<long> CommonBigrams = LoadCommonBigrams();

    /// <summary>The judgement of a page from its characters, each with its font; <paramref name="pageSizedImage"/> says a scan.</summary>
    public static PageTextJudgement JudgePage(IEnumerable<(string Text, string? Font)> characters, bool pageSizedImage, TextPlausibilityOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(characters);
        options ??= new TextPlausibilityOptions();
        var all = new Tally();
        var byFont = new Dictionary<string, Tally>(StringComparer.Ordinal);
        foreach (var (text, font) in characters)
        {
            all.Add(text);
            var key = font ?? "";
            if (!byFont.TryGetValue(key, out var tally))
            {
                byFont[key] = tally = new Tally();
            }

            tally.Add(text);
        }

        if (all.Characters == 0)
        {
            return pageSizedImage
                ? new PageTextJudgement(TextVerdict.Scan, TextFigures.None, [], "no text layer: the page is an image (a scan)")
                : new PageTextJudgement(TextVerdict.NoText, TextFigures.None, [], "no text on the page");
        }

        var fonts = byFont
            .Select(f => (Name: f.Key, Figures: f.Value.Figures()))
            .Select(f => new FontJudgement(f.Name, f.Figures, Fault(f.Figures, options) is null))
            .OrderByDescending(f => f.Figures.Characters)
            .ToArray();
        var figures = all.Figures();
        var badCharacters = fonts.Where(f => !f.Readable).Sum(f => f.Figures.Characters);
        string? pageFault;
        if (badCharacters > options.MaxUnreadableFontShare * figures.Characters)
        {
            pageFault = Fault(figures, options) ?? $"{Percent((double)badCharacters / figures.Characters)} of its characters are in fonts whose text is not text";
        }
        else
        {
            // A minor font of garbage (symbols without a map) is left out: the page is judged on the rest.
            var bad = fonts.Where(f => !f.Readable).Select(f => f.Font).ToHashSet(StringComparer.Ordinal);
            var rest = new Tally();
            foreach (var (font, tally) in byFont.Where(f => !bad.Contains(f.Key)))
            {
                rest.Add(tally);
            }

            pageFault = Fault(rest.Figures(), options);
        }

        if (pageFault is not null)
        {
            return new PageTextJudgement(TextVerdict.Unreadable, figures, fonts, "the text layer is unreadable: " + pageFault + FontNames(fonts));
        }

        var reason = badCharacters > 0
            ? $"readable; {badCharacters} characters left out{FontNames(fonts)}"
            : "readable";
        return new PageTextJudgement(TextVerdict.Readable, figures, fonts, reason);
    }

    /// <summary>The judgement of a piece of text on its own (one font, or text from recognition).</summary>
    public static TextFigures Measure(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var tally = new Tally();
        foreach (var rune in text.EnumerateRunes())
        {
            tally.Add(rune);
        }

        return tally.Figures();
    }

    /// <summary>Why figures are not those of text, or null when they are.</summary>
    public static string? Fault(TextFigures figures, TextPlausibilityOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(figures);
        options ??= new TextPlausibilityOptions();
        if (figures.Characters < options.MinCharacters)
        {
            return figures.Characters > 0 && figures.ControlShare > 0.5 ? $"{Percent(figures.ControlShare)} control or private-use characters" : null;
        }

        var faults = new List<string>();
        if (figures.ControlShare > options.MaxControlShare)
        {
            faults.Add($"{Percent(figures.ControlShare)} control or private-use characters");
        }

        if (figures.ExpectedShare < options.MinExpectedShare)
        {
            faults.Add($"{Percent(1 - figures.ExpectedShare)} of the characters outside the scripts expected (CJK, Latin)");
        }

        if (figures.CommonHanziShare < options.MinCommonHanziShare && figures.BigramCoverage is not > 0.3)
        {
            faults.Add($"only {Percent(figures.CommonHanziShare)} of the ideographs are common ones"
                + (figures.BigramCoverage is { } b ? $" and {Percent(b)} of their pairs are common bigrams" : ""));
        }

        return faults.Count == 0 ? null : string.Join("; ", faults);
    }

    /// <summary>The script of a text: Traditional when more of its ideographs are Traditional-only than Simplified-only.</summary>
    public static bool LooksTraditional(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return !string.Equals(ChineseScript.ToSimplified(text), text, StringComparison.Ordinal);
    }

    private static string FontNames(IEnumerable<FontJudgement> fonts)
    {
        var bad = fonts.Where(f => !f.Readable).Select(f => f.Font.Length == 0 ? "(unnamed)" : f.Font).Take(4).ToArray();
        return bad.Length == 0 ? "" : " (font " + string.Join(", ", bad) + ")";
    }

    private static string Percent(double share) => (share * 100).ToString("0", CultureInfo.InvariantCulture) + " %";

    private static bool IsExpected(int cp, UnicodeCategory category) =>
        cp < 0x80 && !char.IsControl((char)cp)
        || CjkText.IsIdeograph(cp)
        || cp is >= 0x3000 and <= 0x303F // CJK symbols and punctuation
        || cp is >= 0xFF00 and <= 0xFFEF // full-width forms
        || cp is >= 0x2000 and <= 0x206F // general punctuation
        || cp is >= 0x00A0 and <= 0x017F && category is not UnicodeCategory.Control // Latin-1, Latin Extended-A
        || cp is >= 0x2460 and <= 0x24FF // enclosed numbers ①
        || cp is >= 0x2150 and <= 0x218F // number forms Ⅲ
        || cp is >= 0xFE30 and <= 0xFE4F // CJK compatibility forms (vertical punctuation)
        || cp is 0x25CB or 0x25CF or 0x25A0 or 0x25A1 or 0x2605 or 0x2606 or 0x25B2 or 0x25C6; // ○●■□★☆▲◆

    private static bool IsControl(UnicodeCategory category) =>
        category is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate
            or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned;

    /// <summary>Running counts over one stream of characters.</summary>
    private sealed class Tally
    {
        private int _expected;
        private int _control;
        private int _hanzi;
        private int _common;
        private int _pairs;
        private int _commonPairs;
        private int _previousHanzi = -1;

        public int Characters { get; private set; }

        /// <summary>Adds another tally's counts (pairs do not run across the two).</summary>
        public void Add(Tally other)
        {
            Characters += other.Characters;
            _expected += other._expected;
            _control += other._control;
            _hanzi += other._hanzi;
            _common += other._common;
            _pairs += other._pairs;
            _commonPairs += other._commonPairs;
        }

        public void Add(string text)
        {
            foreach (var rune in text.EnumerateRunes())
            {
                Add(rune);
            }
        }

        public void Add(Rune rune)
        {
            var cp = rune.Value;
            if (Rune.IsWhiteSpace(rune))
            {
                _previousHanzi = -1;
                return;
            }

            Characters++;
            var category = Rune.GetUnicodeCategory(rune);
            if (IsControl(category))
            {
                _control++;
            }
            else if (IsExpected(cp, category))
            {
                _expected++;
            }

            if (CjkText.IsIdeograph(cp))
            {
                _hanzi++;
                if (CommonHanzi.Contains(cp))
                {
                    _common++;
                }

                if (_previousHanzi >= 0)
                {
                    _pairs++;
                    if (CommonBigrams.Contains(Pair(_previousHanzi, cp)))
                    {
                        _commonPairs++;
                    }
                }

                _previousHanzi = cp;
            }
            else
            {
                _previousHanzi = -1;
            }
        }

        public TextFigures Figures() => Characters == 0
            ? TextFigures.None
            : new TextFigures(
                Characters,
                (double)_expected / Characters,
                (double)_control / Characters,
                _hanzi == 0 ? 1 : (double)_common / _hanzi,
                _pairs >= 10 ? (double)_commonPairs / _pairs : null);
    }

    private static long Pair(int first, int second) => ((long)first << 32) | (uint)second;

    /// <summary>GB 2312 level 1 (rows 16–55) and Big5 level 1 (A440–C67E), decoded with .NET's code pages.</summary>
    private static FrozenSet<int> LoadCommonHanzi()
    {
        var provider = CodePagesEncodingProvider.Instance;
        var gb = provider.GetEncoding(936) ?? throw new InvalidOperationException("code page 936 is not available");
        var big5 = provider.GetEncoding(950) ?? throw new InvalidOperationException("code page 950 is not available");
        var set = new HashSet<int>();
        for (var lead = 0xB0; lead <= 0xD7; lead++)
        {
            for (var trail = 0xA1; trail <= 0xFE; trail++)
            {
                AddDecoded(gb, lead, trail, set);
            }
        }

        for (var lead = 0xA4; lead <= 0xC6; lead++)
        {
            for (var trail = 0x40; trail <= 0xFE; trail++)
            {
                if (trail is > 0x7E and < 0xA1 || (lead == 0xC6 && trail > 0x7E))
                {
                    continue;
                }

                AddDecoded(big5, lead, trail, set);
            }
        }

        // The folding of radicals and of compatibility ideographs (NFKC) the reader applies maps to these too.
        return set.ToFrozenSet();

        static void AddDecoded(Encoding encoding, int lead, int trail, HashSet<int> set)
        {
            var text = encoding.GetString([(byte)lead, (byte)trail]);
            if (text.Length == 1 && CjkText.IsIdeograph(text[0]))
            {
                set.Add(text[0]);
            }
        }
    }

    /// <summary>Every pair of adjacent ideographs of the embedded real text, and its Simplified fold.</summary>
    private static FrozenSet<long> LoadCommonBigrams()
    {
        using var stream = typeof(TextPlausibility).Assembly.GetManifestResourceStream("CommonBigrams.seed.txt")
            ?? throw new InvalidOperationException("CommonBigrams.seed.txt is not embedded in XuhuiEpaper.Core");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var text = CjkText.Normalize(reader.ReadToEnd());
        var pairs = new HashSet<long>();
        foreach (var variant in new[] { text, ChineseScript.ToSimplified(text) })
        {
            var previous = -1;
            foreach (var rune in variant.EnumerateRunes())
            {
                if (CjkText.IsIdeograph(rune.Value))
                {
                    if (previous >= 0)
                    {
                        pairs.Add(Pair(previous, rune.Value));
                    }

                    previous = rune.Value;
                }
                else
                {
                    previous = -1;
                }
            }
        }

        return pairs.ToFrozenSet();
    }
}
