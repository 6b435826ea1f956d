using SkiaSharp;
using XuhuiEpaper.Samples.Families.Planning;
using XuhuiEpaper.Samples.Families.Style;
using XuhuiEpaper.Samples.Families.Text;
using XuhuiEpaper.Samples.Layout;

namespace XuhuiEpaper.Samples.Families.Composition;

/// <summary>
/// Makes the seeded decisions for one article: headline text and size, kicker, subtitle, photos, byline,
/// crossheads. <c>simplicity</c> 0 allows everything; each step up drops decoration, for regions too small to carry it.
/// </summary>
public sealed class ArticleDesigner(IssueStyle style, CopyDesk desk, ColumnGrid grid, Random rng)
{
    private IssueText Text => desk.Text;
    private float Body => style.BodySize;
    private Family Family => style.Family;

    public ArticleDesign Design(PlannedItem plan, int simplicity, string? continuedTitle)
    {
        var first = plan.First;
        var width = grid.Width(first.Cols);
        var role = plan.Role;
        var single = plan.Blocks.Count == 1;
        var minimum = (Body * 4.5f) + (style.Leading * 7);
        var decorated = simplicity == 0 && role != ArticleRole.Brief && continuedTitle is null;
        var plain = simplicity >= 2 || role == ArticleRole.Brief || continuedTitle is not null;
        var lead = role is ArticleRole.Lead or ArticleRole.Feature;

        var design = new ArticleDesign { HeaderCols = first.Cols };
        if (!plain && single && first.Cols >= 2 && rng.NextDouble() < Family.VerticalHeadlines * (lead ? 0.7 : 1.3))
        {
            design = design with { Vertical = VerticalTitle(first) };
        }

        if (decorated && first.Cols >= 2 && first.Height > minimum * 2.6f && design.Vertical is null
            && rng.NextDouble() < role switch { ArticleRole.Feature => 0.8, ArticleRole.Lead => 0.4, _ => 0.1 })
        {
            design = design with { PhotoAbove = Photo(), PhotoAboveAspect = new Between(0.45f, 0.62f).Pick(rng) };
        }

        if (decorated && single && first.Cols >= 3 && design.PhotoAbove is null && design.Vertical is null)
        {
            var besideCols = first.Cols >= 5 ? 2 : 1;
            var roll = rng.NextDouble();
            if (roll < 0.2 && first.Height > minimum * 1.8f)
            {
                design = design with { HeaderCols = first.Cols - besideCols, PhotoBeside = Photo(), PhotoBesideAspect = new Between(0.6f, 0.85f).Pick(rng) };
            }
            else if (roll < 0.32)
            {
                design = design with { HeaderCols = first.Cols - 1 };
            }
        }

        if (design.Vertical is null)
        {
            design = design with { Header = Header(role, grid.Width(design.HeaderCols), plain, simplicity, continuedTitle) };
        }

        if (decorated && design.PhotoBeside is null && design.PhotoAbove is null && design.Vertical is null && single && first.Cols >= 3 && first.Height > minimum * 2.6f
            && rng.NextDouble() < role switch { ArticleRole.Feature => 0.5, ArticleRole.Lead => 0.3, _ => 0.2 })
        {
            design = design with { BandPhoto = Photo() };
        }
        else if (decorated && design.PhotoBeside is null && first.Height > minimum * 2f && (first.Cols >= 2 || first.Height > minimum * 3f)
            && rng.NextDouble() < role switch { ArticleRole.Feature => 0.8, ArticleRole.Lead => 0.35, _ => 0.25 })
        {
            // Beside a vertical headline the photo keeps out of the column that carries it.
            var room = design.Vertical is null ? first.Cols : first.Cols - 1;
            var offset = design.Vertical is { OnRight: false } ? 1 : 0;
            var cols = rng.Next(1, room + 1);
            var aspect = cols == 1 ? new Between(0.75f, 1.2f).Pick(rng) : new Between(0.55f, 0.8f).Pick(rng);
            design = design with { BodyPhoto = new BodyPhoto(Photo(), offset + rng.Next(0, room - cols + 1), cols, !single || rng.NextDouble() < 0.6, aspect) };
        }

        var bylineRoll = rng.NextDouble();
        if (simplicity < 3)
        {
            if (role == ArticleRole.Brief || continuedTitle is not null)
            {
                design = design with { BylineEnd = bylineRoll < 0.2 ? desk.Pick(Text.EndBylines) : null };
            }
            else if (bylineRoll < (lead ? 0.65 : 0.45))
            {
                design = design with { BylineTop = desk.Pick(Text.TopBylines) };
            }
            else if (bylineRoll < (lead ? 0.85 : 0.7))
            {
                design = design with { BylineEnd = desk.Pick(Text.EndBylines) };
            }
        }

        var area = plan.Blocks.Sum(b => grid.Width(b.Cols) * b.Height);
        var longText = area / (Body * style.Leading) > 1800;
        if (!plain && longText && rng.NextDouble() < role switch { ArticleRole.Feature => 1.0, ArticleRole.Lead => 0.5, _ => 0.35 })
        {
            var red = rng.NextDouble() < 0.4;
            design = design with { Crossheads = new CrossheadType(Body * new Between(1.0f, 1.25f).Pick(rng), red ? Ink.Red : Ink.Black, rng.NextDouble() < 0.5) };
        }

        return design with { Dateline = continuedTitle is null && rng.NextDouble() < (lead ? 0.6 : 0.35) };
    }

