using System.Text.Json.Nodes;
using Laurel.Credentials.Jwt;
using Laurel.Credentials.SdJwt;

namespace Laurel.Credentials.Tests.SdJwt;

/// <summary>SD-JWT (RFC 9901) issuance, presentation, key binding and verification round trips, and the RFC's digests.</summary>
public sealed class SdJwtTests : IDisposable
{
    private readonly SdJwtTestKit _kit = new();

    public void Dispose() => _kit.Dispose();

    private static readonly IReadOnlyList<object?>[] Paths =
        [["given_name"], ["family_name"], ["grade"], ["achievement", "ects"], ["outcomes", 1]];

    private IssuedSdJwt Issue(JsonObject? extra = null)
    {
        var claims = SdJwtTestKit.Claims();
        claims["iss"] = "https://badges.example.edu";
        claims["cnf"] = new JsonObject { ["jwk"] = _kit.Holder.PublicJwk() };
        if (extra is not null) foreach (var (k, v) in extra) claims[k] = v?.DeepClone();
        return SdJwtIssuer.Issue(claims, Paths, _kit.Issuer, new JsonObject { ["typ"] = "example+sd-jwt" });
    }

    [Fact]
    public void RFC_9901_example_disclosures_have_their_published_digests()
    {
        // RFC 9901 §4.2.3 (object property and array element examples).
        var property = Disclosure.Parse("WyI2cU1RdlJMNWhhaiIsICJmYW1pbHlfbmFtZSIsICJNw7ZiaXVzIl0");
        Assert.Equal("uutlBuYeMDyjLLTpf6Jxi7yNkEF35jdyWMn9U7b_RYY", property.Digest());
        Assert.Equal(("6qMQvRL5haj", "family_name", "Möbius"), (property.Salt, property.ClaimName, (string?)property.Value));
        var element = Disclosure.Parse("WyJsa2x4RjVqTVlsR1RQVW92TU5JdkNBIiwgIkZSIl0");
        Assert.Equal("w0I8EKcdCtUPkGCNUrfwVp2xEgNjtoIDlOxc9-PlOhs", element.Digest());
        Assert.True(element.IsArrayElement);
        Assert.Equal("FR", (string?)element.Value);
    }

    [Fact]
    public void Issued_payload_hides_every_disclosable_claim_and_the_full_token_verifies()
    {
        var issued = Issue();
        var payload = CompactJws.Parse(issued.Token.IssuerJwt).PayloadObject()!;
        Assert.Equal("sha-256", (string?)payload["_sd_alg"]);
        Assert.False(payload.ContainsKey("given_name"));
        Assert.False(payload["achievement"]!.AsObject().ContainsKey("ects"));
        Assert.Equal("Rocket Science", (string?)payload["achievement"]!["name"]);
        Assert.Equal(3, payload["_sd"]!.AsArray().Count);
        Assert.True(payload["outcomes"]![1]!.AsObject().ContainsKey("..."));
        Assert.DoesNotContain("Möbius", issued.Token.IssuerJwt);

        var result = SdJwtVerifier.Verify(issued.Token.ToString(), _kit.ResolveIssuer);
        Assert.True(result.Verified, string.Join("; ", result.Problems));
        Assert.Equal("Möbius", (string?)result.Claims!["family_name"]);
        Assert.Equal(5, (int)result.Claims["achievement"]!["ects"]!);
        Assert.Equal(["orbits", "propulsion", "safety"], result.Claims["outcomes"]!.AsArray().Select(n => (string)n!));
        Assert.False(result.Claims.ContainsKey("_sd_alg"));
    }

    [Fact]
    public void A_presentation_with_a_subset_reveals_only_that_subset()
    {
        var issued = Issue();
        var presented = issued.Token.Present(d => d.ClaimName is "given_name" or "ects");
        Assert.Equal(2, presented.Disclosures.Count);
        var result = SdJwtVerifier.Verify(presented.ToString(), _kit.ResolveIssuer);
        Assert.True(result.Verified, string.Join("; ", result.Problems));
        Assert.Equal("Ada", (string?)result.Claims!["given_name"]);
        Assert.False(result.Claims.ContainsKey("family_name"));
        Assert.False(result.Claims.ContainsKey("grade"));
        // An undisclosed array element disappears rather than leaving a digest behind (RFC 9901 §7.1 step 3.3.3).
        Assert.Equal(["orbits", "safety"], result.Claims["outcomes"]!.AsArray().Select(n => (string)n!));
    }

