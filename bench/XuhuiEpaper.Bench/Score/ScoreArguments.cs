using System.Globalization;

/// <summary>The arguments of `bench score`.</summary>
internal sealed record ScoreArguments(IReadOnlyList<string> Inputs, string? IngestDll, string? OverlaysDir, int? MaxPages, int? MaxGlyphs, TimeSpan? PageTimeout)
{
    public const string Usage = "bench score <dir-or-pdf>... [--ingest path/to/epaper.dll] [--overlays DIR] [--pages N] [--max-glyphs N] [--page-timeout SECONDS]";

    public static ScoreArguments? Parse(string[] args, out string error)
    {
        var inputs = new List<string>();
        string? ingest = null;
        string? overlays = null;
        int? pages = null;
        int? glyphs = null;
        TimeSpan? timeout = null;
        error = "";
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                if (!File.Exists(arg) && !Directory.Exists(arg))
                {
                    error = $"{arg}: no such file or folder";
                    return null;
                }

                inputs.Add(Path.GetFullPath(arg));
                continue;
            }

            if (i + 1 >= args.Length)
            {
                error = $"{arg} needs a value";
                return null;
            }

            var value = args[++i];
            switch (arg)
            {
                case "--ingest" when File.Exists(value):
                    ingest = Path.GetFullPath(value);
                    break;
                case "--overlays":
                    overlays = Path.GetFullPath(value);
                    break;
                case "--pages" when int.TryParse(value, CultureInfo.InvariantCulture, out var n) && n > 0:
                    pages = n;
                    break;
                case "--max-glyphs" when int.TryParse(value, CultureInfo.InvariantCulture, out var g) && g >= 0:
                    glyphs = g;
                    break;
                case "--page-timeout" when double.TryParse(value, CultureInfo.InvariantCulture, out var seconds) && seconds > 0:
                    timeout = TimeSpan.FromSeconds(seconds);
                    break;
                default:
                    error = arg == "--ingest" ? $"--ingest {value}: no such file (build src/XuhuiEpaper.Web -c Release for epaper.dll)" : $"{arg} {value}: not understood";
                    return null;
            }
        }

        if (inputs.Count == 0)
        {
            error = "which PDFs? (a folder or a file)";
            return null;
        }

        return new ScoreArguments(inputs, ingest, overlays, pages, glyphs, timeout);
    }
}

/// <summary>One PDF to score, with the truth beside it if there is one.</summary>
internal sealed record ScoreInput(string Pdf, string? Truth)
{
    public string Name => Path.GetFileNameWithoutExtension(Pdf);

    /// <summary>
    /// The sets to report on: each folder is one (its PDFs sorted, not its subfolders), and the files named one by
    /// one make one together. X.truth.json beside X.pdf is its truth.
    /// </summary>
    public static IReadOnlyList<(string Set, IReadOnlyList<ScoreInput> Inputs)> Sets(IEnumerable<string> arguments)
    {
        var sets = new List<(string, IReadOnlyList<ScoreInput>)>();
        var files = new List<ScoreInput>();
        foreach (var argument in arguments)
        {
            if (Directory.Exists(argument))
            {
                sets.Add((argument, Directory.EnumerateFiles(argument, "*.pdf").Order(StringComparer.Ordinal).Select(From).ToList()));
            }
            else
            {
                files.Add(From(argument));
            }
        }

        if (files.Count > 0)
        {
            sets.Add((files.Count == 1 ? files[0].Pdf : $"{files.Count} files", files));
        }

        return sets;
    }

    private static ScoreInput From(string pdf)
    {
        var truth = Path.Combine(Path.GetDirectoryName(pdf)!, Path.GetFileNameWithoutExtension(pdf) + ".truth.json");
        return new ScoreInput(pdf, File.Exists(truth) ? truth : null);
    }
}
