using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using Laurel.Credentials.Jwt;
using Laurel.Credentials.SdJwt;

namespace Laurel.Credentials.Tests.SdJwt;

/// <summary>Every refusal RFC 9901 §7 asks of a verifier, plus the budgets for hostile input.</summary>
public sealed class SdJwtRefusalTests : IDisposable
{
    private readonly SdJwtTestKit _kit = new();

    public void Dispose() => _kit.Dispose();

    private SdJwtVerificationResult Verify(string token, SdJwtVerifyOptions? options = null) =>
        SdJwtVerifier.Verify(token, _kit.ResolveIssuer, options);

    private static void AssertRefused(SdJwtVerificationResult result, SdJwtProblemCode code)
    {
        Assert.False(result.Verified);
        Assert.Contains(result.Problems, p => p.Code == code);
    }

    private string Token(JsonObject payload, params Disclosure[] disclosures) =>
        new SdJwtToken(_kit.SignPayload(payload), disclosures.Select(d => d.Encoded).ToArray()).ToString();

    private static JsonArray Sd(params Disclosure[] disclosures) => [.. disclosures.Select(d => (JsonNode)d.Digest())];

    [Fact]
    public void A_hand_built_valid_token_verifies()
    {
        // The baseline for the tests below: the same construction without the defect is accepted.
        var d = Disclosure.ForClaim("grade", "8.5");
        Assert.True(Verify(Token(new JsonObject { ["_sd"] = Sd(d) }, d)).Verified);
    }

    [Fact]
    public void A_digest_that_occurs_twice_is_refused()
    {
        var d = Disclosure.ForClaim("grade", "8.5");
        AssertRefused(Verify(Token(new JsonObject { ["_sd"] = Sd(d, d) }, d)), SdJwtProblemCode.DuplicateDigest);
        AssertRefused(Verify(Token(new JsonObject { ["_sd"] = Sd(d), ["x"] = new JsonObject { ["_sd"] = Sd(d) } }, d)),
            SdJwtProblemCode.DuplicateDigest);
    }

    [Fact]
    public void The_same_disclosure_sent_twice_is_refused()
    {
        var d = Disclosure.ForClaim("grade", "8.5");
        AssertRefused(Verify(Token(new JsonObject { ["_sd"] = Sd(d) }, d, d)), SdJwtProblemCode.DuplicateDigest);
    }

    [Fact]
    public void A_disclosure_whose_digest_is_not_referenced_is_refused()
    {
        var d = Disclosure.ForClaim("grade", "8.5");
        var stray = Disclosure.ForClaim("grade", "10");
        AssertRefused(Verify(Token(new JsonObject { ["_sd"] = Sd(d) }, d, stray)), SdJwtProblemCode.UnreferencedDisclosure);
    }

    [Fact]
    public void A_disclosed_name_that_already_exists_is_refused()
    {
        var d = Disclosure.ForClaim("grade", "10");
        AssertRefused(Verify(Token(new JsonObject { ["grade"] = "5", ["_sd"] = Sd(d) }, d)), SdJwtProblemCode.ClaimNameConflict);
        var a = Disclosure.ForClaim("grade", "10");
        var b = Disclosure.ForClaim("grade", "5");
        AssertRefused(Verify(Token(new JsonObject { ["_sd"] = Sd(a, b) }, a, b)), SdJwtProblemCode.ClaimNameConflict);
    }

