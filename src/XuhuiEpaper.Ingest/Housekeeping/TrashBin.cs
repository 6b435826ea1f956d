using System.Globalization;
using Microsoft.Extensions.Options;
using XuhuiEpaper.Ingest.Pipeline;

namespace XuhuiEpaper.Ingest.Housekeeping;

/// <summary>
/// The files of the trash. A trashed issue's original PDF moves to <c>trash/&lt;issue id&gt;/</c> (so it is no longer
/// served); its images stay in <c>images/</c> under their content-hash names, kept by the trash entry, until the purge.
/// The database decides: rows move first, files follow after the commit (a crash in between is completed by
/// <see cref="DataSweeper"/>); a restore puts the original back before its commit, so a restored issue never lacks it.
/// </summary>
public sealed class TrashBin(IOptions<EpaperOptions> options)
{
    private readonly string _dataDir = Path.GetFullPath(options.Value.DataDir);
    private readonly string _imagesDir = Path.GetFullPath(options.Value.ImagesDir);
    private readonly string _trashDir = Path.GetFullPath(options.Value.TrashDir);

    public string TrashDir => _trashDir;

    public string FolderOf(long issueId) => Path.Combine(_trashDir, issueId.ToString(CultureInfo.InvariantCulture));

    /// <summary>Where a file the database names lives while published: originals under the data folder, images under images/.</summary>
    public string LivePath(string file) => IsOriginal(file) ? Path.Combine(_dataDir, file) : Path.Combine(_imagesDir, file);

    public string TrashPath(long issueId, string file) => Path.Combine(FolderOf(issueId), Path.GetFileName(file));

    public static bool IsOriginal(string file) => file.EndsWith(".pdf", StringComparison.OrdinalIgnoreCase);

    /// <summary>After the trash commit: moves the issue's original (if only it used it) into its trash folder.</summary>
    public void MoveIn(long issueId, IEnumerable<string> files)
    {
        foreach (var file in files.Where(IsOriginal))
        {
            var from = LivePath(file);
            if (!File.Exists(from))
            {
                continue;
            }

            Directory.CreateDirectory(FolderOf(issueId));
            File.Move(from, TrashPath(issueId, file), overwrite: true);
            Durable.FlushDirectory(FolderOf(issueId));
        }
    }

    /// <summary>Before the restore commit: puts the trashed original back where the issue names it (unless a copy is there).</summary>
    public void PutBack(long issueId, IEnumerable<string> files)
    {
        foreach (var file in files.Where(IsOriginal))
        {
            var from = TrashPath(issueId, file);
            var to = LivePath(file);
            if (File.Exists(from) && !File.Exists(to))
            {
                Directory.CreateDirectory(Path.GetDirectoryName(to)!);
                File.Move(from, to);
                Durable.FlushDirectory(Path.GetDirectoryName(to)!);
            }
        }
    }

    /// <summary>After a restore or purge commit: the entry's folder goes.</summary>
    public void RemoveFolder(long issueId)
    {
        try
        {
            Directory.Delete(FolderOf(issueId), recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

    /// <summary>After the purge commit: the folder and the given files (which nothing else refers to) are deleted.</summary>
    public void Purge(long issueId, IEnumerable<string> unreferencedFiles)
    {
        RemoveFolder(issueId);
        foreach (var file in unreferencedFiles)
        {
            File.Delete(LivePath(file));
        }
    }
}
