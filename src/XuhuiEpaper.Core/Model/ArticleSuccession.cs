using XuhuiEpaper.Core.Geometry;

namespace XuhuiEpaper.Core.Model;

/// <summary>
/// Which article of a re-analysed (or replaced) issue continues an article of the issue it replaced, so that a link to
/// the old article can lead to the new one. Only the same page is searched: a page keeps its number. The score is the
/// regions' intersection over union (at most 1), plus 2 when both carry the same non-empty title (whitespace aside): a
/// shared title beats any overlap, so a headline that moved on the page still finds itself, and among regions without a
/// shared title the one covering the old place best wins.
/// </summary>
public static class ArticleSuccession
{
    /// <summary>An article as far as succession goes: its page, its title and its region.</summary>
    public sealed record Part(int PageNumber, string? Title, IReadOnlyList<NormRect> Rects);

    /// <summary>The index in <paramref name="candidates"/> of the successor of <paramref name="old"/>, or null when no
    /// article on its page shares its title or any of its area (then the page itself is the successor).</summary>
    public static int? Successor(Part old, IReadOnlyList<Part> candidates)
    {
        ArgumentNullException.ThrowIfNull(old);
        ArgumentNullException.ThrowIfNull(candidates);
        var oldRegion = new Region(old.Rects);
        var oldTitle = Normalize(old.Title);
        int? best = null;
        var bestScore = 0.0;
        for (var i = 0; i < candidates.Count; i++)
        {
            var candidate = candidates[i];
            if (candidate.PageNumber != old.PageNumber)
            {
                continue;
            }

            var score = oldRegion.IoU(new Region(candidate.Rects));
            if (oldTitle.Length > 0 && oldTitle == Normalize(candidate.Title))
            {
                score += 2;
            }

            if (score > bestScore)
            {
                (best, bestScore) = (i, score);
            }
        }

        return best;
    }

    private static string Normalize(string? title) =>
        string.IsNullOrWhiteSpace(title) ? "" : string.Concat(title.Where(c => !char.IsWhiteSpace(c)));
}
