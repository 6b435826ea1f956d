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

    [Test]
    public async Task Ingest_killed_while_rendering_publishes_nothing_and_a_restarted_worker_completes_the_job()
    {
        var sample = Path.Combine(RepositoryRoot(), "samples", "xuhuibao-2021-12-13.pdf");
        var environment = new Dictionary<string, string>
        {
            // Short lease, so the restarted worker takes the dead job over within seconds.
            ["Epaper__JobLease"] = "00:00:02",
            ["Epaper__WorkerPollInterval"] = "00:00:00.200",
        };

        // 1. Ingest at production image sizes (seconds per page), killed once a page is done and the rest still render.
        var ingest = Start(["ingest", sample, "--data", _dataDir], environment);
        var killedAt = await WaitForAsync("the ingest job to be rendering with a page done", async () =>
        {
            if (ingest.HasExited)
            {
                Assert.Fail($"epaper ingest ended (exit code {ingest.ExitCode}) before it could be killed\n{ingest.Output}");
            }

            var job = await ReadJobAsync();
            if (job is not { State: "running" })
            {
                return null;
            }

            // Pages done: from the jobs table (refreshed with the lease) or, sooner, from the progress lines on stderr.
            var pagesDone = Math.Max(job.ProgressDone, RenderedPages(ingest.Output));
            return pagesDone is >= 1 and < 4 ? job with { ProgressDone = pagesDone } : null;
        });
        ingest.Kill();
        TestContext.Out.WriteLine($"killed epaper ingest with {killedAt.ProgressDone} of 4 pages rendered; its output:\n{ingest.Output}");

        // 2. Nothing half-published: the job is left running, no issue exists, no image is in place.
        var imagesDir = Path.Combine(_dataDir, "images");
        var left = await ReadJobAsync();
        Assert.Multiple(async () =>
        {
            Assert.That(left!.State, Is.EqualTo("running"), "the crash left the job running");
            Assert.That(left.Attempts, Is.EqualTo(1));
            Assert.That(await CountAsync("SELECT count(*) FROM issues"), Is.Zero, "no issue is visible");
            Assert.That(await CountAsync("SELECT count(*) FROM pages"), Is.Zero);
            Assert.That(await CountAsync("SELECT count(*) FROM articles"), Is.Zero);
            Assert.That(Directory.GetFiles(imagesDir), Is.Empty, "no image was moved into place");
        });
        var staging = Directory.GetDirectories(imagesDir);
        TestContext.Out.WriteLine($"left behind in images/: {string.Join(", ", staging.Select(Path.GetFileName))}");
        Assert.That(staging.Select(Path.GetFileName), Has.All.StartsWith(".staging-"), "only staging folders, which are not content");

        // 3. A worker started afterwards takes the abandoned job over once its lease has run out, and completes it.
        var worker = Start(["worker"], new Dictionary<string, string>(environment) { ["Epaper__DataDir"] = _dataDir });
        var done = await WaitForAsync("the worker to finish the job", async () =>
        {
            if (worker.HasExited)
            {
                Assert.Fail($"epaper worker ended (exit code {worker.ExitCode})\n{worker.Output}");
            }

            var job = await ReadJobAsync();
            return job?.State is "succeeded" or "failed" ? job : null;
        });
        worker.Kill();

        Assert.That(done.State, Is.EqualTo("succeeded"), $"{done.Error}\n{worker.Output}");
        Assert.Multiple(async () =>
        {
            Assert.That(done.Id, Is.EqualTo(killedAt.Id), "the same job");
            Assert.That(done.Attempts, Is.EqualTo(2));
            Assert.That(done.IssueId, Is.Not.Null);
            Assert.That(await CountAsync("SELECT count(*) FROM jobs"), Is.EqualTo(1));
            Assert.That(await CountAsync("SELECT count(*) FROM issues"), Is.EqualTo(1));
            Assert.That(await ScalarAsync("SELECT date FROM issues"), Is.EqualTo("2021-12-13"));
            Assert.That(await CountAsync("SELECT count(*) FROM pages"), Is.EqualTo(4));
        });

        // Every image the pages name is a file in images/ itself, none in a staging folder.
        var names = await ImageNamesAsync();
        Assert.That(names, Has.Count.EqualTo(4 * 3));
        Assert.Multiple(() =>
        {
            foreach (var name in names)
            {
                Assert.That(name, Does.Not.Contain("/").And.Not.StartWith("."), name);
                Assert.That(File.Exists(Path.Combine(imagesDir, name)), name);
            }

            Assert.That(Directory.GetDirectories(imagesDir), Is.Empty, "the dead ingest's staging folder was swept");
        });
    }

    [Test]
    public async Task Again_analyses_a_published_pdf_anew_and_keeps_its_stored_metadata()
    {
        var sample = Path.Combine(RepositoryRoot(), "samples", "xuhuibao-2021-12-13.pdf");
        var none = new Dictionary<string, string>();
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

    /// <summary>The most pages a "Rendering  [###.....] 2/4 pages" progress line has reported.</summary>
    private static int RenderedPages(string output) => output.Split('\n')
        .Select(line => System.Text.RegularExpressions.Regex.Match(line, @"^Rendering\s+\[[#.]*\] (\d+)/\d+ pages"))
        .Where(m => m.Success)
        .Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture))
        .DefaultIfEmpty(0)
        .Max();

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
