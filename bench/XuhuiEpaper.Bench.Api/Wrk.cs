using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

/// <summary>
/// wrk, a native load generator (epoll, C): a closed loop per connection over a fixed list of paths, cycled by a Lua
/// script. Unlike an in-process client it does not share the .NET runtime with anything it measures.
/// </summary>
internal static partial class Wrk
{
    public static async Task<WrkResult> RunAsync(
        string baseUrl, IReadOnlyList<string> paths, int threads, int connections, int seconds, IReadOnlyList<string> headers, string scratchDir)
    {
        var script = Path.Combine(scratchDir, $"wrk-{Guid.NewGuid():N}.lua");
        var lua = new StringBuilder();
        lua.AppendLine("local paths = {");
        foreach (var p in paths)
        {
            lua.Append("  \"").Append(p.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)).AppendLine("\",");
        }

        lua.AppendLine("}");
        lua.AppendLine("local headers = {}");
        foreach (var h in headers)
        {
            var colon = h.IndexOf(':', StringComparison.Ordinal);
            lua.Append("headers[\"").Append(h[..colon].Trim()).Append("\"] = \"").Append(h[(colon + 1)..].Trim().Replace("\"", "\\\"", StringComparison.Ordinal)).AppendLine("\"");
        }

        // Requests are formatted once; each thread starts at its own place in the list.
        lua.AppendLine("""
            local reqs = {}
            local i = 0
            init = function(args)
              for k, p in ipairs(paths) do reqs[k] = wrk.format("GET", p, headers) end
              i = math.random(#reqs) - 1
            end
            request = function()
              i = i % #reqs + 1
              return reqs[i]
            end
            """);
        await File.WriteAllTextAsync(script, lua.ToString());
        try
        {
            // wrk runs under a shell that prints its own /proc stat line after wrk has ended: that line's cutime and
            // cstime are the CPU time of the children it waited for, i.e. wrk's, which shares the 2 cores with the server.
            var info = new ProcessStartInfo("sh") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var a in new[] { "-c", "wrk \"$@\" && echo && cat /proc/$$/stat", "sh", "-t", threads.ToString(CultureInfo.InvariantCulture), "-c", connections.ToString(CultureInfo.InvariantCulture),
                         "-d", $"{seconds}s", "--latency", "--timeout", "10s", "-s", script, baseUrl })
            {
                info.ArgumentList.Add(a);
            }

            var idleBefore = MachineIdle.Read();
            using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start wrk (apt-get install wrk)");
            var output = await process.StandardOutput.ReadToEndAsync();
            var error = await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"wrk exited with {process.ExitCode}: {error}{output}");
            }

            var result = Parse(output);
            var shell = output.TrimEnd().Split('\n')[^1];
            var fields = shell[(shell.LastIndexOf(')') + 2)..].Split(' ');
            var wrkTicks = long.Parse(fields[13], CultureInfo.InvariantCulture) + long.Parse(fields[14], CultureInfo.InvariantCulture);
            return result with
            {
                WrkCpuMicrosecondsPerRequest = wrkTicks / ProcStat.TicksPerSecond * 1e6 / Math.Max(1, result.Requests),
                IdlePercent = MachineIdle.PercentSince(idleBefore),
            };
        }
        finally
        {
            File.Delete(script);
        }
    }

    internal static WrkResult Parse(string output)
    {
        var rate = double.Parse(RequestsPerSecond().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);
        var requests = long.Parse(Requests().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);
        var non2xx = NonSuccess().Match(output) is { Success: true } m ? long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        var socket = SocketErrors().Match(output) is { Success: true } s
            ? Enumerable.Range(1, 4).Sum(g => long.Parse(s.Groups[g].Value, CultureInfo.InvariantCulture))
            : 0;
        var transfer = Transfer().Match(output);
        return new WrkResult(requests, rate, Percentile(output, "50%"), Percentile(output, "99%"), non2xx + socket,
            Bytes(transfer.Groups[1].Value, transfer.Groups[2].Value));
    }

    private static double Percentile(string output, string label)
    {
        var m = Regex.Match(output, $@"^\s*{Regex.Escape(label)}\s+([\d.]+)(us|ms|s|m)\s*$", RegexOptions.Multiline | RegexOptions.CultureInvariant);
        var v = double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        return m.Groups[2].Value switch { "us" => v / 1000, "ms" => v, "s" => v * 1000, _ => v * 60_000 };
    }

    private static double Bytes(string value, string unit) =>
        double.Parse(value, CultureInfo.InvariantCulture) * unit switch { "KB" => 1024, "MB" => 1024 * 1024, "GB" => 1024.0 * 1024 * 1024, _ => 1 };

    [GeneratedRegex(@"Requests/sec:\s+([\d.]+)", RegexOptions.CultureInvariant)]
    private static partial Regex RequestsPerSecond();

    [GeneratedRegex(@"(\d+) requests in", RegexOptions.CultureInvariant)]
    private static partial Regex Requests();

    [GeneratedRegex(@"Non-2xx or 3xx responses:\s+(\d+)", RegexOptions.CultureInvariant)]
    private static partial Regex NonSuccess();

    [GeneratedRegex(@"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", RegexOptions.CultureInvariant)]
    private static partial Regex SocketErrors();

    [GeneratedRegex(@"Transfer/sec:\s+([\d.]+)(B|KB|MB|GB)", RegexOptions.CultureInvariant)]
    private static partial Regex Transfer();
}

internal sealed record WrkResult(long Requests, double RequestsPerSecond, double P50Ms, double P99Ms, long Errors, double BytesPerSecond)
{
    /// <summary>The server's CPU time (user + system, its process tree) per answer during the run.</summary>
    public double CpuMicrosecondsPerRequest { get; init; }

    /// <summary>wrk's own CPU time per answer in this run.</summary>
    public double WrkCpuMicrosecondsPerRequest { get; init; }

    /// <summary>Share of the machine's CPU time left idle during the run: near 0 when the cores were the limit.</summary>
    public double IdlePercent { get; init; }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{RequestsPerSecond,9:0} req/s   p50 {P50Ms,6:0.00} ms   p99 {P99Ms,6:0.00} ms   {BytesPerSecond / (1024 * 1024),7:0.0} MB/s   {CpuMicrosecondsPerRequest,7:0.0} µs CPU/answer (wrk {WrkCpuMicrosecondsPerRequest,5:0.0})   idle {IdlePercent,3:0} %   {Requests} requests{(Errors > 0 ? $", {Errors} errors or not 2xx/3xx" : "")}");
}

/// <summary>CPU time of a process and its descendants, from /proc (Linux).</summary>
internal static class ProcessCpu
{
    public static double TreeSeconds(int root)
    {
        var all = ProcStat.ReadAll();
        var ticks = all.Where(p => p.Pid == root).Concat(ProcStat.Descendants(all, root)).Sum(p => p.CpuTicks);
        return ticks / ProcStat.TicksPerSecond;
    }
}

/// <summary>The machine's idle CPU time, from the first line of /proc/stat (idle + iowait, and the total).</summary>
internal static class MachineIdle
{
    public static (long Idle, long Total) Read()
    {
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..]
            .Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        return (fields[3] + fields[4], fields.Take(8).Sum());
    }

    public static double PercentSince((long Idle, long Total) before)
    {
        var now = Read();
        return 100.0 * (now.Idle - before.Idle) / Math.Max(1, now.Total - before.Total);
    }
}
