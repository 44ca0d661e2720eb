using System.Text.Json.Nodes;
using Laurel.Credentials.DataIntegrity;
using Laurel.Credentials.Dids;
using Laurel.Credentials.Keys;

namespace Laurel.Credentials.Tests.DataIntegrity;

/// <summary>Proof sets, chains and the generic checks of DI-2.3–2.5, exercised with eddsa-jcs-2022 (no JSON-LD needed).</summary>
public class ProofSetTests
{
    private static readonly DateTimeOffset Created = new(2025, 6, 30, 12, 0, 0, TimeSpan.Zero);
    private static readonly VerifyOptions AtCreation = new() { Now = Created.AddDays(1) };
    private static readonly DidVerificationMethodResolver Resolver = new();

    private static JsonObject Unsigned() => Vectors.Json(Vectors.Eddsa("proof-set-chain", "unsigned.json"));

    private static ProofOptions For(Ed25519Key key, string? id = null, string? previous = null) => new()
    {
        VerificationMethod = DidKey.VerificationMethodId(DidKey.FromPublicKey(key.PublicKeyBytes)),
        Created = Created,
        Id = id,
        PreviousProof = previous,
    };

    private static Task<ProofSetResult> Verify(JsonObject secured, VerifyOptions? options = null) =>
        DataIntegrityProofs.VerifyAsync(secured, Resolver, options ?? AtCreation, TestContext.Current.CancellationToken);

    [Fact]
    public async Task Two_independent_proofs_form_a_set_and_both_verify()
    {
        using var first = Vectors.ProofSetKey(1);
        using var second = Vectors.ProofSetKey(2);

        var once = DataIntegrityProofs.AddProof(Unsigned(), Cryptosuite.EddsaJcs2022, first, For(first, "urn:uuid:1"));
        var twice = DataIntegrityProofs.AddProof(once, Cryptosuite.EddsaJcs2022, second, For(second, "urn:uuid:2"));
        var result = await Verify(twice);

        Assert.IsType<JsonArray>(twice["proof"]);
        Assert.True(result.Verified, result.Error);
        Assert.Equal(2, result.Proofs.Count);
        Assert.IsType<JsonObject>(once["proof"]); // the input was not changed in place
    }

    [Fact]
    public async Task Chained_proof_verifies_and_fails_once_the_proof_it_endorses_is_altered()
    {
        using var first = Vectors.ProofSetKey(1);
        using var third = Vectors.ProofSetKey(3);
        var once = DataIntegrityProofs.AddProof(Unsigned(), Cryptosuite.EddsaJcs2022, first, For(first, "urn:uuid:1"));
        var chained = DataIntegrityProofs.AddProof(once, Cryptosuite.EddsaJcs2022, third, For(third, previous: "urn:uuid:1"));

        var intact = await Verify(chained);
        chained["proof"]![0]!["created"] = "2025-06-30T12:00:01Z";
        var altered = await Verify(chained);

        Assert.True(intact.Verified, intact.Error);
        Assert.Equal("urn:uuid:1", (string?)chained["proof"]![1]!["previousProof"]);
        Assert.False(altered.Verified);
        Assert.All(altered.Proofs, p => Assert.False(p.Verified));
    }

    [Fact]
    public async Task Chained_proof_with_a_valid_signature_fails_when_the_endorsed_proof_cannot_be_verified()
    {
        // The endorsed proof names a did:web key this resolver cannot fetch, so only the chain rule can fail the second proof.
        using var first = Vectors.ProofSetKey(1);
        using var third = Vectors.ProofSetKey(3);
        var once = DataIntegrityProofs.AddProof(Unsigned(), Cryptosuite.EddsaJcs2022, first, For(first, "urn:uuid:1") with { VerificationMethod = "did:web:unreachable.example#key-1" });
        var chained = DataIntegrityProofs.AddProof(once, Cryptosuite.EddsaJcs2022, third, For(third, previous: "urn:uuid:1"));

        var result = await Verify(chained);

        Assert.False(result.Verified);
        Assert.Contains("INVALID_VERIFICATION_METHOD", result.Proofs[0].Error);
        Assert.Contains("previous proof 'urn:uuid:1'", result.Proofs[1].Error);
    }

    [Fact]
    public void Chaining_to_an_unknown_proof_id_is_refused()
    {
        using var key = Vectors.ProofSetKey(1);

        Assert.Throws<ArgumentException>(() => DataIntegrityProofs.AddProof(Unsigned(), Cryptosuite.EddsaJcs2022, key, For(key, previous: "urn:uuid:missing")));
    }

