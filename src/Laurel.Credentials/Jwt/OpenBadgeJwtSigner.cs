using System.Text.Json;
using System.Text.Json.Nodes;
using Laurel.Credentials.Keys;

namespace Laurel.Credentials.Jwt;

/// <summary>Creates VC-JWTs as profiled by Open Badges 3.0 (OB3-4.4, OB3-4.5).</summary>
public static class OpenBadgeJwtSigner
{
    /// <summary>
    /// Signs <paramref name="credential"/> with Ed25519: header <c>{alg: EdDSA, typ: JWT, kid}</c>; payload = the
    /// credential itself plus <c>iss</c>, <c>jti</c>, <c>nbf</c>, <c>sub</c> and (with validUntil) <c>exp</c>.
    /// Never emits a <c>vc</c> claim (OB3-4.7). Embedded proofs, if any, stay inside (OB3-4.3).
    /// </summary>
    public static string Sign(JsonObject credential, Ed25519Key key, string keyId)
    {
        ArgumentNullException.ThrowIfNull(key);
        var header = new JsonObject { ["alg"] = "EdDSA", ["typ"] = "JWT", ["kid"] = keyId };
        return CompactJws.SignEd25519(header, Payload(credential, keyId), key);
    }

    /// <summary>Like the Ed25519 overload, with any <see cref="JwsKey"/> (e.g. <c>ES256</c>): header <c>{alg, typ: JWT, kid}</c>.</summary>
    public static string Sign(JsonObject credential, JwsKey key, string keyId)
    {
        ArgumentNullException.ThrowIfNull(key);
        var header = new JsonObject { ["alg"] = key.Algorithm, ["typ"] = "JWT", ["kid"] = keyId };
        return CompactJws.Sign(header, Payload(credential, keyId), key);
    }

    private static byte[] Payload(JsonObject credential, string keyId)
    {
        ArgumentNullException.ThrowIfNull(credential);
        ArgumentException.ThrowIfNullOrEmpty(keyId);

        var issuer = VcJwtClaims.IssuerId(credential)
            ?? throw new ArgumentException("The credential has no issuer id for the 'iss' claim.", nameof(credential));
        var id = VcJwtClaims.Text(credential["id"])
            ?? throw new ArgumentException("The credential has no id for the 'jti' claim.", nameof(credential));
        var validFrom = VcJwtClaims.Date(credential["validFrom"])
            ?? throw new ArgumentException("The credential has no valid validFrom for the 'nbf' claim.", nameof(credential));
        var subject = VcJwtClaims.SubjectId(credential)
            ?? throw new ArgumentException(
                "OB3-4.5 requires sub = credentialSubject.id; use a Data Integrity proof for subjects without an id (OB3-9.1).",
                nameof(credential));

        var payload = credential.DeepClone().AsObject();
        foreach (var claim in VcJwtClaims.Registered) payload.Remove(claim);
        payload["iss"] = issuer;
        payload["jti"] = id;
        payload["nbf"] = validFrom.ToUnixTimeSeconds();
        payload["sub"] = subject;
        if (credential["validUntil"] is { } untilNode)
        {
            var until = VcJwtClaims.Date(untilNode)
                ?? throw new ArgumentException("validUntil is not a valid date-time.", nameof(credential));
            payload["exp"] = until.ToUnixTimeSeconds();
        }

        return JsonSerializer.SerializeToUtf8Bytes(payload, CompactJws.Compact);
    }
}
