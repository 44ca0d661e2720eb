using System.Text.Json.Nodes;
using Laurel.Credentials.DataModel;

namespace Laurel.Credentials.Tests.DataModel;

public class VcDataModelTests
{
    private const string Base = """ "@context": ["https://www.w3.org/ns/credentials/v2"], "type": ["VerifiableCredential"], "issuer": "did:web:example.edu" """;

    private static IReadOnlyList<DataModelProblem> Validate(string json) => VcDataModel.ValidateCredential(JsonNode.Parse(json)!.AsObject());

    private static string Vc(string extra) => "{" + Base + ", " + extra + "}";

    // The W3C vc-data-model-2.0 suite's input fixtures say in their name whether a credential is acceptable. These
    // fail only at the JSON-LD level (term definitions), which is the processor's job, or hold date placeholders.
    private static readonly HashSet<string> JsonLdLevel =
    [
        "credential-type-unmapped-fail.json", "credential-redef-type-fail.json", "credential-redef-type2-fail.json",
        "credential-validUntil-validFrom-ok.json", "credential-validUntil-validFrom-fail.json",
    ];

    public static TheoryData<string> SuiteFixtures()
    {
        var data = new TheoryData<string>();
        var dir = SharedData.TestSuite("w3c-vc-suites", "suites", "vc-data-model-2.0-test-suite", "tests", "input");
        if (!Directory.Exists(dir)) return data;
        foreach (var file in Directory.GetFiles(dir, "credential-*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            if (!JsonLdLevel.Contains(Path.GetFileName(file))) data.Add(Path.GetRelativePath(dir, file));
        return data;
    }

    [Theory]
    [MemberData(nameof(SuiteFixtures))]
    public void W3C_suite_fixtures_are_accepted_or_refused_as_their_name_says(string file)
    {
        var dir = SharedData.TestSuite("w3c-vc-suites", "suites", "vc-data-model-2.0-test-suite", "tests", "input");
        var credential = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, file)))!.AsObject();
        // The suite fills the issuer this way before sending (tests/mock.data.js).
        if (credential["issuer"] is JsonObject issuer && !issuer.ContainsKey("id")) issuer["id"] = "did:web:example.edu";
        else if (!credential.ContainsKey("issuer")) credential["issuer"] = "did:web:example.edu";

        var problems = VcDataModel.ValidateCredential(credential);

