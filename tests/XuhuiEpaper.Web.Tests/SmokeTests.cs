namespace XuhuiEpaper.Web.Tests;

public class SmokeTests
{
    [Test]
    public void Builds() => Assert.Pass();
}
