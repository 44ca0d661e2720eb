using System.Diagnostics;
using System.Text.Json.Nodes;
using Laurel.Credentials.DataIntegrity;
using Laurel.Credentials.Dids;
using Laurel.Credentials.JsonLd;
using Laurel.Credentials.Keys;
using Laurel.Credentials.StatusList;
using Laurel.Credentials.Tests.DataIntegrity;
using Laurel.Credentials.Verification;
using static Laurel.Credentials.Tests.Verification.VerifierFixtures;

namespace Laurel.Credentials.Tests.Verification;

/// <summary>
/// Issue 15: the verifier checks any VC 2.0 (or 1.1) credential by the VC data model — the OB 3.0 shape only for OB 3.0
/// credentials — every proof of a proof set and previousProof chain (W3C vc-di-eddsa proof-set-chain vectors), every
/// status purpose, and the dates of either data model version; hostile proof sets and status entries stay within budget.
/// </summary>
public sealed class GenericVerifierTests
{
    private static readonly DateTimeOffset Now = new(2025, 6, 30, 12, 0, 0, TimeSpan.Zero);
    private static readonly VerificationRequest At = new() { Now = Now };
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly JsonLdOptions Examples = new() { DocumentLoader = ShippedContexts.WithExamples };

    /// <summary>The W3C vectors use the tests-only examples context, which the production loader refuses.</summary>
    private static Verifier Verifier(Func<Uri, CancellationToken, Task<JsonObject?>>? statusLists = null) => new(new VerifierOptions
    {
        JsonLd = Examples,
        FetchStatusList = statusLists,
    });

    private static string Did(Ed25519Key key) => DidKey.FromPublicKey(key.PublicKeyBytes);

    private static ProofOptions By(Ed25519Key key, string? id = null, string? previous = null) => new()
    {
        VerificationMethod = DidKey.VerificationMethodId(Did(key)), Created = Now.AddDays(-1), Id = id, PreviousProof = previous,
    };

    /// <summary>The W3C unsigned alumni credential, issued by <paramref name="key"/>'s did:key so that the issuer check can pass.</summary>
    private static JsonObject Alumni(Ed25519Key key, Action<JsonObject>? change = null)
    {
        var credential = Vectors.Json(Vectors.Eddsa("unsigned.json"));
        credential["issuer"] = Did(key);
        change?.Invoke(credential);
        return credential;
    }

    private static JsonObject Sign(JsonObject unsigned, Ed25519Key key, string? id = null, string? previous = null) =>
        DataIntegrityProofs.AddProof(unsigned, Cryptosuite.EddsaRdfc2022, key, By(key, id, previous), Examples);

    [Fact]
    public async Task A_VC_2_0_credential_that_is_no_open_badge_is_valid_without_the_open_badge_shape()
    {
        using var key = Vectors.ProofSetKey(1);

        var report = await Verifier().VerifyAsync(Sign(Alumni(key), key), At, Ct);

        Assert.True(report.Verdict == Verdict.Valid, Describe(report));
        Assert.Equal(CredentialFormat.VcDataIntegrity, report.Format);
        Assert.Equal("schema.vc_valid", report.Check("schema")!.Code);
        Assert.Equal("issuer.key_matches", report.Check("issuer")!.Code);
        Assert.Null(report.AchievementName);
    }

    [Fact]
    public async Task A_VC_2_0_credential_breaking_the_data_model_fails_the_schema_check_naming_every_problem()
    {
        using var key = Vectors.ProofSetKey(1);
        var broken = Sign(Alumni(key, c =>
        {
            c.Remove("credentialSubject");
            c["validUntil"] = "2022-01-01T00:00:00Z"; // before validFrom
        }), key);

        var report = await Verifier().VerifyAsync(broken, At, Ct);

        Assert.Equal(Verdict.Invalid, report.Verdict);
        var schema = report.Check("schema")!;
        Assert.Equal("schema.vc_invalid", schema.Code);
        Assert.Contains("credentialSubject", schema.Detail);
        Assert.Contains("validUntil", schema.Detail);
        Assert.Equal(CheckOutcome.Passed, report.Check("proof")!.Outcome); // the signature is fine; the structure is not
    }

