using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Laurel.Features.Standards.ObConnect;

/// <summary>What Laurel needs from a host's Service Description Document (OB3-7.6).</summary>
/// <remarks><see cref="RevocationUrl"/>: the RFC 7009 endpoint a host names in its SDD (<c>x-imssf-revocationUrl</c>, as Laurel's
/// host does), only when it is on the token endpoint's origin (Laurel sends it tokens).</remarks>
public sealed record ObServiceDescription(string Title, Uri ApiBase, Uri RegistrationUrl, Uri AuthorizationUrl, Uri TokenUrl, Uri? RefreshUrl, IReadOnlyList<string> Scopes,
    Uri? RevocationUrl = null);

/// <summary>The client Laurel registered at a host (OB3-7.7).</summary>
public sealed record ObClientRegistration(string ClientId, string ClientSecret);

/// <summary>Tokens from a host's token endpoint (OB3-7.9, OB3-7.10).</summary>
public sealed record ObTokens(string AccessToken, string? RefreshToken, DateTime? ExpiresAt, string? Scope);

/// <summary>
/// The OAuth 2.0 side of an OB 3.0 service consumer, step by step as the 1EdTech Security Framework profiles it: discovery,
/// dynamic registration, the authorization request with PKCE S256, code and refresh token exchanges with HTTP Basic client
/// authentication, and RFC 7009 revocation. No storage: <see cref="ObConnectService"/> keeps what this returns.
/// </summary>
public sealed class ObProtocol(ObHttp http, ObSddCache sddCache, TimeProvider time)
{
    public const string ApiPath = "/ims/ob/v3p0";
    public const string ScopeRead = "https://purl.imsglobal.org/spec/ob/v3p0/scope/credential.readonly";
    public const string ScopeUpsert = "https://purl.imsglobal.org/spec/ob/v3p0/scope/credential.upsert";
    public const string ScopeProfile = "https://purl.imsglobal.org/spec/ob/v3p0/scope/profile.readonly";
    public static readonly string[] WantedScopes = [ScopeRead, ScopeUpsert, ScopeProfile];

    private static readonly JsonDocumentOptions Json = new() { MaxDepth = 32 };

    /// <summary>
    /// The discovery URL for what the learner typed: a host origin, the API base (<c>…/ims/ob/v3p0</c>) or the discovery
    /// URL itself; null when it is no http(s) address.
    /// </summary>
    public static Uri? DiscoveryUrl(string input)
    {
        if (!Uri.TryCreate(input.Trim(), UriKind.Absolute, out var url) || url.Scheme is not ("https" or "http")) return null;
        var path = url.AbsolutePath.TrimEnd('/');
        if (path.EndsWith(ApiPath + "/discovery", StringComparison.Ordinal)) return new Uri(url.GetLeftPart(UriPartial.Path));
        var api = path.EndsWith(ApiPath, StringComparison.Ordinal) ? path : path + ApiPath;
        return new Uri(url.GetLeftPart(UriPartial.Authority) + api + "/discovery");
    }

    /// <summary>OB3-7.6: GET the SDD (unprotected) and read the OAuth2ACG scheme; every URL must be absolute http(s).</summary>
    public async Task<ObServiceDescription> DiscoverAsync(Uri discoveryUrl, CancellationToken ct)
    {
        // OB3-7.6: a fresh cached SDD is used as it is; a stale one with an ETag is revalidated.
        var cached = sddCache.Find(discoveryUrl);
        if (cached is not null && sddCache.IsFresh(cached)) return cached.Sdd;
        var response = await http.GetAsync(discoveryUrl, cached?.ETag, null, ct);
        if (response.Status == HttpStatusCode.NotModified && cached is not null)
        {
            sddCache.Store(discoveryUrl, cached.Sdd, response, response.ETag ?? cached.ETag);
            return cached.Sdd;
        }
        if (response.Status != HttpStatusCode.OK) throw new ObHostException($"The service description at {discoveryUrl} answered {(int)response.Status}.");
        var sdd = ReadServiceDescription(discoveryUrl, response.Body);
        sddCache.Store(discoveryUrl, sdd, response, response.ETag);
        return sdd;
    }

