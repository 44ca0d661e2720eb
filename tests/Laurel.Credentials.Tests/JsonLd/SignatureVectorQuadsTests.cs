using System.Text.Json.Nodes;
using Laurel.Credentials.JsonLd;

namespace Laurel.Credentials.Tests.JsonLd;

/// <summary>
/// The RDF behind published signature vectors: our quads must be isomorphic to the vectors' canonical N-Quads,
/// otherwise signatures made by other stacks could never verify.
/// </summary>
public class SignatureVectorQuadsTests
{
    public static TheoryData<string, string, bool> Vectors() => new()
    {
        // document (proof removed when present), canonical N-Quads, needs the examples context
        { "testsuites/vc-di-eddsa/TestVectors/eddsa-rdfc-2022/signedDataInt.json", "testsuites/vc-di-eddsa/TestVectors/eddsa-rdfc-2022/canonDocDataInt.txt", true },
        { "testsuites/vc-di-eddsa/TestVectors/eddsa-rdfc-2022/proofConfigDataInt.json", "testsuites/vc-di-eddsa/TestVectors/eddsa-rdfc-2022/proofCanonDataInt.txt", true },
        { "spec/testvectors/official/ob3-spec-impl/signed-credential.transcribed.json", "spec/testvectors/official/ob3-spec-impl/document-canon.txt", false },
        { "spec/testvectors/constructed/bitstring-status-list.signed.json", "spec/testvectors/constructed/bitstring-status-list.document-canon.nq", false },
        { "spec/testvectors/constructed/ob3-microcredential.eddsa-rdfc-2022.signed.json", "spec/testvectors/constructed/ob3-microcredential.document-canon.nq", false },
    };

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Document_quads_match_the_vector_canonical_form(string document, string canonical, bool examples)
    {
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(SharedData.Root, document)))!.AsObject();
        json.Remove("proof");
        var expected = TestNQuads.Parse(File.ReadAllText(Path.Combine(SharedData.Root, canonical)));
        var options = new JsonLdOptions { DocumentLoader = examples ? ShippedContexts.WithExamples : null, SafeMode = true };

        var actual = JsonLdProcessor.ToRdf(json, options);

        Assert.True(DatasetIsomorphism.AreIsomorphic(actual, expected),
            $"expected {expected.Count} quads, got {actual.Count}:\n" + string.Join('\n', actual.Select(TestNQuads.Format).Order()));
    }
}
