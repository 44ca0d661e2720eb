using System.Text.Json.Nodes;
using Laurel.Credentials.Jwt;
using Laurel.Credentials.Keys;

namespace Laurel.Credentials.Tests.Jwt;

public class Ed25519JwkTests
{
    [Fact]
    public void W3C_test_key_exports_to_the_digest_JWK_and_thumbprint()
    {
        using var key = W3cTestKey.PublicKey();
        var jwk = Ed25519Jwk.Export(key);
        Assert.Equal("OKP", (string)jwk["kty"]!);
        Assert.Equal("Ed25519", (string)jwk["crv"]!);
        Assert.Equal("sA2Nk45_dz1RVlqtNqYj9TRPf10ZYPnPPo4SYg6igQ8", (string)jwk["x"]!);
        Assert.False(jwk.ContainsKey("d"));
        Assert.Equal("Ypa5BNGp-ImhVwCze6O4zHVVNcGqCq-3LOCZWBZTRcs", Ed25519Jwk.Thumbprint(key));
    }

    [Fact]
    public void Private_jwk_round_trips_and_signs()
    {
        using var key = Ed25519Key.Generate();
        using var imported = Ed25519Jwk.Import(Ed25519Jwk.Export(key, includePrivateKey: true));
        Assert.True(imported.HasPrivateKey);
        var signature = imported.Sign("hello"u8);
        Assert.True(key.Verify("hello"u8, signature));
    }

    [Theory]
    [InlineData("{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"sA2Nk45_dz1RVlqtNqYj9TRPf10ZYPnPPo4SYg6igQ8\"}")]
    [InlineData("{\"kty\":\"OKP\",\"crv\":\"Ed25519\"}")]
    [InlineData("{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"AAAA\"}")]
    [InlineData("{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"sA2Nk45_dz1RVlqtNqYj9TRPf10ZYPnPPo4SYg6igQ8\",\"d\":\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\"}")]
    public void Unusable_jwks_are_rejected(string json)
    {
        Assert.Throws<FormatException>(() => Ed25519Jwk.Import(JsonNode.Parse(json)!.AsObject()));
    }
}
