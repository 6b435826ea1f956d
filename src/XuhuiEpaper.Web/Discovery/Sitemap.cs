using System.Globalization;
using System.Security;
using System.Text;

namespace XuhuiEpaper.Web.Discovery;

/// <summary>One address in a sitemap: its root-relative path and when it last changed.</summary>
public sealed record SitemapEntry(string Path, DateTimeOffset? LastModified);

/// <summary>
/// sitemap.xml (the sitemaps.org protocol 0.9): the front page and every published page and article at its readable
/// address, with lastmod; past the protocol's 50,000 addresses a file, an index of several files
/// (<c>sitemaps/{n}.xml</c>); and a robots.txt that names it. The same files for the live service and the static export.
/// </summary>
public static class Sitemap
{
    public const int MaxAddressesPerFile = 50_000;

    /// <summary>The files, by path below the site (no leading slash), with absolute locations below <paramref name="baseUrl"/>.</summary>
    public static IEnumerable<(string Path, byte[] Bytes)> Files(string baseUrl, IReadOnlyList<SitemapEntry> entries, int maxPerFile = MaxAddressesPerFile)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        ArgumentNullException.ThrowIfNull(entries);
        var root = baseUrl.TrimEnd('/');
        var parts = entries.Chunk(maxPerFile).ToList();
        if (parts.Count <= 1)
        {
            yield return ("sitemap.xml", UrlSet(root, entries));
        }
        else
        {
            var index = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
            for (var i = 0; i < parts.Count; i++)
            {
                var name = string.Create(CultureInfo.InvariantCulture, $"sitemaps/{i + 1}.xml");
                index.Append("  <sitemap><loc>").Append(SecurityElement.Escape($"{root}/{name}")).Append("</loc>");
                if (parts[i].Max(e => e.LastModified) is { } newest)
                {
                    index.Append("<lastmod>").Append(W3c(newest)).Append("</lastmod>");
                }

                index.Append("</sitemap>\n");
                yield return (name, UrlSet(root, parts[i]));
            }

            yield return ("sitemap.xml", Encoding.UTF8.GetBytes(index.Append("</sitemapindex>\n").ToString()));
        }

        yield return ("robots.txt", Encoding.UTF8.GetBytes($"User-agent: *\nAllow: /\nSitemap: {root}/sitemap.xml\n"));
    }

    private static byte[] UrlSet(string root, IEnumerable<SitemapEntry> entries)
    {
        var xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
        foreach (var entry in entries)
        {
            xml.Append("  <url><loc>").Append(SecurityElement.Escape(root + entry.Path)).Append("</loc>");
            if (entry.LastModified is { } changed)
            {
                xml.Append("<lastmod>").Append(W3c(changed)).Append("</lastmod>");
            }

            xml.Append("</url>\n");
        }

        return Encoding.UTF8.GetBytes(xml.Append("</urlset>\n").ToString());
    }

    /// <summary>The W3C datetime sitemaps and Atom use, in UTC, to the second.</summary>
    internal static string W3c(DateTimeOffset time) => time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
