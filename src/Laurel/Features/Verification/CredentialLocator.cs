using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Laurel.Infrastructure.Net;

namespace Laurel.Features.Verification;

/// <summary>The address answered with an HTML page that offers no credential (no <c>rel="alternate"</c> credential link).</summary>
public sealed class NoCredentialOnPageException(Uri page)
    : Exception($"{page} is a web page that offers no credential (no <link rel=\"alternate\" type=\"application/vc+ld+json\">).")
{
    public Uri Page { get; } = page;
}

/// <summary>
/// Fetches the credential at an address someone pasted: a credential file, or a badge page (Laurel's or anyone's) that
/// offers its credential by content negotiation or by <c>&lt;link rel="alternate" type="application/vc+ld+json"&gt;</c>.
/// Every fetch goes through <see cref="SafeFetcher"/> (SSRF guard, 2 MB, 5 s, 3 redirects each); an HTML answer is followed
/// at most once, to the alternate link, and an HTML answer from that is refused: no loops, at most two fetches.
/// Laurel's own badge addresses are answered from the database (<see cref="ILocalBadgeLinks"/>), exactly as an anonymous
/// visitor would get them.
/// </summary>
public sealed partial class CredentialLocator(SafeFetcher fetcher, ILocalBadgeLinks localBadges)
{
    /// <summary>What the verifier asks for: a credential first, HTML (to find the alternate link) last.</summary>
    public const string Accept = "application/vc+ld+json, application/vc;q=0.95, application/ld+json;q=0.9, application/json;q=0.8, text/html;q=0.2, */*;q=0.1";

    /// <summary>The link types followed, most specific first.</summary>
    private static readonly string[] AlternateTypes = ["application/vc+ld+json", "application/vc", "application/ld+json"];

    /// <summary>
    /// The bytes of the credential at <paramref name="url"/>. Throws <see cref="FetchRefusedException"/> for a refused or
    /// failed fetch (either one) and <see cref="NoCredentialOnPageException"/> for a page without a credential link.
    /// </summary>
    public async Task<byte[]> FetchAsync(Uri url, CancellationToken ct)
    {
        var bytes = await FetchOneAsync(url, ct);
        if (!IsHtml(bytes)) return bytes;
        var alternate = AlternateLink(Encoding.UTF8.GetString(bytes), url) ?? throw new NoCredentialOnPageException(url);
        var credential = await FetchOneAsync(alternate, ct);
        // Another page is not followed again: one hop, so two pages pointing at each other cannot loop.
        if (IsHtml(credential)) throw new NoCredentialOnPageException(alternate);
        return credential;
    }

    private async Task<byte[]> FetchOneAsync(Uri url, CancellationToken ct)
    {
        // Laurel's own badge pages never touch the network; everything else goes through the guard.
        var (isLocal, json) = await localBadges.PublicCredentialAsync(url, ct);
        if (!isLocal) return await fetcher.FetchAsync(url, Accept, ct);
        return json is null ? throw new FetchRefusedException($"{url} answered 404 Not Found.") : Encoding.UTF8.GetBytes(json);
    }

    /// <summary>
    /// True for an HTML document: its start (after a BOM and white space) is a doctype or an html element. A baked SVG or
    /// JSON never starts like that.
    /// </summary>
    public static bool IsHtml(ReadOnlySpan<byte> bytes)
    {
        var start = Encoding.UTF8.GetString(bytes[..Math.Min(bytes.Length, 1024)]).TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        if (start.StartsWith("<!--", StringComparison.Ordinal)) start = start[(start.IndexOf("-->", StringComparison.Ordinal) is var end and >= 0 ? end + 3 : start.Length)..].TrimStart();
        return start.StartsWith("<!doctype html", StringComparison.OrdinalIgnoreCase) || start.StartsWith("<html", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The absolute URL of the page's first credential alternate link (by type preference), or null.</summary>
    public static Uri? AlternateLink(string html, Uri page)
    {
        var links = new List<(string Type, string Href)>();
        foreach (Match tag in LinkTag().Matches(html))
        {
            var attributes = Attribute().Matches(tag.Value).ToDictionary(
                a => a.Groups["name"].Value.ToLowerInvariant(), a => WebUtility.HtmlDecode(a.Groups["value"].Value), StringComparer.Ordinal);
            if (!attributes.TryGetValue("rel", out var rel) || !rel.Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains("alternate", StringComparer.OrdinalIgnoreCase))
                continue;
            if (attributes.TryGetValue("type", out var type) && attributes.TryGetValue("href", out var href) && href.Length > 0)
                links.Add((type.Split(';')[0].Trim().ToLowerInvariant(), href.Trim()));
        }
        foreach (var wanted in AlternateTypes)
            foreach (var (type, href) in links)
                if (type == wanted && Uri.TryCreate(page, href, out var target)) return target;
        return null;
    }

    [GeneratedRegex(@"<link\b[^>]*>", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex LinkTag();

    [GeneratedRegex(@"(?<name>[a-zA-Z-]+)\s*=\s*(?:""(?<value>[^""]*)""|'(?<value>[^']*)'|(?<value>[^\s>]+))", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Attribute();
}
