using System.Buffers.Text;
using System.Text;
using System.Text.Json.Nodes;
using Laurel.Credentials.OpenBadges2;
using Laurel.Credentials.Tests.OpenBadges;

namespace Laurel.Credentials.Tests.OpenBadges2;

public class Ob2ModelTests
{
    private static string Ob20(params string[] parts) => SharedData.SpecFile(["testvectors", "official", "1edtech-validator", "ob20", .. parts]);

    private static JsonObject Load(params string[] parts) => Fixtures.Load(Ob20(parts));

    private static IEnumerable<string> FilesOfType(string type) =>
        Directory.GetFiles(Ob20(), "*.json").Concat(Directory.GetFiles(Ob20("assets"), "*.json"))
            .Where(f => TryParse(f) is JsonObject o && o["type"]?.GetValueKind() == System.Text.Json.JsonValueKind.String
                        && (string)o["type"]! == type)
            .Select(f => Path.GetRelativePath(Ob20(), f))
            .Order();

    // Two fixture files are not plain JSON (one has a // comment, one is a context bundle); they are skipped here.
    private static JsonNode? TryParse(string file)
    {
        try
        {
            return JsonNode.Parse(File.ReadAllText(file));
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    public static TheoryData<string> AssertionFiles() => [.. FilesOfType("Assertion")];

    public static TheoryData<string> BadgeClassFiles() => [.. FilesOfType("BadgeClass")];

    public static TheoryData<string> IssuerFiles() => [.. FilesOfType("Issuer")];

    [Theory]
    [MemberData(nameof(AssertionFiles))]
    public void OneEdTech_assertions_deserialize_with_required_fields_and_round_trip(string file)
    {
        var json = Load(file);
        var assertion = Ob2Json.FromJson<Assertion>(json);
        Assert.False(string.IsNullOrEmpty(assertion.Id));
        Assert.False(string.IsNullOrEmpty(assertion.Recipient.Identity));
        Assert.NotNull(assertion.Badge.Id);
        Assert.False(string.IsNullOrEmpty(assertion.IssuedOn));
        Assert.True(Fixtures.Equivalent(json, Ob2Json.ToJsonObject(assertion)), Ob2Json.ToJsonObject(assertion).ToJsonString());
    }

    [Theory]
    [MemberData(nameof(BadgeClassFiles))]
    public void OneEdTech_badge_classes_deserialize_and_round_trip(string file)
    {
        var json = Load(file);
        var badge = Ob2Json.FromJson<BadgeClass>(json);
        Assert.False(string.IsNullOrEmpty(badge.Name));
        Assert.NotNull(badge.Issuer.Id);
        Assert.True(Fixtures.Equivalent(json, Ob2Json.ToJsonObject(badge)), Ob2Json.ToJsonObject(badge).ToJsonString());
    }

    [Theory]
    [MemberData(nameof(IssuerFiles))]
    public void OneEdTech_issuers_deserialize_and_round_trip(string file)
    {
        var json = Load(file);
        var issuer = Ob2Json.FromJson<Ob2Profile>(json);
        Assert.False(string.IsNullOrEmpty(issuer.Email));
        Assert.True(Fixtures.Equivalent(json, Ob2Json.ToJsonObject(issuer)), Ob2Json.ToJsonObject(issuer).ToJsonString());
    }

    [Fact]
    public void Valid_fixtures_have_no_data_problems()
    {
        Assert.Empty(Ob2Validator.Validate(Ob2Json.FromJson<Assertion>(Load("basic-assertion.json"))));
        Assert.Empty(Ob2Validator.Validate(Ob2Json.FromJson<BadgeClass>(Load("assets", "badgeclass1.json"))));
        Assert.Empty(Ob2Validator.Validate(Ob2Json.FromJson<Ob2Profile>(Load("assets", "issuer1.json"))));
    }

    [Fact]
    public void Invalid_type_and_reversed_dates_are_reported()
    {
        Assert.Contains(Ob2Validator.Validate(Ob2Json.FromJson<Assertion>(Load("basic-assertion-invalid-type.json"))), p => p.Contains("type"));
        Assert.Contains(Ob2Validator.Validate(Ob2Json.FromJson<Assertion>(Load("basic-assertion-expired-before-issued.json"))), p => p.Contains("expires"));
        // issuer-invalid-type is a bare {id, type: "Criteria"}: it lacks the required issuer fields altogether.
        Assert.Throws<System.Text.Json.JsonException>(() => Ob2Json.FromJson<Ob2Profile>(Load("assets", "issuer-invalid-type.json")));
        var wrongType = Load("assets", "issuer1.json");
        wrongType["type"] = "Criteria";
        Assert.Contains(Ob2Validator.Validate(Ob2Json.FromJson<Ob2Profile>(wrongType)), p => p.Contains("type"));
        var noImage = Ob2Json.FromJson<BadgeClass>(Load("badge-class-with-language.json"));
        Assert.Contains(Ob2Validator.Validate(noImage), p => p.Contains("image"));
    }

    [Fact]
    public void Recipient_of_the_fixtures_is_nobody_at_example_org()
    {
        var recipient = Ob2Json.FromJson<Assertion>(Load("basic-assertion.json")).Recipient;
        Assert.True(recipient.Matches("nobody@example.org"));
        Assert.True(recipient.Matches(" Nobody@Example.org"));
        Assert.False(recipient.Matches("somebody@example.org"));
    }

    [Theory]
    [InlineData("issuer-with-allowed-origins.json", true)]
    [InlineData("issuer-with-allowed-origins-valid-starts-with.json", true)]
    [InlineData("issuer-with-allowed-origins-valid-multiple-starts-with.json", true)]
    [InlineData("issuer-with-allowed-origins-invalid-starts-with.json", false)]
    [InlineData("issuer-with-allowed-origins-invalid-multiple-starts-with.json", false)]
    public void Hosted_assertion_scope_follows_the_issuer_policy(string issuerFile, bool inScope)
    {
        var issuer = Ob2Json.FromJson<Ob2Profile>(Load("assets", issuerFile));
        Assert.Equal(inScope, Ob2Validator.IsInIssuerScope("https://example.org/beths-robotics-badge.json", issuer));
    }

    [Fact]
    public void Without_a_policy_the_assertion_must_share_the_issuer_host()
    {
        var issuer = Ob2Json.FromJson<Ob2Profile>(Load("assets", "issuer1.json"));
        Assert.True(Ob2Validator.IsInIssuerScope("http://example.org/assertions/1", issuer));
        Assert.False(Ob2Validator.IsInIssuerScope("http://evil.example/assertions/1", issuer));
    }

    [Fact]
    public void Revocation_list_matches_ids_in_both_entry_forms()
    {
        var list = Ob2Json.FromJson<RevocationList>(Load("assets", "revocation-list.json"));
        Assert.True(list.IsRevoked("https://example.org/beths-robotics-badge-revoked.json"));
        Assert.True(list.IsRevoked("urn:uuid:6deb4a00-ebce-4b28-8cc2-afa705ef7be4"));
        Assert.False(list.IsRevoked("https://example.org/beths-robotics-badge.json"));
    }

    [Fact]
    public void Signed_assertion_payload_reads_its_verification_creator()
    {
        var token = File.ReadAllText(Ob20("simple.jwt")).Trim();
        var payload = JsonNode.Parse(Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token.Split('.')[1])))!;
        var assertion = Ob2Json.FromJson<Assertion>(payload);
        Assert.True(assertion.Verification.IsSigned);
        Assert.Equal("http://example.org/key1.json", assertion.Verification.Creator);
        var key = Ob2Json.FromJson<CryptographicKey>(Load("assets", "key1.json"));
        Assert.StartsWith("-----BEGIN PUBLIC KEY-----", key.PublicKeyPem);
    }

