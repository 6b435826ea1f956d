using Microsoft.Playwright;

namespace XuhuiEpaper.Viewer.Tests;

/// <summary>
/// A browser page per test in its own context (cold cache). Uncaught script errors and CSP refusals seen by the
/// page fail the test.
/// </summary>
public abstract class BrowserTest
{
    private readonly List<IBrowserContext> _contexts = [];
    private readonly List<string> _errors = [];

    protected static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);

    protected static IPageAssertions Expect(IPage page) => Assertions.Expect(page);

    /// <summary>Waits until no CSS animation (a page turn, a fade) is running, for a screenshot of the settled view.</summary>
    protected static Task SettleAsync(IPage page) =>
        page.WaitForFunctionAsync("() => document.getAnimations().every(a => a.playState !== 'running')");

    /// <summary>The site under test: the live service; a subclass may point the same checks at the static edition.</summary>
    protected virtual Uri Site => ViewerServer.BaseUrl;

    /// <summary>Where a screenshot (or a note) of this site's run goes.</summary>
    protected virtual string Shot(string name) => ViewerServer.Screenshot(name);

    protected async Task<IPage> NewPageAsync(int width = 1280, int height = 800, bool phone = false)
    {
        var context = await ViewerServer.NewContextAsync(width, height, phone, Site);
        context.SetDefaultTimeout(15_000);
        _contexts.Add(context);
        var page = await context.NewPageAsync();
        page.PageError += (_, error) => _errors.Add($"page error: {error}");
        page.Console += (_, message) =>
        {
            if (message.Type == "error" && (message.Text.Contains("Content Security Policy", StringComparison.Ordinal) || message.Text.Contains("Refused", StringComparison.Ordinal)))
            {
                _errors.Add($"console: {message.Text}");
            }
        };
        return page;
    }

    [TearDown]
    public async Task CloseContextsAsync()
    {
        foreach (var context in _contexts)
        {
            await context.CloseAsync();
        }

        _contexts.Clear();
        var errors = _errors.ToList();
        _errors.Clear();
        Assert.That(errors, Is.Empty, "the page reported script errors or CSP refusals");
    }
}
