using XuhuiEpaper.Storage;

namespace XuhuiEpaper.Web.Api;

/// <summary>
/// Old links after an issue was analysed again or replaced: its old id, and each old article id, answer 301 to their
/// successor (see <see cref="PermalinkStore"/>). Only asked when an id is not live, so a live answer costs nothing more.
/// </summary>
public static class PermanentLinks
{
    /// <summary>301 to <paramref name="url"/> of the issue that replaced <paramref name="issueId"/>; null when none did.</summary>
    public static async Task<IResult?> IssueMovedAsync(
        PermalinkStore permalinks, long issueId, Func<long, string> url, string? query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(permalinks);
        ArgumentNullException.ThrowIfNull(url);
        return await permalinks.FindIssueSuccessorAsync(issueId, cancellationToken) is { } successor
            ? Moved(url(successor.NewId) + query)
            : null;
    }

    /// <summary>The successor of an old article id: an article, or only its page when no article covers its place; null when none.</summary>
    public static Task<ArticleSuccessor?> ArticleSuccessorAsync(PermalinkStore permalinks, long articleId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(permalinks);
        return permalinks.FindArticleSuccessorAsync(articleId, cancellationToken);
    }

    /// <summary>301 Moved Permanently (GET and HEAD only reach these routes, so the method is kept as well).</summary>
    public static IResult Moved(string location) => TypedResults.LocalRedirect(location, permanent: true);
}
