using XuhuiEpaper.Ingest.Pipeline;

namespace XuhuiEpaper.Web.Cli;

/// <summary>A one-line progress bar redrawn in place; on a non-terminal it prints a line per change instead.</summary>
public sealed class ProgressBar(TextWriter writer)
{
    private const int Width = 30;
    private readonly bool _interactive = !Console.IsErrorRedirected;
    private string _last = "";

    public void Show(IngestProgress progress)
    {
        var fraction = progress.PageCount == 0 ? 0 : (double)progress.PagesDone / progress.PageCount;
        var filled = (int)Math.Round(fraction * Width);
        // Before the page count is known (validation) there is nothing to count: the stage alone.
        var line = progress.PageCount == 0
            ? $"{progress.Stage,-10}"
            : $"{progress.Stage,-10} [{new string('#', filled)}{new string('.', Width - filled)}] {progress.PagesDone}/{progress.PageCount} pages";
        if (line == _last)
        {
            return;
        }

        _last = line;
        if (_interactive)
        {
            writer.Write($"\r{line}");
        }
        else
        {
            writer.WriteLine(line);
        }
    }

    public void Finish()
    {
        if (_interactive && _last.Length > 0)
        {
            writer.WriteLine();
        }

        _last = "";
    }
}
