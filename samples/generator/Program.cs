using System.Globalization;
using System.Text;
using XuhuiEpaper.Samples;
using XuhuiEpaper.Samples.Truth;

// Usage: [--out DIR]                      writes the 徐匯報 2021-12-13 sample PDF and truth JSON
//        --variants N --seed S --out DIR  writes N seeded layout variants (seeds S..S+N-1)
string? outDir = null;
int? variants = null;
var seed = 1;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--out": outDir = args[++i]; break;
        case "--variants": variants = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--seed": seed = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        default:
            Console.Error.WriteLine($"Unknown argument {args[i]}. Usage: [--out DIR] [--variants N --seed S]");
            return 2;
    }
}

outDir ??= FindSamplesFolder();
if (variants is { } count)
{
    Directory.CreateDirectory(outDir);
    for (var s = seed; s < seed + count; s++)
    {
        var issue = LayoutVariants.Generate(s, pageCount: 1);
        File.WriteAllBytes(Path.Combine(outDir, $"variant-{s}.pdf"), issue.Pdf);
        File.WriteAllText(Path.Combine(outDir, $"variant-{s}.truth.json"), IssueTruthJson.Serialize(issue.Truth), new UTF8Encoding(false));
    }

    Console.WriteLine($"Wrote {count} variants to {outDir}");
    return 0;
}

SampleIssue.WriteFiles(outDir);
Console.WriteLine($"Wrote {SampleIssue.FileStem}.pdf and .truth.json to {outDir}");
return 0;

static string FindSamplesFolder()
{
    for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, "XuhuiEpaper.sln")))
        {
            return Path.Combine(dir.FullName, "samples");
        }
    }

    throw new InvalidOperationException("Run inside the repository or pass --out DIR.");
}
