using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;

namespace XuhuiEpaper.Web.Tests.Cli;

/// <summary>
/// `epaper ingest` in a separate process, killed (SIGKILL, with its pdftoppm children) while it renders: nothing is
/// half-published, and `epaper worker` started afterwards finishes the same job. Real processes, real poppler, real
/// SQLite file; the test only reads the database.
/// </summary>
[NonParallelizable]
public class IngestCrashTests
{
    private static readonly TimeSpan StepTimeout = TimeSpan.FromMinutes(3);

    private readonly List<EpaperProcess> _processes = [];
    private string _dataDir = "";

    [SetUp]
    public void CreateDataFolder()
    {
        _dataDir = Path.Combine(Path.GetTempPath(), $"epaper-crash-{Guid.NewGuid():N}");
        Directory.CreateDirectory(_dataDir);
    }

    [TearDown]
    public void KillProcessesAndRemoveDataFolder()
    {
        foreach (var process in _processes)
        {
            process.Dispose();
        }

        _processes.Clear();

        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_dataDir, recursive: true);
        }
        catch (IOException ex)
        {
            TestContext.Out.WriteLine($"could not remove {_dataDir}: {ex.Message}");
        }
    }

    /// <summary>The steps of an ingest at which the crash matrix kills `epaper ingest` (see CrashPoints in the pipeline).</summary>
    private static readonly string[] IngestSteps = ["validating", "rendering", "deriving", "moving", "committing", "committed"];

    private static IEnumerable<TestCaseData> Steps() => IngestSteps.Select(s => new TestCaseData(s).SetArgDisplayNames(s));

    /// <summary>Small images and a short lease: each row of the matrix takes seconds.</summary>
    private Dictionary<string, string> QuickEnvironment(string? pauseAt = null)
    {
        var environment = new Dictionary<string, string>
        {
            ["Epaper__DataDir"] = _dataDir,
            ["Epaper__JobLease"] = "00:00:01",
            ["Epaper__JobRetryBackoff"] = "00:00:00.200",
            ["Epaper__WorkerPollInterval"] = "00:00:00.100",
            ["Ingest__Images__ZoomWidth"] = "1200",
            ["Ingest__Images__ScreenWidth"] = "800",
            ["Ingest__Images__ThumbnailWidth"] = "200",
        };
        if (pauseAt is not null)
        {
            environment["EPAPER_PAUSE_AT"] = pauseAt;
        }

        return environment;
    }

    /// <summary>
    /// The crash matrix: `epaper ingest` is killed (SIGKILL, with its pdftoppm children) at each step of the ingest, then
    /// `epaper worker` is started. After the restart the job has completed exactly once, the issue is whole, and no
    /// staging folder or unreferenced image is left.
    /// </summary>
    [TestCaseSource(nameof(Steps))]
    public async Task Killed_at_each_step_the_ingest_completes_exactly_once_after_a_restart(string step)
    {
        var clock = Stopwatch.StartNew();
        var ingest = Start(["ingest", EpaperApp.SamplePdf], QuickEnvironment(step));
        await WaitForAsync($"epaper ingest to reach '{step}'", () => Task.FromResult(
            ingest.HasExited ? throw new AssertionException($"epaper ingest ended (exit code {ingest.ExitCode}) before '{step}'\n{ingest.Output}")
            : ingest.Output.Contains($"crash-point: {step}", StringComparison.Ordinal) ? "" : null));
        ingest.Kill();

        // What the crash left: never a visible half-issue.
        var left = (await ReadJobAsync())!;
        var issuesLeft = await CountAsync("SELECT count(*) FROM issues");
        var imagesLeft = Directory.GetFiles(ImagesDir).Length;
        var stagingLeft = StagingFolders();
        Assert.Multiple(async () =>
        {
            if (step == "committed")
            {
                Assert.That((left.State, issuesLeft), Is.EqualTo(("succeeded", 1L)), "the issue and its job's success are one commit");
            }
            else
            {
                Assert.That((left.State, issuesLeft), Is.EqualTo(("running", 0L)), "nothing is published before the commit");
                Assert.That(await CountAsync("SELECT count(*) FROM pages"), Is.Zero);
            }
        });

        // Restarted: a worker takes the job over once its lease has run out, and sweeps what the crash left.
        var worker = Start(["worker"], QuickEnvironment());
        var done = await WaitForAsync("the job to finish and the leftovers to be swept", async () =>
        {
            if (worker.HasExited)
            {
                Assert.Fail($"epaper worker ended (exit code {worker.ExitCode})\n{worker.Output}");
            }

            var job = await ReadJobAsync();
            return job?.State is "succeeded" or "failed" && StagingFolders() == 0
                && (await UnreferencedImagesAsync()).Count == 0 ? job : null;
        });
        worker.Kill();

        var names = await ImageNamesAsync();
        Assert.Multiple(async () =>
        {
            Assert.That(done.State, Is.EqualTo("succeeded"), $"{done.Error}\n{worker.Output}");
            Assert.That(done.Attempts, Is.EqualTo(step == "committed" ? 1 : 2), "completed exactly once");
            Assert.That(await CountAsync("SELECT count(*) FROM jobs"), Is.EqualTo(1));
            Assert.That(await CountAsync("SELECT count(*) FROM issues"), Is.EqualTo(1));
            Assert.That(await CountAsync("SELECT count(*) FROM pages"), Is.EqualTo(4));
            Assert.That(await CountAsync("SELECT count(*) FROM articles"), Is.GreaterThan(4));
            Assert.That(names, Has.Count.EqualTo(12));
            Assert.That(names.All(n => File.Exists(Path.Combine(ImagesDir, n))), Is.True, "every image the pages name is in images/");
            Assert.That(Directory.GetFiles(ImagesDir), Has.Length.EqualTo(12), "and nothing else");
            Assert.That(Directory.GetFiles(Path.Combine(_dataDir, "originals")), Has.Length.EqualTo(1));
        });
        Matrix.Add($"| {step} | job {left.State}, {issuesLeft} issue(s), {imagesLeft} image(s) in images/, {stagingLeft} staging folder(s) | {done.State} after {done.Attempts} attempt(s); 1 issue of 4 pages, 12 images, 0 leftovers | {clock.Elapsed.TotalSeconds:0.0} s |");
    }

    /// <summary>
    /// `epaper serve` killed while deleting: after the trash commit, before the original is moved. A restarted worker
    /// completes the move; a restarted server restores the issue whole.
    /// </summary>
    [Test]
    public async Task Killed_while_deleting_the_issue_is_in_the_trash_whole_and_restores()
    {
        var clock = Stopwatch.StartNew();
        Run(["ingest", EpaperApp.SamplePdf], QuickEnvironment());
        const string Token = "crash-token";
        var port = FreePort();
        var serve = Start(["serve", "--urls", $"http://127.0.0.1:{port}"], new Dictionary<string, string>(QuickEnvironment("deleting")) { ["Epaper__AdminToken"] = Token });
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Token);
        await WaitForAsync("epaper serve to answer", async () =>
        {
            try
            {
                return (await http.GetAsync("/healthz")).IsSuccessStatusCode ? "" : null;
            }
            catch (HttpRequestException)
            {
                return null;
            }
        });
        _ = http.DeleteAsync("/api/issues/1");
        await WaitForAsync("the delete to reach its crash point", () => Task.FromResult(serve.Output.Contains("crash-point: deleting", StringComparison.Ordinal) ? "" : null));
        serve.Kill();

        var original = Directory.GetFiles(Path.Combine(_dataDir, "originals")).Single();
        Assert.Multiple(async () =>
        {
            Assert.That(await CountAsync("SELECT count(*) FROM issues"), Is.Zero, "deleted: committed");
            Assert.That(await CountAsync("SELECT count(*) FROM trash"), Is.EqualTo(1), "into the trash in the same commit");
            Assert.That(File.Exists(original), "the original had not moved yet");
        });

        var worker = Start(["worker"], QuickEnvironment());
        var trashFolder = Path.Combine(_dataDir, "trash", "1");
        await WaitForAsync("the sweep to move the original into the trash", () =>
            Task.FromResult(File.Exists(Path.Combine(trashFolder, Path.GetFileName(original))) ? "" : null));
        worker.Kill();
        Assert.Multiple(async () =>
        {
            Assert.That(File.Exists(original), Is.False);
            Assert.That(await UnreferencedImagesAsync(), Is.Empty, "the trash keeps the images for a restore");
            Assert.That(Directory.GetFiles(ImagesDir), Has.Length.EqualTo(12));
        });

        var again = Start(["serve", "--urls", $"http://127.0.0.1:{port}"], new Dictionary<string, string>(QuickEnvironment()) { ["Epaper__AdminToken"] = Token });
        await WaitForAsync("epaper serve to answer again", async () =>
        {
            try
            {
                return (await http.GetAsync("/healthz")).IsSuccessStatusCode ? "" : null;
            }
            catch (HttpRequestException)
            {
                return null;
            }
        });
        var restore = await http.PostAsync("/api/trash/1/restore", null);
        Assert.That(restore.StatusCode, Is.EqualTo(System.Net.HttpStatusCode.OK), await restore.Content.ReadAsStringAsync());
        Assert.Multiple(async () =>
        {
            Assert.That(await CountAsync("SELECT count(*) FROM pages WHERE issue_id = 1"), Is.EqualTo(4));
            Assert.That(File.Exists(original), "the original is back");
            Assert.That((await http.GetAsync("/api/issues/1/pages/1")).StatusCode, Is.EqualTo(System.Net.HttpStatusCode.OK));
            Assert.That((await http.GetAsync($"/pdf/{Path.GetFileNameWithoutExtension(original)}.pdf")).StatusCode, Is.EqualTo(System.Net.HttpStatusCode.OK));
        });
        again.Kill();
        Matrix.Add($"| deleting (serve) | issue in the trash (committed), original still in originals/ | moved to the trash by the worker's sweep; restored whole under id 1 | {clock.Elapsed.TotalSeconds:0.0} s |");
    }

    private static readonly List<string> Matrix = [];

    [OneTimeTearDown]
    public static void PrintMatrix()
    {
        if (Matrix.Count > 0)
        {
            TestContext.Progress.WriteLine("| killed at | left by the crash | after a restart | time |\n|---|---|---|---|\n" + string.Join("\n", Matrix));
        }
    }

    private string ImagesDir => Path.Combine(_dataDir, "images");

    /// <summary>Staging folders of ingests in images/ (the IIIF tile sets' folder, iiif/, is not one).</summary>
    private int StagingFolders() => Directory.GetDirectories(ImagesDir, ".staging-*").Length;

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Files in images/ that no page and no trash entry names.</summary>
    private async Task<List<string>> UnreferencedImagesAsync()
    {
        await using var connection = OpenReadOnly();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT thumbnail_file FROM pages UNION SELECT screen_file FROM pages UNION SELECT zoom_file FROM pages UNION SELECT file FROM trash_files";
        var referenced = new HashSet<string>(StringComparer.Ordinal);
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                referenced.Add(reader.GetString(0));
            }
        }

        return Directory.GetFiles(ImagesDir).Select(Path.GetFileName).OfType<string>().Where(n => !referenced.Contains(n)).ToList();
    }

    [Test]
    public async Task Again_analyses_a_published_pdf_anew_and_keeps_its_stored_metadata()
    {
        var sample = Path.Combine(RepositoryRoot(), "samples", "xuhuibao-2021-12-13.pdf");
        var none = QuickEnvironment();
        Assert.That(Run(["ingest", sample, "--data", _dataDir], none), Does.Contain("Published issue 1:"));

        // An archivist's correction, as PUT /api/issues/{id} stores it.
        await using (var connection = new SqliteConnection($"Data Source={Path.Combine(_dataDir, "epaper.db")};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "UPDATE issues SET total_number = 9999; UPDATE pages SET name = '綜合新聞' WHERE number = 2;";
            await command.ExecuteNonQueryAsync();
        }

        var same = Run(["ingest", sample, "--data", _dataDir], none);
        var again = Run(["ingest", sample, "--again", "--data", _dataDir], none);

        Assert.Multiple(async () =>
        {
            Assert.That(same, Does.Contain("Published issue 1:").And.Contain("總第 9999 期"), "the same PDF is the issue it made");
            Assert.That(again, Does.Contain("Published issue 2:").And.Contain("總第 9999 期").And.Contain("綜合新聞"), "made anew, the corrections kept");
            Assert.That(await CountAsync("SELECT count(*) FROM issues"), Is.EqualTo(1), "replaced, not added");
            Assert.That(await CountAsync("SELECT count(*) FROM pages WHERE issue_id = 2"), Is.EqualTo(4));
        });
    }

    [Test]
    public async Task Another_pdf_for_a_taken_date_is_refused_by_the_cli_unless_replace_is_given()
    {
        Run(["ingest", EpaperApp.SamplePdf], QuickEnvironment());
        var reprint = Path.Combine(_dataDir, "reprint.pdf");
        await File.WriteAllBytesAsync(reprint, EpaperApp.SampleVariant("reprint"));

        var refused = Start(["ingest", reprint], QuickEnvironment());
        Assert.That(refused.WaitForExit(StepTimeout), Is.True);
        Assert.Multiple(() =>
        {
            Assert.That(refused.ExitCode, Is.EqualTo(1), refused.Output);
            Assert.That(refused.Output, Does.Contain("refused: issue 1 of 徐匯報 is already dated 2021-12-13").And.Contain("--replace"));
        });

        Assert.That(Run(["ingest", reprint, "--replace"], QuickEnvironment()), Does.Contain("Published issue 2:"));
        Assert.Multiple(async () =>
        {
            Assert.That(await CountAsync("SELECT count(*) FROM issues"), Is.EqualTo(1));
            Assert.That(await ScalarAsync("SELECT reason FROM trash WHERE issue_id = 1"), Does.StartWith("replaced by the PDF"));
            Assert.That(await CountAsync("SELECT count(*) FROM audit_log WHERE action = 'replace' AND issue_id = 1"), Is.EqualTo(1));
        });
    }

    /// <summary>Runs epaper to its end and returns its output; fails the test on a non-zero exit.</summary>
    private string Run(string[] arguments, IReadOnlyDictionary<string, string> environment)
    {
        var process = Start(arguments, environment);
        Assert.That(process.WaitForExit(StepTimeout), Is.True, $"epaper {string.Join(' ', arguments)} did not end\n{process.Output}");
        Assert.That(process.ExitCode, Is.Zero, process.Output);
        return process.Output;
    }

    [TestCase("--help")]
    [TestCase("help")]
    public void Help_prints_the_usage_and_starts_no_server(string argument)
    {
        var help = Start([argument], new Dictionary<string, string> { ["Epaper__DataDir"] = _dataDir });
        Assert.That(help.WaitForExit(StepTimeout), Is.True, $"epaper {argument} is still running: it started a server\n{help.Output}");
        Assert.Multiple(() =>
        {
            Assert.That(help.ExitCode, Is.Zero, help.Output);
            Assert.That(help.Output, Does.Contain("usage: epaper").And.Contain("epaper ingest <file.pdf>"));
            Assert.That(File.Exists(Path.Combine(_dataDir, "epaper.db")), Is.False, "no database was created");
        });
    }

    // ---- processes ----

    private EpaperProcess Start(string[] arguments, IReadOnlyDictionary<string, string> environment)
    {
        var process = new EpaperProcess(EpaperDll(), arguments, environment);
        _processes.Add(process);
        return process;
    }

    /// <summary>The built epaper.dll: next to this test assembly, else under src/XuhuiEpaper.Web/bin (this configuration first).</summary>
    private static string EpaperDll()
    {
        var here = Path.Combine(AppContext.BaseDirectory, "epaper.dll");
        if (File.Exists(here) && File.Exists(Path.ChangeExtension(here, ".runtimeconfig.json")))
        {
            return here;
        }

        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Debug" : "Release";
        var bin = Path.Combine(RepositoryRoot(), "src", "XuhuiEpaper.Web", "bin");
        var candidates = new[] { configuration, configuration == "Release" ? "Debug" : "Release" }
            .Select(c => Path.Combine(bin, c, "net10.0", "epaper.dll"))
            .Where(File.Exists)
            .ToList();
        return candidates.Count > 0
            ? candidates[0]
            : throw new FileNotFoundException($"epaper.dll is neither next to the tests ({here}) nor under {bin}; build src/XuhuiEpaper.Web first");
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "XuhuiEpaper.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("XuhuiEpaper.sln not found above the test directory");
    }

    private static async Task<T> WaitForAsync<T>(string what, Func<Task<T?>> probe)
        where T : class
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < StepTimeout)
        {
            if (await probe() is { } value)
            {
                return value;
            }

            await Task.Delay(100);
        }

        Assert.Fail($"timed out after {StepTimeout.TotalSeconds:0} s waiting for {what}");
        throw new UnreachableException();
    }

    // ---- the database, read-only ----

    private sealed record JobRow(long Id, string State, int ProgressDone, int ProgressTotal, int Attempts, string? Error, long? IssueId);

    private SqliteConnection OpenReadOnly()
    {
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(_dataDir, "epaper.db"),
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
            DefaultTimeout = 5,
        };
        var connection = new SqliteConnection(builder.ToString());
        connection.Open();
        return connection;
    }

    /// <summary>The one job, or null while the database or the job does not exist yet.</summary>
    private async Task<JobRow?> ReadJobAsync()
    {
        if (!File.Exists(Path.Combine(_dataDir, "epaper.db")))
        {
            return null;
        }

        try
        {
            await using var connection = OpenReadOnly();
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT id, state, progress_done, progress_total, attempts, error, issue_id FROM jobs ORDER BY id LIMIT 1";
            await using var reader = await command.ExecuteReaderAsync();
            if (!await reader.ReadAsync())
            {
                return null;
            }

            return new JobRow(
                reader.GetInt64(0), reader.GetString(1), reader.GetInt32(2), reader.GetInt32(3), reader.GetInt32(4),
                reader.IsDBNull(5) ? null : reader.GetString(5), reader.IsDBNull(6) ? null : reader.GetInt64(6));
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode is 1 or 5 or 6 or 14)
        {
            // No jobs table yet (the program is still migrating), busy, locked, or not openable yet.
            return null;
        }
    }

    private async Task<long> CountAsync(string sql) => Convert.ToInt64(await ScalarAsync(sql), CultureInfo.InvariantCulture);

    private async Task<object?> ScalarAsync(string sql)
    {
        await using var connection = OpenReadOnly();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }

    private async Task<List<string>> ImageNamesAsync()
    {
        await using var connection = OpenReadOnly();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT thumbnail_file, screen_file, zoom_file FROM pages";
        await using var reader = await command.ExecuteReaderAsync();
        var names = new List<string>();
        while (await reader.ReadAsync())
        {
            names.AddRange([reader.GetString(0), reader.GetString(1), reader.GetString(2)]);
        }

        return names;
    }

    /// <summary>`dotnet epaper.dll …` with its output collected; killed with its whole process tree on dispose.</summary>
    private sealed class EpaperProcess : IDisposable
    {
        private readonly Process _process;
        private readonly StringBuilder _output = new();

        public EpaperProcess(string dll, string[] arguments, IReadOnlyDictionary<string, string> environment)
        {
            var info = new ProcessStartInfo("dotnet")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            info.ArgumentList.Add(dll);
            foreach (var argument in arguments)
            {
                info.ArgumentList.Add(argument);
            }

            foreach (var (key, value) in environment)
            {
                info.Environment[key] = value;
            }

            info.Environment["DOTNET_NOLOGO"] = "1";
            _process = new Process { StartInfo = info };
            _process.OutputDataReceived += (_, e) => Append(e.Data);
            _process.ErrorDataReceived += (_, e) => Append(e.Data);
            _process.Start();
            _process.BeginOutputReadLine();
            _process.BeginErrorReadLine();
        }

        public bool HasExited => _process.HasExited;

        /// <summary>True when the program ended within <paramref name="timeout"/>; its output is then complete.</summary>
        public bool WaitForExit(TimeSpan timeout)
        {
            if (!_process.WaitForExit(timeout))
            {
                return false;
            }

            // The overload without a timeout also waits for the redirected output to be read to its end.
            _process.WaitForExit();
            return true;
        }

        public int ExitCode => _process.ExitCode;

        public string Output
        {
            get
            {
                lock (_output)
                {
                    return _output.ToString();
                }
            }
        }

        /// <summary>SIGKILL to the program and its children (pdftoppm), then waits until they are gone.</summary>
        public void Kill()
        {
            try
            {
                _process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }

            if (!_process.WaitForExit(TimeSpan.FromSeconds(30)))
            {
                throw new InvalidOperationException($"process {_process.Id} did not end after SIGKILL");
            }
        }

        public void Dispose()
        {
            try
            {
                if (!_process.HasExited)
                {
                    Kill();
                }
            }
            finally
            {
                _process.Dispose();
            }
        }

        private void Append(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }
}
