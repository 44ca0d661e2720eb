using Microsoft.Net.Http.Headers;

namespace Laurel.Features.Publishing.Badges;

/// <summary>
/// Content negotiation on the badge page address: a client that asks for a credential media type (more than for HTML)
/// gets the credential JSON; browsers, which ask for text/html or */*, get the page.
/// </summary>
public static class CredentialNegotiation
{
    /// <summary>The media types answered with the credential, most specific first (VC 2.0 §6, JSON-LD, plain JSON).</summary>
    public static readonly IReadOnlyList<string> CredentialTypes = ["application/vc+ld+json", "application/vc", "application/ld+json", "application/json"];

    /// <summary>The credential media type to answer with, or null for the HTML page.</summary>
    public static string? CredentialType(HttpRequest request)
    {
        IList<MediaTypeHeaderValue> accept;
        try
        {
            accept = request.GetTypedHeaders().Accept;
        }
        catch (FormatException)
        {
            return null; // an unreadable Accept header gets the default: the page
        }
        string? best = null;
        double bestQuality = 0, html = 0;
        foreach (var range in accept)
        {
            var type = range.MediaType.Value?.ToLowerInvariant();
            var quality = range.Quality ?? 1;
            if (type is "text/html" or "application/xhtml+xml") html = Math.Max(html, quality);
            else if (type is not null && CredentialTypes.Contains(type) && quality > bestQuality)
            {
                best = type;
                bestQuality = quality;
            }
        }
        // A tie goes to HTML: the page is the default, a machine says what it prefers.
        return best is not null && bestQuality > html ? best : null;
    }
}
