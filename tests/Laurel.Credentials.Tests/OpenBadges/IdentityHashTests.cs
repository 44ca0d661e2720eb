using Laurel.Credentials.OpenBadges;

namespace Laurel.Credentials.Tests.OpenBadges;

public class IdentityHashTests
{
    [Theory]
    [InlineData("mayze", null, "sha256$7a1a1b3f7d40552e4299180e346e3add12bf9a751a43d9c4ca4518febc2c60c6")]
    [InlineData("a@example.com", "Kosher", "sha256$b5809d8a92f8858436d7e6b87c12ebc0ae1eac4baecc2c0b913aee2c922ef399")]
    [InlineData("conformance@imsglobal.org", null, "sha256$d54a35db0bb2e95521c515c1ddebaa21603386f0ce302f5a9add8eaba2660adc")]
    public void Digest_vectors_hash_identity_followed_by_salt(string identity, string? salt, string expected)
    {
        Assert.Equal(expected, IdentityHash.Compute(identity, salt));
    }

    [Fact]
    public void Created_email_identity_is_normalized_salted_and_matches_case_insensitively()
    {
        var identity = IdentityHash.CreateHashed("  A@Example.com ");
        Assert.True(identity.Hashed);
        Assert.Equal("emailAddress", identity.IdentityType);
        Assert.Equal(32, identity.Salt!.Length);
        Assert.True(IdentityHash.Matches(identity, "a@example.com", "emailAddress"));
        Assert.True(IdentityHash.Matches(identity, "A@EXAMPLE.COM", "emailAddress"));
        Assert.False(IdentityHash.Matches(identity, "b@example.com", "emailAddress"));
        Assert.NotEqual(identity.Salt, IdentityHash.CreateHashed("a@example.com").Salt);
    }

    [Fact]
    public void Upper_case_hex_in_the_document_still_matches()
    {
        var identity = new IdentityObject
        {
            Hashed = true, IdentityType = "emailAddress", Salt = "Kosher",
            IdentityHash = "sha256$B5809D8A92F8858436D7E6B87C12EBC0AE1EAC4BAECC2C0B913AEE2C922EF399",
        };
        Assert.True(IdentityHash.Matches(identity, "a@example.com", "emailAddress"));
    }

    [Fact]
    public void Identities_of_another_type_never_match()
    {
        var identity = IdentityHash.CreateHashed("12345", "studentId".Length > 0 ? "sourcedId" : "", salt: "s");
        Assert.True(IdentityHash.Matches(identity, "12345", "sourcedId"));
        Assert.False(IdentityHash.Matches(identity, "12345", "emailAddress"));
    }

    [Fact]
    public void Plaintext_identities_compare_exactly()
    {
        var identity = new IdentityObject { Hashed = false, IdentityHash = "Jane Doe", IdentityType = "name" };
        Assert.True(IdentityHash.Matches(identity, "Jane Doe", "name"));
        Assert.False(IdentityHash.Matches(identity, "jane doe", "name"));
    }
}
