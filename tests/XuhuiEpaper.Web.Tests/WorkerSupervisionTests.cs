using System.Net;
using System.Text.Json.Nodes;

namespace XuhuiEpaper.Web.Tests;

/// <summary>
/// Issue 10, problems 1 and 3: the worker inside `serve` cannot stop while the site looks healthy. Real server, real
/// worker, real SQLite file; the database is changed from outside as another process (or a failing disk) would.
/// </summary>
[NonParallelizable]
public class WorkerSupervisionTests
{
    private static async Task<JsonNode> HealthAsync(HttpClient client)
    {
        var response = await client.GetAsync("/healthz");
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), body);
        return JsonNode.Parse(body)!;
    }

    [Test]
    public async Task A_job_whose_lease_another_process_took_away_does_not_stop_the_worker()
    {
        await using var app = new EpaperApp(new Dictionary<string, string?> { ["Epaper:RunWorker"] = "true" });
        using var client = app.CreateAdminClient();
        var first = await (await client.PostAsync("/api/issues", EpaperApp.Form(await File.ReadAllBytesAsync(EpaperApp.SamplePdf)))).JsonAsync(HttpStatusCode.Accepted);
        var firstId = (long)first["jobId"]!;

        // Once the job runs, another process's recovery decides its lease has run out and puts it back in the queue.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while ((string?)(await (await client.GetAsync((string)first["statusUrl"]!)).JsonAsync())["state"] != "running" && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        Assert.That(app.Execute($"UPDATE jobs SET state = 'queued', worker_id = NULL, heartbeat_at = NULL WHERE id = {firstId} AND state = 'running'"), Is.EqualTo(1));

        // Before: the failed renewal escaped the runner and killed the worker; this upload then waited for ever.
        var second = await (await client.PostAsync("/api/issues", EpaperApp.Form(await File.ReadAllBytesAsync(EpaperApp.SamplePdf)))).JsonAsync(HttpStatusCode.Accepted);
        var done = await EpaperApp.WaitForJobAsync(client, (string)second["statusUrl"]!);
        var firstDone = await EpaperApp.WaitForJobAsync(client, (string)first["statusUrl"]!);
        Assert.Multiple(async () =>
        {
            Assert.That((string?)done["state"], Is.EqualTo("succeeded"), done.ToJsonString());
            Assert.That((string?)firstDone["state"], Is.EqualTo("succeeded"), "the requeued job was run again: " + firstDone.ToJsonString());
            Assert.That((int)(await (await client.GetAsync("/api/issues")).JsonAsync())["total"]!, Is.EqualTo(1), "published once");
            Assert.That((string?)(await HealthAsync(client))["status"], Is.EqualTo("Healthy"));
        });
    }

    [Test]
    public async Task Health_is_degraded_with_the_reason_while_the_worker_cannot_run_and_healthy_again_once_it_can()
    {
        await using var app = new EpaperApp(new Dictionary<string, string?>
        {
            ["Epaper:RunWorker"] = "true",
            ["Epaper:WorkerStallAfter"] = "00:00:01",
        });
        using var client = app.CreateAdminClient();
        Assert.That((string?)(await HealthAsync(client))["status"], Is.EqualTo("Healthy"));

        // The queue becomes unreadable (as with a corrupt table or a failing disk): every pass of the worker's loop fails.
        app.Execute("ALTER TABLE jobs RENAME TO jobs_away");
        JsonNode health;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        do
        {
            await Task.Delay(200);
            health = await HealthAsync(client);
        }
        while (((string?)health["checks"]!["worker"]!["description"])?.Contains("has not ticked", StringComparison.Ordinal) != true && DateTime.UtcNow < deadline);

        var worker = health["checks"]!["worker"]!;
        Assert.Multiple(() =>
        {
            Assert.That((string?)health["status"], Is.EqualTo("Degraded"), health.ToJsonString());
            Assert.That((string?)worker["description"], Does.Contain("has not ticked").And.Contain("no such table: jobs"), "the reason is in the answer");
            Assert.That((string?)worker["status"], Is.EqualTo("Degraded"));
            Assert.That((string?)health["checks"]!["database"]!["status"], Is.EqualTo("Healthy"));
        });

        // Repaired: the supervised loop starts again by itself and takes uploads.
        app.Execute("ALTER TABLE jobs_away RENAME TO jobs");
        var accepted = await (await client.PostAsync("/api/issues", EpaperApp.Form(await File.ReadAllBytesAsync(EpaperApp.SamplePdf)))).JsonAsync(HttpStatusCode.Accepted);
        var job = await EpaperApp.WaitForJobAsync(client, (string)accepted["statusUrl"]!);
        Assert.That((string?)job["state"], Is.EqualTo("succeeded"), job.ToJsonString());
        var after = await HealthAsync(client);
        Assert.Multiple(() =>
        {
            Assert.That((string?)after["status"], Is.EqualTo("Healthy"), after.ToJsonString());
            Assert.That((int)after["checks"]!["worker"]!["data"]!["workerRestarts"]!, Is.GreaterThan(0));
        });
    }

    [Test]
    public async Task Health_is_degraded_when_a_job_waits_too_long_for_a_worker()
    {
        // A web server without a worker, whose separate `epaper worker` is not running.
        await using var app = new EpaperApp(new Dictionary<string, string?> { ["Epaper:MaxQueueWait"] = "00:00:00.300" });
        using var client = app.CreateAdminClient();
        Assert.That((string?)(await HealthAsync(client))["status"], Is.EqualTo("Healthy"));
        var accepted = await (await client.PostAsync("/api/issues", EpaperApp.Form(await File.ReadAllBytesAsync(EpaperApp.SamplePdf)))).JsonAsync(HttpStatusCode.Accepted);
        await Task.Delay(600);
        var health = await HealthAsync(client);
        Assert.Multiple(() =>
        {
            Assert.That((string?)health["status"], Is.EqualTo("Degraded"));
            Assert.That((string?)health["checks"]!["worker"]!["description"], Does.Contain($"job {(long)accepted["jobId"]!} has waited").And.Contain("epaper worker"));
        });
    }

    [Test]
    public async Task A_failed_job_tells_anyone_a_reason_without_server_paths_and_admins_the_whole_error()
    {
        await using var app = new EpaperApp(new Dictionary<string, string?>
        {
            ["Epaper:RunWorker"] = "true",
            ["Epaper:JobMaxAttempts"] = "1",
        });
        using var admin = app.CreateAdminClient();
        using var anonymous = app.CreateClient();
        await anonymous.GetAsync("/healthz"); // starts the app: its data folder exists

        // The images folder is a file: every ingest fails inside the server, not because of the PDF.
        Directory.Delete(Path.Combine(app.DataDir, "images"), recursive: true);
        await File.WriteAllTextAsync(Path.Combine(app.DataDir, "images"), "not a folder");
        var accepted = await (await admin.PostAsync("/api/issues", EpaperApp.Form(await File.ReadAllBytesAsync(EpaperApp.SamplePdf)))).JsonAsync(HttpStatusCode.Accepted);
        var seen = await EpaperApp.WaitForJobAsync(anonymous, (string)accepted["statusUrl"]!);
        var full = await (await admin.GetAsync((string)accepted["statusUrl"]!)).JsonAsync();
        Assert.Multiple(() =>
        {
            Assert.That((string?)seen["state"], Is.EqualTo("failed"));
            Assert.That((string?)seen["error"], Does.StartWith("internal error").And.Not.Contain("/").And.Not.Contain("Exception"));
            Assert.That(seen["errorDetail"], Is.Null, "anonymous callers get no detail");
            Assert.That((string?)full["errorDetail"], Does.Contain(app.DataDir).And.Contain("Exception"), "admins get the whole error");
            Assert.That((int)full["attempts"]!, Is.EqualTo(1));
        });
    }
}