    [Fact]
    public async Task Expired_proof_and_proof_from_the_future_are_rejected()
    {
        using var key = Vectors.ProofSetKey(1);
        var expiring = DataIntegrityProofs.AddProof(Unsigned(), Cryptosuite.EddsaJcs2022, key, For(key) with { Expires = Created.AddDays(30) });

        var beforeExpiry = await Verify(expiring, new VerifyOptions { Now = Created.AddDays(29) });
        var afterExpiry = await Verify(expiring, new VerifyOptions { Now = Created.AddDays(31) });
        var beforeCreation = await Verify(expiring, new VerifyOptions { Now = Created.AddHours(-1) });

        Assert.True(beforeExpiry.Verified, beforeExpiry.Error);
        Assert.Contains("expired", afterExpiry.Error);
        Assert.Contains("future", beforeCreation.Error);
    }

    [Fact]
    public async Task Unexpected_proof_purpose_is_rejected()
    {
        using var key = Vectors.ProofSetKey(1);
        var secured = DataIntegrityProofs.AddProof(Unsigned(), Cryptosuite.EddsaJcs2022, key, For(key) with { ProofPurpose = "authentication" });

        Assert.False((await Verify(secured)).Verified);
        Assert.True((await Verify(secured, AtCreation with { ExpectedProofPurpose = "authentication" })).Verified);
    }

    [Fact]
    public async Task Key_not_authorised_for_the_purpose_is_rejected()
    {
        using var key = Ed25519Key.Generate();
        const string did = "did:web:issuer.example";
        var document = new DidDocumentBuilder(did).AddEd25519Key(key.PublicKeyBytes, "key-1", "authentication").Build().ToJsonString();
        var resolver = new DidVerificationMethodResolver((_, _) => Task.FromResult(document));
        var secured = DataIntegrityProofs.AddProof(Unsigned(), Cryptosuite.EddsaJcs2022, key, For(key) with { VerificationMethod = did + "#key-1" });

        var result = await DataIntegrityProofs.VerifyAsync(secured, resolver, AtCreation, TestContext.Current.CancellationToken);

        Assert.False(result.Verified);
        Assert.Contains("INVALID_RELATIONSHIP_FOR_VERIFICATION_METHOD", result.Error);
    }

    [Fact]
    public async Task Document_without_proof_or_with_an_unknown_proof_type_is_not_verified()
    {
        using var key = Vectors.ProofSetKey(1);
        var secured = DataIntegrityProofs.AddProof(Unsigned(), Cryptosuite.EddsaJcs2022, key, For(key));
        secured["proof"] = new JsonArray(new JsonObject { ["type"] = "SomeProofType", ["proofPurpose"] = "assertionMethod" }, secured["proof"]!.DeepClone());

        var none = await Verify(Unsigned());
        var mixed = await Verify(secured);
        var anyOne = await Verify(secured, AtCreation with { RequireAllProofs = false });

        Assert.False(none.Verified);
        Assert.Equal("The document has no proof.", none.Error);
        Assert.False(mixed.Verified);
        Assert.True(anyOne.Verified);
    }

    [Fact]
    public async Task Proof_entry_that_is_not_an_object_fails_the_set()
    {
        using var key = Vectors.ProofSetKey(1);
        var secured = DataIntegrityProofs.AddProof(Unsigned(), Cryptosuite.EddsaJcs2022, key, For(key) with { ProofAsArray = true });
        secured["proof"]!.AsArray().Add("not a proof");

        var result = await Verify(secured);

        Assert.False(result.Verified);
        Assert.Equal(2, result.Proofs.Count);
        Assert.Contains("not a JSON object", result.Error);
    }

    [Fact]
    public void Data_integrity_context_is_injected_only_when_the_document_lacks_the_proof_terms()
    {
        using var key = Vectors.ProofSetKey(1);
        var plain = new JsonObject { ["@context"] = "https://schema.org/", ["name"] = "x" };

        var injected = DataIntegrityProofs.AddProof(plain, Cryptosuite.EddsaJcs2022, key, For(key));
        var untouched = DataIntegrityProofs.AddProof(Unsigned(), Cryptosuite.EddsaJcs2022, key, For(key));

        Assert.Equal("""["https://schema.org/","https://w3id.org/security/data-integrity/v2"]""", injected["@context"]!.ToJsonString());
        Assert.Equal(Unsigned()["@context"]!.ToJsonString(), untouched["@context"]!.ToJsonString());
    }

    [Fact]
    public void Proof_as_array_option_emits_a_one_element_array()
    {
        using var key = Vectors.ProofSetKey(1);

        var secured = DataIntegrityProofs.AddProof(Unsigned(), Cryptosuite.EddsaJcs2022, key, For(key) with { ProofAsArray = true });

        Assert.Single(Assert.IsType<JsonArray>(secured["proof"]));
    }
}