    private HeaderSpec Header(ArticleRole role, float width, bool plain, int simplicity, string? continuedTitle)
    {
        var lead = role is ArticleRole.Lead or ArticleRole.Feature;
        var scale = role switch
        {
            ArticleRole.Brief => new Between(1.6f, 1.8f),
            _ when continuedTitle is not null => new Between(1.6f, 1.9f),
            _ when lead => Family.LeadScale,
            _ => Family.HeadlineScale,
        };
        var minimum = Body * 1.6f;
        var preferred = Math.Max(minimum, Math.Min(Body * 4f, scale.Pick(rng) * Body));
        var maxLines = role == ArticleRole.Brief ? 2 : 3;
        var (title, size) = FitTitle(role, width, preferred, minimum, maxLines, simplicity, continuedTitle);
        var red = rng.NextDouble() < Family.RedHeadlines * (lead ? 2 : 1) && role != ArticleRole.Brief;
        var small = Math.Clamp(size * 0.48f, Body * 1.05f, Body * 1.8f);
        KickerSpec? kicker = null;
        string? subtitle = null;
        if (!plain && rng.NextDouble() < role switch { ArticleRole.Feature => 0.7, ArticleRole.Lead => 0.55, _ => 0.3 })
        {
            kicker = Kicker(small, width);
        }

        if (!plain && rng.NextDouble() < role switch { ArticleRole.Feature => 0.6, ArticleRole.Lead => 0.4, _ => 0.2 })
        {
            subtitle = Subtitle(small, width);
        }

        return new HeaderSpec(kicker, title, size, red ? Ink.Red : Ink.Black, Centred(role), subtitle, small) { SpaceGlyph = Family.SpaceGlyph };
    }

    private (string Title, float Size) FitTitle(ArticleRole role, float width, float preferred, float minimum, int maxLines, int simplicity, string? continuedTitle)
    {
        if (continuedTitle is not null && HeaderSetter.FitTitle(continuedTitle, width, preferred, minimum, maxLines) is { } fits)
        {
            return (continuedTitle, fits);
        }

        for (var attempt = 0; attempt < 12 && simplicity < 3; attempt++)
        {
            var title = role == ArticleRole.Brief ? BriefTitle() : Title(role);
            if (HeaderSetter.FitTitle(title, width, preferred, minimum, maxLines) is { } size)
            {
                return (title, size);
            }
        }

        // A very narrow region: the shortest clause at the smallest size, on as many lines as it takes.
        var shortest = Text.Clauses.OrderBy(c => c.Length).ThenBy(c => c, StringComparer.Ordinal).First();
        return (shortest, HeaderSetter.FitTitle(shortest, width, minimum, minimum, 4) ?? minimum);
    }

