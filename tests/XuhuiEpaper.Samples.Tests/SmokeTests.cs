namespace XuhuiEpaper.Samples.Tests;

public class SmokeTests
{
    [Test]
    public void Builds() => Assert.Pass();
}
