using System.Globalization;
using Microsoft.Extensions.Options;
using XuhuiEpaper.Storage;

namespace XuhuiEpaper.Web.Api;

/// <summary>What a readable address names (<see cref="ReadableUrls"/>).</summary>
public abstract record AddressTarget
{
    /// <summary>Its issue is a draft: only admins may see it.</summary>
    public bool Draft { get; init; }
}

/// <summary>An issue (<c>/{title}/{date}</c>): the reader opens its first page.</summary>
public sealed record IssueTarget(long IssueId) : AddressTarget;

/// <summary>A page (<c>/{title}/{date}/{版次}</c>).</summary>
public sealed record PageTarget(long IssueId, int PageNumber) : AddressTarget;

/// <summary>An article (<c>/{title}/{date}/{版次}/{n}</c>).</summary>
public sealed record ArticleTarget(long ArticleId) : AddressTarget;

/// <summary>An article number no live article has: it lives on at another address (its successor, or its page).</summary>
public sealed record MovedTarget(string Address) : AddressTarget;

/// <summary>
/// Resolves readable addresses through <see cref="AddressStore"/>; shared by the reader's routes and the API twins. What
/// an address names is kept in memory until the archive changes (<see cref="ChangeAwareCache{T}"/>).
/// </summary>
public sealed class AddressResolver(AddressStore addresses, BrowseStore issues, ChangeAwareCache<AddressTarget> cache)
{
    /// <summary>What <c>/{paper}/{date}[/{page}[/{number}]]</c> names; null when nothing does (or never did).</summary>
    public ValueTask<AddressTarget?> ResolveAsync(string paper, string date, string? page, string? number, CancellationToken cancellationToken) =>
        cache.GetOrMakeAsync($"{paper}\n{date}\n{page}\n{number}", ct => LookUpAsync(paper, date, page, number, ct), cancellationToken);

    private async Task<AddressTarget?> LookUpAsync(string paper, string date, string? page, string? number, CancellationToken cancellationToken)
    {
        if (!DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return null;
        }

        paper = ReadableUrls.Segment(paper);
        page = page is null ? null : ReadableUrls.Segment(page);

        if (page is null)
        {
            return await addresses.FindIssueAsync(paper, day, cancellationToken) is { } issue
                ? new IssueTarget(issue.IssueId) { Draft = issue.Draft }
                : await MovedAsync(paper, day, null, null, cancellationToken);
        }

        if (await addresses.FindPageAsync(paper, day, page, cancellationToken) is not { } found)
        {
            // A live issue at the address owns it, page or no page; otherwise the issue may have moved (its date corrected).
            return await addresses.FindIssueAsync(paper, day, cancellationToken) is null
                ? await MovedAsync(paper, day, page, number, cancellationToken)
                : null;
        }

        if (number is null)
        {
            return new PageTarget(found.IssueId, found.PageNumber) { Draft = found.Draft };
        }

        if (!int.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < 1)
        {
            return null;
        }

        if (await addresses.FindArticleAsync(found.IssueId, found.PageNumber, n, cancellationToken) is { } id)
        {
            return new ArticleTarget(id) { Draft = found.Draft };
        }

        // An earlier analysis's number: the article it went to (a merge), or the page when none did or an edit removed it.
        var pageAddress = ReadableUrls.Page(paper, day, page);
        if (await addresses.FindRetiredAsync(found.IssueId, found.PageNumber, n, cancellationToken) is { ArticleId: { } successor }
            && await issues.GetArticleAsync(successor, cancellationToken) is { Number: { } moved } article)
        {
            return new MovedTarget(ReadableUrls.Article(article.Paper, article.Date, article.PageAddress, moved)) { Draft = found.Draft };
        }

        return n <= found.LastArticleNumber ? new MovedTarget(pageAddress) { Draft = found.Draft } : null;
    }

