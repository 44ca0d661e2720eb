namespace Laurel.Credentials.Dids;

/// <summary>did:web ↔ HTTPS URL mapping (KEY-5.7).</summary>
public static class DidWeb
{
    /// <summary>The method prefix <c>did:web:</c>.</summary>
    public const string Prefix = "did:web:";

    /// <summary>
    /// Maps <c>did:web:host%3Aport:a:b</c> to <c>https://host:port/a/b/did.json</c> and a bare host to
    /// <c>https://host/.well-known/did.json</c>; a fragment on the input is ignored.
    /// </summary>
    public static Uri ToDocumentUrl(string did)
    {
        ArgumentNullException.ThrowIfNull(did);
        if (!did.StartsWith(Prefix, StringComparison.Ordinal)) throw new FormatException("Not a did:web.");
        var end = did.IndexOfAny(['#', '?']);
        var segments = (end < 0 ? did[Prefix.Length..] : did[Prefix.Length..end]).Split(':');
        var host = segments[0].Replace("%3A", ":", StringComparison.OrdinalIgnoreCase);
        if (!IsValidHost(host)) throw new FormatException($"Invalid did:web host '{segments[0]}'.");
        foreach (var segment in segments.AsSpan(1))
        {
            // Empty, dot or slash segments would let a DID point at another path than its own.
            if (segment.Length == 0 || segment is "." or ".." || segment.AsSpan().IndexOfAny('/', '\\', '@') >= 0)
                throw new FormatException($"Invalid did:web path segment '{segment}'.");
        }
        var path = segments.Length == 1 ? "/.well-known" : "/" + string.Join('/', segments[1..]);
        return new Uri($"https://{host}{path}/did.json", UriKind.Absolute);
    }

    /// <summary>Maps an HTTPS URL (a did.json location or the site/path it belongs to) to its did:web.</summary>
    public static string FromUrl(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (url.Scheme != Uri.UriSchemeHttps) throw new FormatException("did:web needs an https URL.");
        var host = url.IsDefaultPort ? url.IdnHost : $"{url.IdnHost}%3A{url.Port}";
        var path = url.AbsolutePath.Trim('/');
        if (path.EndsWith("did.json", StringComparison.Ordinal)) path = path[..^"did.json".Length].TrimEnd('/');
        if (path == ".well-known") path = "";
        return path.Length == 0 ? Prefix + host : Prefix + host + ":" + path.Replace('/', ':');
    }

    private static bool IsValidHost(string host)
    {
        if (host.Length == 0) return false;
        var colon = host.LastIndexOf(':');
        var name = colon < 0 ? host : host[..colon];
        if (colon >= 0 && (!int.TryParse(host.AsSpan(colon + 1), out var port) || port is < 1 or > 65535)) return false;
        if (name.Length == 0) return false;
        foreach (var c in name)
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('.' or '-')) return false;
        return true;
    }
}
