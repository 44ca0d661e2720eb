using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Laurel.Infrastructure.Web;

/// <summary>
/// Entity tags for public pages and the conditional GET that answers 304 for them. A tag is a hash of everything the page shows
/// (read from the database in one small query by the page itself), the culture, the viewer and this build of Laurel, so it
/// changes whenever the page would: validated against the database on every request, never a stale copy on another node.
/// </summary>
public static class ConditionalGet
{
    // A new build may render the same data differently (templates, texts): its tags never match an older build's.
    private static readonly string Build = typeof(ConditionalGet).Assembly.ManifestModule.ModuleVersionId.ToString("N");

    /// <summary>A strong tag over <paramref name="parts"/> plus the UI culture and this build.</summary>
    public static string ETag(params ReadOnlySpan<object?> parts)
    {
        var text = new StringBuilder(Build).Append('|').Append(CultureInfo.CurrentUICulture.Name);
        foreach (var part in parts)
            text.Append('|').Append(part switch
            {
                null => "∅",
                DateTime d => d.Ticks.ToString(CultureInfo.InvariantCulture),
                IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
                _ => part.ToString(),
            });
        return "\"" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..32] + "\"";
    }

    /// <summary>True when the request's If-None-Match names <paramref name="etag"/> (or <c>*</c>); weak tags compare as equal (RFC 9110 §13.1.2).</summary>
    public static bool Matches(HttpRequest request, string etag)
    {
        foreach (var value in request.Headers.IfNoneMatch)
        {
            if (value is null) continue;
            foreach (var raw in value.Split(','))
            {
                var tag = raw.Trim();
                if (tag.StartsWith("W/", StringComparison.Ordinal)) tag = tag[2..];
                if (tag == "*" || tag == etag) return true;
            }
        }
        return false;
    }

    /// <summary>
    /// Sets the validators of a page response: the tag, <c>no-cache</c> (any cache may keep it but must ask again, so a revocation
    /// shows on the next view) and <c>private</c> when it is only for this viewer (an owner's or staff member's view, or anyone
    /// signed in: the header names them), and what the page varies by. Returns true when the client's copy is current (answer 304).
    /// </summary>
    public static bool Validate(HttpContext context, string etag, bool isPrivate)
    {
        var headers = context.Response.Headers;
        headers.ETag = etag;
        headers.CacheControl = isPrivate ? "private, no-cache" : "no-cache";
        // The language (query, cookie or Accept-Language) and the signed-in person (cookie) change the page.
        headers.Append("Vary", "Accept-Language, Cookie");
        return Matches(context.Request, etag);
    }
}