    [Fact]
    public async Task The_W3C_proof_set_verifies_only_while_every_proof_does()
    {
        var set = Vectors.Json(Vectors.Eddsa("proof-set-chain", "signedProofSet2.json"));

        var intact = await Verifier().VerifyAsync(set, At, Ct);
        set["proof"]![1]!["proofValue"] = set["proof"]![0]!["proofValue"]!.DeepClone();
        var oneBroken = await Verifier().VerifyAsync(set, At, Ct);

        Assert.True(intact.Check("proof")!.Outcome == CheckOutcome.Passed, Describe(intact));
        Assert.Contains("All 2 proofs", intact.Check("proof")!.Detail);
        // One good proof is not enough (DI-2.3): before issue 15 the first proof alone passed the check.
        Assert.Equal(CheckOutcome.Failed, oneBroken.Check("proof")!.Outcome);
        Assert.Contains("Proof 2 of 2", oneBroken.Check("proof")!.Detail);
    }

    [Fact]
    public async Task The_W3C_proof_chain_verifies_and_fails_once_an_endorsed_proof_is_altered()
    {
        var chain = Vectors.Json(Vectors.Eddsa("proof-set-chain", "signedProofChain2.json"));

        var intact = await Verifier().VerifyAsync(chain, At, Ct);
        chain["proof"]![0]!["created"] = "2023-02-24T23:36:39Z";
        var altered = await Verifier().VerifyAsync(chain, At, Ct);

        Assert.True(intact.Check("proof")!.Outcome == CheckOutcome.Passed, Describe(intact));
        Assert.Contains("All 4 proofs", intact.Check("proof")!.Detail);
        Assert.Equal(CheckOutcome.Failed, altered.Check("proof")!.Outcome);
    }

    [Fact]
    public async Task A_chained_proof_naming_a_missing_proof_fails()
    {
        using var first = Vectors.ProofSetKey(1);
        using var second = Vectors.ProofSetKey(2);
        var once = Sign(Alumni(first), first, id: "urn:uuid:first");
        var chained = Sign(once, second, previous: "urn:uuid:first");
        chained["proof"]![1]!["previousProof"] = "urn:uuid:missing"; // the signature over the chain no longer matters: the name is wrong

        var report = await Verifier().VerifyAsync(chained, At, Ct);

        Assert.Equal(CheckOutcome.Failed, report.Check("proof")!.Outcome);
        Assert.Contains("urn:uuid:missing", report.Check("proof")!.Detail);
    }

    [Fact]
    public async Task A_VC_1_1_credential_is_verified_with_issuanceDate_and_expirationDate()
    {
        using var key = Vectors.ProofSetKey(1);
        JsonObject V1(string? expires) => Sign(new JsonObject
        {
            ["@context"] = new JsonArray("https://www.w3.org/2018/credentials/v1"),
            ["id"] = "urn:uuid:86294362-4254-4f36-854f-3952fe42555d",
            ["type"] = new JsonArray("VerifiableCredential"),
            ["issuer"] = Did(key),
            ["issuanceDate"] = "2020-03-16T22:37:26.544Z",
            ["expirationDate"] = expires,
            ["credentialSubject"] = new JsonObject { ["id"] = Did(key) },
        }, key);

        var valid = await Verifier().VerifyAsync(V1("2030-01-01T00:00:00Z"), At, Ct);
        var expired = await Verifier().VerifyAsync(V1("2024-01-01T00:00:00Z"), At, Ct);

        Assert.True(valid.Verdict == Verdict.Valid, Describe(valid));
        Assert.Equal("dates.expired", expired.Check("dates")!.Code);
        Assert.Equal(CheckOutcome.Passed, expired.Check("proof")!.Outcome);
    }

    [Fact]
    public async Task A_VC_2_0_credential_whose_validFrom_is_in_the_future_is_not_valid_yet_and_validFrom_may_be_absent()
    {
        using var key = Vectors.ProofSetKey(1);

        var future = await Verifier().VerifyAsync(Sign(Alumni(key, c => c["validFrom"] = "2030-01-01T00:00:00Z"), key), At, Ct);
        var undated = await Verifier().VerifyAsync(Sign(Alumni(key, c => c.Remove("validFrom")), key), At, Ct);

        Assert.Equal("dates.not_yet_valid", future.Check("dates")!.Code);
        Assert.True(undated.Verdict == Verdict.Valid, Describe(undated));
    }

