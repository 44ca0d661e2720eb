using System.Text.Json.Nodes;
using Laurel.Credentials.DataIntegrity;
using Laurel.Credentials.Dids;
using Laurel.Credentials.Keys;
using Laurel.Credentials.Limits;

namespace Laurel.Credentials.Tests.DataIntegrity;

/// <summary>
/// The verification-side achievement cache (the RDF of an embedded achievement prepared once per definition) must give the proof check
/// exactly the answer of the whole document: credentials of one achievement verify, and any change to the achievement, to the context
/// or types it is read under, or to the rest of the credential fails once that achievement is cached.
/// </summary>
[Collection(nameof(SharedAchievementCacheTests))] // alone: one test fills the process-wide cache until it empties itself
public sealed class SharedAchievementCacheTests
{
    private static readonly DateTimeOffset Now = new(2026, 6, 30, 12, 0, 0, TimeSpan.Zero);
    private static readonly DidVerificationMethodResolver Resolver = new();
    private static readonly VerifyOptions Options = new() { Now = Now };
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // Each test its own achievement ids: other tests verify in parallel through the same process-wide cache.
    private readonly string _achievementId = $"https://badges.example.edu/achievements/{Guid.NewGuid():N}";

    private JsonObject Achievement(string did, string name = "Data Science Foundations") => new()
    {
        ["id"] = _achievementId, ["type"] = new JsonArray("Achievement"), ["name"] = name,
        ["description"] = "Five courses of statistics and programming.",
        ["criteria"] = new JsonObject { ["narrative"] = "Pass all five courses." },
        ["creator"] = new JsonObject { ["id"] = did, ["type"] = new JsonArray("Profile"), ["name"] = "Example University" },
        ["alignment"] = new JsonArray(new JsonObject
        {
            ["type"] = new JsonArray("Alignment"), ["targetName"] = "ESCO data science", ["targetUrl"] = "https://esco.example/ds",
        }),
    };

    private JsonObject Unsigned(string did, int learner, JsonObject? achievement = null) => new()
    {
        ["@context"] = new JsonArray("https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"),
        ["id"] = $"urn:uuid:00000000-0000-4000-8000-{learner:D12}",
        ["type"] = new JsonArray("VerifiableCredential", "OpenBadgeCredential"),
        ["issuer"] = new JsonObject { ["id"] = did, ["type"] = new JsonArray("Profile"), ["name"] = "Example University" },
        ["validFrom"] = "2026-01-01T00:00:00Z",
        ["name"] = "Data Science Foundations",
        ["credentialSubject"] = new JsonObject
        {
            ["type"] = new JsonArray("AchievementSubject"),
            ["identifier"] = new JsonArray(new JsonObject
            {
                ["type"] = "IdentityObject", ["identityHash"] = $"sha256$learner{learner}", ["identityType"] = "emailAddress",
                ["hashed"] = true, ["salt"] = $"salt{learner}",
            }),
            ["achievement"] = achievement ?? Achievement(did),
        },
    };

    private static JsonObject Sign(JsonObject unsigned, Ed25519Key key, string did) =>
        DataIntegrityProofs.AddProof(unsigned, Cryptosuite.EddsaRdfc2022, key, new ProofOptions
        {
            VerificationMethod = DidKey.VerificationMethodId(did), Created = Now.AddDays(-1),
        });

    private static JsonObject Proof(JsonObject secured) => secured["proof"] as JsonObject ?? secured["proof"]![0]!.AsObject();

    private static async Task<bool> Verifies(JsonObject secured) =>
        (await DataIntegrityProofs.VerifyAsync(JsonNode.Parse(secured.ToJsonString())!.AsObject(), Resolver, Options, Ct)).Verified;

    private static (Ed25519Key Key, string Did) Issuer()
    {
        var key = Ed25519Key.Generate();
        return (key, DidKey.FromPublicKey(key.PublicKeyBytes));
    }

    [Fact]
    public async Task Credentials_of_one_achievement_verify_from_the_cache_and_the_achievement_is_prepared_once()
    {
        var (key, did) = Issuer();
        using var _ = key;

        var hits = SharedAchievementCache.Instance.Hits;
        for (var learner = 0; learner < 5; learner++) Assert.True(await Verifies(Sign(Unsigned(did, learner), key, did)));

        // The first credential is checked the ordinary way (and teaches the cache); the other four from the joined dataset.
        Assert.Equal(4, SharedAchievementCache.Instance.Hits - hits);

        Assert.Equal(1, SharedAchievementCache.Instance.CountFor(_achievementId));
    }

    public static TheoryData<string> Forgeries() =>
    [
        "achievement name", "achievement alignment", "achievement creator name", "subject identity", "credential name",
        "issuer name", "subject type", "credential type", "context version", "achievement moved to a blank node", "proof created",
        "proof purpose",
    ];

