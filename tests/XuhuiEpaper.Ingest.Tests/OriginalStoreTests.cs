using System.Security.Cryptography;
using XuhuiEpaper.Ingest.Originals;
using XuhuiEpaper.Ingest.Tests.Fixtures;

namespace XuhuiEpaper.Ingest.Tests;

public class OriginalStoreTests
{
    [Test]
    public async Task SameFileTwice_IsStoredOnce_UnderItsHash()
    {
        using var dir = new TempDir();
        var source = dir.File("upload.pdf");
        TestPdfs.WriteSimple(source);
        var expected = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(source)));
        var store = new OriginalStore(dir.File("data"));

        var first = await store.StoreAsync(source);
        var copy = dir.File("same-again.pdf");
        File.Copy(source, copy);
        var second = await store.StoreAsync(copy);

        Assert.That(first.Sha256, Is.EqualTo(expected));
        Assert.That(second.Sha256, Is.EqualTo(expected));
        Assert.That(first.AlreadyStored, Is.False);
        Assert.That(second.AlreadyStored, Is.True);
        Assert.That(first.RelativePath, Is.EqualTo($"originals/{expected}.pdf"));
        Assert.That(second.FullPath, Is.EqualTo(first.FullPath));
        var files = Directory.GetFiles(dir.File("data/originals"));
        Assert.That(files, Has.Length.EqualTo(1), "one stored file, no temp files left");
        Assert.That(File.ReadAllBytes(files[0]), Is.EqualTo(File.ReadAllBytes(source)));
        Assert.That(await OriginalStore.ComputeSha256Async(files[0]), Is.EqualTo(expected));
    }

    [Test]
    public async Task DifferentFiles_AreStoredSeparately()
    {
        using var dir = new TempDir();
        var a = dir.File("a.pdf");
        var b = dir.File("b.pdf");
        TestPdfs.WriteSimple(a);
        TestPdfs.WriteSimple(b, color: SkiaSharp.SKColors.OrangeRed);
        var store = new OriginalStore(dir.File("data"));

        var first = await store.StoreAsync(a);
        var second = await store.StoreAsync(b);

        Assert.That(second.Sha256, Is.Not.EqualTo(first.Sha256));
        Assert.That(Directory.GetFiles(dir.File("data/originals")), Has.Length.EqualTo(2));
    }
}
