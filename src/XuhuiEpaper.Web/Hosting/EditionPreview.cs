using System.Net;
using System.Text;
using Microsoft.Extensions.Options;
using XuhuiEpaper.Ingest.Pipeline;
using XuhuiEpaper.Storage;

namespace XuhuiEpaper.Web.Hosting;

/// <summary>
/// A plain server-rendered preview of the newest issue (its pages and their article regions) and the page
/// images, until the API and the viewer land (issues 4 and 5).
/// </summary>
public static class EditionPreview
{
    public static IEndpointRouteBuilder MapEditionPreview(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", RenderLatestAsync).ExcludeFromDescription();
        app.MapGet("/images/{name}", (string name, IOptions<EpaperOptions> options) =>
        {
            if (name.Contains('/') || name.Contains("..", StringComparison.Ordinal) || !name.EndsWith(".webp", StringComparison.Ordinal))
            {
                return Results.NotFound();
            }

            var path = Path.GetFullPath(Path.Combine(options.Value.ImagesDir, name));
            return File.Exists(path)
                ? Results.File(path, "image/webp", enableRangeProcessing: true, entityTag: new Microsoft.Net.Http.Headers.EntityTagHeaderValue($"\"{Path.GetFileNameWithoutExtension(name)}\""))
                : Results.NotFound();
        }).ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> RenderLatestAsync(IssueStore issues, CancellationToken cancellationToken)
    {
        var html = new StringBuilder("<!doctype html><html lang=\"zh-Hant\"><head><meta charset=\"utf-8\"><title>XuhuiEpaper</title>")
            .Append("<style>body{font-family:sans-serif;margin:1rem}figure{display:inline-block;position:relative;margin:0 1rem 1rem 0}")
            .Append("svg{position:absolute;inset:0}rect{fill:rgba(0,90,200,.08);stroke:#05c}</style></head><body>");
        var latest = await issues.GetLatestAsync(cancellationToken);
        if (latest is null)
        {
            html.Append("<p>No issue has been published yet.</p>");
        }
        else
        {
            var detail = await issues.GetIssueAsync(latest.Id, cancellationToken);
            html.Append(CultureInfo($"<h1>{Enc(latest.Paper)} {latest.Date:yyyy-MM-dd}</h1>"));
            foreach (var page in detail?.Pages ?? [])
            {
                var articles = (await issues.GetPageAsync(latest.Id, page.Number, cancellationToken))?.Articles ?? [];
                html.Append(CultureInfo($"<figure><img src=\"/images/{Enc(page.Images.Screen)}\" width=\"600\" alt=\"{Enc(page.Label ?? "")} {Enc(page.Name ?? "")}\">"));
                html.Append("<svg viewBox=\"0 0 1 1\" preserveAspectRatio=\"none\" width=\"100%\" height=\"100%\">");
                foreach (var article in articles)
                {
                    foreach (var r in article.Rects)
                    {
                        html.Append(CultureInfo($"<rect x=\"{r.X}\" y=\"{r.Y}\" width=\"{r.Width}\" height=\"{r.Height}\" stroke-width=\"0.002\"><title>{Enc(article.Title ?? article.Kind.ToString())}</title></rect>"));
                    }
                }

                html.Append(CultureInfo($"</svg><figcaption>{Enc(page.Label ?? "")} {Enc(page.Name ?? "")} · {articles.Count} regions</figcaption></figure>"));
            }
        }

        return Results.Content(html.Append("</body></html>").ToString(), "text/html; charset=utf-8");
    }

    private static string CultureInfo(FormattableString s) => FormattableString.Invariant(s);

    private static string Enc(string s) => WebUtility.HtmlEncode(s);
}
