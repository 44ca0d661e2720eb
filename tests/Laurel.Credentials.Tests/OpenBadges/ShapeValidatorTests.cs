using System.Text.Json.Nodes;
using Laurel.Credentials.OpenBadges;

namespace Laurel.Credentials.Tests.OpenBadges;

public class ShapeValidatorTests
{
    private static IReadOnlyList<ShapeProblem> ValidateFixture(string file, bool requireArrays = false) =>
        ShapeValidator.Validate(Fixtures.Load(Fixtures.Ob30(file)), requireArrays);

    [Theory]
    [MemberData(nameof(Fixtures.ValidOfficial), MemberType = typeof(Fixtures))]
    public void Valid_OneEdTech_credentials_are_accepted(string file)
    {
        Assert.Empty(ValidateFixture(file));
    }

    [Theory]
    [InlineData("ob3-microcredential.unsigned.json")]
    [InlineData("ob3-microcredential.eddsa-rdfc-2022.signed.json")]
    public void Constructed_credentials_are_accepted_even_in_array_strict_mode(string file)
    {
        Assert.Empty(ShapeValidator.Validate(Fixtures.Load(Fixtures.ConstructedPath(file)), requireArrays: true));
    }

    // Laurel embeds a revocation and a suspension entry (an array, as VC 2.0 allows; docs/conformance.md), so the shape check
    // takes an array of status entries, each with a type, but not an empty array or a non-object.
    [Fact]
    public void A_credential_status_array_is_accepted_each_entry_checked()
    {
        var credential = Fixtures.Load(Fixtures.ConstructedPath("ob3-microcredential.unsigned.json"));
        static JsonObject Entry(string purpose) => new()
        {
            ["type"] = "BitstringStatusListEntry", ["statusPurpose"] = purpose, ["statusListIndex"] = "7",
            ["statusListCredential"] = "https://badges.example.edu/status/" + purpose,
        };
        credential["credentialStatus"] = new JsonArray(Entry("revocation"), Entry("suspension"));
        Assert.Empty(ShapeValidator.Validate(credential, requireArrays: true));

        credential["credentialStatus"] = new JsonArray(Entry("revocation"), new JsonObject { ["statusPurpose"] = "suspension" }, "x");
        var problems = ShapeValidator.Validate(credential);
        Assert.Contains(problems, p => p.Path == "$.credentialStatus[1].type");
        Assert.Contains(problems, p => p.Path == "$.credentialStatus[2]");
        credential["credentialStatus"] = new JsonArray();
        Assert.Contains(ShapeValidator.Validate(credential), p => p.Path == "$.credentialStatus");
    }

    [Fact]
    public void Valid_endorsement_is_accepted()
    {
        Assert.Empty(ValidateFixture("endorsement-valid.json"));
        Assert.Empty(ShapeValidator.ValidateEndorsement(Fixtures.Load(Fixtures.Ob30("endorsement-valid.json"))));
    }

    // Each invalid fixture must be rejected with a problem at the path its name points to.
    [Theory]
    [InlineData("simple-err-context.json", "$.@context[0]")]
    [InlineData("simple-err-credential-subject-achievement-result-description-type.json", "$.credentialSubject.achievement.resultDescription[2].type")]
    [InlineData("simple-err-credential-subject-identifier-type.json", "$.credentialSubject.identifier[0].type")]
    [InlineData("simple-err-credential-subject-profile-type.json", "$.credentialSubject.source.type")]
    [InlineData("simple-err-credential-subject-result-type.json", "$.credentialSubject.result[1].type")]
    [InlineData("simple-err-credential-subject-type.json", "$.credentialSubject.type")]
    [InlineData("simple-err-evidence-type.json", "$.evidence[1].type")]
    [InlineData("simple-err-issuer-otheridentifier-type.json", "$.issuer.otherIdentifier[1].type")]
    [InlineData("simple-err-issuer-parentorg-type.json", "$.issuer.parentOrg.type")]
    [InlineData("simple-err-issuer-type.json", "$.issuer.type")]
    [InlineData("simple-err-issuer.json", "$.issuer")]
    [InlineData("simple-err-type.json", "$.type")]
    [InlineData("simple-err-proof-method-no-scheme.json", "$.proof[0].verificationMethod")]
    public void Invalid_OneEdTech_credentials_are_rejected_for_the_named_reason(string file, string path)
    {
        var problems = ValidateFixture(file);
        Assert.Contains(problems, p => p.Path == path);
    }

