using System.Buffers.Text;
using System.Text;
using System.Text.Json.Nodes;
using Laurel.Credentials.Jwt;
using Laurel.Credentials.Keys;

namespace Laurel.Credentials.Tests.Jwt;

public class OpenBadgeJwtTests
{
    private static string Constructed(string name) => SharedData.SpecFile("testvectors", "constructed", name);

    private static string TeamworkToken() => File.ReadAllText(Constructed("ob3-teamwork.vc-jwt.EdDSA.txt")).Trim();

    private static JsonObject TeamworkPayload() => JsonNode.Parse(File.ReadAllText(Constructed("ob3-teamwork.vc-jwt.payload.json")))!.AsObject();

    private static Func<string, CancellationToken, Task<Ed25519Key?>> Resolver(string kid, Ed25519Key key) =>
        (k, _) => Task.FromResult(k == kid ? key : null);

    private static Task<JwtVerificationResult> Verify(string token, Func<string, CancellationToken, Task<Ed25519Key?>> resolver,
        JwtVerificationOptions? options = null) =>
        OpenBadgeJwtVerifier.VerifyAsync(token, resolver, options, TestContext.Current.CancellationToken);

    private static readonly JwtVerificationOptions At2025 = new() { Now = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero) };

    [Fact]
    public async Task Constructed_teamwork_token_verifies_with_the_W3C_test_key()
    {
        var result = await Verify(TeamworkToken(), Resolver(W3cTestKey.KeyId, W3cTestKey.PublicKey()), At2025);

        Assert.True(result.Verified, string.Join("; ", result.Problems));
        Assert.False(result.IsVc11);
        Assert.Equal("EdDSA", (string)result.Header!["alg"]!);
        Assert.Equal("http://example.com/credentials/3527", (string)result.Credential!["id"]!);
        Assert.False(result.Credential.ContainsKey("iss"));
        Assert.False(result.Credential.ContainsKey("nbf"));
    }

    [Fact]
    public void Signing_the_teamwork_credential_reproduces_the_constructed_token_byte_for_byte()
    {
        var credential = TeamworkPayload();
        foreach (var claim in new[] { "iss", "jti", "nbf", "sub" }) credential.Remove(claim);
        using var key = W3cTestKey.PrivateKey();

        var token = OpenBadgeJwtSigner.Sign(credential, key, W3cTestKey.KeyId);

        Assert.Equal(TeamworkToken(), token);
    }

    [Fact]
    public async Task Sign_then_verify_round_trips_with_exp_from_validUntil()
    {
        using var key = Ed25519Key.Generate();
        var credential = TeamworkPayload();
        foreach (var claim in new[] { "iss", "jti", "nbf", "sub" }) credential.Remove(claim);
        credential["validUntil"] = "2030-01-01T00:00:00Z";

        var token = OpenBadgeJwtSigner.Sign(credential, key, "https://issuer.example/keys#1");
        var result = await Verify(token, Resolver("https://issuer.example/keys#1", key), At2025);

        Assert.True(result.Verified, string.Join("; ", result.Problems));
        Assert.Equal(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds(), (long)result.Payload!["exp"]!);
        Assert.True(JsonNode.DeepEquals(credential, result.Credential));
    }

    [Fact]
    public async Task Expired_token_is_reported_as_expired_not_as_bad_signature()
    {
        using var key = Ed25519Key.Generate();
        var credential = TeamworkPayload();
        credential["validUntil"] = "2011-01-01T00:00:00Z";
        var token = OpenBadgeJwtSigner.Sign(credential, key, "k");

        var result = await Verify(token, Resolver("k", key), At2025);

        Assert.True(result.SignatureValid);
        Assert.False(result.Verified);
        Assert.Equal(JwtProblemCode.Expired, Assert.Single(result.Problems).Code);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public async Task Tampering_with_any_part_breaks_verification(int part)
    {
        var parts = TeamworkToken().Split('.');
        var bytes = Base64Url.DecodeFromChars(parts[part]);
        if (part == 2) bytes[5] ^= 0x01;
        else
        {
            // Change one character inside a string value so the JSON still parses.
            var text = Encoding.UTF8.GetString(bytes);
            text = part == 0 ? text.Replace("\"JWT\"", "\"JWt\"") : text.Replace("Teamwork Badge", "Teamwork Badgf");
            bytes = Encoding.UTF8.GetBytes(text);
        }
        parts[part] = Base64Url.EncodeToString(bytes);

        var result = await Verify(string.Join('.', parts), Resolver(W3cTestKey.KeyId, W3cTestKey.PublicKey()), At2025);

        Assert.False(result.Verified);
        Assert.False(result.SignatureValid);
        Assert.Contains(result.Problems, p => p.Code == JwtProblemCode.BadSignature);
    }

    [Fact]
    public async Task Token_signed_by_another_key_fails()
    {
        using var other = Ed25519Key.Generate();
        var result = await Verify(TeamworkToken(), Resolver(W3cTestKey.KeyId, other), At2025);
        Assert.Contains(result.Problems, p => p.Code == JwtProblemCode.BadSignature);
    }

    [Fact]
    public async Task Unknown_kid_is_reported_as_key_not_found()
    {
        var result = await Verify(TeamworkToken(), (_, _) => Task.FromResult<Ed25519Key?>(null), At2025);
        Assert.Contains(result.Problems, p => p.Code == JwtProblemCode.KeyNotFound);
        Assert.False(result.SignatureValid);
    }

    [Fact]
    public async Task Claims_that_disagree_with_the_credential_are_reported_even_with_a_valid_signature()
    {
        using var key = Ed25519Key.Generate();
        var payload = TeamworkPayload();
        payload["iss"] = "https://someone-else.example";
        payload["sub"] = "did:example:other";
        payload["nbf"] = 1262304001;
        var token = CompactJws.SignEd25519(new JsonObject { ["alg"] = "EdDSA", ["typ"] = "JWT", ["kid"] = "k" },
            Encoding.UTF8.GetBytes(payload.ToJsonString()), key);

        var result = await Verify(token, Resolver("k", key), At2025);

        Assert.True(result.SignatureValid);
        Assert.Equal(3, result.Problems.Count(p => p.Code == JwtProblemCode.ClaimMismatch));
    }

    [Fact]
    public async Task VC_1_1_tokens_with_a_vc_claim_are_read()
    {
        using var key = Ed25519Key.Generate();
        var vc = JsonNode.Parse(File.ReadAllText(SharedData.SpecFile("testvectors", "official", "1edtech-validator", "ob30", "simple.jwt"))
            .Split('.')[1] is var p ? Encoding.UTF8.GetString(Base64Url.DecodeFromChars(p)) : "")!.AsObject();
        var token = CompactJws.SignEd25519(new JsonObject { ["alg"] = "EdDSA", ["typ"] = "JWT", ["kid"] = "k" },
            Encoding.UTF8.GetBytes(vc.ToJsonString()), key);

        var result = await Verify(token, Resolver("k", key), At2025);

        Assert.True(result.Verified, string.Join("; ", result.Problems));
        Assert.True(result.IsVc11);
        Assert.Equal("2010-01-01T00:00:00Z", (string)result.Credential!["issuanceDate"]!);
    }

    [Fact]
    public async Task OneEdTech_RS256_token_without_kid_or_jwk_has_no_key()
    {
        var token = File.ReadAllText(SharedData.SpecFile("testvectors", "official", "1edtech-validator", "ob30", "simple.jwt"));
        var result = await Verify(token, (_, _) => Task.FromResult<Ed25519Key?>(null), At2025 with { AllowEmbeddedJwk = true });
        Assert.Contains(result.Problems, p => p.Code == JwtProblemCode.KeyNotFound);
        Assert.True(result.IsVc11);
        Assert.False(result.Verified);
    }

    [Theory]
    [InlineData("simple-jwt.png", false)]
    [InlineData("simple-jwt_v1.png", true)]
    public async Task OneEdTech_baked_RS256_tokens_verify_with_their_embedded_jwk(string file, bool vc11)
    {
        var baked = Laurel.Credentials.Baking.PngBaker.Unbake(
            File.ReadAllBytes(SharedData.SpecFile("testvectors", "official", "1edtech-validator", "ob30", file)))!;
        Func<string, CancellationToken, Task<Ed25519Key?>> none = (_, _) => Task.FromResult<Ed25519Key?>(null);

        var refused = await Verify(baked.Content, none, At2025);
        var result = await Verify(baked.Content, none, At2025 with { AllowEmbeddedJwk = true });

        Assert.False(refused.SignatureValid);
        Assert.True(result.Verified, string.Join("; ", result.Problems));
        Assert.Equal(vc11, result.IsVc11);
        Assert.Equal("Teamwork", (string)result.Credential!["credentialSubject"]!["achievement"]!["name"]!);
    }

    [Fact]
    public async Task RS256_tokens_resolve_their_kid_through_the_rsa_jwk_resolver()
    {
        using var rsa = System.Security.Cryptography.RSA.Create(2048);
        var parameters = rsa.ExportParameters(false);
        var jwk = new JsonObject { ["kty"] = "RSA", ["n"] = Base64Url.EncodeToString(parameters.Modulus), ["e"] = Base64Url.EncodeToString(parameters.Exponent) };
        var header = Base64Url.EncodeToString(Encoding.UTF8.GetBytes("{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"rsa-1\"}"));
        var payload = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(TeamworkPayload().ToJsonString()));
        var signature = rsa.SignData(Encoding.ASCII.GetBytes(header + "." + payload), System.Security.Cryptography.HashAlgorithmName.SHA256,
            System.Security.Cryptography.RSASignaturePadding.Pkcs1);
        var token = header + "." + payload + "." + Base64Url.EncodeToString(signature);
        Func<string, CancellationToken, Task<Ed25519Key?>> none = (_, _) => Task.FromResult<Ed25519Key?>(null);
        var options = At2025 with { ResolveRsaJwk = (kid, _) => Task.FromResult(kid == "rsa-1" ? jwk : null) };

        var good = await Verify(token, none, options);
        var tampered = await Verify(token[..^6] + (token[^6] == 'A' ? "B" : "A") + token[^5..], none, options);

        Assert.True(good.Verified, string.Join("; ", good.Problems));
        Assert.Contains(tampered.Problems, p => p.Code == JwtProblemCode.BadSignature);
    }

    [Fact]
    public void Short_rsa_moduli_are_refused()
    {
        using var rsa = System.Security.Cryptography.RSA.Create(1024);
        var p = rsa.ExportParameters(false);
        var jwk = new JsonObject { ["kty"] = "RSA", ["n"] = Base64Url.EncodeToString(p.Modulus), ["e"] = Base64Url.EncodeToString(p.Exponent) };
        Assert.Throws<FormatException>(() => RsaJwk.ImportPublic(jwk));
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("a.b")]
    [InlineData("a.b.c.d")]
    [InlineData("eyJhbGciOiJFZERTQSJ9.e30=.AAAA")]
    [InlineData("bm90IGpzb24.e30.AAAA")]
    public async Task Malformed_tokens_are_reported_not_thrown(string token)
    {
        var result = await Verify(token, (_, _) => Task.FromResult<Ed25519Key?>(null));
        Assert.Equal(JwtProblemCode.Malformed, Assert.Single(result.Problems).Code);
    }

    [Theory]
    [InlineData("{\"alg\":\"none\",\"kid\":\"k\"}", JwtProblemCode.UnsupportedAlgorithm)]
    [InlineData("{\"alg\":\"ES384\",\"kid\":\"k\"}", JwtProblemCode.UnsupportedAlgorithm)]
    [InlineData("{\"alg\":\"EdDSA\",\"typ\":\"vc+jwt\",\"kid\":\"k\"}", JwtProblemCode.InvalidHeader)]
    [InlineData("{\"alg\":\"EdDSA\",\"kid\":\"k\",\"crit\":[\"b64\"],\"b64\":false}", JwtProblemCode.InvalidHeader)]
    public async Task Header_violations_are_rejected(string header, JwtProblemCode expected)
    {
        using var key = Ed25519Key.Generate();
        var token = CompactJws.SignEd25519(JsonNode.Parse(header)!.AsObject(), Encoding.UTF8.GetBytes(TeamworkPayload().ToJsonString()), key);
        var result = await Verify(token, Resolver("k", key), At2025);
        Assert.Contains(result.Problems, p => p.Code == expected);
        Assert.False(result.Verified);
    }

    [Fact]
    public async Task Embedded_jwk_is_used_only_when_allowed()
    {
        using var key = Ed25519Key.Generate();
        var header = new JsonObject { ["alg"] = "EdDSA", ["typ"] = "JWT", ["jwk"] = Ed25519Jwk.Export(key) };
        var token = CompactJws.SignEd25519(header, Encoding.UTF8.GetBytes(TeamworkPayload().ToJsonString()), key);
        Func<string, CancellationToken, Task<Ed25519Key?>> none = (_, _) => Task.FromResult<Ed25519Key?>(null);

        var refused = await Verify(token, none, At2025);
        var allowed = await Verify(token, none, At2025 with { AllowEmbeddedJwk = true });

        Assert.False(refused.Verified);
        Assert.True(allowed.Verified, string.Join("; ", allowed.Problems));
    }
}
