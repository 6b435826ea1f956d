namespace XuhuiEpaper.Ingest.Tests;

public class SmokeTests
{
    [Test]
    public void Builds() => Assert.Pass();
}
