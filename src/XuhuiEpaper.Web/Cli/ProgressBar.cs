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
        Show(progress.Stage.ToString(), progress.PagesDone, progress.PageCount, "pages");
    }

    /// <summary>Shows <paramref name="done"/> of <paramref name="total"/> <paramref name="unit"/> of a stage; the stage alone while the total is unknown (0).</summary>
    public void Show(string stage, int done, int total, string unit)
    {
        var fraction = total == 0 ? 0 : (double)done / total;
        var filled = (int)Math.Round(fraction * Width);
        var line = total == 0
            ? $"{stage,-10}"
            : $"{stage,-10} [{new string('#', filled)}{new string('.', Width - filled)}] {done}/{total} {unit}";
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
