using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace XuhuiEpaper.Web.Tests;

/// <summary>
/// Issue 10, problem 4: no silent loss. Another PDF for a paper and date that already have an issue is refused, naming
/// the issue, unless the upload says replace=true; a delete (or a replacement) goes to a trash that can be restored
/// from and purged; every admin action is in the audit log. Real server, real worker, real files.
/// </summary>
public class NoSilentLossTests
{
    private static Dictionary<string, string?> WithWorker => new() { ["Epaper:RunWorker"] = "true" };

    [Test]
    public async Task Another_pdf_for_a_taken_date_is_refused_naming_the_issue_unless_it_says_replace()
    {
        await using var app = new EpaperApp(WithWorker);
        var id = await app.IngestSampleAsync();
        using var client = app.CreateAdminClient();
        var other = EpaperApp.SampleVariant("reprint");

        // With the date given, at once.
        var given = await client.PostAsync("/api/issues", EpaperApp.Form(other, new Dictionary<string, string> { ["date"] = "2021-12-13" }));
        Assert.That(await given.ProblemAsync(HttpStatusCode.Conflict), Does.Contain($"Issue {id}").And.Contain("replace=true"));

        // With the date read from the front page, the job fails saying the same; before, it replaced the issue without a word.
        var read = await (await client.PostAsync("/api/issues", EpaperApp.Form(other))).JsonAsync(HttpStatusCode.Accepted);
        var refused = await EpaperApp.WaitForJobAsync(client, (string)read["statusUrl"]!);
        Assert.Multiple(async () =>
        {
            Assert.That((string?)refused["state"], Is.EqualTo("failed"));
            Assert.That((string?)refused["error"], Does.Contain($"issue {id}").And.Contain("replace=true"));
            Assert.That((long)(await (await client.GetAsync("/api/issues/latest")).JsonAsync())["id"]!, Is.EqualTo(id), "the issue is untouched");
        });

        // Said on purpose: the issue is replaced, and the old one waits in the trash.
        var replace = await (await client.PostAsync("/api/issues", EpaperApp.Form(other, new Dictionary<string, string> { ["replace"] = "true" }))).JsonAsync(HttpStatusCode.Accepted);
        var replaced = await EpaperApp.WaitForJobAsync(client, (string)replace["statusUrl"]!);
        Assert.That((string?)replaced["state"], Is.EqualTo("succeeded"), replaced.ToJsonString());
        var trash = await (await client.GetAsync("/api/trash")).JsonAsync();
        var entry = trash["items"]!.AsArray().Single()!;
        Assert.Multiple(() =>
        {
            Assert.That((long)entry["issueId"]!, Is.EqualTo(id));
            Assert.That((string?)entry["reason"], Does.StartWith("replaced by the PDF"));
            Assert.That((string?)entry["date"], Is.EqualTo("2021-12-13"));
        });

        var audit = (await (await client.GetAsync("/api/audit")).JsonAsync())["items"]!.AsArray();
        Assert.That(audit.Select(a => (string?)a!["action"]), Is.EqualTo(new[] { "replace", "upload", "upload" }), "the refused upload at once is not an action; the other two are, and the replacement");
        Assert.That(audit.All(a => a!["at"] is not null && (string?)a["client"] is not null), Is.True, "when and from where");
    }

