using System.Text.Json.Nodes;
using Laurel.Credentials.JsonLd;

namespace Laurel.Credentials.Tests.JsonLd;

/// <summary>JSON-LD processing of real credentials with the shipped contexts, safe mode and the context loader.</summary>
public class CredentialProcessingTests
{
    private static readonly string FixturePath =
        SharedData.SpecFile("testvectors", "constructed", "ob3-microcredential.unsigned.json");

    private static readonly string CanonicalQuadsPath =
        SharedData.SpecFile("testvectors", "constructed", "ob3-microcredential.document-canon.nq");

    private static JsonNode Fixture() => JsonNode.Parse(File.ReadAllText(FixturePath))!;

    [Fact]
    public void Ob3_fixture_yields_the_reference_quads_up_to_blank_node_labels()
    {
        var expected = TestNQuads.Parse(File.ReadAllText(CanonicalQuadsPath));

        var actual = JsonLdProcessor.ToRdf(Fixture());

        Assert.Equal(expected.Count, actual.Count);
        Assert.True(DatasetIsomorphism.AreIsomorphic(actual, expected),
            string.Join('\n', actual.Select(TestNQuads.Format).Order()));
    }

    [Fact]
    public void Ob3_fixture_passes_safe_mode_with_the_same_quads()
    {
        var normal = JsonLdProcessor.ToRdf(Fixture());

        var safe = JsonLdProcessor.ToRdf(Fixture(), new JsonLdOptions { SafeMode = true });

        Assert.True(DatasetIsomorphism.AreIsomorphic(safe, normal));
    }

    [Fact]
    public void Safe_mode_refuses_a_credential_with_an_undefined_property()
    {
        var credential = Fixture();
        credential["unknownProp"] = "not in any context";

        var error = Assert.Throws<JsonLdException>(() => JsonLdProcessor.ToRdf(credential, new JsonLdOptions { SafeMode = true }));

        Assert.Contains("unknownProp", error.Message);
    }

    [Fact]
    public void Without_safe_mode_an_undefined_property_is_silently_dropped()
    {
        var credential = Fixture();
        credential["unknownProp"] = "not in any context";

        Assert.Equal(JsonLdProcessor.ToRdf(Fixture()).Count, JsonLdProcessor.ToRdf(credential).Count);
    }

    [Fact]
    public void Safe_mode_names_the_property_lost_when_a_subject_type_is_missing()
    {
        var credential = Fixture();
        credential["credentialSubject"]!.AsObject().Remove("type");

        var error = Assert.Throws<JsonLdException>(() => JsonLdProcessor.ToRdf(credential, new JsonLdOptions { SafeMode = true }));

        // Both are defined only by the AchievementSubject type-scoped context; which is hit first depends on entry order.
        Assert.Matches("'(identifier|achievement)' is not defined", error.Message);
    }

    [Fact]
    public void Safe_mode_refuses_a_relative_id()
    {
        var credential = Fixture();
        credential["id"] = "relative/credential";

        var error = Assert.Throws<JsonLdException>(() => JsonLdProcessor.ToRdf(credential, new JsonLdOptions { SafeMode = true }));

        Assert.Contains("relative/credential", error.Message);
    }

    [Fact]
    public void An_unknown_remote_context_is_refused_without_fetching()
    {
        var credential = Fixture();
        credential["@context"]!.AsArray().Add("https://evil.example/context.jsonld");

        var error = Assert.Throws<JsonLdException>(() => JsonLdProcessor.ToRdf(credential));

        Assert.Equal("loading remote context failed", error.Code);
        Assert.Contains("https://evil.example/context.jsonld", error.Message);
    }

    [Fact]
    public void The_examples_context_is_only_served_by_the_test_vector_loader()
    {
        var document = JsonNode.Parse("""
            {"@context": ["https://www.w3.org/ns/credentials/v2", "https://www.w3.org/ns/credentials/examples/v2"],
             "type": "VerifiableCredential", "extra": "x"}
            """)!;

        Assert.Throws<JsonLdException>(() => JsonLdProcessor.ToRdf(document));
        Assert.Contains(JsonLdProcessor.ToRdf(document, new JsonLdOptions { DocumentLoader = ShippedContexts.WithExamples }),
            q => q.Predicate.Value == "https://www.w3.org/ns/credentials/examples#extra");
    }

    [Fact]
    public void Concurrent_calls_share_cached_contexts_and_agree()
    {
        var expected = JsonLdProcessor.ToRdf(Fixture());
        var results = new List<Laurel.Credentials.Rdf.RdfQuad>[16];

        Parallel.For(0, results.Length, i => results[i] = JsonLdProcessor.ToRdf(Fixture()));

        Assert.All(results, r => Assert.True(DatasetIsomorphism.AreIsomorphic(r, expected)));
    }

    [Fact]
    public void Protected_vc_terms_cannot_be_redefined_by_a_later_context()
    {
        var document = JsonNode.Parse("""
            {"@context": ["https://www.w3.org/ns/credentials/v2", {"description": "https://evil.example/description"}],
             "type": "VerifiableCredential", "description": "x"}
            """)!;

        var error = Assert.Throws<JsonLdException>(() => JsonLdProcessor.ToRdf(document));

        Assert.Equal("protected term redefinition", error.Code);
    }

    [Fact]
    public void A_base_direction_is_dropped_normally_but_refused_in_safe_mode()
    {
        var credential = Fixture();
        credential["name"] = JsonNode.Parse("""{"@value": "شهادة", "@language": "ar", "@direction": "rtl"}""");

        var name = Assert.Single(JsonLdProcessor.ToRdf(credential), q => q.Predicate.Value == "https://schema.org/name"
            && q.Subject.Value == "urn:uuid:0a6c7f0e-2b1d-4c3a-9e57-1f3b2d4c5e6f");
        Assert.Equal("ar", name.Object.Language);
        Assert.Throws<JsonLdException>(() => JsonLdProcessor.ToRdf(credential, new JsonLdOptions { SafeMode = true }));
    }
}
