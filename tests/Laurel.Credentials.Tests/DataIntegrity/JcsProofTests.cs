using System.Text.Json.Nodes;
using Laurel.Credentials.DataIntegrity;
using Laurel.Credentials.Dids;
using Laurel.Credentials.Jcs;

namespace Laurel.Credentials.Tests.DataIntegrity;

/// <summary>eddsa-jcs-2022 end to end against the W3C vector (EDDSA-4.1, EDDSA-4.2).</summary>
public class JcsProofTests
{
    private static readonly DateTimeOffset VectorCreated = new(2023, 2, 24, 23, 36, 38, TimeSpan.Zero);
    private static readonly VerifyOptions At2024 = new() { Now = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero) };

    private static ProofOptions VectorOptions() => new()
    {
        VerificationMethod = (string)Vectors.Json(Vectors.Eddsa("eddsa-jcs-2022", "proofConfigJCS.json"))["verificationMethod"]!,
        Created = VectorCreated,
    };

    [Fact]
    public void Signing_the_unsigned_vector_reproduces_the_signed_vector_exactly()
    {
        using var key = Vectors.W3cKey();
        var unsigned = Vectors.Json(Vectors.Eddsa("unsigned.json"));

        var secured = DataIntegrityProofs.AddProof(unsigned, Cryptosuite.EddsaJcs2022, key, VectorOptions());

        var expected = Vectors.Json(Vectors.Eddsa("eddsa-jcs-2022", "signedJCS.json"));
        Assert.Equal(Vectors.Text(Vectors.Eddsa("eddsa-jcs-2022", "sigBTC58JCS.txt")).Trim(), (string?)secured["proof"]!["proofValue"]);
        Assert.True(JsonNode.DeepEquals(expected, secured), secured.ToJsonString());
    }

    [Fact]
    public void Canonical_document_and_proof_config_equal_the_published_intermediates()
    {
        var signed = Vectors.Json(Vectors.Eddsa("eddsa-jcs-2022", "signedJCS.json"));
        var proof = signed["proof"]!.AsObject();
        signed.Remove("proof");
        proof.Remove("proofValue");

        Assert.Equal(Vectors.Text(Vectors.Eddsa("eddsa-jcs-2022", "canonDocJCS.txt")).Trim(), JsonCanonicalizer.Canonicalize(signed));
        Assert.Equal(Vectors.Text(Vectors.Eddsa("eddsa-jcs-2022", "proofCanonJCS.txt")).Trim(), JsonCanonicalizer.Canonicalize(proof));
    }

    [Fact]
    public async Task Signed_vector_verifies_through_did_key()
    {
        var signed = Vectors.Json(Vectors.Eddsa("eddsa-jcs-2022", "signedJCS.json"));

        var result = await DataIntegrityProofs.VerifyAsync(signed, new DidVerificationMethodResolver(), At2024, TestContext.Current.CancellationToken);

        Assert.True(result.Verified, result.Error);
        Assert.Equal("eddsa-jcs-2022", Assert.Single(result.Proofs).Cryptosuite);
    }

    [Theory]
    [InlineData("credentialSubject.alumniOf", "The School of Forgeries")]
    [InlineData("proof.created", "2023-02-24T23:36:39Z")]
    [InlineData("proof.proofPurpose", "authentication")]
    public async Task Changing_a_signed_value_breaks_the_proof(string path, string value)
    {
        var signed = Vectors.Json(Vectors.Eddsa("eddsa-jcs-2022", "signedJCS.json"));
        var parts = path.Split('.');
        signed[parts[0]]![parts[1]] = value;

        var result = await DataIntegrityProofs.VerifyAsync(signed, new DidVerificationMethodResolver(), At2024 with { ExpectedProofPurpose = null }, TestContext.Current.CancellationToken);

        Assert.False(result.Verified);
    }

    [Fact]
    public async Task Proof_context_that_is_not_the_start_of_the_document_context_fails()
    {
        var signed = Vectors.Json(Vectors.Eddsa("eddsa-jcs-2022", "signedJCS.json"));
        signed["@context"] = new JsonArray("https://www.w3.org/ns/credentials/v2");

        var result = await DataIntegrityProofs.VerifyAsync(signed, new DidVerificationMethodResolver(), At2024, TestContext.Current.CancellationToken);

        Assert.False(result.Verified);
        Assert.Contains("@context", result.Error);
    }
}