    [Theory]
    [MemberData(nameof(Forgeries))]
    public async Task A_credential_changed_after_signing_fails_while_its_achievement_is_cached(string change)
    {
        var (key, did) = Issuer();
        using var _ = key;
        // The cache holds this achievement, learned from a genuine credential of the same definition.
        Assert.True(await Verifies(Sign(Unsigned(did, 1), key, did)));
        Assert.Equal(1, SharedAchievementCache.Instance.CountFor(_achievementId));

        var forged = Sign(Unsigned(did, 2), key, did);
        var subject = forged["credentialSubject"]!.AsObject();
        var achievement = subject["achievement"]!.AsObject();
        switch (change)
        {
            case "achievement name": achievement["name"] = "Data Science Mastery"; break;
            case "achievement alignment": achievement["alignment"]![0]!["targetUrl"] = "https://esco.example/other"; break;
            case "achievement creator name": achievement["creator"]!["name"] = "Other University"; break;
            case "subject identity": subject["identifier"]![0]!["identityHash"] = "sha256$someoneelse"; break;
            case "credential name": forged["name"] = "Data Science Mastery"; break;
            case "issuer name": forged["issuer"]!["name"] = "Other University"; break;
            case "subject type": subject["type"] = new JsonArray("AchievementSubject", "Profile"); break;
            case "credential type": forged["type"] = new JsonArray("VerifiableCredential", "OpenBadgeCredential", "EndorsementCredential"); break;
            case "context version": forged["@context"]![1] = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json"; break;
            case "achievement moved to a blank node": achievement.Remove("id"); break;
            // The proof configuration of the genuine credential is cached too (ProofConfigHashCache): a changed one is another key.
            case "proof created": Proof(forged)["created"] = "2026-06-28T12:00:00Z"; break;
            case "proof purpose": Proof(forged)["proofPurpose"] = "authentication"; break;
            default: throw new ArgumentOutOfRangeException(nameof(change));
        }

        Assert.False(await Verifies(forged));
    }

    [Fact]
    public async Task A_credential_signed_over_another_achievement_fails_when_that_achievement_is_swapped_for_the_cached_one()
    {
        var (key, did) = Issuer();
        using var _ = key;
        Assert.True(await Verifies(Sign(Unsigned(did, 1), key, did)));
        // Signed with another achievement of the same id, then given the cached achievement's bytes.
        var other = Sign(Unsigned(did, 2, Achievement(did, "Another name")), key, did);
        Assert.True(await Verifies(other));
        other["credentialSubject"]!["achievement"] = Achievement(did);

        Assert.False(await Verifies(other));
    }

    [Fact]
    public async Task Credentials_signed_in_the_same_second_share_one_cached_proof_configuration_and_each_verifies()
    {
        var (key, did) = Issuer();
        using var _ = key;
        var first = Sign(Unsigned(did, 1), key, did);
        var second = Sign(Unsigned(did, 2), key, did);
        Assert.Equal(Proof(first)["created"]!.ToJsonString(), Proof(second)["created"]!.ToJsonString());

        Assert.True(await Verifies(first));
        Assert.NotNull(ProofConfigHashCache.Instance.TryGet(ProofConfigHashCache.Key(Proof(first), first["@context"])!, ProcessingLimits.Default));
        Assert.True(await Verifies(second));
        // The second credential's signature is not the first's: its proofValue is checked against its own document hash.
        Proof(second)["proofValue"] = Proof(first)["proofValue"]!.DeepClone();
        Assert.False(await Verifies(second));
    }

    [Fact]
    public async Task The_cache_stays_bounded_under_many_different_achievements()
    {
        var (key, did) = Issuer();
        using var _ = key;

        for (var i = 0; i < SharedAchievementCache.MaxEntries + 3; i++)
        {
            var achievement = Achievement(did, $"Achievement {i}");
            achievement["id"] = $"{_achievementId}/{i}";
            Assert.True(await Verifies(Sign(Unsigned(did, i, achievement), key, did)));
        }

        Assert.InRange(SharedAchievementCache.Instance.Count, 1, SharedAchievementCache.MaxEntries);
    }

    [Fact]
    public async Task An_achievement_with_blank_node_labels_is_not_cached_and_still_verifies()
    {
        var (key, did) = Issuer();
        using var _ = key;
        var achievement = Achievement(did);
        achievement["criteria"]!["id"] = "_:criteria";

        Assert.True(await Verifies(Sign(Unsigned(did, 1, achievement), key, did)));
        Assert.Equal(0, SharedAchievementCache.Instance.CountFor(_achievementId));
    }
}

[CollectionDefinition(nameof(SharedAchievementCacheTests), DisableParallelization = true)]
public sealed class SharedAchievementCacheCollection;
