using System.Text.Json.Nodes;
using Laurel.Credentials.Jwt;
using Laurel.Credentials.SdJwt;
using Laurel.Credentials.TokenStatusList;

namespace Laurel.Credentials.SdJwtVc;

/// <summary>
/// What to put in an SD-JWT VC (draft-ietf-oauth-sd-jwt-vc §3.2). The registered claims come from the properties; the
/// rest from <see cref="Claims"/>, of which <see cref="Disclosable"/> names the selectively disclosable ones.
/// </summary>
public sealed record SdJwtVcContent
{
    /// <summary><c>iss</c>: the issuer identifier (an https URL for JWT VC Issuer Metadata, or a DID).</summary>
    public required string Issuer { get; init; }

    /// <summary><c>vct</c>: the credential type (a URL whose type metadata describes the claims).</summary>
    public required string Vct { get; init; }

    /// <summary><c>iat</c>.</summary>
    public required DateTimeOffset IssuedAt { get; init; }

    /// <summary><c>nbf</c>, optional.</summary>
    public DateTimeOffset? NotBefore { get; init; }

    /// <summary><c>exp</c>, optional.</summary>
    public DateTimeOffset? Expires { get; init; }

    /// <summary>The holder's public key, put in <c>cnf.jwk</c> (RFC 7800 §3.2) for key binding; null = not holder-bound.</summary>
    public JsonObject? HolderJwk { get; init; }

    /// <summary>The <c>status</c> claim; carried as given.</summary>
    public StatusListReference? Status { get; init; }

    /// <summary>The credential's own claims (they may not use the registered names above).</summary>
    public JsonObject Claims { get; init; } = [];

    /// <summary>Claim paths (into <see cref="Claims"/>) to make selectively disclosable; see <see cref="SdJwtIssuer.Issue"/>.</summary>
    public IReadOnlyList<IReadOnlyList<object?>> Disclosable { get; init; } = [];

    /// <summary>The issuer key's <c>kid</c> header (e.g. a did:web verification method id or a JWKS kid), optional.</summary>
    public string? KeyId { get; init; }
}

/// <summary>Issues SD-JWT VCs (draft-ietf-oauth-sd-jwt-vc): <c>typ: dc+sd-jwt</c>, registered claims, selective disclosure.</summary>
public static class SdJwtVcIssuer
{
    /// <summary>The media type / JOSE <c>typ</c> of an SD-JWT VC (draft-ietf-oauth-sd-jwt-vc §3.2.1).</summary>
    public const string Type = "dc+sd-jwt";

    /// <summary>Claims that must stay in the clear (§3.2.2.2: iss, nbf, exp, cnf, vct, vct#integrity, status) plus iat, set from properties.</summary>
    public static readonly IReadOnlySet<string> RegisteredClaims =
        new HashSet<string>(StringComparer.Ordinal) { "iss", "nbf", "exp", "cnf", "vct", "vct#integrity", "status", "iat", "_sd", "_sd_alg" };

    /// <summary>Builds and signs the SD-JWT VC. Content errors (a registered name in the claims, an unmatched path) throw <see cref="ArgumentException"/>.</summary>
    public static IssuedSdJwt Issue(SdJwtVcContent content, JwsKey issuerKey, SdJwtIssueOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(issuerKey);
        var clash = content.Claims.Select(p => p.Key).Where(RegisteredClaims.Contains).ToList();
        if (clash.Count > 0)
            throw new ArgumentException("The claims use registered names set by SdJwtVcContent properties: " + string.Join(", ", clash), nameof(content));

        var payload = new JsonObject
        {
            ["iss"] = content.Issuer,
            ["vct"] = content.Vct,
            ["iat"] = content.IssuedAt.ToUnixTimeSeconds(),
        };
        if (content.NotBefore is { } nbf) payload["nbf"] = nbf.ToUnixTimeSeconds();
        if (content.Expires is { } exp) payload["exp"] = exp.ToUnixTimeSeconds();
        if (content.HolderJwk is { } jwk)
        {
            if (jwk.ContainsKey("d")) throw new ArgumentException("The holder JWK contains a private key.", nameof(content));
            payload["cnf"] = new JsonObject { ["jwk"] = jwk.DeepClone() };
        }
        if (content.Status is { } status)
            payload["status"] = status.ToStatusClaim();
        foreach (var (name, value) in content.Claims) payload[name] = value?.DeepClone();

        var header = new JsonObject { ["typ"] = Type };
        if (content.KeyId is { } kid) header["kid"] = kid;
        // Registered claims are top-level names; a path starting with one is refused here, before anything is signed.
        var registered = content.Disclosable.Where(p => p.Count > 0 && p[0] is string s && RegisteredClaims.Contains(s)).ToList();
        if (registered.Count > 0) throw new ArgumentException("Registered claims cannot be selectively disclosable.", nameof(content));
        return SdJwtIssuer.Issue(payload, content.Disclosable, issuerKey, header, options);
    }
}