    private static ObServiceDescription ReadServiceDescription(Uri discoveryUrl, string body)
    {
        var root = ParseObject(body, "service description");
        var title = (root["info"]?["title"] as JsonValue)?.TryGetValue<string>(out var t) == true ? t.Trim() : null;
        var scheme = root["components"]?["securitySchemes"]?["OAuth2ACG"] as JsonObject;
        var flow = scheme?["flows"]?["authorizationCode"] as JsonObject;
        var missing = new List<string>();
        Uri? Url(JsonNode? node, string name, bool required = true)
        {
            if (node is JsonValue v && v.TryGetValue<string>(out var s) && Uri.TryCreate(s, UriKind.Absolute, out var u) && u.Scheme is "https" or "http") return u;
            if (required) missing.Add(name);
            return null;
        }
        var registration = Url(scheme?["x-imssf-registrationUrl"], "x-imssf-registrationUrl");
        var authorization = Url(flow?["authorizationUrl"], "authorizationUrl");
        var token = Url(flow?["tokenUrl"], "tokenUrl");
        var refresh = Url(flow?["refreshUrl"], "refreshUrl", required: false);
        var revocation = Url(flow?["x-imssf-revocationUrl"] ?? scheme?["x-imssf-revocationUrl"], "x-imssf-revocationUrl", required: false);
        if (revocation is not null && token is not null && revocation.GetLeftPart(UriPartial.Authority) != token.GetLeftPart(UriPartial.Authority)) revocation = null;
        if (string.IsNullOrEmpty(title)) missing.Add("info.title");
        if (missing.Count > 0) throw new ObHostException($"The service description at {discoveryUrl} lacks {string.Join(", ", missing)}.");
        var scopes = (flow?["scopes"] as JsonObject)?.Select(p => p.Key).ToList() ?? [];
        // The API lives where the SDD was found (servers[] may name it too, but the learner chose this address).
        var apiBase = new Uri(discoveryUrl.GetLeftPart(UriPartial.Path)[..^"/discovery".Length]);
        return new(Clip(title!, 200), apiBase, registration!, authorization!, token!, refresh, scopes, revocation);
    }

    /// <summary>OB3-7.7: RFC 7591 registration with Laurel's own metadata; arrays even for single values.</summary>
    public async Task<ObClientRegistration> RegisterAsync(ObServiceDescription sdd, LaurelClientMetadata laurel, IEnumerable<string> scopes, CancellationToken ct)
    {
        var request = new JsonObject
        {
            ["client_name"] = laurel.Name, ["client_uri"] = laurel.ClientUri, ["logo_uri"] = laurel.LogoUri, ["tos_uri"] = laurel.TosUri,
            ["policy_uri"] = laurel.PolicyUri, ["software_id"] = laurel.SoftwareId, ["software_version"] = laurel.SoftwareVersion,
            ["redirect_uris"] = new JsonArray(laurel.RedirectUri), ["scope"] = string.Join(' ', scopes),
            ["token_endpoint_auth_method"] = "client_secret_basic", ["grant_types"] = new JsonArray("authorization_code", "refresh_token"),
            ["response_types"] = new JsonArray("code"),
        };
        using var content = new StringContent(request.ToJsonString(), Encoding.UTF8, "application/json");
        var response = await http.SendAsync(HttpMethod.Post, sdd.RegistrationUrl, content, null, null, ct);
        if (response.Status is not (HttpStatusCode.Created or HttpStatusCode.OK))
            throw new ObHostException($"Registration at {sdd.RegistrationUrl.GetLeftPart(UriPartial.Authority)} was refused ({(int)response.Status}{OAuthError(response.Body)}).");
        var root = ParseObject(response.Body, "registration response");
        var id = root["client_id"]?.GetValueKind() == JsonValueKind.String ? root["client_id"]!.GetValue<string>() : null;
        var secret = root["client_secret"]?.GetValueKind() == JsonValueKind.String ? root["client_secret"]!.GetValue<string>() : null;
        if (string.IsNullOrEmpty(id) || string.IsNullOrEmpty(secret) || id.Length > 500 || secret.Length > 2000)
            throw new ObHostException("The host's registration response has no usable client_id and client_secret.");
        return new(id, secret);
    }

