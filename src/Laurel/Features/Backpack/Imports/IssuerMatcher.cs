namespace Laurel.Features.Backpack.Imports;

/// <summary>
/// Compares an issuer that a verification proved with a trust entry: an exact issuer id (a DID such as
/// <c>did:web:badges.example.edu</c> or <c>did:key:z6Mk…</c>, or an issuer URL), or a domain name (<c>example.edu</c>) that
/// matches, on that host and its subdomains at the default https port, did:web DIDs without a path (<c>did:web:example.edu</c>,
/// not <c>did:web:example.edu:~student</c>: a path-based DID is a document anyone who can write under that path controls,
/// e.g. a user's home page) and https issuer ids. Path-based DIDs need an exact entry. Pure, so pathways and pages share it.
/// </summary>
public static class IssuerMatcher
{
    public const int MaxEntryLength = 2_048;

    public static bool Matches(string entry, string? provenIssuer)
    {
        if (string.IsNullOrEmpty(provenIssuer)) return false;
        entry = entry.Trim();
        if (IsDomain(entry))
            return HostOf(provenIssuer) is { } host && !IsPathDidWeb(provenIssuer)
                && (host.Equals(entry, StringComparison.OrdinalIgnoreCase) || host.EndsWith("." + entry, StringComparison.OrdinalIgnoreCase));
        return string.Equals(entry.TrimEnd('/'), provenIssuer.TrimEnd('/'), StringComparison.Ordinal);
    }

    /// <summary>A did:web with a path (did:web spec §3.2: <c>did:web:host:path:to</c> resolves to <c>https://host/path/to/did.json</c>).</summary>
    public static bool IsPathDidWeb(string issuerId) =>
        issuerId.StartsWith("did:web:", StringComparison.Ordinal) && issuerId["did:web:".Length..].Split('#', '?', ';')[0].Contains(':');

    /// <summary>
    /// The host an issuer id stands for, when it stands for the host's default https origin: the first segment of a did:web
    /// or the host of an https id. Null for an id on another port (a different origin, often a different service or tenant:
    /// RFC 6454 §4), for did:key and other ids, and for plain http (no TLS proves nothing about a host).
    /// </summary>
    public static string? HostOf(string issuerId) => OriginOf(issuerId) is { } origin && !origin.Contains(':') ? origin : null;

    /// <summary>
    /// The https origin an issuer id stands for, as <c>host</c> (port 443) or <c>host:port</c>: the first segment of a did:web
    /// (did:web spec §3.2: <c>%3A</c> encodes a port) or the host and port of an https id. Null when it stands for none.
    /// </summary>
    public static string? OriginOf(string issuerId)
    {
        if (issuerId.StartsWith("did:web:", StringComparison.Ordinal))
        {
            var segment = issuerId["did:web:".Length..].Split(':', '#', '?', ';')[0];
            // Only a port may be percent-encoded; anything else (%2F, %40, …) would let "attacker.example%2F.example.edu"
            // look like a host under example.edu while a resolver fetches from attacker.example.
            var colon = segment.IndexOf("%3A", StringComparison.OrdinalIgnoreCase);
            var host = colon < 0 ? segment : segment[..colon];
            if (!IsDomain(host)) return null;
            if (colon < 0) return host.ToLowerInvariant();
            var port = segment[(colon + 3)..];
            return port.Length is > 0 and <= 5 && port.All(char.IsAsciiDigit) && int.Parse(port, System.Globalization.CultureInfo.InvariantCulture) is > 0 and <= 65535 and var p
                ? p == 443 ? host.ToLowerInvariant() : $"{host.ToLowerInvariant()}:{p}"
                : null;
        }
        return Uri.TryCreate(issuerId, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps && IsDomain(uri.IdnHost)
            ? OriginOf(uri) : null;
    }

    /// <summary>The origin of an https URL in the form <see cref="OriginOf(string)"/> gives.</summary>
    public static string OriginOf(Uri uri) =>
        uri.IsDefaultPort ? uri.IdnHost.ToLowerInvariant() : $"{uri.IdnHost.ToLowerInvariant()}:{uri.Port}";

    /// <summary>
    /// A valid entry: a DID (<c>did:method:…</c>), an http(s) issuer URL, or a domain name with at least one dot.
    /// A <c>urn:</c> id is refused: such an issuer cannot control a key, so no credential could ever be proved to come from it.
    /// </summary>
    public static bool IsValidEntry(string entry) =>
        entry.Length is > 0 and <= MaxEntryLength && !entry.Any(char.IsWhiteSpace)
        && (IsDomain(entry) || IsDid(entry)
            || (Uri.TryCreate(entry, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http" && uri.Host.Length > 0));

    public static bool IsDomain(string entry) =>
        entry.Length is > 2 and <= 253 && entry.Contains('.') && !entry.StartsWith('.') && !entry.EndsWith('.') && !entry.Contains("..")
        && entry.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.');

    private static bool IsDid(string entry)
    {
        var parts = entry.Split(':', 3);
        return parts.Length == 3 && parts[0] == "did" && parts[1].Length > 0 && parts[1].All(char.IsAsciiLetterLower) && parts[2].Length > 0;
    }
}