    [Fact]
    public void Decoys_are_added_and_ignored()
    {
        var claims = new JsonObject { ["a"] = 1, ["b"] = 2 };
        var issued = SdJwtIssuer.Issue(claims, [["a"]], _kit.Issuer, [], new SdJwtIssueOptions { DecoysPerObject = 4 });
        Assert.Equal(5, CompactJws.Parse(issued.Token.IssuerJwt).PayloadObject()!["_sd"]!.AsArray().Count);
        var result = SdJwtVerifier.Verify(issued.Token.ToString(), _kit.ResolveIssuer);
        Assert.True(result.Verified, string.Join("; ", result.Problems));
        Assert.Equal(1, (int)result.Claims!["a"]!);
    }

    [Fact]
    public void Recursive_disclosures_nest()
    {
        var claims = new JsonObject { ["address"] = new JsonObject { ["street"] = "Main 1", ["country"] = "NL" } };
        var issued = SdJwtIssuer.Issue(claims, [["address"], ["address", "street"]], _kit.Issuer, []);
        var all = SdJwtVerifier.Verify(issued.Token.ToString(), _kit.ResolveIssuer);
        Assert.True(all.Verified, string.Join("; ", all.Problems));
        Assert.Equal("Main 1", (string?)all.Claims!["address"]!["street"]);
        var onlyCountry = SdJwtVerifier.Verify(issued.Token.Present(d => d.ClaimName == "address").ToString(), _kit.ResolveIssuer);
        Assert.True(onlyCountry.Verified);
        Assert.False(onlyCountry.Claims!["address"]!.AsObject().ContainsKey("street"));
    }

    [Fact]
    public void Key_binding_round_trips_with_nonce_audience_and_sd_hash()
    {
        var presented = KeyBinding.Attach(Issue().Token.Present(d => d.ClaimName == "grade"), _kit.Holder,
            "https://verifier.example", "n-0S6_WzA2Mj", DateTimeOffset.UtcNow);
        var result = SdJwtVerifier.Verify(presented.ToString(), _kit.ResolveIssuer, new SdJwtVerifyOptions
        {
            RequireKeyBinding = true,
            ExpectedAudience = "https://verifier.example",
            ExpectedNonce = "n-0S6_WzA2Mj",
        });
        Assert.True(result.Verified, string.Join("; ", result.Problems));
        Assert.True(result.KeyBindingVerified);
        Assert.Equal("kb+jwt", CompactJws.Parse(presented.KeyBindingJwt!).HeaderText("typ"));
    }

    [Fact]
    public void EdDSA_issuers_and_holders_work_the_same_way()
    {
        using var issuer = Laurel.Credentials.Keys.Ed25519Key.Generate();
        using var holder = Laurel.Credentials.Keys.Ed25519Key.Generate();
        var claims = new JsonObject { ["x"] = "y", ["cnf"] = new JsonObject { ["jwk"] = Ed25519Jwk.Export(holder) } };
        var issued = SdJwtIssuer.Issue(claims, [["x"]], new EdDsaJwsKey(issuer), []);
        var presented = KeyBinding.Attach(issued.Token, new EdDsaJwsKey(holder), "aud", "nonce", DateTimeOffset.UtcNow);
        var result = SdJwtVerifier.Verify(presented.ToString(), _ => new EdDsaJwsKey(issuer),
            new SdJwtVerifyOptions { RequireKeyBinding = true, ExpectedAudience = "aud", ExpectedNonce = "nonce" });
        Assert.True(result.Verified, string.Join("; ", result.Problems));
    }

    [Fact]
    public void Issuing_refuses_paths_that_match_nothing_and_reserved_names()
    {
        Assert.Throws<ArgumentException>(() => SdJwtIssuer.Issue(SdJwtTestKit.Claims(), [["given_nam"]], _kit.Issuer, []));
        Assert.Throws<ArgumentException>(() => SdJwtIssuer.Issue(new JsonObject { ["_sd"] = new JsonArray() }, [], _kit.Issuer, []));
    }
}