    /// <summary>A fresh PKCE verifier (43 characters) and its S256 challenge (OB3-7.8).</summary>
    public static (string Verifier, string Challenge) Pkce()
    {
        var verifier = Base64Url(RandomNumberGenerator.GetBytes(32));
        return (verifier, Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))));
    }

    public static string NewState() => Base64Url(RandomNumberGenerator.GetBytes(32));

    public static string Hash(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));

    /// <summary>OB3-7.8: the address the learner is sent to.</summary>
    public static Uri AuthorizationRequest(Uri authorizationUrl, string clientId, string redirectUri, string scope, string state, string challenge)
    {
        var query = string.Join('&', new[]
        {
            ("response_type", "code"), ("client_id", clientId), ("redirect_uri", redirectUri), ("scope", scope), ("state", state),
            ("code_challenge", challenge), ("code_challenge_method", "S256"),
        }.Select(p => $"{p.Item1}={Uri.EscapeDataString(p.Item2)}"));
        var separator = string.IsNullOrEmpty(authorizationUrl.Query) ? "?" : "&";
        return new Uri(authorizationUrl.AbsoluteUri + separator + query);
    }

    /// <summary>OB3-7.9: code for tokens, HTTP Basic client authentication, all five parameters.</summary>
    public Task<ObTokens> ExchangeCodeAsync(Uri tokenUrl, string clientId, string secret, string code, string redirectUri, string scope, string verifier, CancellationToken ct) =>
        TokenAsync(tokenUrl, clientId, secret, [new("grant_type", "authorization_code"), new("code", code), new("redirect_uri", redirectUri), new("scope", scope), new("code_verifier", verifier)], ct);

    /// <summary>OB3-7.10: a new access token for the refresh token, never asking for more scope.</summary>
    public Task<ObTokens> RefreshAsync(Uri tokenUrl, string clientId, string secret, string refreshToken, string? scope, CancellationToken ct) =>
        TokenAsync(tokenUrl, clientId, secret, [new("grant_type", "refresh_token"), new("refresh_token", refreshToken), .. scope is null ? Array.Empty<KeyValuePair<string, string>>() : [new("scope", scope)]], ct);

    /// <summary>RFC 7009; the answer does not matter to the learner (the tokens are forgotten either way), only whether it was sent.</summary>
    public async Task<bool> RevokeAsync(Uri revocationUrl, string clientId, string secret, string token, string hint, CancellationToken ct)
    {
        using var content = new FormUrlEncodedContent([new("token", token), new("token_type_hint", hint)]);
        var response = await http.SendAsync(HttpMethod.Post, revocationUrl, content, null, Basic(clientId, secret), ct);
        return response.Status == HttpStatusCode.OK;
    }

    /// <summary>The RFC 7009 endpoint from RFC 8414 metadata at the authorization server's origin; null when there is none.</summary>
    public async Task<Uri?> FindRevocationUrlAsync(Uri authorizationUrl, CancellationToken ct)
    {
        foreach (var path in new[] { "/.well-known/oauth-authorization-server", "/.well-known/openid-configuration" })
        {
            try
            {
                var response = await http.GetAsync(new Uri(authorizationUrl.GetLeftPart(UriPartial.Authority) + path), null, ct);
                if (response.Status != HttpStatusCode.OK) continue;
                var node = ParseObject(response.Body, "metadata")["revocation_endpoint"];
                if (node?.GetValueKind() == JsonValueKind.String && Uri.TryCreate(node.GetValue<string>(), UriKind.Absolute, out var url)) return url;
            }
            catch (ObHostException)
            {
                // Metadata is optional; a host without it simply gets no revocation call.
            }
        }
        return null;
    }

    private async Task<ObTokens> TokenAsync(Uri tokenUrl, string clientId, string secret, KeyValuePair<string, string>[] form, CancellationToken ct)
    {
        using var content = new FormUrlEncodedContent(form);
        var response = await http.SendAsync(HttpMethod.Post, tokenUrl, content, null, Basic(clientId, secret), ct);
        if (response.Status != HttpStatusCode.OK)
            throw new ObHostException($"The host's token endpoint refused ({(int)response.Status}{OAuthError(response.Body)}).");
        var root = ParseObject(response.Body, "token response");
        string? Text(string name) => root[name]?.GetValueKind() == JsonValueKind.String ? root[name]!.GetValue<string>() : null;
        var access = Text("access_token");
        if (string.IsNullOrEmpty(access) || access.Length > 8000 || !string.Equals(Text("token_type"), "bearer", StringComparison.OrdinalIgnoreCase))
            throw new ObHostException("The host's token response has no bearer access_token.");
        DateTime? expires = root["expires_in"]?.GetValueKind() == JsonValueKind.Number && root["expires_in"]!.GetValue<double>() is var s and > 0 and < 1e8
            ? time.GetUtcNow().UtcDateTime.AddSeconds(s) : null;
        var refresh = Text("refresh_token");
        return new(access, refresh is { Length: > 0 and <= 8000 } ? refresh : null, expires, Text("scope") is { } scope ? Clip(scope, 1000) : null);
    }

    /// <summary>Parses a JSON object within a depth budget; anything else is the host's fault, said plainly.</summary>
    public static JsonObject ParseObject(string body, string what)
    {
        try
        {
            return JsonNode.Parse(body, documentOptions: Json) as JsonObject ?? throw new ObHostException($"The host's {what} is not a JSON object.");
        }
        catch (JsonException e)
        {
            throw new ObHostException($"The host's {what} is not valid JSON.", e);
        }
    }

    private static string OAuthError(string body)
    {
        try
        {
            if (JsonNode.Parse(body, documentOptions: Json) is JsonObject o && o["error"]?.GetValueKind() == JsonValueKind.String)
                return ": " + Clip(o["error"]!.GetValue<string>() + (o["error_description"]?.GetValueKind() == JsonValueKind.String ? " — " + o["error_description"]!.GetValue<string>() : ""), 300);
        }
        catch (JsonException)
        {
        }
        return "";
    }

    private static AuthenticationHeaderValue Basic(string clientId, string secret) =>
        // RFC 6749 §2.3.1: both parts form-urlencoded before Base64.
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Uri.EscapeDataString(clientId)}:{Uri.EscapeDataString(secret)}")));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string Clip(string text, int max) => text.Length <= max ? text : text[..max];
}

/// <summary>What Laurel tells a host about itself when it registers (OB3-7.7).</summary>
public sealed record LaurelClientMetadata(string Name, string ClientUri, string LogoUri, string TosUri, string PolicyUri, string SoftwareId,
    string SoftwareVersion, string RedirectUri);
