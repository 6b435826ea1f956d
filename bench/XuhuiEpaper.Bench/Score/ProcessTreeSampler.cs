using System.Globalization;

/// <summary>
/// Samples a process and its descendants in /proc every 20 ms while it runs: the process's own peak (VmHWM), the
/// largest peak of each descendant by name (the ingest's pdftoppm renderers), and the largest sum of the tree's
/// resident sets at one instant. VmHWM only grows, so a sample misses at most the last 20 ms of a process's growth.
/// (getrusage's children figures are no use here: they mix every child this bench has had, pdftotext included.)
/// </summary>
internal sealed class ProcessTreeSampler : IDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(20);
    private readonly int _root;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly Dictionary<string, long> _childPeaks = [];
    private long _rootPeak;
    private long _treePeak;
    private bool _stopped;

    public ProcessTreeSampler(int root)
    {
        _root = root;
        _loop = Task.Run(LoopAsync);
    }

    public long RootPeakBytes { get { lock (_childPeaks) { return _rootPeak; } } }
    public long TreePeakBytes { get { lock (_childPeaks) { return _treePeak; } } }

    /// <summary>The largest VmHWM seen of descendants by process name (pdftoppm, ...).</summary>
    public IReadOnlyDictionary<string, long> ChildPeakBytes { get { lock (_childPeaks) { return new Dictionary<string, long>(_childPeaks); } } }

    /// <summary>Stops sampling; call after the process has exited. Calling it again does nothing.</summary>
    public void Dispose()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        _stop.Cancel();
        _loop.GetAwaiter().GetResult();
        _stop.Dispose();
    }

    private async Task LoopAsync()
    {
        using var timer = new PeriodicTimer(Interval);
        do
        {
            Sample();
        }
        while (await Tick(timer));
    }

    private async Task<bool> Tick(PeriodicTimer timer)
    {
        try
        {
            return await timer.WaitForNextTickAsync(_stop.Token);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private void Sample()
    {
        var tree = Descendants();
        var rootProgram = Program(_root);
        long rss = 0;
        lock (_childPeaks)
        {
            foreach (var pid in tree.Prepend(_root))
            {
                if (ReadStatus(pid) is not { } status)
                {
                    continue;
                }

                if (pid == _root)
                {
                    rss += status.Rss;
                    _rootPeak = Math.Max(_rootPeak, status.Hwm);
                }
                else if (rootProgram is null || Program(pid) != rootProgram)
                {
                    // A child caught between fork and exec is still a copy of its parent (named after the .NET thread
                    // that forked it, sharing the parent's pages): not counted until it has become its own program.
                    rss += status.Rss;
                    _childPeaks[status.Name] = Math.Max(_childPeaks.GetValueOrDefault(status.Name), status.Hwm);
                }
            }

            _treePeak = Math.Max(_treePeak, rss);
        }
    }

    /// <summary>Every process below the root, by the parent ids in /proc/*/stat.</summary>
    private List<int> Descendants() => ProcStat.Descendants(ProcStat.ReadAll(), _root).ConvertAll(p => p.Pid);

    private static (string Name, long Hwm, long Rss)? ReadStatus(int pid)
    {
        try
        {
            string name = "";
            long hwm = -1, rss = 0;
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("Name:", StringComparison.Ordinal))
                {
                    name = line[5..].Trim();
                }
                else if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    hwm = Kilobytes(line[6..]) * 1024;
                }
                else if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    rss = Kilobytes(line[6..]) * 1024;
                }
            }

            // A zombie has no memory lines left: nothing to learn from it.
            return hwm < 0 ? null : (name, hwm, rss);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The program a process runs (/proc/pid/exe), null when it cannot be read.</summary>
    private static string? Program(int pid)
    {
        try
        {
            return new FileInfo($"/proc/{pid}/exe").LinkTarget;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static long Kilobytes(string value) => long.Parse(value.Trim().Split(' ')[0], CultureInfo.InvariantCulture);
}
