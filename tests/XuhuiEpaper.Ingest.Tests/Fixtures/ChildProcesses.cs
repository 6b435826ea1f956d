namespace XuhuiEpaper.Ingest.Tests.Fixtures;

/// <summary>Looks at this process's live children in /proc.</summary>
internal static class ChildProcesses
{
    /// <summary>Names (comm) of the processes whose parent is this test process.</summary>
    public static List<string> Names()
    {
        var self = Environment.ProcessId;
        var names = new List<string>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out _))
            {
                continue;
            }

            try
            {
                // stat: pid (comm) state ppid ...
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var close = stat.LastIndexOf(')');
                var fields = stat[(close + 2)..].Split(' ');
                if (int.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture) == self)
                {
                    names.Add(stat[(stat.IndexOf('(') + 1)..close]);
                }
            }
            catch (IOException)
            {
                // The process went away while we looked.
            }
        }

        return names;
    }
}
