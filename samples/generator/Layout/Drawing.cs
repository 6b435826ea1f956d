using SkiaSharp;

namespace XuhuiEpaper.Samples.Layout;

/// <summary>
/// Everything the composer decides, before it touches Skia: the ground truth is derived from
/// these operations and the PDF is rendered from them, so the two cannot disagree.
/// Owner is the article id or furniture key; Block is the index of the owner's region rectangle.
/// </summary>
public abstract record DrawOp(string Owner, int Block)
{
    public abstract SKRect Bounds { get; }
}

/// <summary>One character at an absolute position (baseline), so justification is exact.</summary>
public sealed record GlyphOp(string Owner, int Block, char Character, float X, float Baseline, float Size, float Advance, SKColor Color)
    : DrawOp(Owner, Block)
{
    public override SKRect Bounds => new(X, Baseline - (Size * 0.92f), X + Advance, Baseline + (Size * 0.22f));
}

/// <summary>Rules: column rules and separators are not owned by any article (Owner = "").</summary>
public sealed record LineOp(string Owner, int Block, float X0, float Y0, float X1, float Y1, float Width, SKColor Color)
    : DrawOp(Owner, Block)
{
    public override SKRect Bounds => new SKRect(Math.Min(X0, X1), Math.Min(Y0, Y1), Math.Max(X0, X1), Math.Max(Y0, Y1)).Inflated(Width / 2);
}

public sealed record BoxOp(string Owner, int Block, SKRect Rect, SKColor? Fill, SKColor? Stroke, float StrokeWidth)
    : DrawOp(Owner, Block)
{
    public override SKRect Bounds => Stroke is null ? Rect : Rect.Inflated(StrokeWidth / 2);
}

public sealed record ImageOp(string Owner, int Block, SKRect Rect, byte[] Jpeg) : DrawOp(Owner, Block)
{
    public override SKRect Bounds => Rect;
}

public static class SKRectExtensions
{
    public static SKRect Inflated(this SKRect rect, float amount) =>
        new(rect.Left - amount, rect.Top - amount, rect.Right + amount, rect.Bottom + amount);
}

/// <summary>A composed page: size in points (Skia's PDF backend rounds the MediaBox to whole points) and its operations.</summary>
public sealed class PageDrawing(float width, float height)
{
    public float Width { get; } = width;
    public float Height { get; } = height;
    public List<DrawOp> Ops { get; } = [];
}