    [Test]
    public async Task A_deleted_issue_goes_to_the_trash_with_its_original_and_comes_back_whole()
    {
        await using var app = new EpaperApp();
        var id = await app.IngestSampleAsync();
        using var client = app.CreateAdminClient();
        var issue = await (await client.GetAsync($"/api/issues/{id}")).JsonAsync();
        var page1 = await (await client.GetAsync($"/api/issues/{id}/pages/1")).JsonAsync();
        var article = (string)page1["articles"]![0]!["url"]!;
        var pdf = (string)issue["pdfUrl"]!;
        var original = Path.Combine(app.DataDir, "originals", Path.GetFileName(pdf));
        Assert.That(File.Exists(original), Is.True);

        Assert.That((await client.DeleteAsync($"/api/issues/{id}")).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        foreach (var url in new[] { $"/api/issues/{id}", $"/api/issues/{id}/pages/1", article, pdf })
        {
            await (await client.GetAsync(url)).ProblemAsync(HttpStatusCode.NotFound);
        }

        Assert.Multiple(() =>
        {
            Assert.That(File.Exists(original), Is.False, "the original left originals/ ...");
            Assert.That(File.Exists(Path.Combine(app.DataDir, "trash", id.ToString(System.Globalization.CultureInfo.InvariantCulture), Path.GetFileName(pdf))), Is.True, "... for the trash");
        });

        // Restored: the same id, the same article links, the same PDF.
        var restored = await (await client.PostAsync($"/api/trash/{id}/restore", null)).JsonAsync();
        Assert.That((long)restored["id"]!, Is.EqualTo(id));
        Assert.Multiple(async () =>
        {
            Assert.That((await client.GetAsync(article)).StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That((await client.GetAsync(pdf)).StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(await (await client.GetAsync($"/api/issues/{id}/pages/1")).JsonAsync(), Is.Not.Null);
            Assert.That((await (await client.GetAsync("/api/trash")).JsonAsync())["items"]!.AsArray(), Is.Empty);
            Assert.That(await (await client.PostAsync($"/api/trash/{id}/restore", null)).ProblemAsync(HttpStatusCode.NotFound), Does.Contain("not in the trash"));
        });
        foreach (var p in restored["pages"]!.AsArray())
        {
            Assert.That((await client.GetAsync((string)p!["zoomUrl"]!)).StatusCode, Is.EqualTo(HttpStatusCode.OK), "its images were kept");
        }
    }

    [Test]
    public async Task A_purge_removes_the_issue_and_its_files_for_good()
    {
        await using var app = new EpaperApp();
        var id = await app.IngestSampleAsync();
        using var client = app.CreateAdminClient();
        var screen = (string)(await (await client.GetAsync($"/api/issues/{id}")).JsonAsync())["pages"]![0]!["screenUrl"]!;
        Assert.That((await client.DeleteAsync($"/api/issues/{id}")).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That((await client.DeleteAsync($"/api/trash/{id}")).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));

        await (await client.GetAsync(screen)).ProblemAsync(HttpStatusCode.NotFound);
        Assert.Multiple(async () =>
        {
            Assert.That(Directory.GetFiles(Path.Combine(app.DataDir, "images")), Is.Empty);
            Assert.That(Directory.GetFiles(Path.Combine(app.DataDir, "originals")), Is.Empty);
            Assert.That(Directory.Exists(Path.Combine(app.DataDir, "trash", id.ToString(System.Globalization.CultureInfo.InvariantCulture))), Is.False);
            await (await client.PostAsync($"/api/trash/{id}/restore", null)).ProblemAsync(HttpStatusCode.NotFound);
            await (await client.DeleteAsync($"/api/trash/{id}")).ProblemAsync(HttpStatusCode.NotFound);
        });

        var audit = (await (await client.GetAsync($"/api/audit?issueId={id}")).JsonAsync())["items"]!.AsArray();
        Assert.That(audit.Select(a => (string?)a!["action"]), Is.EqualTo(new[] { "purge", "delete" }));
    }

    [Test]
    public async Task A_restore_onto_a_date_taken_meanwhile_is_409_and_keeps_the_trash_entry()
    {
        await using var app = new EpaperApp(WithWorker);
        var id = await app.IngestSampleAsync();
        using var client = app.CreateAdminClient();
        Assert.That((await client.DeleteAsync($"/api/issues/{id}")).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        var upload = await (await client.PostAsync("/api/issues", EpaperApp.Form(EpaperApp.SampleVariant("second")))).JsonAsync(HttpStatusCode.Accepted);
        var job = await EpaperApp.WaitForJobAsync(client, (string)upload["statusUrl"]!);
        Assert.That((string?)job["state"], Is.EqualTo("succeeded"), "the date was free once the issue was deleted");

        var conflict = await (await client.PostAsync($"/api/trash/{id}/restore", null)).ProblemAsync(HttpStatusCode.Conflict);
        Assert.That(conflict, Does.Contain($"issue {(long)job["issueId"]!}"));
        var trash = (await (await client.GetAsync("/api/trash")).JsonAsync())["items"]!.AsArray();
        Assert.That(trash.Select(t => (long)t!["issueId"]!), Is.EqualTo(new[] { id }));
        Assert.That(Directory.GetFiles(Path.Combine(app.DataDir, "trash", id.ToString(System.Globalization.CultureInfo.InvariantCulture))), Has.Length.EqualTo(1), "its original is still in the trash");
    }

    [Test]
    public async Task Trash_and_audit_are_for_admins_only()
    {
        await using var app = new EpaperApp();
        using var anonymous = app.CreateClient();
        await (await anonymous.GetAsync("/api/trash")).ProblemAsync(HttpStatusCode.Unauthorized);
        await (await anonymous.GetAsync("/api/audit")).ProblemAsync(HttpStatusCode.Unauthorized);
        await (await anonymous.PostAsync("/api/trash/1/restore", null)).ProblemAsync(HttpStatusCode.Unauthorized);
        await (await anonymous.DeleteAsync("/api/trash/1")).ProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Test]
    public async Task The_audit_log_records_edits_reingests_and_deletes_with_who_and_when()
    {
        await using var app = new EpaperApp();
        var id = await app.IngestSampleAsync();
        using var client = app.CreateAdminClient();
        await (await client.PutAsync($"/api/issues/{id}", JsonContent.Create(new { number = 50 }))).JsonAsync();
        await (await client.PostAsync($"/api/issues/{id}/reingest", null)).JsonAsync(HttpStatusCode.Accepted);
        Assert.That((await client.DeleteAsync($"/api/issues/{id}")).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        var page = await (await client.GetAsync("/api/audit?pageSize=2")).JsonAsync();
        Assert.Multiple(() =>
        {
            Assert.That((int)page["total"]!, Is.EqualTo(3));
            var items = page["items"]!.AsArray();
            Assert.That(items.Select(a => (string?)a!["action"]), Is.EqualTo(new[] { "delete", "reingest" }));
            Assert.That(items.Select(a => (long?)a!["issueId"]), Is.All.EqualTo(id));
            Assert.That((long?)items[1]!["jobId"], Is.Not.Null);
        });
        var edit = (await (await client.GetAsync("/api/audit?page=2&pageSize=2")).JsonAsync())["items"]!.AsArray().Single()!;
        Assert.That(((string?)edit["action"], (string?)edit["detail"]), Is.EqualTo(("edit", "number 50")));
    }
}
