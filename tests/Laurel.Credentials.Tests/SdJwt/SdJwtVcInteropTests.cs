using System.Text.Json.Nodes;
using Laurel.Credentials.SdJwt;
using Laurel.Credentials.SdJwtVc;
using Laurel.Credentials.Tests.Interop;

namespace Laurel.Credentials.Tests.SdJwt;

/// <summary>
/// Laurel's SD-JWT VCs checked by an independent implementation: the OpenWallet Foundation's <c>@sd-jwt/sd-jwt-vc</c>
/// (node/verify-sd-jwt-vc.mjs) verifies the ES256 signature with the issuer JWK, the disclosures and the key binding.
/// </summary>
public sealed class SdJwtVcInteropTests : IDisposable
{
    private readonly SdJwtTestKit _kit = new();
    private readonly string _dir = Directory.CreateTempSubdirectory("laurel-sdjwt-").FullName;

    public void Dispose()
    {
        _kit.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private async Task<(int Exit, JsonObject Output, string Stderr)> RunAsync(string sdJwt, string? nonce)
    {
        var input = new JsonObject { ["sdJwt"] = sdJwt, ["issuerJwk"] = _kit.Issuer.PublicJwk() };
        if (nonce is not null) input["nonce"] = nonce;
        var path = Path.Combine(_dir, "input.json");
        await File.WriteAllTextAsync(path, input.ToJsonString());
        return await NodeScripts.RunAsync("verify-sd-jwt-vc.mjs", path);
    }

    private IssuedSdJwt Issue() =>
        // The status claim is left out: @sd-jwt/sd-jwt-vc would fetch the status list over the network.
        SdJwtVcIssuer.Issue(SdJwtVcTests.Content(_kit.Holder, DateTimeOffset.UtcNow) with { Status = null }, _kit.Issuer);

    [Fact]
    public async Task The_independent_verifier_accepts_a_Laurel_SD_JWT_VC_with_key_binding()
    {
        var presented = KeyBinding.Attach(Issue().Token.Present(d => d.ClaimName is "family_name" or null), _kit.Holder,
            "https://verifier.example", "nonce-42", DateTimeOffset.UtcNow);
        var (exit, output, stderr) = await RunAsync(presented.ToString(), "nonce-42");
        Assert.True(output["verified"]!.GetValue<bool>(), $"@sd-jwt/sd-jwt-vc rejected Laurel's SD-JWT VC: {output["errors"]?.ToJsonString()} {stderr}");
        Assert.Equal(0, exit);
        var claims = output["claims"]!.AsObject();
        Assert.Equal("Möbius", (string?)claims["family_name"]);
        Assert.False(claims.ContainsKey("given_name"));
        Assert.Equal(["orbits", "propulsion", "safety"], claims["outcomes"]!.AsArray().Select(n => (string)n!));
        Assert.Equal("https://badges.example.edu/vct/rocket-science", (string?)claims["vct"]);
        Assert.Equal("nonce-42", (string?)output["kb"]!["nonce"]);
    }

    [Fact]
    public async Task The_independent_verifier_rejects_a_broken_issuer_signature_and_a_foreign_key_binding()
    {
        var token = Issue().Token;
        // A changed issuer signature (a character in its middle, so the decoded bytes really change).
        var jwt = token.IssuerJwt;
        var at = jwt.LastIndexOf('.') + 20;
        var forged = new SdJwtToken(jwt[..at] + (jwt[at] == 'A' ? 'B' : 'A') + jwt[(at + 1)..], token.Disclosures);
        var (exit, output, _) = await RunAsync(forged.ToString(), null);
        Assert.False(output["verified"]!.GetValue<bool>());
        Assert.Equal(1, exit);

        // Note: @sd-jwt/sd-jwt-vc 0.19 ignores a disclosure no digest references; Laurel refuses it (RFC 9901 §7.1 step 3.5),
        // see SdJwtRefusalTests.A_disclosure_whose_digest_is_not_referenced_is_refused.

        using var thief = Laurel.Credentials.Keys.P256Key.Generate();
        var stolen = KeyBinding.Attach(token, new Laurel.Credentials.Jwt.Es256JwsKey(thief), "https://verifier.example", "n", DateTimeOffset.UtcNow);
        (exit, output, _) = await RunAsync(stolen.ToString(), "n");
        Assert.False(output["verified"]!.GetValue<bool>());
        Assert.Equal(1, exit);
    }
}
