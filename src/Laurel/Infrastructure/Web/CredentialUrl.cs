using Laurel.Credentials.JsonLd;

namespace Laurel.Infrastructure.Web;

/// <summary>
/// The one rule for a web address that ends up in a signed credential (evidence, quality-assurance framework, alignments, issuer
/// website): absolute http(s) with a host, at most <see cref="MaxLength"/> characters, and a well-formed IRI as the signer's
/// JSON-LD → RDF step needs it (<see cref="IriSyntax"/>). Every input path checks it, so an accepted address never fails signing.
/// </summary>
public static class CredentialUrl
{
    public const int MaxLength = 2_000;

    /// <summary>True for an acceptable address (surrounding white space is ignored: the stored value is trimmed).</summary>
    public static bool IsValid(string? value)
    {
        var text = value?.Trim();
        if (string.IsNullOrEmpty(text) || text.Length > MaxLength || !IriSyntax.IsAbsoluteIri(text)) return false;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http") || string.IsNullOrEmpty(uri.Host))
            return false;
        // Brackets belong only around an IPv6 host (RFC 3986 §3.2.2).
        var brackets = text.AsSpan().Count('[') + text.AsSpan().Count(']');
        return brackets == 0 || uri.HostNameType == UriHostNameType.IPv6 && brackets == 2;
    }
}
