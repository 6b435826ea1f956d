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
            var self = Environment.ProcessId;
            while (!_stop.IsCancellationRequested)
            {
                // Read status only for our children of that name.
                foreach (var child in ProcStat.ReadAll().Where(p => p.Name == name && p.Parent == self))
                {
                    try
                    {
                        foreach (var line in File.ReadLines($"/proc/{child.Pid}/status"))
                        {
                            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                            {
                                InterlockedMax(ref _peak, long.Parse(line[6..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024);
                            }
                        }
                    }
                    catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                    {
                        // Gone while we looked.
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
