using Dapper;
using XuhuiEpaper.Core.Geometry;
using XuhuiEpaper.Core.Model;

namespace XuhuiEpaper.Storage.Tests;


/// <summary>Metadata edits and deletes (to the trash).</summary>
public class IssueAdminStoreTests : DatabaseFixture
{
    [Test]
    public async Task Update_changes_metadata_and_page_names()
    {
        var id = (await Publisher.PublishAsync(FullIssue())).IssueId;
        var updated = await Admin.UpdateIssueAsync(id, date: new DateOnly(2024, 6, 1), totalNumber: 999, pageNames: new Dictionary<int, string?> { [2] = "社區" });
        var detail = await Issues.GetIssueAsync(id);
        Assert.Multiple(async () =>
        {
            Assert.That(updated, Is.True);
            Assert.That(detail!.Issue.Date, Is.EqualTo(new DateOnly(2024, 6, 1)));
            Assert.That(detail.Issue.Number, Is.EqualTo(12), "unchanged");
            Assert.That(detail.Issue.TotalNumber, Is.EqualTo(999));
            Assert.That(detail.Pages[1].Name, Is.EqualTo("社區"));
            Assert.That(await Admin.UpdateIssueAsync(4242, number: 1), Is.False);
        });
        Assert.ThrowsAsync<System.Data.DataException>(() => Admin.UpdateIssueAsync(id, pageNames: new Dictionary<int, string?> { [7] = "無" }));
    }

    [Test]
    public async Task A_date_correction_leaves_the_old_address_leading_to_the_issue_and_to_its_successor_after_a_replace()
    {
        var addresses = new AddressStore(Db);
        var id = (await Publisher.PublishAsync(FullIssue())).IssueId;
        var moved = new DateOnly(2024, 6, 1);
        await Admin.UpdateIssueAsync(id, number: 13);
        Assert.That(await addresses.FindMovedAsync("徐匯報", Day), Is.Null, "no date change, no move");

        await Admin.UpdateIssueAsync(id, date: moved);
        Assert.That(await addresses.FindMovedAsync("徐匯報", Day), Is.EqualTo(new MovedIssue { IssueId = id, Paper = "徐匯報", Date = moved }));

        // Another PDF replaces the issue at its new date: the old address leads to the replacement.
        var replacement = (await Publisher.PublishAsync(FullIssue(sha: 2, prefix: "q") with { Date = moved }, new PublishOptions { Replace = true })).IssueId;
        Assert.That((await addresses.FindMovedAsync("徐匯報", Day))?.IssueId, Is.EqualTo(replacement));

        // Gone to the trash without a successor: the old address names nothing.
        await Admin.DeleteIssueAsync(replacement);
        Assert.That(await addresses.FindMovedAsync("徐匯報", Day), Is.Null);
    }

    [Test]
    public async Task Delete_removes_everything_and_returns_the_files()
    {
        var id = (await Publisher.PublishAsync(FullIssue())).IssueId;
        var jobId = await Jobs.EnqueueAsync("x.pdf", Sha(1));
        var claim = (await Jobs.ClaimNextAsync("w"))!.Claim!;
        await Jobs.SucceedAsync(claim, id);

        var files = await Admin.DeleteIssueAsync(id);
        Assert.Multiple(async () =>
        {
            Assert.That(files, Is.EquivalentTo(new[] { "originals/1.pdf", "p1-t.webp", "p1-s.webp", "p1-z.webp", "p2-t.webp", "p2-s.webp", "p2-z.webp" }));
            Assert.That(await Issues.GetIssueAsync(id), Is.Null);
            Assert.That((await Search.SearchAsync("徐匯")).Total, Is.Zero);
            Assert.That((await Jobs.GetAsync(jobId))!.IssueId, Is.Null);
            Assert.That(await Admin.DeleteIssueAsync(id), Is.Null);
            Assert.That((await Trash.ListAsync()).Select(t => t.IssueId), Is.EqualTo(new[] { id }), "deleted means trashed");
            Assert.That((await Trash.ReferencedFilesAsync()).IsReferenced("p1-z.webp"), Is.True, "the trash keeps its files");
        });
    }
}
