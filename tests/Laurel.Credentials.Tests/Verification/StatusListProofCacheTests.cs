using System.Text.Json.Nodes;
using Laurel.Credentials.DataIntegrity;
using Laurel.Credentials.Dids;
using Laurel.Credentials.Keys;
using Laurel.Credentials.Multiformats;
using Laurel.Credentials.StatusList;
using Laurel.Credentials.Verification;
using static Laurel.Credentials.Tests.Verification.VerifierFixtures;

namespace Laurel.Credentials.Tests.Verification;

/// <summary>
/// A status list whose proof verified once is not verified again (issue 18), but only for exactly those bytes and that key:
/// a list changed without a new signature, a list re-signed by another key, and a revoked bit still decide the verdict.
/// </summary>
public sealed class StatusListProofCacheTests : IDisposable
{
    private const string Did = "did:web:badges.example.edu";
    private const string ListUrl = "https://badges.example.edu/status/revocation";
    private Ed25519Key _key = Ed25519Key.Generate();
    private readonly List<Ed25519Key> _old = [];
    private readonly Dictionary<string, string> _web = new(StringComparer.Ordinal);
    private readonly StatusListProofCache _cache = new();
    private int _listFetches;

    public StatusListProofCacheTests() => PublishDid();

    public void Dispose()
    {
        _key.Dispose();
        foreach (var key in _old) key.Dispose();
    }

    private string MethodId => Did + "#" + Multikey.EncodeEd25519PublicKey(_key.PublicKeyBytes);

    private void PublishDid() =>
        _web[DidWeb.ToDocumentUrl(Did).AbsoluteUri] = new DidDocumentBuilder(Did).AddEd25519Key(_key.PublicKeyBytes).Build().ToJsonString();

    private JsonObject SignedList(params long[] revoked)
    {
        var bits = new StatusBitstring();
        foreach (var index in revoked) bits.Set(index);
        var list = BitstringStatusListBuilder.BuildCredential(new StatusListCredentialOptions
        {
            Id = ListUrl, Issuer = Did, StatusPurpose = StatusPurpose.Revocation, ValidFrom = Now.AddDays(-30),
        }, bits);
        return DataIntegrityProofs.AddProof(list, Cryptosuite.EddsaRdfc2022, _key, new ProofOptions { VerificationMethod = MethodId });
    }

    private JsonObject Credential(long index)
    {
        var unsigned = Json(Constructed("ob3-microcredential.unsigned.json"));
        unsigned["issuer"]!["id"] = Did;
        unsigned["credentialStatus"] = BitstringStatusListBuilder.BuildEntry(ListUrl, index, StatusPurpose.Revocation);
        return DataIntegrityProofs.AddProof(unsigned, Cryptosuite.EddsaRdfc2022, _key, new ProofOptions { VerificationMethod = MethodId, ProofAsArray = true });
    }

    // A fresh verifier per call, as Laurel makes one per request; only the cache is shared.
    private Task<VerificationReport> VerifyAsync(JsonObject credential)
    {
        var options = VerifierOptions.WithFetch(FetchAsync) with { StatusListProofs = _cache };
        return new Verifier(options).VerifyAsync(credential, At, TestContext.Current.CancellationToken);
    }

    private Task<string> FetchAsync(Uri url, CancellationToken ct)
    {
        if (url.AbsoluteUri == ListUrl) _listFetches++;
        return _web.TryGetValue(url.AbsoluteUri, out var text) ? Task.FromResult(text) : Task.FromException<string>(new HttpRequestException("404"));
    }

    [Fact]
    public async Task A_cached_list_is_still_fetched_and_read_for_every_credential()
    {
        _web[ListUrl] = SignedList(7).ToJsonString();
        var fine = Credential(8);
        var revoked = Credential(7);

        Assert.True((await VerifyAsync(fine)).Verdict == Verdict.Valid);
        var second = await VerifyAsync(revoked);

        Assert.Equal("status.revoked", second.Check("status")!.Code);
        Assert.Equal(2, _listFetches);
    }

    [Fact]
    public async Task A_list_changed_without_a_new_signature_fails_even_after_the_signed_one_was_cached()
    {
        var genuine = SignedList(7);
        _web[ListUrl] = genuine.ToJsonString();
        Assert.Equal(Verdict.Valid, (await VerifyAsync(Credential(3))).Verdict);

        // Someone serves the list with bit 7 cleared but keeps the old proof: other bytes, so the proof is checked and fails.
        var tampered = genuine.DeepClone().AsObject();
        tampered["credentialSubject"]!["encodedList"] = SignedList()["credentialSubject"]!["encodedList"]!.DeepClone();
        _web[ListUrl] = tampered.ToJsonString();

        var report = await VerifyAsync(Credential(7));

        Assert.Equal("status.list_proof_invalid", report.Check("status")!.Code);
        Assert.Equal(Verdict.Invalid, report.Verdict);
    }

    [Fact]
    public async Task A_cached_list_no_longer_vouches_once_its_key_resolves_to_other_key_material()
    {
        _web[ListUrl] = SignedList().ToJsonString();
        var credential = Credential(3);
        Assert.Equal(Verdict.Valid, (await VerifyAsync(credential)).Verdict);

        // The issuer's DID document now names another key under the same verification method id (a key replaced in place).
        var fragment = MethodId.Split('#')[1];
        _old.Add(_key);
        _key = Ed25519Key.Generate();
        _web[DidWeb.ToDocumentUrl(Did).AbsoluteUri] = new DidDocumentBuilder(Did).AddEd25519Key(_key.PublicKeyBytes, fragment).Build().ToJsonString();

        var report = await VerifyAsync(credential);

        // The credential's own proof fails too; what matters here is that the list is not taken as authentic from the cache.
        Assert.Equal("status.list_proof_invalid", report.Check("status")!.Code);
        Assert.Equal(Verdict.Invalid, report.Verdict);
    }
}