    /// <summary>A status list of <paramref name="purpose"/> signed by <paramref name="key"/>, with <paramref name="set"/> set.</summary>
    private static JsonObject StatusList(Ed25519Key key, string url, string purpose, int[] set)
    {
        var bits = new StatusBitstring();
        foreach (var index in set) bits.Set(index);
        var list = BitstringStatusListBuilder.BuildCredential(new StatusListCredentialOptions
        {
            Id = url, Issuer = Did(key), StatusPurpose = purpose, ValidFrom = Now.AddDays(-10),
        }, bits);
        return Sign(list, key);
    }

    [Theory]
    [InlineData(false, false, "status.ok", null)]
    [InlineData(false, true, "status.suspended", "suspended")]
    [InlineData(true, false, "status.revoked", "revoked")]
    [InlineData(true, true, "status.revoked", "revoked")]
    public async Task Revocation_and_suspension_entries_are_both_checked(bool revoked, bool suspended, string code, string? reason)
    {
        using var key = Vectors.ProofSetKey(1);
        const string revocationUrl = "https://issuer.example/status/revocation", suspensionUrl = "https://issuer.example/status/suspension";
        var lists = new Dictionary<string, JsonObject>
        {
            [revocationUrl] = StatusList(key, revocationUrl, StatusPurpose.Revocation, revoked ? [7] : Array.Empty<int>()),
            [suspensionUrl] = StatusList(key, suspensionUrl, StatusPurpose.Suspension, suspended ? [7] : Array.Empty<int>()),
        };
        var credential = Sign(Alumni(key, c => c["credentialStatus"] = new JsonArray(
            BitstringStatusListBuilder.BuildEntry(revocationUrl, 7, StatusPurpose.Revocation),
            BitstringStatusListBuilder.BuildEntry(suspensionUrl, 7, StatusPurpose.Suspension))), key);

        var report = await Verifier((url, _) => Task.FromResult<JsonObject?>(lists[url.AbsoluteUri].DeepClone().AsObject())).VerifyAsync(credential, At, Ct);

        var status = report.Check("status")!;
        Assert.True(status.Code == code, Describe(report));
        Assert.Equal(reason, report.StatusReason);
        Assert.DoesNotContain("Not revocation", status.Detail);
        if (!revoked) Assert.Contains($"Not revoked according to {revocationUrl}.", status.Detail);
        if (!suspended) Assert.Contains($"Not suspended according to {suspensionUrl}.", status.Detail);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_set_of_1000_proofs_or_a_chain_of_1000_is_refused_quickly_naming_MaxProofs(bool chained)
    {
        using var key = Vectors.ProofSetKey(1);
        var credential = Sign(Alumni(key), key);
        var proof = credential["proof"]!;
        var proofs = new JsonArray();
        for (var i = 0; i < 1_000; i++)
        {
            var copy = proof.DeepClone().AsObject();
            copy["id"] = $"urn:proof:{i}";
            if (chained && i > 0) copy["previousProof"] = $"urn:proof:{i - 1}";
            proofs.Add(copy);
        }
        credential["proof"] = proofs;
        var watch = Stopwatch.StartNew();

        var report = await Verifier().VerifyAsync(credential, At, Ct);

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"took {watch.Elapsed.TotalSeconds:F1} s");
        Assert.Equal(Verdict.Invalid, report.Verdict);
        Assert.Equal("MaxProofs", report.ExceededLimit);
        Assert.Contains("MaxProofs", report.Check("proof")!.Detail);
    }

    [Fact]
    public async Task A_credential_with_1000_status_entries_is_refused_before_any_fetch_naming_MaxStatusEntries()
    {
        using var key = Vectors.ProofSetKey(1);
        var entries = new JsonArray();
        for (var i = 0; i < 1_000; i++) entries.Add(BitstringStatusListBuilder.BuildEntry($"https://issuer{i}.example/status", i, StatusPurpose.Revocation));
        var fetches = 0;

        var report = await Verifier((_, _) =>
        {
            Interlocked.Increment(ref fetches);
            return Task.FromResult<JsonObject?>(null);
        }).VerifyAsync(Sign(Alumni(key, c => c["credentialStatus"] = entries), key), At, Ct);

        Assert.Equal("MaxStatusEntries", report.ExceededLimit);
        Assert.Equal(Verdict.Invalid, report.Verdict);
        Assert.Equal(0, fetches);
    }
}
