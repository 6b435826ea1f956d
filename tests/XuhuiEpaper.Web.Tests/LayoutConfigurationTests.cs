using Microsoft.Extensions.DependencyInjection;
using XuhuiEpaper.Core.Layout;

namespace XuhuiEpaper.Web.Tests;

/// <summary>The article finder is a service built from configuration (Ingest:Layout:*), not a fixed instance.</summary>
public class LayoutConfigurationTests
{
    [Test]
    public async Task Finder_options_come_from_the_Ingest_Layout_section()
    {
        await using var app = new EpaperApp(new Dictionary<string, string?>
        {
            ["Ingest:Layout:Regions:MaxGrowth"] = "0.5",
            ["Ingest:Layout:Ownership:CrossheadRatio"] = "1.6",
            ["Ingest:Layout:Lines:LoneGap"] = "1.1",
        });
        var finder = app.Services.GetRequiredService<ArticleFinder>();
        Assert.Multiple(() =>
        {
            Assert.That(finder.Options.Regions.MaxGrowth, Is.EqualTo(0.5));
            Assert.That(finder.Options.Ownership.CrossheadRatio, Is.EqualTo(1.6));
            Assert.That(finder.Options.Lines.LoneGap, Is.EqualTo(1.1));
            Assert.That(finder.Options.Headers.MaxPhraseGap, Is.EqualTo(new HeaderUnitBuilderOptions().MaxPhraseGap), "unset options keep their defaults");
            Assert.That(app.Services.GetRequiredService<ArticleFinder>(), Is.SameAs(finder), "one finder for the process");
        });
    }
}
