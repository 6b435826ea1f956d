using Dapper;
using Microsoft.Data.Sqlite;
using XuhuiEpaper.Core.Model;

namespace XuhuiEpaper.Storage;

/// <summary>The full-text index of article text: queries, indexing an article, rebuilding the index after a change of segmentation.</summary>
public sealed class SearchStore(EpaperDatabase db)
{
    /// <summary>Kinds whose text is not worth finding (repeated on every page).</summary>
    internal static readonly HashSet<RegionKind> NotSearchable = [RegionKind.Masthead, RegionKind.PageHeader, RegionKind.Folio];

    /// <summary>
    /// Full-text search over article text (see <see cref="CjkSearchText"/>), ranked by bm25 with the title
    /// weighted above the deck (kicker, subtitle, byline) and the body; optional date range; paging with total.
    /// </summary>
    public Task<PagedResult<SearchHit>> SearchAsync(string? query, DateOnly? from = null, DateOnly? to = null, int page = 1, int pageSize = 20, CancellationToken cancellationToken = default) =>
        SearchAsync(query, IssueFilter.Public, from, to, page, pageSize, cancellationToken);

    /// <summary>Full-text search over the articles of the issues <paramref name="filter"/> lets through (published ones of a paper, say).</summary>
    public async Task<PagedResult<SearchHit>> SearchAsync(string? query, IssueFilter filter, DateOnly? from = null, DateOnly? to = null, int page = 1, int pageSize = 20, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        (page, pageSize) = ResultPages.Clamp(page, pageSize);
        var fts = CjkSearchText.ParseQuery(query);
        if (fts is null)
        {
            return new PagedResult<SearchHit>(0, page, pageSize, []);
        }

        var args = new { fts.Match, From = DapperConfig.FormatDate(from), To = DapperConfig.FormatDate(to), Skip = (long)(page - 1) * pageSize, Take = pageSize, FilterPaper = filter.Paper };
        var fromWhere = """
             FROM article_fts f
             JOIN articles a ON a.id = f.rowid
             JOIN issues i ON i.id = a.issue_id
             JOIN papers pp ON pp.id = i.paper_id
             JOIN pages p ON p.id = a.page_id
             WHERE article_fts MATCH @Match AND (@From IS NULL OR i.date >= @From) AND (@To IS NULL OR i.date <= @To)
            """ + " AND " + filter.Where("pp");
        await using var c = await db.OpenReadAsync(cancellationToken);
        await using var tx = c.BeginTransaction(deferred: true);
        var total = await c.ExecuteScalarAsync<int>(Sql.Cmd("SELECT COUNT(*)" + fromWhere, args, tx, cancellationToken));
        var rows = await c.QueryAsync<SearchRow>(Sql.Cmd(
            "SELECT a.id AS ArticleId, a.issue_id AS IssueId, i.date AS Date, p.number AS PageNumber, a.title AS Title, a.body AS Body, a.captions AS Captions, pp.name AS Paper, COALESCE(p.address, CAST(p.number AS TEXT)) AS PageAddress, a.number AS ArticleNumber"
            + fromWhere + " ORDER BY bm25(article_fts, 10.0, 3.0, 1.0), i.date DESC, a.id LIMIT @Take OFFSET @Skip",
            args, tx, cancellationToken));
        var hits = rows.Select(r => new SearchHit(r.ArticleId, r.IssueId, r.Date, r.PageNumber, r.Title, r.MakeSnippet(fts.Terms)) { Paper = r.Paper, PageAddress = r.PageAddress, ArticleNumber = r.ArticleNumber }).ToList();
        return new PagedResult<SearchHit>(total, page, pageSize, hits);
    }

    /// <summary>
    /// Rebuilds the search index from the stored articles when it was built by another version of the segmentation
    /// (<see cref="CjkSearchText.IndexVersion"/>), in one transaction. Returns the number of articles indexed, or null
    /// when the index was up to date.
    /// </summary>
    public Task<int?> EnsureSearchIndexAsync(CancellationToken cancellationToken = default) =>
        db.WriteAsync<int?>(async (c, tx) =>
        {
            var version = await c.ExecuteScalarAsync<int>(Sql.Cmd("SELECT version FROM search_index WHERE id = 1", null, tx, cancellationToken));
            if (version == CjkSearchText.IndexVersion)
            {
                return null;
            }

            await c.ExecuteAsync(Sql.Cmd("DELETE FROM article_fts", null, tx, cancellationToken));
            var rows = await c.QueryAsync<ArticleRow>(Sql.Cmd(
                "SELECT id AS Id, kind AS Kind, kicker AS Kicker, title AS Title, subtitle AS Subtitle, byline AS Byline, body AS Body, captions AS Captions FROM articles",
                null, tx, cancellationToken));
            var indexed = 0;
            foreach (var row in rows.Where(r => !NotSearchable.Contains(Sql.ParseKind(r.Kind))))
            {
                await IndexArticleAsync(c, tx, row.Id, row.Kicker, row.Title, row.Subtitle, row.Byline,
                    Sql.StringsFromJson(row.Body), Sql.StringsFromJson(row.Captions), cancellationToken);
                indexed++;
            }

            await c.ExecuteAsync(Sql.Cmd("UPDATE search_index SET version = @Version WHERE id = 1", new { Version = CjkSearchText.IndexVersion }, tx, cancellationToken));
            return indexed;
        }, cancellationToken);
    internal static async Task IndexArticleAsync(
        SqliteConnection c, SqliteTransaction tx, long id, string? kicker, string? title, string? subtitle, string? byline,
        IEnumerable<string> body, IEnumerable<string> captions, CancellationToken ct) =>
        (await c.ExecuteAsync(Sql.Cmd("INSERT INTO article_fts (rowid, title, deck, body) VALUES (@Id, @Title, @Deck, @Body)",
            new
            {
                Id = id,
                Title = CjkSearchText.ToIndexText(title),
                Deck = CjkSearchText.ToIndexText([kicker, subtitle, byline]),
                Body = CjkSearchText.ToIndexText(body.Concat(captions)),
            }, tx, ct))).ExpectRows(1, "index article");

    private sealed class SearchRow
    {
        public long ArticleId { get; set; }
        public long IssueId { get; set; }
        public DateOnly Date { get; set; }
        public int PageNumber { get; set; }
        public string? Title { get; set; }
        public string? Body { get; set; }
        public string? Captions { get; set; }
        public string Paper { get; set; } = "";
        public string PageAddress { get; set; } = "";
        public int? ArticleNumber { get; set; }

        /// <summary>From the body (and captions) if a term occurs there, else from the title.</summary>
        public string MakeSnippet(IReadOnlyList<string> terms)
        {
            var text = string.Join(" ", Sql.StringsFromJson(Body).Concat(Sql.StringsFromJson(Captions)));
            return CjkSearchText.ContainsAny(text, terms) || !CjkSearchText.ContainsAny(Title, terms)
                ? CjkSearchText.Snippet(text, terms)
                : CjkSearchText.Snippet(Title, terms);
        }
    }
}