    /// <summary>
    /// The same place (issue, page, article number) at the current address of the issue that had this title and date
    /// before an archivist corrected it; null when none did. What the new address names is its own answer.
    /// </summary>
    private async Task<AddressTarget?> MovedAsync(string paper, DateOnly day, string? page, string? number, CancellationToken cancellationToken)
    {
        var n = 0;
        if (number is not null && (!int.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out n) || n < 1))
        {
            return null;
        }

        if (await addresses.FindMovedAsync(paper, day, cancellationToken) is not { } moved)
        {
            return null;
        }

        var address = (page, number) switch
        {
            (null, _) => ReadableUrls.Issue(moved.Paper, moved.Date),
            ({ } p, null) => ReadableUrls.Page(moved.Paper, moved.Date, p),
            ({ } p, _) => ReadableUrls.Article(moved.Paper, moved.Date, p, n),
        };
        return new MovedTarget(address) { Draft = moved.Draft };
    }
}

/// <summary>
/// The JSON twins of the readable addresses: the same path under <c>/api/papers</c> answers what the id routes answer
/// (the same bytes and ETag), so a client needs no database id; an article number of an earlier analysis answers 301.
/// </summary>
public static class ReadableAddressApi
{
    private const string DatePattern = "regex(^\\d{{4}}-\\d{{2}}-\\d{{2}}$)";

    public static IEndpointRouteBuilder MapReadableAddressApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(ReadableUrls.ApiPrefix).WithTags("Issues");
        group.MapGet("/{paper}/{date:" + DatePattern + "}", (HttpContext context, AddressResolver resolver, JsonAnswers answers, string paper, string date, CancellationToken ct) =>
                AnswerAsync(context, resolver, answers, paper, date, null, null, ct))
            .WithName("GetIssueByAddress").WithSummary("An issue by its readable address (title, yyyy-MM-dd): as GET /api/issues/{id}")
            .Produces<IssueDetailDto>().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/{paper}/{date:" + DatePattern + "}/{page}", (HttpContext context, AddressResolver resolver, JsonAnswers answers, string paper, string date, string page, CancellationToken ct) =>
                AnswerAsync(context, resolver, answers, paper, date, page, null, ct))
            .WithName("GetPageByAddress").WithSummary("A page by its readable address (title, yyyy-MM-dd, 版次): as GET /api/issues/{id}/pages/{n}")
            .Produces<PageDetailDto>().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/{paper}/{date:" + DatePattern + "}/{page}/{number}", (HttpContext context, AddressResolver resolver, JsonAnswers answers, string paper, string date, string page, string number, CancellationToken ct) =>
                AnswerAsync(context, resolver, answers, paper, date, page, number, ct))
            .WithName("GetArticleByAddress")
            .WithSummary("An article by its readable address (title, yyyy-MM-dd, 版次, its number on the page): as GET /api/articles/{id}; 301 for a number of an earlier analysis")
            .Produces<ArticleDto>().Produces(StatusCodes.Status301MovedPermanently).ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<IResult> AnswerAsync(
        HttpContext context, AddressResolver resolver, JsonAnswers answers, string paper, string date, string? page, string? number, CancellationToken ct)
    {
        var target = await resolver.ResolveAsync(paper, date, page, number, ct);
        JsonAnswer? answer = target switch
        {
            null => null,
            { Draft: true } when !IssuesApi.Visible(true, context) => null,
            MovedTarget => null,
            IssueTarget issue => await answers.IssueAsync(issue.IssueId, ct),
            PageTarget p => (await answers.PageAsync(p.IssueId, p.PageNumber, ct))?.Json,
            ArticleTarget article => await answers.ArticleAsync(article.ArticleId, ct),
            _ => null,
        };
        if (answer is not null)
        {
            return answer;
        }

        return target is MovedTarget { } to && IssuesApi.Visible(to.Draft, context)
            ? PermanentLinks.Moved(ReadableUrls.Api(to.Address) + context.Request.QueryString.Value)
            : new NotFoundProblem($"Nothing is published at {context.Request.Path}.");
    }
}
