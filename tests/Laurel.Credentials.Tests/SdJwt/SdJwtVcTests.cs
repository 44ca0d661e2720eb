using System.Text.Json.Nodes;
using Laurel.Credentials.Jwt;
using Laurel.Credentials.SdJwt;
using Laurel.Credentials.SdJwtVc;
using Laurel.Credentials.TokenStatusList;

namespace Laurel.Credentials.Tests.SdJwt;

/// <summary>SD-JWT VC (draft-ietf-oauth-sd-jwt-vc): header, registered claims, status reference, builder rules.</summary>
public sealed class SdJwtVcTests : IDisposable
{
    private readonly SdJwtTestKit _kit = new();

    public void Dispose() => _kit.Dispose();

    internal static SdJwtVcContent Content(JwsKey holder, DateTimeOffset now) => new()
    {
        Issuer = "https://badges.example.edu",
        Vct = "https://badges.example.edu/vct/rocket-science",
        IssuedAt = now,
        NotBefore = now.AddMinutes(-1),
        Expires = now.AddYears(1),
        HolderJwk = holder.PublicJwk(),
        Status = new StatusListReference(4711, "https://badges.example.edu/statuslists/1"),
        KeyId = "https://badges.example.edu/.well-known/jwt-vc-issuer#es256-1",
        Claims = SdJwtTestKit.Claims(),
        Disclosable = [["given_name"], ["family_name"], ["grade"], ["outcomes", null]],
    };

    [Fact]
    public void The_issued_VC_has_the_profile_header_and_clear_registered_claims()
    {
        var now = DateTimeOffset.UtcNow;
        var issued = SdJwtVcIssuer.Issue(Content(_kit.Holder, now), _kit.Issuer);
        var jws = CompactJws.Parse(issued.Token.IssuerJwt);
        Assert.Equal("dc+sd-jwt", jws.HeaderText("typ"));
        Assert.Equal("ES256", jws.Algorithm);
        Assert.Equal("https://badges.example.edu/.well-known/jwt-vc-issuer#es256-1", jws.KeyId);
        var payload = jws.PayloadObject()!;
        Assert.Equal("https://badges.example.edu", (string?)payload["iss"]);
        Assert.Equal("https://badges.example.edu/vct/rocket-science", (string?)payload["vct"]);
        Assert.Equal(now.ToUnixTimeSeconds(), (long)payload["iat"]!);
        Assert.Equal(_kit.Holder.Thumbprint(), JwkThumbprint.Compute(payload["cnf"]!["jwk"]!.AsObject()));
        Assert.Equal(4711, (long)payload["status"]!["status_list"]!["idx"]!);
        Assert.Equal("https://badges.example.edu/statuslists/1", (string?)payload["status"]!["status_list"]!["uri"]);
        // 3 properties + 3 array elements are disclosures.
        Assert.Equal(6, issued.Disclosures.Count);
        Assert.All(payload["outcomes"]!.AsArray(), e => Assert.True(e!.AsObject().ContainsKey("...")));
    }

    [Fact]
    public void A_bound_presentation_verifies_and_shows_only_what_the_holder_chose()
    {
        var issued = SdJwtVcIssuer.Issue(Content(_kit.Holder, DateTimeOffset.UtcNow), _kit.Issuer);
        var presented = KeyBinding.Attach(issued.Token.Present(d => d.ClaimName == "family_name"), _kit.Holder, "https://v.example", "n1",
            DateTimeOffset.UtcNow);
        var result = SdJwtVcVerifier.Verify(presented.ToString(), _kit.ResolveIssuer,
            new SdJwtVerifyOptions { RequireKeyBinding = true, ExpectedAudience = "https://v.example", ExpectedNonce = "n1" },
            expectedVct: "https://badges.example.edu/vct/rocket-science");
        Assert.True(result.Verified, string.Join("; ", result.Problems));
        Assert.Equal("Möbius", (string?)result.Claims!["family_name"]);
        Assert.False(result.Claims.ContainsKey("grade"));
        Assert.Empty(result.Claims["outcomes"]!.AsArray());
    }

    [Fact]
    public void The_verifier_refuses_another_typ_another_vct_and_an_expired_VC()
    {
        var now = DateTimeOffset.UtcNow;
        var plain = SdJwtIssuer.Issue(new JsonObject { ["iss"] = "x", ["vct"] = "y" }, [], _kit.Issuer, new JsonObject { ["typ"] = "vc+ld+jwt" });
        Assert.Contains(SdJwtVcVerifier.Verify(plain.Token.ToString(), _kit.ResolveIssuer).Problems, p => p.Code == SdJwtProblemCode.InvalidHeader);

        var issued = SdJwtVcIssuer.Issue(Content(_kit.Holder, now), _kit.Issuer);
        Assert.Contains(SdJwtVcVerifier.Verify(issued.Token.ToString(), _kit.ResolveIssuer, expectedVct: "https://other.example/vct").Problems,
            p => p.Code == SdJwtProblemCode.ClaimMismatch);

        var expired = SdJwtVcIssuer.Issue(Content(_kit.Holder, now.AddYears(-2)) with { NotBefore = null }, _kit.Issuer);
        Assert.Contains(SdJwtVcVerifier.Verify(expired.Token.ToString(), _kit.ResolveIssuer).Problems, p => p.Code == SdJwtProblemCode.Expired);

        var missingVct = SdJwtIssuer.Issue(new JsonObject { ["iss"] = "x" }, [], _kit.Issuer, new JsonObject { ["typ"] = "dc+sd-jwt" });
        Assert.Contains(SdJwtVcVerifier.Verify(missingVct.Token.ToString(), _kit.ResolveIssuer).Problems, p => p.Code == SdJwtProblemCode.MissingClaim);
    }

    [Fact]
    public void The_builder_keeps_registered_claims_out_of_the_claims_and_out_of_disclosure()
    {
        var content = Content(_kit.Holder, DateTimeOffset.UtcNow);
        var claims = SdJwtTestKit.Claims();
        claims["iss"] = "https://evil.example";
        Assert.Throws<ArgumentException>(() => SdJwtVcIssuer.Issue(content with { Claims = claims }, _kit.Issuer));
        Assert.Throws<ArgumentException>(() => SdJwtVcIssuer.Issue(content with { Disclosable = [["status"]] }, _kit.Issuer));
        Assert.Throws<ArgumentException>(() => SdJwtVcIssuer.Issue(content with { Disclosable = [["cnf", "jwk"]] }, _kit.Issuer));
    }
}
