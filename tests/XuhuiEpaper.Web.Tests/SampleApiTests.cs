namespace XuhuiEpaper.Web.Tests;

/// <summary>Read-only tests over the one ingested sample that the fixture shares: a client and the issue's id.</summary>
public abstract class SampleApiTests
{
    protected HttpClient Client { get; private set; } = null!;
    protected long IssueId { get; private set; }

    [OneTimeSetUp]
    public async Task ConnectToSampleAsync()
    {
        var (app, id) = await SharedSample.GetAsync();
        Client = app.CreateClient();
        IssueId = id;
    }

    [OneTimeTearDown]
    public void DisconnectFromSample() => Client.Dispose();
}
