using System.Globalization;
using System.Security;
using System.Text;

namespace XuhuiEpaper.Web.Export;

/// <summary>
/// sitemap.xml for a static edition served at a known address (<c>--base-url</c>): the front page, every page of every
/// issue and every article; past the protocol's 50,000 addresses a file, an index of several files; and a robots.txt
/// that names it.
/// </summary>
internal static class Sitemap
{
    public const int MaxAddressesPerFile = 50_000;

    public static IEnumerable<(string Path, byte[] Bytes)> Files(Uri site, IReadOnlyList<string> addresses)
    {
        var root = site.ToString().TrimEnd('/');
        var parts = addresses.Chunk(MaxAddressesPerFile).ToList();
        if (parts.Count <= 1)
        {
            yield return ("sitemap.xml", UrlSet(root, addresses));
        }
        else
        {
            var index = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
            for (var i = 0; i < parts.Count; i++)
            {
                var name = string.Create(CultureInfo.InvariantCulture, $"sitemaps/{i + 1}.xml");
                index.Append("  <sitemap><loc>").Append(SecurityElement.Escape($"{root}/{name}")).Append("</loc></sitemap>\n");
                yield return (name, UrlSet(root, parts[i]));
            }

            yield return ("sitemap.xml", Encoding.UTF8.GetBytes(index.Append("</sitemapindex>\n").ToString()));
        }

        yield return ("robots.txt", Encoding.UTF8.GetBytes($"User-agent: *\nAllow: /\nSitemap: {root}/sitemap.xml\n"));
    }

    private static byte[] UrlSet(string root, IEnumerable<string> addresses)
    {
        var xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
        foreach (var address in addresses)
        {
            xml.Append("  <url><loc>").Append(SecurityElement.Escape(root + address)).Append("</loc></url>\n");
        }

        return Encoding.UTF8.GetBytes(xml.Append("</urlset>\n").ToString());
    }
}
