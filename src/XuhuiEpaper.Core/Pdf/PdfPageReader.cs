using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Graphics.Core;
using XuhuiEpaper.Core.Layout;
using XuhuiEpaper.Core.Text;

namespace XuhuiEpaper.Core.Pdf;

/// <summary>Options of <see cref="PdfPageReader"/>; the defaults suit print PDFs of newspapers.</summary>
public sealed record PdfPageReaderOptions
{
    /// <summary>A path no thicker than this (points) is a rule.</summary>
    public double MaxRuleThickness { get; init; } = 3;
    /// <summary>A rule shorter than this (points) is decoration (a bullet, an underline of a word), not a separator.</summary>
    public double MinRuleLength { get; init; } = 24;
    /// <summary>A rectangle at least this big on both sides (points) is a frame that may hold text.</summary>
    public double MinFrameSide { get; init; } = 24;
}

/// <summary>
/// Reads what the layout steps need from a PdfPig page: normalized glyphs with em boxes, rules, frames and images,
/// all in points with a top-left origin.
/// </summary>
public static class PdfPageReader
{
    public static PageInput Read(Page page, PdfPageReaderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(page);
        options ??= new PdfPageReaderOptions();
        var height = page.Height;

        var glyphs = new List<Glyph>(page.Letters.Count);
        foreach (var letter in page.Letters)
        {
            if (letter.TextOrientation != TextOrientation.Horizontal && letter.TextOrientation != TextOrientation.Other)
            {
                continue;
            }

            var text = CjkText.Normalize(letter.Value);
            if (text.Length == 0)
            {
                continue;
            }

            glyphs.Add(new Glyph(text, EmBox(letter, height), letter.PointSize, IsBold(letter), letter.RenderingMode == TextRenderingMode.Neither, letter.FontName));
        }

        var horizontal = new List<Box>();
        var vertical = new List<Box>();
        var frames = new List<Box>();
        foreach (var path in page.Paths)
        {
            if (path.IsClipping || !(path.IsStroked || path.IsFilled))
            {
                continue;
            }

            foreach (var subpath in path)
            {
                if (subpath.GetBoundingRectangle() is not { } r)
                {
                    continue;
                }

                var stroke = path.IsStroked ? path.LineWidth : 0;
                var box = new Box(r.Left - (stroke / 2), height - r.Top - (stroke / 2), r.Right + (stroke / 2), height - r.Bottom + (stroke / 2));
                Classify(box, options, horizontal, vertical, frames);
            }
        }

        var images = page.GetImages()
            .Select(i => new Box(i.BoundingBox.Left, height - i.BoundingBox.Top, i.BoundingBox.Right, height - i.BoundingBox.Bottom))
            .ToArray();

        return new PageInput
        {
            Number = page.Number,
            Width = page.Width,
            Height = height,
            Glyphs = glyphs,
            HorizontalRules = horizontal,
            VerticalRules = vertical,
            Frames = frames,
            Images = images,
        };
    }

    private static void Classify(Box box, PdfPageReaderOptions options, List<Box> horizontal, List<Box> vertical, List<Box> frames)
    {
        if (box.Height <= options.MaxRuleThickness && box.Width >= options.MinRuleLength)
        {
            horizontal.Add(box);
        }
        else if (box.Width <= options.MaxRuleThickness && box.Height >= options.MinRuleLength)
        {
            vertical.Add(box);
        }
        else if (box.Width >= options.MinFrameSide && box.Height >= options.MinFrameSide)
        {
            frames.Add(box);
        }
    }

    /// <summary>
    /// The em box from the baseline: glyph ink boxes differ per character (一 is a thin stroke), the em box
    /// does not, so letters of one line share top and bottom.
    /// </summary>
    private static Box EmBox(Letter letter, double pageHeight)
    {
        var size = letter.PointSize > 0 ? letter.PointSize : letter.BoundingBox.Height;
        var left = Math.Min(letter.StartBaseLine.X, letter.EndBaseLine.X);
        var right = Math.Max(letter.StartBaseLine.X, letter.EndBaseLine.X);
        if (right - left < size * 0.05)
        {
            right = Math.Max(right, letter.BoundingBox.Right);
        }

        var baseline = pageHeight - letter.StartBaseLine.Y;
        return new Box(left, baseline - (size * 0.88), right, baseline + (size * 0.12));
    }

    private static bool IsBold(Letter letter) =>
        letter.FontDetails?.IsBold == true
        || letter.FontName?.Contains("Bold", StringComparison.OrdinalIgnoreCase) == true
        || letter.FontName?.Contains("Heavy", StringComparison.OrdinalIgnoreCase) == true
        || letter.RenderingMode == TextRenderingMode.FillThenStroke;

    /// <summary>Opens a PDF and reads every page. For tools and tests; the pipeline reads pages one by one.</summary>
    public static IReadOnlyList<PageInput> ReadAll(string path, PdfPageReaderOptions? options = null)
    {
        using var document = PdfDocument.Open(path);
        return document.GetPages().Select(p => Read(p, options)).ToArray();
    }
}
