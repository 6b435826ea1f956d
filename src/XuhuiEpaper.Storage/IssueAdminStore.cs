using Dapper;

namespace XuhuiEpaper.Storage;

/// <summary>An archivist's changes to a published issue: its metadata and page names, and its deletion (to the trash).</summary>
public sealed class IssueAdminStore(EpaperDatabase db)
{
    /// <summary>Edits issue metadata; null arguments leave a value unchanged. Page names are keyed by page number. False if no such issue.</summary>
    public Task<bool> UpdateIssueAsync(long issueId, DateOnly? date = null, int? number = null, int? totalNumber = null,
        IReadOnlyDictionary<int, string?>? pageNames = null, CancellationToken cancellationToken = default) =>
        db.WriteAsync(async (c, tx) =>
        {
            var before = await c.QuerySingleOrDefaultAsync<(string Paper, string Date)?>(Sql.Cmd(
                "SELECT p.name, i.date FROM issues i JOIN papers p ON p.id = i.paper_id WHERE i.id = @Id", new { Id = issueId }, tx, cancellationToken));
            var changed = await c.ExecuteAsync(Sql.Cmd(
                """
                UPDATE issues SET date = COALESCE(@Date, date), number = COALESCE(@Number, number),
                                  total_number = COALESCE(@TotalNumber, total_number)
                WHERE id = @Id
                """, new { Id = issueId, Date = DapperConfig.FormatDate(date), Number = number, TotalNumber = totalNumber }, tx, cancellationToken));
            if (changed == 0)
            {
                return false;
            }

            changed.ExpectRows(1, "update issue");
            if (before is { } was && date is { } moved && DapperConfig.FormatDate(moved) != was.Date)
            {
                await AddressMoves.RecordAsync(c, tx, was.Paper, was.Date, issueId, db.Now(), cancellationToken);
            }

            foreach (var (pageNumber, name) in pageNames ?? new Dictionary<int, string?>())
            {
                (await c.ExecuteAsync(Sql.Cmd("UPDATE pages SET name = @Name WHERE issue_id = @Id AND number = @Number",
                    new { Id = issueId, Number = pageNumber, Name = name }, tx, cancellationToken))).ExpectRows(1, $"rename page {pageNumber}");
            }

            return true;
        }, cancellationToken);
    /// <summary>
    /// Moves an issue to the trash: its rows leave the published tables (readers, search and hit tests no longer see
    /// it) and are kept as a snapshot for the retention given (<see cref="TrashStore.DefaultRetention"/> by default). Returns the files it alone used (kept for a
    /// restore until the purge), or null if there is no such issue.
    /// </summary>
    public Task<IReadOnlyList<string>?> DeleteIssueAsync(long issueId, TimeSpan? retention = null, AuditEntry? audit = null, CancellationToken cancellationToken = default) =>
        db.WriteAsync<IReadOnlyList<string>?>(async (c, tx) =>
        {
            var now = db.Now();
            var files = await Trash.MoveInAsync(c, tx, issueId, "deleted", now, retention ?? TrashStore.DefaultRetention, cancellationToken);
            if (files is not null && audit is not null)
            {
                await AuditStore.InsertAsync(c, tx, audit with { IssueId = issueId }, now, cancellationToken);
            }

            return files;
        }, cancellationToken);
}
