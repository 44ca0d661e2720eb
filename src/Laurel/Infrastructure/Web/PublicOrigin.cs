namespace Laurel.Infrastructure.Web;

/// <summary>
/// Laurel's public base URL (<c>Laurel:PublicBaseUrl</c>, default http://localhost:5000): every id and link that
/// leaves the server (DIDs, status list URLs, badge pages) is built from it, never from the request's Host header.
/// </summary>
public sealed class PublicOrigin
{
    public PublicOrigin(IConfiguration configuration)
    {
        var configured = configuration["Laurel:PublicBaseUrl"] ?? "http://localhost:5000";
        if (!Uri.TryCreate(configured.TrimEnd('/'), UriKind.Absolute, out var uri) || (uri.Scheme != "https" && uri.Scheme != "http"))
            throw new InvalidOperationException($"Laurel:PublicBaseUrl must be an absolute http(s) URL, not '{configured}'.");
        BaseUrl = uri;
        Root = uri.GetLeftPart(UriPartial.Path).TrimEnd('/');
    }

    /// <summary>The base URL without a trailing slash, e.g. <c>https://badges.example.edu</c>.</summary>
    public Uri BaseUrl { get; }

    /// <summary>Base URL text without trailing slash.</summary>
    public string Root { get; }

    /// <summary>An absolute URL for a path such as <c>/badges/…</c>.</summary>
    public string Url(string path) => Root + (path.StartsWith('/') ? path : "/" + path);

    /// <summary>
    /// The institution's did:web DID (KEY-5.7): host (port percent-encoded) then the path segments of
    /// <c>/institutions/{slug}</c>, so the document lives at <c>/institutions/{slug}/did.json</c>.
    /// </summary>
    public string InstitutionDid(string slug)
    {
        var host = BaseUrl.IsDefaultPort ? BaseUrl.Host : $"{BaseUrl.Host}%3A{BaseUrl.Port}";
        var basePath = BaseUrl.AbsolutePath.Trim('/');
        var pathPart = basePath.Length == 0 ? "" : ":" + basePath.Replace('/', ':');
        return $"did:web:{host}{pathPart}:institutions:{slug}";
    }
}