    [Theory]
    [InlineData("_sd")]
    [InlineData("...")]
    public void A_disclosure_named_sd_or_ellipsis_is_refused(string name)
    {
        // Disclosure.ForClaim refuses these names, so build the encoded form by hand.
        var encoded = System.Buffers.Text.Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"[\"c2FsdHNhbHRzYWx0\",\"{name}\",[]]"));
        var d = Disclosure.Parse(encoded);
        AssertRefused(Verify(Token(new JsonObject { ["_sd"] = Sd(d) }, d)), SdJwtProblemCode.ClaimNameConflict);
    }

    [Fact]
    public void Misused_sd_and_ellipsis_are_refused()
    {
        var element = Disclosure.ForArrayElement("FR");
        var property = Disclosure.ForClaim("grade", "8.5");
        // _sd must be an array of strings.
        AssertRefused(Verify(Token(new JsonObject { ["_sd"] = "abc" })), SdJwtProblemCode.InvalidDigestStructure);
        AssertRefused(Verify(Token(new JsonObject { ["_sd"] = new JsonArray(1) })), SdJwtProblemCode.InvalidDigestStructure);
        // '...' must be the only key of an array element.
        AssertRefused(Verify(Token(new JsonObject { ["list"] = new JsonArray(new JsonObject { ["..."] = element.Digest(), ["x"] = 1 }) }, element)),
            SdJwtProblemCode.InvalidDigestStructure);
        // ... and is not allowed as an ordinary property.
        AssertRefused(Verify(Token(new JsonObject { ["..."] = "x" })), SdJwtProblemCode.InvalidDigestStructure);
        // An array element disclosure referenced from _sd, and a property disclosure referenced from '...'.
        AssertRefused(Verify(Token(new JsonObject { ["_sd"] = Sd(element) }, element)), SdJwtProblemCode.InvalidDigestStructure);
        AssertRefused(Verify(Token(new JsonObject { ["list"] = new JsonArray(new JsonObject { ["..."] = property.Digest() }) }, property)),
            SdJwtProblemCode.InvalidDigestStructure);
    }

    [Fact]
    public void An_unsupported_sd_alg_is_refused()
    {
        AssertRefused(Verify(Token(new JsonObject { ["_sd_alg"] = "md5" })), SdJwtProblemCode.UnsupportedHashAlgorithm);
    }

    [Fact]
    public void A_bad_signature_and_alg_none_are_refused()
    {
        var issued = SdJwtIssuer.Issue(SdJwtTestKit.Claims(), [["grade"]], _kit.Issuer, []);
        using var other = Laurel.Credentials.Keys.P256Key.Generate();
        AssertRefused(SdJwtVerifier.Verify(issued.Token.ToString(), _ => new Es256JwsKey(other)), SdJwtProblemCode.BadSignature);

        var parts = issued.Token.IssuerJwt.Split('.');
        var noneHeader = System.Buffers.Text.Base64Url.EncodeToString("{\"alg\":\"none\"}"u8);
        var none = new SdJwtToken(noneHeader + "." + parts[1] + ".", issued.Token.Disclosures);
        AssertRefused(Verify(none.ToString()), SdJwtProblemCode.InvalidHeader);
        AssertRefused(Verify(issued.Token.ToString(), new SdJwtVerifyOptions { ExpectedType = "dc+sd-jwt" }), SdJwtProblemCode.InvalidHeader);
    }

    private (SdJwtToken Presented, SdJwtVerifyOptions Options) BoundPresentation()
    {
        var claims = SdJwtTestKit.Claims();
        claims["cnf"] = new JsonObject { ["jwk"] = _kit.Holder.PublicJwk() };
        var issued = SdJwtIssuer.Issue(claims, [["grade"], ["given_name"]], _kit.Issuer, []);
        var presented = KeyBinding.Attach(issued.Token.Present(d => d.ClaimName == "grade"), _kit.Holder, "https://v.example", "nonce-1",
            DateTimeOffset.UtcNow);
        return (presented, new SdJwtVerifyOptions { RequireKeyBinding = true, ExpectedAudience = "https://v.example", ExpectedNonce = "nonce-1" });
    }

    [Fact]
    public void A_KB_JWT_for_another_selection_fails_its_sd_hash()
    {
        var (presented, options) = BoundPresentation();
        Assert.True(Verify(presented.ToString(), options).Verified);
        // Same KB-JWT, one disclosure fewer: the holder never signed this presentation.
        var stripped = new SdJwtToken(presented.IssuerJwt, [], presented.KeyBindingJwt);
        AssertRefused(Verify(stripped.ToString(), options), SdJwtProblemCode.SdHashMismatch);
    }

    [Fact]
    public void Key_binding_refuses_a_wrong_nonce_audience_key_age_or_absence()
    {
        var (presented, options) = BoundPresentation();
        AssertRefused(Verify(presented.ToString(), options with { ExpectedNonce = "nonce-2" }), SdJwtProblemCode.KeyBindingAudienceOrNonce);
        AssertRefused(Verify(presented.ToString(), options with { ExpectedAudience = "https://evil.example" }), SdJwtProblemCode.KeyBindingAudienceOrNonce);
        AssertRefused(Verify(new SdJwtToken(presented.IssuerJwt, presented.Disclosures).ToString(), options), SdJwtProblemCode.KeyBindingMissing);

        using var thief = Laurel.Credentials.Keys.P256Key.Generate();
        var stolen = KeyBinding.Attach(presented, new Es256JwsKey(thief), "https://v.example", "nonce-1", DateTimeOffset.UtcNow);
        AssertRefused(Verify(stolen.ToString(), options), SdJwtProblemCode.KeyBindingInvalid);

        var old = KeyBinding.Attach(presented, _kit.Holder, "https://v.example", "nonce-1", DateTimeOffset.UtcNow.AddHours(-1));
        AssertRefused(Verify(old.ToString(), options), SdJwtProblemCode.KeyBindingStale);
    }

    [Fact]
    public void A_large_array_within_the_budgets_is_processed_in_linear_time()
    {
        var big = new JsonArray(Enumerable.Range(0, 150_000).Select(_ => (JsonNode)0).ToArray());
        var watch = Stopwatch.StartNew();
        var result = Verify(_kit.SignPayload(new JsonObject { ["list"] = big }) + "~");
        Assert.True(result.Verified, string.Join("; ", result.Problems));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2), $"A 150k-element array took {watch.Elapsed}.");
        Assert.Equal(150_000, result.Claims!["list"]!.AsArray().Count);
    }

    [Fact]
    public void Hostile_SD_JWTs_are_refused_quickly()
    {
        var d = Disclosure.ForClaim("grade", "8.5");
        var jwt = _kit.SignPayload(new JsonObject { ["_sd"] = Sd(d) });
        var deep = _kit.SignPayload(JsonNode.Parse("{\"a\":" + string.Concat(Enumerable.Repeat("{\"a\":", 60)) + "1"
            + new string('}', 61))!.AsObject());
        var decoys = new JsonArray(Enumerable.Range(0, 5_000).Select(i => (JsonNode)Disclosure.DigestOf("decoy" + i)).ToArray());
        var manyDigests = _kit.SignPayload(new JsonObject { ["_sd"] = decoys });
        // A chain of disclosures, each hiding the next one level deeper.
        var chain = new List<Disclosure>();
        JsonNode inner = "leaf";
        for (var i = 0; i < 200; i++)
        {
            var link = Disclosure.ForClaim("n", inner);
            chain.Add(link);
            inner = new JsonObject { ["_sd"] = Sd(link) };
        }
        var chained = new SdJwtToken(_kit.SignPayload(inner.AsObject()), chain.Select(c => c.Encoded).ToArray()).ToString();

        var cases = new (string Token, SdJwtVerifyOptions? Options)[]
        {
            (jwt + new string('~', 2_000_000), null),                                    // over MaxLength
            (jwt + "~" + string.Concat(Enumerable.Repeat(d.Encoded + "~", 5_000)), null), // over MaxDisclosures
            (deep + "~", null),                                                           // deeper than MaxDepth
            (manyDigests + "~", new SdJwtVerifyOptions { Limits = new SdJwtLimits { MaxDigests = 1_000 } }),
            (chained, null),                                                              // nested disclosures past MaxDepth
        };
        foreach (var (token, options) in cases)
        {
            var watch = Stopwatch.StartNew();
            var result = Verify(token, options);
            watch.Stop();
            AssertRefused(result, SdJwtProblemCode.LimitExceeded);
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1), $"A hostile SD-JWT took {watch.Elapsed} to refuse.");
        }
    }
}
