using System.Globalization;

/// <summary>
/// Samples the VmHWM of this process's live children with a given name every 50 ms and keeps the largest.
/// (getrusage's ru_maxrss of children is no use here: a child forked from a large process inherits its high-water mark.)
/// </summary>
internal sealed class ChildPeakSampler : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private long _peak;

    public ChildPeakSampler(string name)
    {
        _loop = Task.Run(async () =>
        {
            var self = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
            while (!_stop.IsCancellationRequested)
            {
                foreach (var dir in Directory.EnumerateDirectories("/proc"))
                {
                    try
                    {
                        // stat: "pid (comm) state ppid ..."; read status only for our children of that name.
                        var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                        var close = stat.LastIndexOf(')');
                        if (close < 0 || stat[(stat.IndexOf('(') + 1)..close] != name || stat[(close + 2)..].Split(' ')[1] != self)
                        {
                            continue;
                        }

                        foreach (var line in File.ReadLines(Path.Combine(dir, "status")))
                        {
                            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                            {
                                InterlockedMax(ref _peak, long.Parse(line[6..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024);
                            }
                        }
                    }
                    catch (IOException)
                    {
                        // Gone while we looked, or not a process folder.
                    }
                    catch (UnauthorizedAccessException)
                    {
                    }
                }

                try
                {
                    await Task.Delay(50, _stop.Token);
                }
                catch (OperationCanceledException)
                {
                }
            }
        });
    }

    public long PeakBytes => Interlocked.Read(ref _peak);

    public void Dispose()
    {
        _stop.Cancel();
        _loop.GetAwaiter().GetResult();
        _stop.Dispose();
    }

    private static void InterlockedMax(ref long target, long value)
    {
        long current;
        while ((current = Interlocked.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
