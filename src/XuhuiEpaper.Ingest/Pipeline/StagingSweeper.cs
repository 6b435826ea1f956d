namespace XuhuiEpaper.Ingest.Pipeline;

/// <summary>
/// Removes the image staging folders of ingests that died before publishing. A folder untouched for longer than
/// a job's lease cannot belong to a live ingest: a live one renews its lease and writes into its folder.
/// </summary>
public static class StagingSweeper
{
    public const string Prefix = ".staging-";

    public static IReadOnlyList<string> RemoveAbandoned(string imagesDir, TimeSpan olderThan)
    {
        if (!Directory.Exists(imagesDir))
        {
            return [];
        }

        var removed = new List<string>();
        var cutoff = DateTime.UtcNow - olderThan;
        foreach (var folder in Directory.EnumerateDirectories(imagesDir, Prefix + "*"))
        {
            var lastWrite = Directory.EnumerateFiles(folder).Select(File.GetLastWriteTimeUtc).Append(Directory.GetLastWriteTimeUtc(folder)).Max();
            if (lastWrite >= cutoff)
            {
                continue;
            }

            try
            {
                Directory.Delete(folder, recursive: true);
                removed.Add(folder);
            }
            catch (DirectoryNotFoundException)
            {
            }
        }

        return removed;
    }
}
