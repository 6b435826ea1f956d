// bench ingest [file.pdf] [--runs N] [--cli path/to/epaper.dll]
//   Whole-issue ingest against the pdftoppm floor, in this process (IngestBench.cs).
// bench score <dir-or-pdf>... [--ingest path/to/epaper.dll] [--overlays DIR] [--pages N] [--max-glyphs N] [--page-timeout S]
//   The article finder measured: against truth where X.truth.json lies beside X.pdf, by word clicks everywhere
//   (Score/ScoreCommand.cs). See bench/README.md.
// bench scaling [--runs N]
//   The finder's cost per 1,000 glyphs on generated pages of 2,000 to 64,000 glyphs (LayoutScaling.cs).
// bench ocr [--variants notu,notu-page,scan150,scan300] [--pages N] [--parallelism N] [--dpi N]
//   Issue 13's bars: the sample without /ToUnicode and as image-only scans, recognised, published, scored (OcrBench.cs).
// bench ocr-replay [--variants scan150,scan300] [--cache DIR] [--pages 1,2] [--overlays DIR] [--geometry raster|pdf|none]
//   The scans' recognised pages (cached rasters and hOCR) through the raster analysis and the finder, scored (OcrReplay.cs).
// bench analyse-page file.pdf N max-glyphs
//   One page through the finder, regions as JSON: the child process of score --page-timeout (Score/PageSources.cs).
return args.FirstOrDefault() switch
{
    "ingest" => await IngestBench.RunAsync(args[1..]),
    "score" => await ScoreCommand.RunAsync(args[1..]),
    "scaling" => LayoutScaling.Run(args[1..]),
    "ocr" => await OcrBench.RunAsync(args[1..]),
    "ocr-replay" => await OcrReplay.RunAsync(args[1..]),
    PageWorker.Verb => PageWorker.Run(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine($"usage: {IngestBench.Usage}\n       {ScoreArguments.Usage}\n       {LayoutScaling.Usage}\n       {OcrBench.Usage}\n       {OcrReplay.Usage}");
    return 2;
}
