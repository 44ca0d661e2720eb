using System.Text.Json.Nodes;
using Laurel.Credentials.OpenBadges;

namespace Laurel.Credentials.Tests.OpenBadges;

public class OpenBadgeModelTests
{
    private static JsonObject RoundTrip<T>(JsonObject json) => OpenBadgeJson.ToJsonObject(OpenBadgeJson.FromJson<T>(json));

    [Theory]
    [InlineData("ob3-microcredential.unsigned.json")]
    [InlineData("ob3-microcredential.eddsa-rdfc-2022.signed.json")]
    public void Constructed_credentials_round_trip_exactly(string file)
    {
        var original = Fixtures.Load(Fixtures.ConstructedPath(file));
        var again = RoundTrip<OpenBadgeCredential>(original);
        Assert.True(JsonNode.DeepEquals(original, again), again.ToJsonString());
    }

    [Theory]
    [MemberData(nameof(Fixtures.ValidOfficial), MemberType = typeof(Fixtures))]
    public void OneEdTech_valid_credentials_round_trip_semantically(string file)
    {
        var original = Fixtures.Load(Fixtures.Ob30(file));
        var again = RoundTrip<OpenBadgeCredential>(original);
        Assert.True(Fixtures.Equivalent(original, again), again.ToJsonString());
    }

    [Fact]
    public void Endorsement_credential_round_trips()
    {
        var original = Fixtures.Load(Fixtures.Ob30("endorsement-valid.json"));
        var again = RoundTrip<EndorsementCredential>(original);
        Assert.True(Fixtures.Equivalent(original, again), again.ToJsonString());
        Assert.Equal("1EdTech University is in good standing", OpenBadgeJson.FromJson<EndorsementCredential>(original).CredentialSubject.EndorsementComment);
    }

    [Theory]
    [MemberData(nameof(Fixtures.ValidOfficial), MemberType = typeof(Fixtures))]
    public void Serialized_credentials_pass_both_OB_json_schemas(string file)
    {
        var serialized = RoundTrip<OpenBadgeCredential>(Fixtures.Load(Fixtures.Ob30(file)));
        Assert.Equal("", Fixtures.SchemaErrors(Fixtures.Schema("ob_v3p0"), serialized));
        Assert.Equal("", Fixtures.SchemaErrors(Fixtures.Schema("ob_v3p0-strict-2024-09"), serialized));
    }

    [Fact]
    public void Schemas_do_reject_a_credential_without_validFrom()
    {
        var json = Fixtures.Load(Fixtures.Ob30("simple.json"));
        json.Remove("validFrom");
        Assert.Contains("validFrom", Fixtures.SchemaErrors(Fixtures.Schema("ob_v3p0"), json));
    }

    [Fact]
    public void Single_values_are_read_as_lists_and_written_as_arrays()
    {
        var achievement = OpenBadgeJson.FromJson<Achievement>(
            """{"id":"https://a.example/1","type":"Achievement","name":"n","description":"d","criteria":{"narrative":"c"},"tag":"x"}""");
        Assert.Equal(["Achievement"], achievement.Type);
        Assert.Equal(["x"], achievement.Tag!);
        var json = OpenBadgeJson.ToJsonObject(achievement);
        Assert.IsType<JsonArray>(json["type"]);
        Assert.IsType<JsonArray>(json["tag"]);
        Assert.False(json.ContainsKey("image"));
    }

    [Fact]
    public void Issuer_given_as_a_uri_stays_a_uri()
    {
        var json = Fixtures.Load(Fixtures.Ob30("simple.json"));
        json["issuer"] = "https://example.com/issuers/876543";
        var credential = OpenBadgeJson.FromJson<OpenBadgeCredential>(json);
        Assert.Equal("https://example.com/issuers/876543", credential.Issuer.Id);
        Assert.True(credential.Issuer.IsReference);
        Assert.Equal("https://example.com/issuers/876543", (string)OpenBadgeJson.ToJsonObject(credential)["issuer"]!);
    }

    [Fact]
    public void Unknown_properties_survive_a_round_trip()
    {
        var json = Fixtures.Load(Fixtures.Ob30("simple.json"));
        json["credentialSubject"]!["achievement"]!["ECTS"] = 2.5;
        json["issuer"]!["verificationMethod"] = new JsonArray(new JsonObject { ["id"] = "x" });
        Assert.True(Fixtures.Equivalent(json, RoundTrip<OpenBadgeCredential>(json)));
    }