    private string Title(ArticleRole role)
    {
        if (role != ArticleRole.Brief && rng.NextDouble() < 0.38)
        {
            var phrases = Text.Headlines.Where(h => h.Length <= 11).ToList();
            var a = desk.Pick(phrases);
            var b = desk.Pick(phrases);
            if (a != b)
            {
                return a + IssueText.PhraseSpace + b;
            }
        }

        return desk.Pick(Text.Headlines);
    }

    private string BriefTitle() => desk.Pick(Text.Clauses.Where(c => c.Length is >= 6 and <= 12).ToList());

    private KickerSpec Kicker(float size, float width)
    {
        if (rng.NextDouble() < Family.LabelKickers)
        {
            var label = desk.Pick(Text.Labels);
            if (Lettering.Width(label, size) + (size * 1.2f) <= width)
            {
                if (rng.NextDouble() < 0.5)
                {
                    return new KickerSpec(label, KickerLook.Boxed, rng.NextDouble() < 0.5 ? Ink.Red : Ink.Black, null);
                }

                return rng.Next(3) switch
                {
                    0 => new KickerSpec(label, KickerLook.Band, Ink.White, Ink.Red),
                    1 => new KickerSpec(label, KickerLook.Band, Ink.White, new SKColor(0x33, 0x3a, 0x48)),
                    _ => new KickerSpec(label, KickerLook.Band, Ink.Black, Ink.Tint(rng)),
                };
            }
        }

        var ink = rng.NextDouble() < 0.2 ? Ink.Red : Ink.Black;
        if (rng.NextDouble() < 0.4)
        {
            var clauses = Text.Clauses.Where(c => c.Length <= 10).ToList();
            var a = desk.Pick(clauses);
            var b = desk.Pick(clauses);
            var twoPhrases = a + IssueText.PhraseSpace + b;
            if (a != b && Lettering.Width(twoPhrases, size) <= width)
            {
                return new KickerSpec(twoPhrases, KickerLook.Plain, ink, null);
            }
        }

        return new KickerSpec(desk.Pick(Text.Subtitles), KickerLook.Plain, ink, null);
    }

    private string Subtitle(float size, float width)
    {
        var text = desk.Pick(Text.Subtitles);
        var dashed = "——" + text;
        return rng.NextDouble() < 0.4 && Lettering.Width(dashed, size) <= width * 2 ? dashed : text;
    }

    private bool Centred(ArticleRole role)
    {
        var flip = rng.NextDouble() < 0.12;
        var centred = Family.Alignment switch
        {
            HeadlineAlignment.Centre => true,
            HeadlineAlignment.Left => false,
            _ => role is ArticleRole.Lead or ArticleRole.Feature || rng.NextDouble() < 0.3,
        };
        return centred != flip && role != ArticleRole.Brief;
    }

    private VerticalSpec? VerticalTitle(Cell first)
    {
        var candidates = Text.Headlines.Where(h => h.Length is >= 5 and <= 12 && h.All(c => XuhuiEpaper.Core.Text.CjkText.IsIdeograph(c))).ToList();
        if (candidates.Count == 0)
        {
            return null;
        }

        var title = desk.Pick(candidates);
        var size = Math.Min(Body * new Between(2f, 3.2f).Pick(rng), first.Height * 0.85f / (title.Length * 1.08f));
        size = Math.Min(size, grid.ColumnWidth * 0.45f);
        if (size < Body * 1.6f)
        {
            return null;
        }

        var red = rng.NextDouble() < Family.RedHeadlines * 1.5;
        return new VerticalSpec(title, MathF.Round(size * 2) / 2, red ? Ink.Red : Ink.Black, rng.NextDouble() < 0.6);
    }

    private PhotoCopy Photo() => new(desk.Pick(Text.Captions), rng.NextDouble() < 0.85 ? desk.Pick(Text.Credits) : null, rng.Next());
}
