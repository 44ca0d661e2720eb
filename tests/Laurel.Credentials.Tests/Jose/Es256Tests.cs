using System.Buffers.Text;
using System.Text;
using System.Text.Json.Nodes;
using Laurel.Credentials.Jwt;
using Laurel.Credentials.Keys;

namespace Laurel.Credentials.Tests.Jose;

/// <summary>ES256 (RFC 7518 §3.4) JWS and P-256 JWKs (RFC 7518 §6.2, RFC 7638), checked against RFC 7515 Appendix A.3.</summary>
public class Es256Tests
{
    // RFC 7515 Appendix A.3: the ES256 example key and compact JWS.
    internal static JsonObject Rfc7515A3Jwk() => new()
    {
        ["kty"] = "EC",
        ["crv"] = "P-256",
        ["x"] = "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU",
        ["y"] = "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0",
        ["d"] = "jpsQnnGQmL-YBIffH1136cspYG6-0iY7X1fCE9-E9LI",
    };

    private const string Rfc7515A3Jws =
        "eyJhbGciOiJFUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ." +
        "DtEhU3ljbEg8L38VWAfUAqOyKAM6-Xx-F4GawxaepmXFCgfTjDxw5djxLa8ISlSApmWQxfKTUJqPP3-Kg6NU1Q";

    [Fact]
    public void The_RFC_7515_A3_signature_verifies_with_its_public_JWK()
    {
        var publicJwk = Rfc7515A3Jwk();
        publicJwk.Remove("d");
        using var key = JwsKey.FromPublicJwk(publicJwk);
        Assert.Equal("ES256", key.Key.Algorithm);
        Assert.True(CompactJws.Parse(Rfc7515A3Jws).Verify(key.Key));
    }

    [Fact]
    public void The_RFC_7515_A3_signature_fails_for_a_changed_payload_or_a_DER_signature()
    {
        using var p256 = P256Jwk.Import(Rfc7515A3Jwk());
        var key = new Es256JwsKey(p256);
        var parts = Rfc7515A3Jws.Split('.');
        var otherPayload = Base64Url.EncodeToString("{\"iss\":\"mallory\"}"u8);
        Assert.False(CompactJws.Parse(parts[0] + "." + otherPayload + "." + parts[2]).Verify(key));

        // RFC 7518 §3.4: the signature is R||S; the same signature in ASN.1 DER must not be accepted.
        var rs = Base64Url.DecodeFromChars(parts[2]);
        var der = ToDer(rs);
        Assert.False(CompactJws.Parse(parts[0] + "." + parts[1] + "." + Base64Url.EncodeToString(der)).Verify(key));
    }

    [Fact]
    public void The_algorithm_comes_from_the_key_not_from_the_header()
    {
        using var p256 = P256Key.Generate();
        using var ed = Ed25519Key.Generate();
        var token = CompactJws.Sign(new JsonObject { ["alg"] = "EdDSA" }, "{}"u8, new Es256JwsKey(p256));
        var jws = CompactJws.Parse(token);
        Assert.Equal("ES256", jws.Algorithm); // Sign overwrote the misleading header
        Assert.True(jws.Verify(new Es256JwsKey(p256)));
        Assert.False(jws.Verify(new EdDsaJwsKey(ed)));
        Assert.Equal(64, jws.Signature.Length);
    }

    [Fact]
    public void Sign_then_verify_round_trips_and_the_private_JWK_re_imports()
    {
        using var key = P256Key.Generate();
        var privateJwk = P256Jwk.Export(key, includePrivateKey: true);
        using var imported = P256Jwk.Import(privateJwk);
        Assert.True(imported.HasPrivateKey);
        var token = CompactJws.Sign(new JsonObject { ["typ"] = "JWT" }, Encoding.UTF8.GetBytes("{\"a\":1}"), new Es256JwsKey(imported));
        Assert.True(CompactJws.Parse(token).Verify(new Es256JwsKey(key)));
        Assert.False(P256Jwk.Export(key).ContainsKey("d"));
    }

    [Fact]
    public void RFC_7638_thumbprints_for_EC_and_OKP_keys()
    {
        // EC: SHA-256 of {"crv":"P-256","kty":"EC","x":…,"y":…} for the RFC 7515 A.3 key (computed independently with openssl).
        using var ec = P256Jwk.Import(Rfc7515A3Jwk());
        Assert.Equal("oKIywvGUpTVTyxMQ3bwIIeQUudfr_CkLMjCE19ECD-U", P256Jwk.Thumbprint(ec));
        Assert.Equal("oKIywvGUpTVTyxMQ3bwIIeQUudfr_CkLMjCE19ECD-U", new Es256JwsKey(ec).Thumbprint());
        // OKP: RFC 8037 Appendix A.3.
        var okp = new JsonObject { ["kty"] = "OKP", ["crv"] = "Ed25519", ["x"] = "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo" };
        Assert.Equal("kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k", JwkThumbprint.Compute(okp));
    }

    [Theory]
    [InlineData("{\"kty\":\"EC\",\"crv\":\"P-384\",\"x\":\"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU\",\"y\":\"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0\"}")]
    [InlineData("{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU\"}")]
    [InlineData("{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"AQ\",\"y\":\"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0\"}")]
    // A point that is not on the curve (y changed): an invalid-curve key must be refused at import.
    [InlineData("{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU\",\"y\":\"x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a1\"}")]
    public void Unusable_P256_JWKs_are_refused(string json)
    {
        Assert.Throws<FormatException>(() => P256Jwk.Import(JsonNode.Parse(json)!.AsObject()));
    }

    [Fact]
    public void A_JWK_with_a_private_part_is_refused_as_a_verification_key()
    {
        Assert.Throws<FormatException>(() => JwsKey.FromPublicJwk(Rfc7515A3Jwk()));
    }

    private static byte[] ToDer(byte[] rs)
    {
        static byte[] Int(ReadOnlySpan<byte> v)
        {
            var trimmed = v.TrimStart((byte)0).ToArray();
            return trimmed[0] >= 0x80 ? [0, .. trimmed] : trimmed;
        }
        var r = Int(rs.AsSpan(0, 32));
        var s = Int(rs.AsSpan(32));
        return [0x30, (byte)(r.Length + s.Length + 4), 0x02, (byte)r.Length, .. r, 0x02, (byte)s.Length, .. s];
    }
}
