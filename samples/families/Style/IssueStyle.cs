using SkiaSharp;

namespace XuhuiEpaper.Samples.Families.Style;

/// <summary>A family's habits with this issue's numbers picked: page size, margins, grid and type.</summary>
public sealed record IssueStyle(Family Family, SKSize Page, float MarginX, float MarginTop, float MarginBottom, int Columns,
    float Gutter, float BodySize, float Leading, float ItemGap, bool Simplified)
{
    public const float TabloidWidth = 842f;   // 297 x 420 mm; Skia rounds the MediaBox to whole points
    public const float TabloidHeight = 1191f;
    public const float BroadsheetWidth = 1191f; // 420 x 594 mm
    public const float BroadsheetHeight = 1684f;

    public bool IsBroadsheet => Family.Format == PageFormat.Broadsheet;

    public float CaptionSize => MathF.Max(7.5f, BodySize * 0.88f);

    /// <summary>
    /// Picks this issue's numbers. The column count cycles through the family's range with <paramref name="round"/>
    /// (how many times the seed sequence has come back to this family), so every count is used; the rest is seeded.
    /// </summary>
    public static IssueStyle Realize(Family family, int round, Random rng)
    {
        var broadsheet = family.Format == PageFormat.Broadsheet;
        var page = broadsheet ? new SKSize(BroadsheetWidth, BroadsheetHeight) : new SKSize(TabloidWidth, TabloidHeight);
        var scale = broadsheet ? 1.4f : 1f;
        var body = MathF.Round(family.BodySize.Pick(rng) * 4) / 4;
        var leading = MathF.Round(body * family.Leading.Pick(rng) * 4) / 4;
        return new IssueStyle(
            family, page,
            MarginX: MathF.Round(new Between(28, 38).Pick(rng) * scale),
            MarginTop: MathF.Round(new Between(26, 36).Pick(rng) * scale),
            MarginBottom: MathF.Round(new Between(26, 38).Pick(rng) * scale),
            Columns: family.MinColumns + (Math.Abs(round) % (family.MaxColumns - family.MinColumns + 1)),
            Gutter: MathF.Round(family.GutterEm.Pick(rng) * body * 2) / 2,
            BodySize: body,
            Leading: leading,
            ItemGap: MathF.Round(family.ItemGapLines.Pick(rng) * leading),
            Simplified: rng.NextDouble() < 0.45);
    }
}

/// <summary>The few colours a newspaper prints with.</summary>
public static class Ink
{
    public static readonly SKColor Black = new(0x14, 0x14, 0x14);
    public static readonly SKColor Red = new(0xc6, 0x14, 0x1e);
    public static readonly SKColor Rule = new(0x2a, 0x2a, 0x2a);
    public static readonly SKColor Caption = new(0x26, 0x26, 0x26);
    public static readonly SKColor White = SKColors.White;

    /// <summary>Light tints behind notices, ads and kicker bands.</summary>
    public static readonly IReadOnlyList<SKColor> Tints =
    [
        new(0xfb, 0xe9, 0xe4), new(0xee, 0xee, 0xea), new(0xfd, 0xf3, 0xd6), new(0xe4, 0xee, 0xf7), new(0xe9, 0xf3, 0xe4),
    ];

    public static SKColor Tint(Random rng) => Tints[rng.Next(Tints.Count)];
}
