namespace XuhuiEpaper.Samples.Scoring;

/// <summary>The repository's folder, found from a built program (tests, the bench) inside it.</summary>
public static class RepositoryRoot
{
    /// <summary>The nearest folder above the program holding XuhuiEpaper.sln.</summary>
    public static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "XuhuiEpaper.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("XuhuiEpaper.sln not found above the program");
    }

    /// <summary>
    /// The shared test data beside the repository (../shared), or null when the repository was cloned without it.
    /// </summary>
    public static string? Shared()
    {
        var shared = Path.GetFullPath(Path.Combine(Find(), "..", "shared"));
        return Directory.Exists(shared) ? shared : null;
    }
}
