namespace XuhuiEpaper.Viewer.Tests;

/// <summary>
/// The kiosk checks on the static edition: it polls latest.json, and when an issue published through the service is
/// exported again (only what changed is written), the kiosk moves to it by itself. After the live kiosk (its issue is
/// dated earlier than this one).
/// </summary>
[Order(3)]
public sealed class StaticKioskTests : KioskChecks
{
    protected override Uri Site => StaticSite.BaseUrl;

    protected override string LatestPath => "/api/issues/latest.json";

    protected override (int Seed, string Date) NewIssue => (12, "2022-01-10");

    protected override string Shot(string name) => ViewerServer.Screenshot("static-" + name);

    [SetUp]
    public void RequireStaticSite() => StaticSite.EnsureStarted();

    protected override async Task PublishedAsync()
    {
        var summary = await StaticSite.ExportAsync();
        var (written, unchanged, _) = StaticSite.Counts(summary);
        Assert.Multiple(() =>
        {
            Assert.That(written, Is.GreaterThan(0), "the new issue's files are written");
            Assert.That(unchanged, Is.GreaterThanOrEqualTo(60), "the sample's files (12 images, 5 PDFs, 4 pages and 23 articles with their pages, the viewer) are left as they were");
        });
    }
}