        if (file.Contains("-fail", StringComparison.Ordinal)) Assert.NotEmpty(problems);
        else Assert.Empty(problems);
    }

    [Theory]
    [InlineData("""{"credentialSubject": {"id": "did:example:a"}}""")]
    [InlineData("""{"credentialSubject": [{"id": "did:example:a"}, {"name": "B"}], "id": "urn:uuid:9c1f5b9a-0f3e-4a4c-9b61-0a8f1a2b3c4d"}""")]
    [InlineData("""{"credentialSubject": {"n": 1}, "validFrom": "2025-01-01T00:00:00+02:00", "validUntil": "2025-01-01T00:00:00Z"}""")]
    [InlineData("""{"credentialSubject": {"n": 1}, "name": [{"@value": "Hond", "@language": "nl"}, {"@value": "Dog", "@language": "en", "@direction": "ltr"}]}""")]
    [InlineData("""{"credentialSubject": {"n": 1}, "validFrom": "4023-02-26T01:02:58.447Z"}""")]
    public void Valid_credentials_have_no_problems(string body)
    {
        var json = JsonNode.Parse(body)!.AsObject();
        var credential = JsonNode.Parse("{" + Base + "}")!.AsObject();
        foreach (var (key, value) in json) credential[key] = value?.DeepClone();
        Assert.Empty(VcDataModel.ValidateCredential(credential));
    }

    [Theory]
    [InlineData(""" "credentialSubject": {} """, "credentialSubject", VcDataModel.Empty)]
    [InlineData(""" "credentialSubject": [] """, "credentialSubject", VcDataModel.Empty)]
    [InlineData(""" "credentialSubject": {"id": ["did:example:a", "did:example:b"]} """, "credentialSubject.id", VcDataModel.Multiple)]
    [InlineData(""" "credentialSubject": {"n": 1}, "id": "https ://x" """, "id", VcDataModel.NotUrl)]
    [InlineData(""" "credentialSubject": {"n": 1}, "id": null """, "id", VcDataModel.NotUrl)]
    [InlineData(""" "credentialSubject": {"n": 1}, "validFrom": "2025-01-01T00:00:00" """, "validFrom", VcDataModel.DateTimeFormat)]
    [InlineData(""" "credentialSubject": {"n": 1}, "validUntil": "Sun, 26 Feb 2023 01:22:14 +0000" """, "validUntil", VcDataModel.DateTimeFormat)]
    [InlineData(""" "credentialSubject": {"n": 1}, "validFrom": "2025-01-02T00:00:00Z", "validUntil": "2025-01-01T00:00:00Z" """, "validUntil", VcDataModel.DateOrder)]
    [InlineData(""" "credentialSubject": {"n": 1}, "name": {"@value": "x", "url": "y"} """, "name", VcDataModel.LanguageValue)]
    [InlineData(""" "credentialSubject": {"n": 1}, "description": 3 """, "description", VcDataModel.LanguageValue)]
    [InlineData(""" "credentialSubject": {"n": 1}, "evidence": [{"id": "https://e.example/1"}] """, "evidence[0].type", VcDataModel.MissingType)]
    [InlineData(""" "credentialSubject": {"n": 1}, "credentialSchema": {"type": "JsonSchema"} """, "credentialSchema.id", VcDataModel.Required)]
    [InlineData(""" "credentialSubject": {"n": 1}, "credentialStatus": {"type": 2} """, "credentialStatus.type", VcDataModel.BadType)]
    [InlineData(""" "credentialSubject": {"n": 1}, "refreshService": "https://r.example" """, "refreshService", VcDataModel.NotObject)]
    [InlineData(""" "credentialSubject": {"n": 1}, "proof": {"proofValue": "z1"} """, "proof.type", VcDataModel.MissingType)]
    [InlineData(""" "credentialSubject": {"n": 1}, "credentialStatus": {"type": "BitstringStatusListEntry", "statusPurpose": "revocation", "statusListIndex": "x", "statusListCredential": "https://s.example/1"} """,
        "credentialStatus.statusListIndex", VcDataModel.StatusEntry)]
    public void Each_broken_rule_is_named_by_path_and_code(string extra, string path, string code)
    {
        var problems = Validate(Vc(extra));
        Assert.Contains(problems, p => p.Path == path && p.Code == code);
    }

    [Theory]
    [InlineData("""{"@context": ["https://www.w3.org/ns/credentials/examples/v2"], "type": ["VerifiableCredential"], "issuer": "did:web:a", "credentialSubject": {"n": 1}}""", "@context[0]", VcDataModel.BaseContext)]
    [InlineData("""{"@context": ["https://www.w3.org/ns/credentials/v2", 12], "type": ["VerifiableCredential"], "issuer": "did:web:a", "credentialSubject": {"n": 1}}""", "@context[1]", VcDataModel.BadContext)]
    [InlineData("""{"@context": ["https://www.w3.org/ns/credentials/v2", {"X": "https ://bad#X"}], "type": ["VerifiableCredential", "X"], "issuer": "did:web:a", "credentialSubject": {"n": 1}}""", "@context[1].X", VcDataModel.NotUrl)]
    [InlineData("""{"type": ["VerifiableCredential"], "issuer": "did:web:a", "credentialSubject": {"n": 1}}""", "@context", VcDataModel.Required)]
    [InlineData("""{"@context": ["https://www.w3.org/ns/credentials/v2"], "type": ["Other"], "issuer": "did:web:a", "credentialSubject": {"n": 1}}""", "type", VcDataModel.BadType)]
    [InlineData("""{"@context": ["https://www.w3.org/ns/credentials/v2"], "issuer": "did:web:a", "credentialSubject": {"n": 1}}""", "type", VcDataModel.MissingType)]
    [InlineData("""{"@context": ["https://www.w3.org/ns/credentials/v2"], "type": ["VerifiableCredential"], "issuer": {"id": null}, "credentialSubject": {"n": 1}}""", "issuer.id", VcDataModel.Required)]
    [InlineData("""{"@context": ["https://www.w3.org/ns/credentials/v2"], "type": ["VerifiableCredential"], "issuer": "fake-issuer", "credentialSubject": {"n": 1}}""", "issuer", VcDataModel.NotUrl)]
    [InlineData("""{"@context": ["https://www.w3.org/ns/credentials/v2"], "type": ["VerifiableCredential"], "issuer": {"id": "did:web:a", "name": {"@value": "A", "url": "x"}}, "credentialSubject": {"n": 1}}""", "issuer.name", VcDataModel.LanguageValue)]
    public void Context_type_and_issuer_rules_are_named(string json, string path, string code)
    {
        Assert.Contains(Validate(json), p => p.Path == path && p.Code == code);
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var problems = Validate("""{"type": ["NonconformingDocument"]}""");
        var paths = problems.Select(p => p.Path).ToHashSet();
        Assert.Superset(new HashSet<string> { "@context", "type", "issuer", "credentialSubject" }, paths);
    }

    [Fact]
    public void Related_resources_need_a_unique_id_and_a_well_formed_digest()
    {
        var ok = """ "credentialSubject": {"n": 1}, "relatedResource": [{"id": "https://example.org/a.png", "digestSRI": "sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=", "mediaType": "image/png"}] """;
        Assert.Empty(Validate(Vc(ok)));

        var problems = Validate(Vc(""" "credentialSubject": {"n": 1}, "relatedResource": [{"id": "https://example.org/a", "digestSRI": "sha384-_rCV"}, {"id": "https://example.org/a", "digestMultibase": "uJKGMkOmFbVJhEfKTduMC2XCyvRAYLjOVmZWwIH1wQ7k"}, {"id": "https://example.org/b"}, "https://example.org/c"] """));
        Assert.Contains(problems, p => p.Path == "relatedResource[0].digestSRI" && p.Code == VcDataModel.Digest);
        Assert.Contains(problems, p => p.Path == "relatedResource[1].id" && p.Code == VcDataModel.Duplicate);
        Assert.Contains(problems, p => p.Path == "relatedResource[1].digestMultibase" && p.Code == VcDataModel.Digest);
        Assert.Contains(problems, p => p.Path == "relatedResource[2]" && p.Code == VcDataModel.Digest);
        Assert.Contains(problems, p => p.Path == "relatedResource[3]" && p.Code == VcDataModel.NotObject);
    }

    [Fact]
    public void A_shipped_context_is_checked_against_its_published_digest()
    {
        // VC 2.0 Appendix B.1 publishes these digests of https://www.w3.org/ns/credentials/v2.
        const string right = "uEiBZlVztZpfWHgPyslVv6-UwirFoQoRvW1htfx963sknNA";
        Assert.Empty(Validate(Vc($$""" "credentialSubject": {"n": 1}, "relatedResource": {"id": "https://www.w3.org/ns/credentials/v2", "digestMultibase": "{{right}}"} """)));

        const string wrong = "uEiAkoYyQ6YVtUmER8pN24wLZcLK9EBguM5WZlbAgfXBDuQ";
        var problems = Validate(Vc($$""" "credentialSubject": {"n": 1}, "relatedResource": {"id": "https://www.w3.org/ns/credentials/v2", "digestMultibase": "{{wrong}}"} """));
        Assert.Contains(problems, p => p.Path == "relatedResource.digestMultibase" && p.Code == VcDataModel.DigestMismatch);
    }

    [Fact]
    public void A_VC_1_1_credential_needs_an_issuance_date_and_no_validFrom_rules()
    {
        const string v1 = """{"@context": ["https://www.w3.org/2018/credentials/v1"], "type": ["VerifiableCredential"], "issuer": "did:web:a", "credentialSubject": {"n": 1} """;
        Assert.Empty(Validate(v1 + """, "issuanceDate": "2020-01-01T00:00:00Z", "expirationDate": "2030-01-01T00:00:00"}"""));
        Assert.Contains(Validate(v1 + "}"), p => p.Path == "issuanceDate" && p.Code == VcDataModel.Required);
        Assert.Contains(Validate(v1 + """, "issuanceDate": "2020-01-01T00:00:00Z", "credentialStatus": {"type": "StatusList2021Entry"}}"""),
            p => p.Path == "credentialStatus.id" && p.Code == VcDataModel.Required);
    }

    [Fact]
    public void An_enveloped_credential_needs_a_data_url_and_its_single_type()
    {
        Assert.Empty(Validate("""{"@context": "https://www.w3.org/ns/credentials/v2", "type": "EnvelopedVerifiableCredential", "id": "data:application/vc+jwt,eyJ.eyJ.sig"}"""));
        var problems = Validate("""{"@context": [], "type": ["EnvelopedVerifiableCredential", "VerifiableCredential"], "id": "eyJ.eyJ.sig"}""");
        Assert.Contains(problems, p => p.Path == "@context[0]" && p.Code == VcDataModel.BaseContext);
        Assert.Contains(problems, p => p.Path == "type" && p.Code == VcDataModel.EnvelopeShape);
        Assert.Contains(problems, p => p.Path == "id" && p.Code == VcDataModel.EnvelopeShape);
    }
}
