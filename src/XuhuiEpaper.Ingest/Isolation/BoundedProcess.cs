using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace XuhuiEpaper.Ingest.Isolation;

/// <summary>What a bounded child process did.</summary>
public sealed record BoundedResult(int ExitCode, string Stdout, string Stderr, bool TimedOut)
{
    /// <summary>Ended by a signal (SIGKILL from the address-space or CPU limit, SIGXCPU, SIGSEGV…): exit code 128 + signal.</summary>
    public bool KilledBySignal => ExitCode > 128;

    public int? Signal => KilledBySignal ? ExitCode - 128 : null;
}

/// <summary>
/// Child processes that can take only themselves down: started under <c>prlimit</c> (address space, CPU seconds, no core
/// dump), killed with their whole tree at a wall-clock deadline or on cancellation, their output read with a cap.
/// </summary>
public static class BoundedProcess
{
    /// <summary>
    /// <paramref name="executable"/> with <paramref name="arguments"/>, through <paramref name="prlimitPath"/> when given
    /// (prlimit sets the limits on itself and execs the program: one process, same pid).
    /// </summary>
    public static ProcessStartInfo StartInfo(string? prlimitPath, long? addressSpaceBytes, int? cpuSeconds, string executable, IEnumerable<string> arguments)
    {
        ArgumentException.ThrowIfNullOrEmpty(executable);
        ArgumentNullException.ThrowIfNull(arguments);
        ProcessStartInfo info;
        if (string.IsNullOrEmpty(prlimitPath))
        {
            info = new ProcessStartInfo(executable);
        }
        else
        {
            info = new ProcessStartInfo(prlimitPath);
            if (addressSpaceBytes is { } bytes)
            {
                info.ArgumentList.Add("--as=" + bytes.ToString(CultureInfo.InvariantCulture));
            }

            if (cpuSeconds is { } seconds)
            {
                info.ArgumentList.Add("--cpu=" + Math.Max(1, seconds).ToString(CultureInfo.InvariantCulture));
            }

            info.ArgumentList.Add("--core=0");
            info.ArgumentList.Add("--");
            info.ArgumentList.Add(executable);
        }

        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.RedirectStandardInput = false;
        info.UseShellExecute = false;
        info.CreateNoWindow = true;
        info.StandardOutputEncoding = Encoding.UTF8;
        info.StandardErrorEncoding = Encoding.UTF8;
        return info;
    }

    /// <summary>Runs the process to its end, or kills it at <paramref name="timeout"/>; keeps at most <paramref name="maxOutputChars"/> of each stream.</summary>
    public static async Task<BoundedResult> RunAsync(ProcessStartInfo info, TimeSpan timeout, int maxOutputChars, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(info);
        using var process = new Process { StartInfo = info };
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            throw new InvalidOperationException($"cannot start {info.FileName}: {ex.Message}", ex);
        }

        var stdout = ReadLimitedAsync(process.StandardOutput, maxOutputChars);
        var stderr = ReadLimitedAsync(process.StandardError, 8000);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var timedOut = false;
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            Kill(process);
            await process.WaitForExitAsync(CancellationToken.None);
            cancellationToken.ThrowIfCancellationRequested();
            timedOut = true;
        }

        return new BoundedResult(process.ExitCode, await stdout, await stderr, timedOut);
    }

    /// <summary>SIGKILL to the process and its children; quiet when it is already gone.</summary>
    public static void Kill(Process process)
    {
        ArgumentNullException.ThrowIfNull(process);
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
        }
        catch (Win32Exception)
        {
        }
    }

    /// <summary>Reads a stream to its end (so the child never blocks on a full pipe), keeping only its start.</summary>
    public static async Task<string> ReadLimitedAsync(StreamReader reader, int maxChars)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var sb = new StringBuilder();
        var buffer = new char[4096];
        int read;
        while ((read = await reader.ReadAsync(buffer)) > 0)
        {
            if (sb.Length < maxChars)
            {
                sb.Append(buffer, 0, Math.Min(read, maxChars - sb.Length));
            }
        }

        return sb.ToString();
    }
}
