namespace XuhuiEpaper.Ingest.Pipeline;

/// <summary>
/// What the ingest worker of this process is doing, for /healthz: when it last ticked (looked at the queue or renewed a
/// job's lease), the last error that stopped its loop, and how often its supervisor has started it again.
/// </summary>
public sealed class WorkerStatus(TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly Lock _gate = new();
    private DateTimeOffset? _lastTick;
    private string? _lastError;
    private DateTimeOffset? _lastErrorAt;
    private int _restarts;

    /// <summary>True once a worker loop has started in this process.</summary>
    public bool Started
    {
        get
        {
            lock (_gate)
            {
                return _lastTick is not null;
            }
        }
    }

    public void Tick()
    {
        lock (_gate)
        {
            _lastTick = _time.GetUtcNow();
        }
    }

    public void Failed(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        lock (_gate)
        {
            _lastError = $"{exception.GetType().Name}: {exception.Message.ReplaceLineEndings(" ")}";
            _lastErrorAt = _time.GetUtcNow();
        }
    }

    public void Restarted() => Interlocked.Increment(ref _restarts);

    public WorkerSnapshot Snapshot()
    {
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            return new WorkerSnapshot(_lastTick is { } t ? now - t : null, _lastError, _lastErrorAt, Volatile.Read(ref _restarts));
        }
    }
}

/// <summary>The worker's state at one moment: time since its last tick (null: never ticked), its last error, its restarts.</summary>
public sealed record WorkerSnapshot(TimeSpan? SinceTick, string? LastError, DateTimeOffset? LastErrorAt, int Restarts);
