namespace XuhuiEpaper.Storage.Tests;

public class SmokeTests
{
    [Test]
    public void Builds() => Assert.Pass();
}
