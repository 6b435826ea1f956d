using System.Diagnostics;
using System.Globalization;
using System.Text;
using XuhuiEpaper.Samples.Families;
using XuhuiEpaper.Samples.Truth;

// Usage: --seeds 1-40 --out DIR   writes family-<seed>.pdf and family-<seed>.truth.json for each seed
(int First, int Last)? seeds = null;
string? outDir = null;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--seeds" when i + 1 < args.Length:
            var range = args[++i].Split('-');
            seeds = (int.Parse(range[0], CultureInfo.InvariantCulture), int.Parse(range[^1], CultureInfo.InvariantCulture));
            break;
        case "--out" when i + 1 < args.Length:
            outDir = args[++i];
            break;
        default:
            Console.Error.WriteLine($"Unknown argument {args[i]}. Usage: --seeds FIRST-LAST --out DIR");
            return 2;
    }
}

if (seeds is not { } span || outDir is null)
{
    Console.Error.WriteLine("Usage: --seeds FIRST-LAST --out DIR");
    return 2;
}

Directory.CreateDirectory(outDir);
var clock = Stopwatch.StartNew();
for (var seed = span.First; seed <= span.Last; seed++)
{
    var issue = LayoutFamilies.Generate(seed);
    File.WriteAllBytes(Path.Combine(outDir, $"family-{seed}.pdf"), issue.Pdf);
    File.WriteAllText(Path.Combine(outDir, $"family-{seed}.truth.json"), IssueTruthJson.Serialize(issue.Truth), new UTF8Encoding(false));
}

var count = span.Last - span.First + 1;
Console.WriteLine($"Wrote {count} issues to {outDir} in {clock.Elapsed.TotalSeconds:F1} s ({clock.Elapsed.TotalMilliseconds / count:F0} ms per issue)");
return 0;
