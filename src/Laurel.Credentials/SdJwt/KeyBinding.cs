using System.Text.Json;
using System.Text.Json.Nodes;
using Laurel.Credentials.Jwt;

namespace Laurel.Credentials.SdJwt;

/// <summary>Key Binding JWTs (RFC 9901 §4.3): the holder's proof of possession of the <c>cnf</c> key over one presentation.</summary>
public static class KeyBinding
{
    /// <summary>The KB-JWT <c>typ</c> header (RFC 9901 §4.3).</summary>
    public const string Type = "kb+jwt";

    /// <summary>
    /// Creates a KB-JWT for <paramref name="presentation"/> (any KB-JWT it has is ignored): header <c>{typ: kb+jwt, alg}</c>,
    /// claims <c>iat</c>, <c>aud</c>, <c>nonce</c> and <c>sd_hash</c> = digest of the presentation up to its last <c>~</c>.
    /// Laurel is an issuer; this is the holder's side, used by tests and tools.
    /// </summary>
    public static SdJwtToken Attach(SdJwtToken presentation, JwsKey holderKey, string audience, string nonce, DateTimeOffset issuedAt)
    {
        ArgumentNullException.ThrowIfNull(presentation);
        ArgumentNullException.ThrowIfNull(holderKey);
        var withoutKb = new SdJwtToken(presentation.IssuerJwt, presentation.Disclosures);
        var claims = new JsonObject
        {
            ["iat"] = issuedAt.ToUnixTimeSeconds(),
            ["aud"] = audience,
            ["nonce"] = nonce,
            ["sd_hash"] = Disclosure.DigestOf(withoutKb.WithoutKeyBinding()),
        };
        var jwt = CompactJws.Sign(new JsonObject { ["typ"] = Type }, JsonSerializer.SerializeToUtf8Bytes(claims, CompactJws.Compact), holderKey);
        return withoutKb.WithKeyBinding(jwt);
    }
}
