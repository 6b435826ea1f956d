namespace XuhuiEpaper.Web.Viewer;

/// <summary>The browser viewer: static HTML/CSS/ES modules and the page routes (deep links, kiosk, admin).</summary>
public static class ViewerEndpoints
{
    public static WebApplication MapViewer(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app;
    }
}
