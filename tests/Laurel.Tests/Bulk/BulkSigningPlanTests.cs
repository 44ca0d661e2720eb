using System.Text.Json.Nodes;
using Laurel.Credentials.DataIntegrity;
using Laurel.Credentials.JsonLd;
using Laurel.Credentials.Keys;
using Laurel.Features.Achievements;
using Laurel.Features.Awards;
using Laurel.Features.Awards.Bulk;
using Laurel.Features.Awards.Issuing;
using Laurel.Infrastructure.Web;
using Laurel.Tests.Awards;
using Microsoft.Extensions.Configuration;
using Achievement = Laurel.Features.Achievements.Achievement;

namespace Laurel.Tests.Bulk;

/// <summary>
/// The bulk signing shortcut (the definition's RDF made once per file) signs exactly what the straightforward eddsa-rdfc-2022
/// signing of the whole credential signs: the same proof, byte for byte, for varied rows of every kind of definition.
/// </summary>
public sealed class BulkSigningPlanTests
{
    private static readonly PublicOrigin Origin = new(new ConfigurationBuilder()
        .AddInMemoryCollection(new Dictionary<string, string?> { ["Laurel:PublicBaseUrl"] = "https://badges.example.edu" }).Build());
    private static readonly CredentialBuilder Builder = new(Origin, new Laurel.Features.Publishing.Issuers.IssuerProfiles(null!, Origin));
    private const string Did = "did:web:badges.example.edu:institutions:uu";
    private const string Method = Did + "#key-1";
    private static readonly DateTimeOffset SignedAt = new(2026, 12, 7, 8, 0, 5, TimeSpan.Zero);

    private static JsonArray Status(int index) => new(new JsonObject
    {
        ["id"] = $"https://badges.example.edu/status/3#{index}", ["type"] = "BitstringStatusListEntry", ["statusPurpose"] = "revocation",
        ["statusListIndex"] = index.ToString(System.Globalization.CultureInfo.InvariantCulture), ["statusListCredential"] = "https://badges.example.edu/status/3",
    }, new JsonObject
    {
        ["id"] = $"https://badges.example.edu/status/4#{index}", ["type"] = "BitstringStatusListEntry", ["statusPurpose"] = "suspension",
        ["statusListIndex"] = index.ToString(System.Globalization.CultureInfo.InvariantCulture), ["statusListCredential"] = "https://badges.example.edu/status/4",
    });

    // Rows that differ in every per-row part: recipient and its type, names in other scripts, grade, narrative, evidence with and
    // without URL (a blank node or an IRI), completion and issue dates.
    private static Award Row(Achievement a, int i)
    {
        var award = TestData.Award(a, recipient: i % 3 == 0 ? $"s{i}@uu.nl" : $"learner{i}@example.org", salt: $"{i:x32}",
            issuedAt: new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddSeconds(i * 7919), completedOn: new DateOnly(2025, 1 + i % 12, 1 + i % 28),
            grade: i % 4 == 0 ? null : $"{6 + i % 5},5");
        if (i % 3 == 0) award.RecipientIdentityType = RecipientTypes.Eppn;
        award.Narrative = i % 5 == 0 ? null : $"Sterk portfolio; \"goed\" onderbouwd — Ünïcødé {i}\nregel 2";
        award.Evidence = (i % 4) switch
        {
            0 => [],
            1 => [new AwardEvidence { Url = $"https://uu.example/portfolio/{i}", Name = "Portfolio" }],
            2 => [new AwardEvidence { Name = "Verslag", Description = "zonder URL" }],
            _ => [new AwardEvidence { Url = $"https://uu.example/a/{i}" }, new AwardEvidence { Name = "Tweede", Description = "x" }],
        };
        return award;
    }

    public static TheoryData<AchievementKind, bool> Cases() => new()
    {
        { AchievementKind.MicroCredential, false }, { AchievementKind.MicroCredential, true },
        { AchievementKind.Regular, false }, { AchievementKind.Regular, true },
        { AchievementKind.ExtraCurricular, false }, { AchievementKind.ExtraCurricular, true },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Signs_every_row_exactly_as_the_whole_credential_is_signed_also_from_parallel_threads(AchievementKind kind, bool everyField)
    {
        var a = CredentialBuilderTests.Definition(kind, everyField);
        var build = Builder.ForDefinition(a);
        using var key = Ed25519Key.Generate();
        var awards = Enumerable.Range(0, 40).Select(i => Row(a, i)).ToArray();
        var plan = BulkSigningPlan.Create(build(awards[0], Status(0)), key, Method, Did);
        Assert.NotNull(plan);

        var fromPlan = new string[awards.Length];
        Parallel.For(0, awards.Length, i => fromPlan[i] = plan.Sign(build(awards[i], Status(i)), SignedAt).ToJsonString());
        for (var i = 0; i < awards.Length; i++)
        {
            var straightforward = DataIntegrityProofs.AddProof(Builder.Build(awards[i], a, Status(i)), Cryptosuite.EddsaRdfc2022, key,
                new ProofOptions { VerificationMethod = Method, Created = SignedAt, ProofAsArray = true }, new JsonLdOptions { SafeMode = true });
            Assert.Equal(straightforward.ToJsonString(), fromPlan[i]);
        }
    }

    [Fact]
    public void Signing_time_is_kept_in_whole_seconds()
    {
        var a = CredentialBuilderTests.Definition(AchievementKind.MicroCredential, everyField: true);
        var build = Builder.ForDefinition(a);
        using var key = Ed25519Key.Generate();
        var award = Row(a, 1);
        var plan = BulkSigningPlan.Create(build(award, Status(1)), key, Method, Did)!;
        var signed = plan.Sign(build(award, Status(1)), SignedAt.AddTicks(1234567));
        Assert.Equal("2026-12-07T08:00:05Z", (string?)signed["proof"]![0]!["created"]);
    }

    [Fact]
    public void A_credential_of_another_definition_or_issuer_is_refused()
    {
        var a = CredentialBuilderTests.Definition(AchievementKind.MicroCredential, everyField: true);
        var other = CredentialBuilderTests.Definition(AchievementKind.MicroCredential, everyField: true);
        using var key = Ed25519Key.Generate();
        var plan = BulkSigningPlan.Create(Builder.ForDefinition(a)(Row(a, 1), Status(1)), key, Method, Did)!;
        Assert.Throws<ArgumentException>(() => plan.Sign(Builder.ForDefinition(other)(Row(other, 2), Status(2)), SignedAt));
        Assert.Null(BulkSigningPlan.Create(Builder.ForDefinition(a)(Row(a, 1), Status(1)), key, Method, "did:web:elsewhere.example"));
    }
}