    [Fact]
    public void Hosted_assertion_built_for_serving_matches_the_digest_example()
    {
        var assertion = new Assertion
        {
            Id = "https://badges.example.edu/public/assertions/4f1c2a",
            Recipient = Ob2Recipient.HashedEmail("a@example.com", "Kosher"),
            Badge = "https://badges.example.edu/public/badgeclasses/data-literacy",
            Verification = VerificationObject.Hosted(),
            IssuedOn = "2025-06-30T12:00:00+00:00",
        };
        var expected = JsonNode.Parse("""
            {
              "@context": "https://w3id.org/openbadges/v2",
              "type": "Assertion",
              "id": "https://badges.example.edu/public/assertions/4f1c2a",
              "recipient": { "type": "email", "hashed": true, "salt": "Kosher",
                "identity": "sha256$b5809d8a92f8858436d7e6b87c12ebc0ae1eac4baecc2c0b913aee2c922ef399" },
              "badge": "https://badges.example.edu/public/badgeclasses/data-literacy",
              "verification": { "type": "hosted" },
              "issuedOn": "2025-06-30T12:00:00+00:00"
            }
            """);
        Assert.True(JsonNode.DeepEquals(expected, Ob2Json.ToJsonObject(assertion)), Ob2Json.ToJsonObject(assertion).ToJsonString());
        Assert.Empty(Ob2Validator.Validate(assertion));
    }
}
