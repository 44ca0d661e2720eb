using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using Laurel.Credentials.Canonicalization;
using Laurel.Credentials.DataIntegrity;
using Laurel.Credentials.Dids;
using Laurel.Credentials.JsonLd;
using Laurel.Credentials.Rdf;

namespace Laurel.Bench;

/// <summary>
/// Signs and verifies the OB 3.0 micro-credential fixture, plus each stage on its own, so the cost of a proof can be
/// split into JSON-LD → RDF, RDFC-1.0 and Ed25519 (docs/benchmarks.md compares these with digitalbazaar's JS stack).
/// </summary>
[MemoryDiagnoser]
public class CredentialBenchmarks
{
    private JsonObject _unsigned = null!;
    private JsonObject _signed = null!;
    private List<RdfQuad> _quads = null!;
    private byte[] _digest = null!;
    private DidVerificationMethodResolver _resolver = null!;

    [GlobalSetup]
    public void Setup()
    {
        _unsigned = Fixture.Unsigned();
        _signed = DataIntegrityProofs.AddProof(_unsigned, Cryptosuite.EddsaRdfc2022, Fixture.Key, Fixture.ProofOptions);
        _quads = JsonLdProcessor.ToRdf(_unsigned);
        _digest = new byte[64];
        Random.Shared.NextBytes(_digest);
        _resolver = new DidVerificationMethodResolver();
        if (!DataIntegrityProofs.VerifyAsync(_signed, _resolver).GetAwaiter().GetResult().Verified)
            throw new InvalidOperationException("The benchmark credential does not verify.");
    }

    /// <summary>AddProof with eddsa-rdfc-2022: the whole signing path.</summary>
    [Benchmark(Baseline = true)]
    public JsonObject SignRdfc() => DataIntegrityProofs.AddProof(_unsigned, Cryptosuite.EddsaRdfc2022, Fixture.Key, Fixture.ProofOptions);

    /// <summary>VerifyAsync with a did:key resolver: the whole verification path.</summary>
    [Benchmark]
    public bool VerifyRdfc() => DataIntegrityProofs.VerifyAsync(_signed, _resolver).GetAwaiter().GetResult().Verified;

    /// <summary>JSON-LD expansion and deserialization to RDF of the unsigned credential.</summary>
    [Benchmark]
    public int ToRdf() => JsonLdProcessor.ToRdf(_unsigned).Count;

    /// <summary>RDFC-1.0 of the pre-computed quads.</summary>
    [Benchmark]
    public int Canonicalize() => Rdfc10.CanonicalizeToUtf8(_quads).Length;

    /// <summary>One Ed25519 signature over 64 bytes (the two SHA-256 hashes): the floor for any signer.</summary>
    [Benchmark]
    public byte[] Ed25519Sign() => Fixture.Key.Sign(_digest);

    /// <summary>AddProof with eddsa-jcs-2022 (JCS instead of JSON-LD + RDFC).</summary>
    [Benchmark]
    public JsonObject SignJcs() => DataIntegrityProofs.AddProof(_unsigned, Cryptosuite.EddsaJcs2022, Fixture.Key, Fixture.ProofOptions);
}