    // VC 1.1-era OB 3.0 badges (1EdTech still certifies displayers with them, OB3-8.2): the VC 1.1 context first and
    // issuanceDate instead of validFrom. The endorsement fixture is invalid in 1EdTech's validator for its refresh service only.
    [Theory]
    [InlineData("simple_v1.json")]
    [InlineData("complete_v1.json")]
    [InlineData("endorsement-err-schema-status-refresh.json")]
    public void VC_1_1_era_credentials_pass_the_context_and_date_rules(string file)
    {
        var paths = ValidateFixture(file).Select(p => p.Path).ToList();
        Assert.DoesNotContain("$.@context[0]", paths);
        Assert.DoesNotContain("$.validFrom", paths);
        Assert.DoesNotContain("$.issuanceDate", paths);
    }

    [Fact]
    public void Every_problem_is_reported_not_just_the_first()
    {
        // simple-err-context is a VC 1.1 document: wrong context, no validFrom, no achievement.
        var paths = ValidateFixture("simple-err-context.json").Select(p => p.Path).ToList();
        Assert.Contains("$.@context[0]", paths);
        Assert.Contains("$.validFrom", paths);
        Assert.Contains("$.credentialSubject.achievement", paths);
    }

    [Fact]
    public void Expired_and_not_yet_valid_fixtures_are_caught_by_the_validity_check()
    {
        var now = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        Assert.Equal(ValidityState.Expired, CredentialValidity.Check(Fixtures.Load(Fixtures.Ob30("simple-err-expired.json")), now));
        Assert.Equal(ValidityState.NotYetValid, CredentialValidity.Check(Fixtures.Load(Fixtures.Ob30("simple-err-issued.json")), now));
        Assert.Equal(ValidityState.Valid, CredentialValidity.Check(Fixtures.Load(Fixtures.Ob30("simple.json")), now));
        // The expired fixture is otherwise well-formed: expiry is not a shape problem.
        Assert.Empty(ValidateFixture("simple-err-expired.json"));
    }

    [Theory]
    [InlineData("simple-err-proof-method.json")]
    [InlineData("simple-err-proof-method-unknown-did-method.json")]
    [InlineData("simple-err-proof-method-unknown-scheme.json")]
    [InlineData("simple-err-proof-value.json")]
    public void Proof_errors_in_well_formed_documents_are_left_to_proof_verification(string file)
    {
        // These documents are structurally valid; their key or signature is wrong, which only the
        // Data Integrity verifier can detect.
        Assert.Empty(ValidateFixture(file));
    }

    [Fact]
    public void Array_strict_mode_rejects_a_single_proof_object()
    {
        Assert.DoesNotContain(ValidateFixture("simple-err-issuer-type.json"), p => p.Path == "$.proof");
        Assert.Contains(ValidateFixture("simple-err-issuer-type.json", requireArrays: true), p => p.Path == "$.proof");
    }

    [Fact]
    public void Subject_needs_an_id_or_an_identifier()
    {
        var json = Fixtures.Load(Fixtures.Ob30("simple.json"));
        json["credentialSubject"]!.AsObject().Remove("id");
        Assert.Contains(ShapeValidator.Validate(json), p => p.Path == "$.credentialSubject" && p.Message.Contains("OB3-2.8"));
    }

    [Theory]
    [InlineData("achievementType", "NotAType", true)]
    [InlineData("achievementType", "ext:MyType", false)]
    [InlineData("achievementType", "MicroCredential", false)]
    [InlineData("creditsAvailable", "five", true)]
    public void Achievement_values_are_checked(string property, string value, bool rejected)
    {
        var json = Fixtures.Load(Fixtures.Ob30("simple.json"));
        json["credentialSubject"]!["achievement"]![property] = value;
        var problems = ShapeValidator.Validate(json);
        Assert.Equal(rejected, problems.Any(p => p.Path == "$.credentialSubject.achievement." + property));
    }

    [Theory]
    [InlineData("validFrom", "2010-01-01T00:00:00")]
    [InlineData("validFrom", "yesterday")]
    [InlineData("validUntil", "2001-01-01T00:00:00Z")]
    public void Dates_need_a_time_zone_and_a_sane_order(string property, string value)
    {
        var json = Fixtures.Load(Fixtures.Ob30("simple.json"));
        json[property] = value;
        Assert.Contains(ShapeValidator.Validate(json), p => p.Path == "$." + property);
    }

    [Fact]
    public void Subject_given_as_an_array_violates_the_cardinality()
    {
        var json = Fixtures.Load(Fixtures.Ob30("simple.json"));
        json["credentialSubject"] = new JsonArray(json["credentialSubject"]!.DeepClone());
        Assert.Contains(ShapeValidator.Validate(json), p => p.Path == "$.credentialSubject");
    }

    [Fact]
    public void Non_object_documents_are_rejected()
    {
        Assert.Single(ShapeValidator.Validate(JsonNode.Parse("[1,2]")));
        Assert.Single(ShapeValidator.Validate(null));
    }
}
