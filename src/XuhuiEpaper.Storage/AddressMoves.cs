using Dapper;
using Microsoft.Data.Sqlite;

namespace XuhuiEpaper.Storage;

/// <summary>The issue an old readable address moved to, as it is now: its title and date (its address) and whether it is a draft.</summary>
public sealed record MovedIssue
{
    public long IssueId { get; init; }
    public string Paper { get; init; } = "";
    public DateOnly Date { get; init; }
    public bool Draft { get; init; }
}

/// <summary>An old issue address (title and date) that leads to an issue now elsewhere (its date corrected).</summary>
public sealed record MovedAddress
{
    public long IssueId { get; init; }
    public string Paper { get; init; } = "";
    public DateOnly Date { get; init; }
}

/// <summary>
/// The writing side of moved readable addresses (<see cref="AddressStore.FindMovedAsync"/>), inside the transaction of
/// the edit that moves them (<see cref="IssueAdminStore.UpdateIssueAsync"/>) or of the publish that replaces the issue.
/// </summary>
internal static class AddressMoves
{
    /// <summary>
    /// The address <paramref name="paper"/>/<paramref name="date"/> (yyyy-MM-dd) was the issue's: it now leads to the
    /// issue wherever it is. Naming the issue rather than its new address keeps a chain of moves one redirect long.
    /// </summary>
    public static Task RecordAsync(SqliteConnection c, SqliteTransaction tx, string paper, string date, long issueId, string now, CancellationToken ct) =>
        c.ExecuteAsync(Sql.Cmd(
            """
            INSERT INTO address_moves (paper, date, issue_id, moved_at) VALUES (@Paper, @Date, @Issue, @Now)
            ON CONFLICT (paper, date) DO UPDATE SET issue_id = excluded.issue_id, moved_at = excluded.moved_at
            """, new { Paper = paper, Date = date, Issue = issueId, Now = now }, tx, ct));

    /// <summary>The issue <paramref name="oldIssueId"/> was replaced by <paramref name="newIssueId"/>: its old addresses lead there now.</summary>
    public static Task HandOnAsync(SqliteConnection c, SqliteTransaction tx, long oldIssueId, long newIssueId, CancellationToken ct) =>
        c.ExecuteAsync(Sql.Cmd("UPDATE address_moves SET issue_id = @New WHERE issue_id = @Old", new { Old = oldIssueId, New = newIssueId }, tx, ct));
}
