namespace XuhuiEpaper.Ingest.Recognition;

/// <summary>
/// A private temporary folder for one recognition's rasters and hOCR, removed with everything in it when disposed:
/// a page's raster at 300 dpi is tens of megabytes, and a failed or cancelled reading must not leave it behind.
/// </summary>
internal sealed class ScratchFolder : IDisposable
{
    private ScratchFolder(string path) => Path = path;

    public string Path { get; }

    public static ScratchFolder Create()
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "epaper-ocr-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        return new ScratchFolder(path);
    }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by a killed child: the system's temporary folder is cleaned in time anyway.
        }
    }
}
