using Laurel.Credentials.Canonicalization;
using Laurel.Credentials.DataIntegrity;
using Laurel.Credentials.Dids;
using Laurel.Credentials.Keys;
using Laurel.Credentials.Multiformats;
using Laurel.Credentials.Rdf;

namespace Laurel.Credentials.Tests.DataIntegrity;

/// <summary>
/// eddsa-rdfc-2022 from the published canonical forms onwards (EDDSA-3.1 steps 5–7): hashes, hashData,
/// signature and proofValue byte for byte. JSON-LD → RDF is covered by <see cref="EndToEndRdfcVectorTests"/>.
/// </summary>
public class RdfcVectorHashTests
{
    public static TheoryData<string> W3cFolders => new("", "employ");

    [Theory]
    [MemberData(nameof(W3cFolders))]
    public void W3c_vector_hashes_signature_and_proof_value_are_reproduced(string folder)
    {
        string File(string name) => Vectors.Text(Vectors.Eddsa(["eddsa-rdfc-2022", .. folder.Length > 0 ? new[] { folder } : [], name]));
        using var key = Vectors.W3cKey();

        var hashData = EddsaCryptosuites.HashData(File("proofCanonDataInt.txt"), File("canonDocDataInt.txt"));
        var signature = key.Sign(hashData);

        Assert.Equal(File("proofHashDataInt.txt").Trim(), Convert.ToHexStringLower(hashData[..32]));
        Assert.Equal(File("docHashDataInt.txt").Trim(), Convert.ToHexStringLower(hashData[32..]));
        Assert.Equal(File("combinedHashDataInt.txt").Trim(), Convert.ToHexStringLower(hashData));
        Assert.Equal(File("sigHexDataInt.txt").Trim(), Convert.ToHexStringLower(signature));
        Assert.Equal(File("sigBTC58DataInt.txt").Trim(), Multibase.EncodeBase58Btc(signature));
    }

    [Fact]
    public void Constructed_ob3_microcredential_vector_reproduces_the_signed_proof_value()
    {
        var document = Vectors.Text(Vectors.TestVector("constructed", "ob3-microcredential.document-canon.nq"));
        var proof = Vectors.Text(Vectors.TestVector("constructed", "ob3-microcredential.proof-canon.nq"));
        var signed = Vectors.Json(Vectors.TestVector("constructed", "ob3-microcredential.eddsa-rdfc-2022.signed.json"));
        using var key = Vectors.W3cKey();

        var hashData = EddsaCryptosuites.HashData(proof, document);

        Assert.Equal("d2d16c923b440b80c137814c683a98027705fc296dc218b1a71ef8034c75d37d", Convert.ToHexStringLower(hashData[32..]));
        Assert.Equal("2f828a70d6d94515aa4c70efb2ec0e8ec25f9fcfebfb0fa38ede7d4c1bd08dac", Convert.ToHexStringLower(hashData[..32]));
        Assert.Equal((string?)signed["proof"]![0]!["proofValue"], Multibase.EncodeBase58Btc(key.Sign(hashData)));
    }

    [Fact]
    public void Ob_specification_vector_verifies_with_the_published_public_key()
    {
        var document = Vectors.Text(Vectors.TestVector("official", "ob3-spec-impl", "document-canon.txt"));
        var proof = Vectors.Text(Vectors.TestVector("official", "ob3-spec-impl", "proof-canon.txt"));
        var signed = Vectors.Json(Vectors.TestVector("official", "ob3-spec-impl", "signed-credential.transcribed.json"));
        using var publicKey = Multikey.ToPublicKey("z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi");

        var hashData = EddsaCryptosuites.HashData(proof, document);
        var signature = Multibase.DecodeBase58Btc((string)signed["proof"]!["proofValue"]!);

        Assert.Equal("87f65a76d40146205e3b3e06cb0fbd153f97f9ce70372390f52566bb7f9e0773", Convert.ToHexStringLower(hashData[32..]));
        Assert.Equal("d34009cea0dbc1ca941e09dc01c8c9d3e3ce3c5b853f67ee44698dcea10f5d19", Convert.ToHexStringLower(hashData[..32]));
        Assert.True(publicKey.Verify(hashData, signature));
        hashData[^1] ^= 1;
        Assert.False(publicKey.Verify(hashData, signature));
    }

    public static TheoryData<string> CanonicalFiles => new(
        Vectors.Eddsa("eddsa-rdfc-2022", "employ", "canonDocDataInt.txt"),
        Vectors.Eddsa("eddsa-rdfc-2022", "proofCanonDataInt.txt"),
        Vectors.TestVector("constructed", "ob3-microcredential.document-canon.nq"),
        Vectors.TestVector("constructed", "bitstring-status-list.document-canon.nq"),
        Vectors.TestVector("official", "ob3-spec-impl", "document-canon.txt"));

    [Theory]
    [MemberData(nameof(CanonicalFiles))]
    public void Real_credential_canonical_forms_are_recovered_after_relabelling_and_shuffling(string path)
    {
        var expected = Vectors.Text(path);
        var quads = NQuads.Parse(expected);
        var random = new Random(42);
        var labels = new Dictionary<string, string>();
        RdfTerm Relabel(RdfTerm t) => t.IsBlank
            ? RdfTerm.Blank(labels.TryGetValue(t.Value, out var l) ? l : labels[t.Value] = "x" + random.Next(1_000_000))
            : t;
        var scrambled = quads.Select(q => new RdfQuad(Relabel(q.Subject), q.Predicate, Relabel(q.Object), Relabel(q.Graph)))
            .OrderBy(_ => random.Next()).ToList();

        Assert.Equal(expected, NQuads.Serialize(quads));
        Assert.Equal(expected, Rdfc10.Canonicalize(scrambled));
    }

    [Fact]
    public void Proof_value_of_another_key_does_not_verify()
    {
        var hashData = EddsaCryptosuites.HashData(
            Vectors.Text(Vectors.Eddsa("eddsa-rdfc-2022", "proofCanonDataInt.txt")),
            Vectors.Text(Vectors.Eddsa("eddsa-rdfc-2022", "canonDocDataInt.txt")));
        using var other = Ed25519Key.Generate();
        var published = Multibase.DecodeBase58Btc(Vectors.Text(Vectors.Eddsa("eddsa-rdfc-2022", "sigBTC58DataInt.txt")).Trim());

        Assert.True(Ed25519Key.FromPublicKey(DidKey.PublicKeyOf("did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2")).Verify(hashData, published));
        Assert.False(other.Verify(hashData, published));
    }
}