    [Fact]
    public void Factory_builds_the_constructed_micro_credential()
    {
        var issuer = new Profile
        {
            Id = "did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2",
            Name = "Example University of Applied Sciences",
            Url = "https://www.example.edu",
            OtherIdentifier = [new IdentifierEntry { Identifier = "99XX", IdentifierType = "ext:BRIN" }],
            Address = new Address { AddressCountry = "Netherlands", AddressCountryCode = "NL", AddressLocality = "Utrecht" },
        };
        var achievement = new Achievement
        {
            Id = "https://badges.example.edu/achievements/data-literacy",
            AchievementType = AchievementTypes.MicroCredential,
            Name = "Data Literacy for Professionals",
            Description = "Interpret, clean and visualise data sets to support evidence-based decisions.",
            Criteria = new Criteria { Narrative = "Pass the final assessment (portfolio + oral exam) with a grade of at least 5.5." },
            Image = new Image { Id = "https://badges.example.edu/images/data-literacy.png", Caption = "Data Literacy badge" },
            CreditsAvailable = 5,
            FieldOfStudy = "Information and Communication Technologies",
            HumanCode = "DL-101",
            Specialization = "Data analysis",
            InLanguage = "en",
            Alignment = [Alignment.EqfLevel(6)],
            ResultDescription =
            [
                new ResultDescription
                {
                    Id = "urn:uuid:7d2f0a55-35d1-4b9e-8a3c-6c1d0e9f2b10", Name = "Final grade", ResultType = "LetterGrade",
                    AllowedValue = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "10"], RequiredValue = "6",
                },
            ],
        };
        var subject = new AchievementSubject
        {
            Identifier = [IdentityHash.CreateHashed("a@example.com", salt: "Kosher")],
            ActivityStartDate = "2025-02-03T00:00:00Z",
            ActivityEndDate = "2025-06-20T00:00:00Z",
            Term = "2024-2025 semester 2",
            CreditsEarned = 5,
            Result = [new Result { ResultDescription = "urn:uuid:7d2f0a55-35d1-4b9e-8a3c-6c1d0e9f2b10", Value = "8" }],
            Achievement = achievement,
        };
        var credential = OpenBadgeCredentialFactory.Create("urn:uuid:0a6c7f0e-2b1d-4c3a-9e57-1f3b2d4c5e6f", issuer, subject,
            new DateTimeOffset(2025, 6, 30, 14, 0, 0, TimeSpan.FromHours(2)), "Micro-credential: Data Literacy for Professionals") with
        {
            Evidence = [new Evidence { Id = "https://badges.example.edu/evidence/4711", Name = "Portfolio", Narrative = "Portfolio with three data analyses, assessed by two examiners." }],
            CredentialStatus = CredentialStatus.BitstringEntry("https://badges.example.edu/status/1", 94567),
        };

        var json = OpenBadgeCredentialFactory.ToUnsignedJson(credential);

        var expected = Fixtures.Load(Fixtures.ConstructedPath("ob3-microcredential.unsigned.json"));
        Assert.True(JsonNode.DeepEquals(expected, json), json.ToJsonString());
    }

    [Fact]
    public void Factory_orders_contexts_adds_required_types_and_strips_proofs()
    {
        var source = OpenBadgeJson.FromJson<OpenBadgeCredential>(Fixtures.Load(Fixtures.Ob30("simple.json")));
        var messy = source with
        {
            Context = [JsonValue.Create("https://example.org/extra")!, JsonValue.Create("https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json")!],
            Type = ["AchievementCredential"],
            CredentialSchema = [new CredentialSchema { Id = OpenBadgeConstants.AchievementCredentialSchema }],
        };

        var json = OpenBadgeCredentialFactory.ToUnsignedJson(messy);

        Assert.Equal(["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json",
            "https://example.org/extra", OpenBadgeConstants.ExtensionsContext], json["@context"]!.AsArray().Select(n => (string)n!));
        Assert.Equal(["VerifiableCredential", "AchievementCredential"], json["type"]!.AsArray().Select(n => (string)n!));
        Assert.False(json.ContainsKey("proof"));
        Assert.Empty(ShapeValidator.Validate(json));
    }

    [Fact]
    public void Factory_output_passes_both_schemas_and_the_shape_validator()
    {
        var subject = new AchievementSubject
        {
            Id = "did:example:learner",
            Achievement = new Achievement { Id = "https://a.example/1", Name = "n", Description = "d", Criteria = new Criteria { Id = "https://a.example/1/criteria" } },
        };
        var credential = OpenBadgeCredentialFactory.Create(OpenBadgeCredentialFactory.NewCredentialId(),
            new Profile { Id = "https://issuer.example", Name = "Issuer" }, subject, DateTimeOffset.UtcNow, validUntil: DateTimeOffset.UtcNow.AddYears(5));
        var json = OpenBadgeCredentialFactory.ToUnsignedJson(credential);

        Assert.StartsWith("urn:uuid:", (string)json["id"]!);
        Assert.EndsWith("Z", (string)json["validFrom"]!);
        Assert.Equal("", Fixtures.SchemaErrors(Fixtures.Schema("ob_v3p0"), json));
        Assert.Equal("", Fixtures.SchemaErrors(Fixtures.Schema("ob_v3p0-strict-2024-09"), json));
        Assert.Empty(ShapeValidator.Validate(json, requireArrays: true));
    }

    [Theory]
    [InlineData("MicroCredential", true)]
    [InlineData("ext:EQF", true)]
    [InlineData("ext:a.b-c_d", true)]
    [InlineData("ext:", false)]
    [InlineData("ext:a b", false)]
    [InlineData("Microcredential", false)]
    public void Achievement_types_accept_enumeration_values_and_ext_extensions(string value, bool allowed)
    {
        Assert.Equal(allowed, AchievementTypes.IsAllowed(AchievementTypes.Values, value));
    }
}
