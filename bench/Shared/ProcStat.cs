using System.Globalization;

/// <summary>
/// One process as <c>/proc/&lt;pid&gt;/stat</c> describes it (Linux): its id, its name (<c>comm</c>), its parent and the CPU
/// time it has used (user + system, in clock ticks). Shared by both benchmarks (linked into each project), which read the
/// process tree of what they measure from it.
/// </summary>
internal readonly record struct ProcStat(int Pid, string Name, int Parent, long CpuTicks)
{
    /// <summary>Clock ticks a second (USER_HZ), the unit of <see cref="CpuTicks"/>.</summary>
    public const double TicksPerSecond = 100.0;

    /// <summary>Reads one process's stat line; null when the process is gone (or cannot be read).</summary>
    public static ProcStat? Read(int pid)
    {
        try
        {
            return Parse(pid, File.ReadAllText($"/proc/{pid}/stat"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>
    /// "pid (comm) state ppid … utime(14) stime(15) …": the name may hold spaces or parentheses, so the fields are
    /// counted after the last ')'.
    /// </summary>
    public static ProcStat Parse(int pid, string stat)
    {
        var open = stat.IndexOf('(', StringComparison.Ordinal);
        var close = stat.LastIndexOf(')');
        var fields = stat[(close + 2)..].Split(' ');
        return new ProcStat(pid, stat[(open + 1)..close], int.Parse(fields[1], CultureInfo.InvariantCulture),
            long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture));
    }

    /// <summary>Every process there is now; those that end while they are read are left out.</summary>
    public static List<ProcStat> ReadAll()
    {
        var all = new List<ProcStat>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), CultureInfo.InvariantCulture, out var pid) && Read(pid) is { } stat)
            {
                all.Add(stat);
            }
        }

        return all;
    }

    /// <summary>Every descendant of <paramref name="root"/> among <paramref name="processes"/> (not the root itself).</summary>
    public static List<ProcStat> Descendants(IReadOnlyList<ProcStat> processes, int root)
    {
        var children = processes.ToLookup(p => p.Parent);
        var found = new List<ProcStat>();
        var frontier = new Queue<int>([root]);
        while (frontier.TryDequeue(out var parent))
        {
            foreach (var child in children[parent])
            {
                found.Add(child);
                frontier.Enqueue(child.Pid);
            }
        }

        return found;
    }
}
