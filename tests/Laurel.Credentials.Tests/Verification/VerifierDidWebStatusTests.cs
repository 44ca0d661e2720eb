using System.Text.Json.Nodes;
using Laurel.Credentials.DataIntegrity;
using Laurel.Credentials.Dids;
using Laurel.Credentials.Keys;
using Laurel.Credentials.Multiformats;
using Laurel.Credentials.StatusList;
using Laurel.Credentials.Verification;
using static Laurel.Credentials.Tests.Verification.VerifierFixtures;

namespace Laurel.Credentials.Tests.Verification;

/// <summary>An issuer on did:web with its own signed suspension list, served by a fake web through <see cref="VerifierOptions.WithFetch"/>.</summary>
public sealed class VerifierDidWebStatusTests : IDisposable
{
    private const string Did = "did:web:badges.example.edu";
    private const string ListUrl = "https://badges.example.edu/status/suspension";
    private readonly Ed25519Key _key = Ed25519Key.Generate();
    private readonly Dictionary<string, string> _web = new(StringComparer.Ordinal);

    public VerifierDidWebStatusTests()
    {
        _web[DidWeb.ToDocumentUrl(Did).AbsoluteUri] = new DidDocumentBuilder(Did).AddEd25519Key(_key.PublicKeyBytes).Build().ToJsonString();
    }

    public void Dispose() => _key.Dispose();

    private string MethodId => Did + "#" + Multikey.EncodeEd25519PublicKey(_key.PublicKeyBytes);

    private void PublishList(params long[] suspended)
    {
        var bits = new StatusBitstring();
        foreach (var index in suspended) bits.Set(index);
        var list = BitstringStatusListBuilder.BuildCredential(new StatusListCredentialOptions
        {
            Id = ListUrl, Issuer = Did, StatusPurpose = StatusPurpose.Suspension, ValidFrom = Now.AddDays(-30),
        }, bits);
        _web[ListUrl] = DataIntegrityProofs.AddProof(list, Cryptosuite.EddsaRdfc2022, _key, new ProofOptions { VerificationMethod = MethodId }).ToJsonString();
    }

    private JsonObject Credential(long index)
    {
        var unsigned = Json(Constructed("ob3-microcredential.unsigned.json"));
        unsigned["issuer"]!["id"] = Did;
        unsigned["credentialStatus"] = BitstringStatusListBuilder.BuildEntry(ListUrl, index, StatusPurpose.Suspension);
        return DataIntegrityProofs.AddProof(unsigned, Cryptosuite.EddsaRdfc2022, _key, new ProofOptions { VerificationMethod = MethodId, ProofAsArray = true });
    }

    private Verifier Verifier() => new(VerifierOptions.WithFetch((url, _) =>
        _web.TryGetValue(url.AbsoluteUri, out var text) ? Task.FromResult(text) : Task.FromException<string>(new HttpRequestException("404"))));

    [Fact]
    public async Task Credential_whose_bit_is_clear_is_valid_with_status_and_did_web_issuer_passed()
    {
        PublishList(7);

        var report = await Verifier().VerifyAsync(Credential(8), At, TestContext.Current.CancellationToken);

        Assert.True(report.Verdict == Verdict.Valid, Describe(report));
        Assert.Equal(CheckOutcome.Passed, report.Check("status")!.Outcome);
        Assert.Equal(CheckOutcome.Passed, report.Check("issuer")!.Outcome);
        Assert.Equal(Did, report.IssuerId);
        Assert.Null(report.StatusReason);
    }

    [Fact]
    public async Task Credential_whose_bit_is_set_in_a_suspension_list_is_invalid_and_suspended()
    {
        PublishList(7, 8);

        var report = await Verifier().VerifyAsync(Credential(8), At, TestContext.Current.CancellationToken);

        Assert.Equal(Verdict.Invalid, report.Verdict);
        Assert.Equal("status.suspended", report.Check("status")!.Code);
        Assert.Equal("suspended", report.StatusReason);
    }

    [Fact]
    public async Task Credential_signed_by_a_did_key_but_naming_the_did_web_issuer_fails_the_issuer_check()
    {
        PublishList();
        using var other = Ed25519Key.Generate();
        var otherDid = DidKey.FromPublicKey(other.PublicKeyBytes);
        var unsigned = Json(Constructed("ob3-microcredential.unsigned.json"));
        unsigned["issuer"]!["id"] = Did;
        unsigned.Remove("credentialStatus");
        var forged = DataIntegrityProofs.AddProof(unsigned, Cryptosuite.EddsaRdfc2022, other,
            new ProofOptions { VerificationMethod = DidKey.VerificationMethodId(otherDid), ProofAsArray = true });

        var report = await Verifier().VerifyAsync(forged, At, TestContext.Current.CancellationToken);

        Assert.Equal(CheckOutcome.Passed, report.Check("proof")!.Outcome);
        Assert.Equal("issuer.key_mismatch", report.Check("issuer")!.Code);
        Assert.Equal(Verdict.Invalid, report.Verdict);
    }

    [Fact]
    public async Task A_status_list_that_is_not_served_fails_the_status_check()
    {
        var report = await Verifier().VerifyAsync(Credential(8), At, TestContext.Current.CancellationToken);

        Assert.Equal("status.unavailable", report.Check("status")!.Code);
        Assert.Equal(Verdict.Invalid, report.Verdict);
    }

    [Fact]
    public async Task A_key_server_that_never_answers_fails_the_proof_within_the_fetch_timeout()
    {
        var verifier = new Verifier(VerifierOptions.WithFetch((_, _) => new TaskCompletionSource<string>().Task, fetchTimeout: TimeSpan.FromMilliseconds(200)));

        var report = await verifier.VerifyAsync(Credential(8), At, TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(20), TestContext.Current.CancellationToken);

        Assert.Equal("proof.key_not_found", report.Check("proof")!.Code);
        Assert.Equal(Verdict.Invalid, report.Verdict);
    }
}
