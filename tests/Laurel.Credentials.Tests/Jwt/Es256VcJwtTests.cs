using System.Text.Json.Nodes;
using Laurel.Credentials.DataIntegrity;
using Laurel.Credentials.Dids;
using Laurel.Credentials.Jwt;
using Laurel.Credentials.Keys;

namespace Laurel.Credentials.Tests.Jwt;

/// <summary>ES256 (P-256) VC-JWTs resolved through did:web methods: Multikey zDn… and JsonWebKey with crv P-256.</summary>
public class Es256VcJwtTests
{
    private const string Did = "did:web:issuer.example";
    private static readonly JwtVerificationOptions At2025 = new() { Now = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero) };

    private static JsonObject Credential()
    {
        var credential = JsonNode.Parse(File.ReadAllText(SharedData.SpecFile("testvectors", "constructed", "ob3-teamwork.vc-jwt.payload.json")))!.AsObject();
        foreach (var claim in new[] { "iss", "jti", "nbf", "sub" }) credential.Remove(claim);
        credential["issuer"] = new JsonObject { ["id"] = Did, ["type"] = new JsonArray("Profile"), ["name"] = "Issuer" };
        return credential;
    }

    // The library's did:web resolver, answering the document fetch from memory.
    private static DidVerificationMethodResolver Resolver(JsonObject document) =>
        new((_, _) => Task.FromResult(document.ToJsonString()), requiredRelationship: "assertionMethod");

    private static JsonObject MultikeyDocument(P256Key key, string fragment) =>
        new DidDocumentBuilder(Did).AddP256Key(key, fragment, "assertionMethod").Build();

    private static JsonObject JsonWebKeyDocument(P256Key key, string fragment)
    {
        var methodId = Did + "#" + fragment;
        return new JsonObject
        {
            ["@context"] = new JsonArray("https://www.w3.org/ns/did/v1", "https://w3id.org/security/jwk/v1"),
            ["id"] = Did,
            ["verificationMethod"] = new JsonArray(new JsonObject
            {
                ["id"] = methodId, ["type"] = "JsonWebKey", ["controller"] = Did, ["publicKeyJwk"] = P256Jwk.Export(key),
            }),
            ["assertionMethod"] = new JsonArray(methodId),
        };
    }

    [Fact]
    public async Task ES256_token_verifies_through_a_P256_Multikey_in_the_did_web_document()
    {
        using var key = P256Key.Generate();
        var fragment = Laurel.Credentials.Multiformats.P256Multikey.Encode(key);
        Assert.StartsWith("zDn", fragment);
        var token = OpenBadgeJwtSigner.Sign(Credential(), new Es256JwsKey(key), Did + "#" + fragment);

        var result = await OpenBadgeJwtVerifier.VerifyAsync(token, Resolver(MultikeyDocument(key, fragment)), At2025, TestContext.Current.CancellationToken);

        Assert.True(result.Verified, string.Join("; ", result.Problems));
        Assert.Equal("ES256", (string?)result.Header!["alg"]);
    }

    [Fact]
    public async Task ES256_token_verifies_through_a_JsonWebKey_method_and_fails_when_tampered()
    {
        using var key = P256Key.Generate();
        var token = OpenBadgeJwtSigner.Sign(Credential(), new Es256JwsKey(key), Did + "#key-1");
        var resolver = Resolver(JsonWebKeyDocument(key, "key-1"));

        var result = await OpenBadgeJwtVerifier.VerifyAsync(token, resolver, At2025, TestContext.Current.CancellationToken);
        Assert.True(result.Verified, string.Join("; ", result.Problems));

        var parts = token.Split('.');
        var tampered = parts[0] + "." + parts[1] + "." + (parts[2][0] == 'A' ? "B" : "A") + parts[2][1..];
        var bad = await OpenBadgeJwtVerifier.VerifyAsync(tampered, resolver, At2025, TestContext.Current.CancellationToken);
        Assert.False(bad.Verified);
        Assert.Contains(bad.Problems, p => p.Code == JwtProblemCode.BadSignature);
    }

    [Fact]
    public async Task ES256_token_does_not_verify_with_another_P256_key()
    {
        using var key = P256Key.Generate();
        using var other = P256Key.Generate();
        var fragment = Laurel.Credentials.Multiformats.P256Multikey.Encode(other);
        var token = OpenBadgeJwtSigner.Sign(Credential(), new Es256JwsKey(key), Did + "#" + fragment);

        var result = await OpenBadgeJwtVerifier.VerifyAsync(token, Resolver(MultikeyDocument(other, fragment)), At2025, TestContext.Current.CancellationToken);

        Assert.False(result.Verified);
        Assert.Contains(result.Problems, p => p.Code == JwtProblemCode.BadSignature);
    }

    [Fact]
    public async Task Eddsa_Data_Integrity_proof_naming_a_P256_method_is_refused_not_crashed()
    {
        using var p256 = P256Key.Generate();
        using var ed = Ed25519Key.Generate();
        var fragment = Laurel.Credentials.Multiformats.P256Multikey.Encode(p256);
        var signed = DataIntegrityProofs.AddProof(Credential(), Cryptosuite.EddsaJcs2022, ed,
            new ProofOptions { VerificationMethod = Did + "#" + fragment });

        var result = await DataIntegrityProofs.VerifyAsync(signed, Resolver(MultikeyDocument(p256, fragment)), ct: TestContext.Current.CancellationToken);

        Assert.False(result.Verified);
        Assert.Contains("not an Ed25519 key", result.Error);
    }
}
