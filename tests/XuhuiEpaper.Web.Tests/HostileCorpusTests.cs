using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using XuhuiEpaper.Ingest.Tests.Fixtures;

namespace XuhuiEpaper.Web.Tests;

/// <summary>
/// Issue 10: the hostile corpus, CI subset. Three files of each of the 16 attack kinds of <see cref="HostilePdfs"/>
/// (mutations of the sample and of two generated issues, and hand-built attacks), pushed through the real upload route
/// into the real worker, one after another. Figures: no 5xx and no crash, every upload answered with a reason or
/// accepted, every accepted job ended (published, or failed with a reason) within its deadline, the server's memory
/// bounded. The whole set runs in the bench: `dotnet run -c Release --project bench/XuhuiEpaper.Bench.Api -- hostile`.
/// </summary>
[NonParallelizable]
public class HostileCorpusTests
{
    private static readonly TimeSpan JobDeadline = TimeSpan.FromSeconds(30);

    [Test]
    public async Task Every_hostile_file_is_refused_with_a_reason_or_published_and_the_server_stays_up()
    {
        var seedsDir = Path.Combine(Path.GetTempPath(), $"epaper-hostile-seeds-{Guid.NewGuid():N}");
        Directory.CreateDirectory(seedsDir);
        try
        {
            TestPdfs.WriteNewspaper(Path.Combine(seedsDir, "a.pdf"), pages: 2, marker: "A");
            TestPdfs.WriteNewspaper(Path.Combine(seedsDir, "b.pdf"), pages: 3, marker: "B");
            byte[][] seeds = [await File.ReadAllBytesAsync(EpaperApp.SamplePdf), await File.ReadAllBytesAsync(Path.Combine(seedsDir, "a.pdf")), await File.ReadAllBytesAsync(Path.Combine(seedsDir, "b.pdf"))];
            await RunAsync(HostilePdfs.Generate(seeds, 3 * HostilePdfs.Kinds.Length).ToList());
        }
        finally
        {
            Directory.Delete(seedsDir, recursive: true);
        }
    }

    private static async Task RunAsync(List<HostileFile> files)
    {
        await using var app = new EpaperApp(new Dictionary<string, string?>
        {
            ["Epaper:RunWorker"] = "true",
            ["Epaper:JobMaxAttempts"] = "1",
            ["Epaper:JobDeadline"] = JobDeadline.ToString(),
            ["Ingest:Analysis:PageTimeout"] = "00:00:05",
            ["Ingest:Analysis:HeapLimitBytes"] = (768L << 20).ToString(CultureInfo.InvariantCulture),
            ["Ingest:Render:PageTimeout"] = "00:00:05",
            ["Ingest:Render:MemoryLimitBytes"] = (512L << 20).ToString(CultureInfo.InvariantCulture),
            ["Api:RateLimits:UploadsPerMinute"] = "100000",
        });
        using var client = app.CreateAdminClient();
        await client.GetAsync("/healthz");
        var outcomes = new List<(HostileFile File, int Status, string State, string Reason, TimeSpan Took)>();
        long peakHeap = 0;
        var start = DateOnly.FromDateTime(new DateTime(2030, 1, 1));
        for (var i = 0; i < files.Count; i++)
        {
            var file = files[i];
            var clock = Stopwatch.StartNew();
            using var response = await client.PostAsync("/api/issues", EpaperApp.Form(file.Bytes, new Dictionary<string, string>
            {
                ["date"] = start.AddDays(i).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                ["paper"] = "徐匯報",
            }, file.Name));
            var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            if (response.StatusCode != HttpStatusCode.Accepted)
            {
                outcomes.Add((file, (int)response.StatusCode, "refused at upload", (string?)body["detail"] ?? "", clock.Elapsed));
                continue;
            }

            var job = await EpaperApp.WaitForJobAsync(client, (string)body["statusUrl"]!, JobDeadline * 2);
            outcomes.Add((file, 202, (string?)job["state"] ?? "", (string?)job["error"] ?? "", clock.Elapsed));
            peakHeap = Math.Max(peakHeap, GC.GetTotalMemory(forceFullCollection: false));
        }

        var health = await (await client.GetAsync("/healthz")).JsonAsync();
        using var self = Process.GetCurrentProcess();
        var report = new StringBuilder("| kind | upload answers | jobs published | jobs failed | slowest |\n|---|---|---|---|---|\n");
        foreach (var kind in outcomes.GroupBy(o => o.File.Kind))
        {
            report.AppendLine(CultureInfo.InvariantCulture, $"| {kind.Key} | {string.Join(", ", kind.GroupBy(o => o.Status).Select(g => $"{g.Count()}×{g.Key}"))} | "
                + $"{kind.Count(o => o.State == "succeeded")} | {kind.Count(o => o.State == "failed")} | {kind.Max(o => o.Took).TotalSeconds:0.0} s |");
        }

        report.AppendLine(CultureInfo.InvariantCulture, $"{outcomes.Count} files: {outcomes.Count(o => o.Status == 202)} accepted ({outcomes.Count(o => o.State == "succeeded")} published, "
            + $"{outcomes.Count(o => o.State == "failed")} failed with a reason), {outcomes.Count(o => o.Status != 202)} refused at upload; "
            + $"slowest job {outcomes.Where(o => o.Status == 202).Select(o => o.Took.TotalSeconds).DefaultIfEmpty(0).Max():0.0} s; "
            + $"server managed heap at most {peakHeap >> 20} MB; test process peak working set {self.PeakWorkingSet64 >> 20} MB");
        foreach (var o in outcomes)
        {
            report.AppendLine(CultureInfo.InvariantCulture, $"  {o.File.Name}: {o.Status} {o.State}: {o.Reason}");
        }

        TestContext.Out.WriteLine(report.ToString());
        Assert.Multiple(() =>
        {
            Assert.That(outcomes.Where(o => o.Status >= 500).Select(o => o.File.Name), Is.Empty, "no server error");
            Assert.That(outcomes.Where(o => o.Status is not (202 or 409 or 413 or 415 or 422)).Select(o => $"{o.File.Name}: {o.Status}"), Is.Empty, "refusals are 409, 413, 415 or 422");
            Assert.That(outcomes.Where(o => o.Status != 202 && o.Reason.Length == 0).Select(o => o.File.Name), Is.Empty, "every refusal says why");
            Assert.That(outcomes.Where(o => o.Status == 202 && o.State is not ("succeeded" or "failed")).Select(o => $"{o.File.Name}: {o.State}"), Is.Empty, "every job ended");
            Assert.That(outcomes.Where(o => o.State == "failed" && o.Reason.Length == 0).Select(o => o.File.Name), Is.Empty, "every failed job says why");
            Assert.That(outcomes.Where(o => o.State == "failed" && o.Reason.StartsWith("internal error", StringComparison.Ordinal)).Select(o => $"{o.File.Name}: {o.Reason}"), Is.Empty,
                "a hostile file is refused, not an internal error");
            Assert.That(outcomes.Where(o => o.Status == 202 && o.Took > JobDeadline + TimeSpan.FromSeconds(10)).Select(o => o.File.Name), Is.Empty, "within the job deadline");
            Assert.That((string?)health["status"], Is.EqualTo("Healthy"), health.ToJsonString());
            Assert.That(peakHeap, Is.LessThan(1L << 30), "the server's managed heap stayed bounded");
        });
    }
}
