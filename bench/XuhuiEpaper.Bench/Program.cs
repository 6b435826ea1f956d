// bench ingest [file.pdf] [--runs N] [--cli path/to/epaper.dll]
//   Whole-issue ingest against the pdftoppm floor, in this process (IngestBench.cs).
// bench score <dir-or-pdf>... [--ingest path/to/epaper.dll] [--overlays DIR] [--pages N]
//   The article finder measured: against truth where X.truth.json lies beside X.pdf, by word clicks everywhere
//   (Score/ScoreCommand.cs). See bench/README.md.
return args.FirstOrDefault() switch
{
    "ingest" => await IngestBench.RunAsync(args[1..]),
    "score" => await ScoreCommand.RunAsync(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine($"usage: {IngestBench.Usage}\n       {ScoreArguments.Usage}");
    return 2;
}
