using XuhuiEpaper.Storage;

namespace XuhuiEpaper.Ingest.Pipeline;

/// <summary>
/// Renews a running job's lease (and records its progress) while its worker works on it. It never throws: when the
/// job is no longer held under its claim, or no renewal has succeeded for a whole lease (the database is busy or gone,
/// so another worker may take the job over), it signals <see cref="Lost"/> and stops, and the work should stop too.
/// </summary>
public sealed class LeaseKeeper : IAsyncDisposable
{
    private readonly JobStore _jobs;
    private readonly JobClaim _claim;
    private readonly Func<IngestProgress> _current;
    private readonly TimeSpan _lease;
    private readonly WorkerStatus? _status;
    private readonly CancellationTokenSource _stop = new();
    private readonly CancellationTokenSource _lost = new();
    private readonly Task _loop;

    public LeaseKeeper(JobStore jobs, JobClaim claim, Func<IngestProgress> current, TimeSpan lease, WorkerStatus? status = null)
    {
        _jobs = jobs;
        _claim = claim;
        _current = current;
        _lease = lease;
        _status = status;
        _loop = Task.Run(() => RenewAsync(_stop.Token));
    }

    /// <summary>Cancelled when the lease is lost.</summary>
    public CancellationToken Lost => _lost.Token;

    public bool IsLost => _lost.IsCancellationRequested;

    /// <summary>The last error of a renewal, if any.</summary>
    public Exception? LastError { get; private set; }

    /// <summary>Renewals every quarter lease, at least every 200 ms and at most every second.</summary>
    public TimeSpan Period => TimeSpan.FromTicks(Math.Clamp(_lease.Ticks / 4, TimeSpan.FromMilliseconds(200).Ticks, TimeSpan.FromSeconds(1).Ticks));

    public async Task StopAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await _stop.CancelAsync();
        }

        await _loop;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop.Dispose();
        _lost.Dispose();
    }

    private async Task RenewAsync(CancellationToken stop)
    {
        var renewed = DateTime.UtcNow;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                var p = _current();
                await _jobs.ReportProgressAsync(_claim, p.PagesDone, p.PageCount, stop);
                renewed = DateTime.UtcNow;
                _status?.Tick();
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (JobLeaseLostException ex)
            {
                LastError = ex;
                await _lost.CancelAsync();
                return;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // Busy, locked, disk full: try again next period, unless the lease has run out meanwhile.
                LastError = ex;
                if (DateTime.UtcNow - renewed > _lease)
                {
                    await _lost.CancelAsync();
                    return;
                }
            }

            try
            {
                await Task.Delay(Period, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
