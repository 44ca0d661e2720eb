using Laurel.Credentials.OpenBadges;

namespace Laurel.Credentials.Tests.OpenBadges;

public class ProfileSchemaTests
{
    [Fact]
    public void Issuer_profile_as_served_passes_the_OB_profile_schema()
    {
        var profile = new Profile
        {
            Id = "https://badges.example.edu/issuers/uu",
            Name = "Example University",
            Url = "https://www.example.edu",
            Email = "badges@example.edu",
            Image = new Image { Id = "https://badges.example.edu/logo.png" },
            OtherIdentifier = [new IdentifierEntry { Identifier = "21PD", IdentifierType = "ext:BRIN" }],
            Address = new Address { AddressCountryCode = "NL", AddressLocality = "Utrecht" },
        };
        var json = OpenBadgeJson.ToJsonObject(profile);
        json["@context"] = new System.Text.Json.Nodes.JsonArray(OpenBadgeConstants.CredentialsV2Context, OpenBadgeConstants.OpenBadgesContext);
        Assert.Equal("", Fixtures.SchemaErrors(Fixtures.Schema("ob_v3p0", "ob_v3p0_profile_schema.json"), json));
        json.Remove("id");
        Assert.Contains("id", Fixtures.SchemaErrors(Fixtures.Schema("ob_v3p0", "ob_v3p0_profile_schema.json"), json));
    }

    [Fact]
    public void Endorsement_round_trip_passes_the_endorsement_schema()
    {
        var original = Fixtures.Load(Fixtures.Ob30("endorsement-valid.json"));
        var serialized = OpenBadgeJson.ToJsonObject(OpenBadgeJson.FromJson<EndorsementCredential>(original));
        Assert.Equal("", Fixtures.SchemaErrors(Fixtures.Schema("ob_v3p0", "ob_v3p0_endorsementcredential_schema.json"), serialized));
    }
}
