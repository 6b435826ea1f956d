using XuhuiEpaper.Core.Layout;
using XuhuiEpaper.Core.Model;

namespace XuhuiEpaper.Ingest.Pipeline;

/// <summary>
/// Links the parts of articles that jump between pages: a part ending in 下轉第N版 on page P is linked to the
/// part on page N that starts with 上接第P版, the one whose title shares most characters when there are several.
/// </summary>
public static class ContinuationLinker
{
    public static IReadOnlyList<IReadOnlyList<ArticleContent>> Link(IReadOnlyList<IReadOnlyList<FoundArticle>> pages)
    {
        ArgumentNullException.ThrowIfNull(pages);
        var result = pages.Select(p => p.Select(a => a.Content).ToArray()).ToArray();
        for (var p = 0; p < pages.Count; p++)
        {
            for (var i = 0; i < pages[p].Count; i++)
            {
                if (RoleClassifier.ParseJump(pages[p][i].JumpLine ?? "") is not (true, var target) || target < 1 || target > pages.Count || target == p + 1)
                {
                    continue;
                }

                var from = p + 1;
                var candidates = pages[target - 1]
                    .Select((a, index) => (a, index))
                    .Where(x => RoleClassifier.ParseJump(x.a.JumpLine ?? "") is (false, var back) && back == from && result[target - 1][x.index].ContinuedFrom is null)
                    .OrderByDescending(x => SharedCharacters(x.a.Content.Title, pages[p][i].Content.Title))
                    .ToArray();
                if (candidates.Length == 0)
                {
                    continue;
                }

                var j = candidates[0].index;
                result[p][i] = result[p][i] with { ContinuedOn = new ArticlePartRef(target, j) };
                result[target - 1][j] = result[target - 1][j] with { ContinuedFrom = new ArticlePartRef(from, i) };
            }
        }

        return result;
    }

    private static int SharedCharacters(string? a, string? b) =>
        a is null || b is null ? 0 : a.Where(char.IsLetter).Intersect(b.Where(char.IsLetter)).Count();
}
