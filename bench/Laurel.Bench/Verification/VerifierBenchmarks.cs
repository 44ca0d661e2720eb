using System.Text;
using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using Laurel.Credentials.DataIntegrity;
using Laurel.Credentials.Dids;
using Laurel.Credentials.StatusList;
using Laurel.Credentials.Verification;

namespace Laurel.Bench.Verification;

/// <summary>
/// Issue 18, uncached verification: the bare eddsa-rdfc-2022 proof check of one credential (parsed from its bytes, as the
/// endpoint gets it) next to the library's whole <see cref="Verifier"/> over the same bytes, with the key and both status lists
/// (revocation + suspension, signed, proofs remembered as Laurel does) in memory. The difference is what the verifier adds to
/// the proof check before any database or HTTP work; <c>verify-profile</c> and the load suite measure the rest.
/// <c>dotnet run -c Release --project bench/Laurel.Bench -- --filter '*VerifierBenchmarks*'</c>
/// </summary>
[MemoryDiagnoser]
public class VerifierBenchmarks
{
    private const string ListBase = "https://laurel.example/status/";
    private byte[][] _inputs = null!;
    private int _next;
    private Verifier _verifier = null!;
    private DidVerificationMethodResolver _resolver = null!;

    [GlobalSetup]
    public void Setup()
    {
        var now = new DateTimeOffset(2025, 7, 1, 12, 0, 0, TimeSpan.Zero);
        var lists = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var purpose in new[] { StatusPurpose.Revocation, StatusPurpose.Suspension })
        {
            var url = ListBase + purpose;
            var unsigned = BitstringStatusListBuilder.BuildCredential(new StatusListCredentialOptions
            {
                Id = url, Issuer = Fixture.Did, StatusPurpose = purpose, ValidFrom = now,
            }, new StatusBitstring());
            lists[url] = DataIntegrityProofs.AddProof(unsigned, Cryptosuite.EddsaRdfc2022, Fixture.Key, Fixture.ProofOptions);
        }
        // 64 credentials that differ in id and status index, as a verifier sees awards of one definition.
        _inputs = new byte[64][];
        for (var n = 0; n < _inputs.Length; n++)
        {
            var credential = Fixture.Unsigned();
            credential["id"] = $"urn:uuid:{Guid.CreateVersion7()}";
            credential["credentialStatus"] = new JsonArray(
                BitstringStatusListBuilder.BuildEntry(ListBase + StatusPurpose.Revocation, 1000 + n, StatusPurpose.Revocation),
                BitstringStatusListBuilder.BuildEntry(ListBase + StatusPurpose.Suspension, 1000 + n, StatusPurpose.Suspension));
            _inputs[n] = Encoding.UTF8.GetBytes(DataIntegrityProofs.AddProof(credential, Cryptosuite.EddsaRdfc2022, Fixture.Key, Fixture.ProofOptions).ToJsonString());
        }
        _resolver = new DidVerificationMethodResolver();
        _verifier = new Verifier(new VerifierOptions
        {
            Resolver = _resolver,
            StatusListProofs = new StatusListProofCache(),
            // Each verification gets the list as a fetch would: a fresh parse of the signed JSON.
            FetchStatusList = (url, _) => Task.FromResult(JsonNode.Parse(lists[url.AbsoluteUri].ToJsonString()) as JsonObject),
        });
        if (!BareProof()) throw new InvalidOperationException("The benchmark credential does not verify.");
        if (_verifier.VerifyAsync(_inputs[0]).GetAwaiter().GetResult() is var report && report.Verdict != Verdict.Valid)
            throw new InvalidOperationException("not valid: " + string.Join("; ", report.Checks.Select(c => c.Code + " " + c.Detail)));
    }

    private byte[] Next() => _inputs[_next++ % _inputs.Length];

    /// <summary>Parse the bytes and check the proof with the key in hand: the floor of any verification.</summary>
    [Benchmark(Baseline = true)]
    public bool BareProof() =>
        DataIntegrityProofs.VerifyAsync(JsonNode.Parse(Next())!.AsObject(), _resolver).GetAwaiter().GetResult().Verified;

    /// <summary>
    /// The same proof check with JSON-LD options given (equal to the defaults), which bypasses the verification-side achievement cache
    /// (<c>SharedAchievementCache</c>): the whole credential is turned into RDF every time, as before round 5.
    /// </summary>
    [Benchmark]
    public bool BareProofWithoutAchievementCache() =>
        DataIntegrityProofs.VerifyAsync(JsonNode.Parse(Next())!.AsObject(), _resolver, WithoutCache).GetAwaiter().GetResult().Verified;

    private static readonly VerifyOptions WithoutCache = new() { JsonLd = new Laurel.Credentials.JsonLd.JsonLdOptions() };

    /// <summary>The whole library verifier over the same bytes: format, schema, proof, issuer, both status lists, dates, report.</summary>
    [Benchmark]
    public Verdict FullVerifier() => _verifier.VerifyAsync(Next()).GetAwaiter().GetResult().Verdict;
}
