using System.Text.Json.Nodes;
using Laurel.Credentials.Verification;
using Laurel.Features.Awards;
using Laurel.Features.Backpack.Imports;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;

namespace Laurel.Tests.Pathways;

/// <summary>Hosts whose operator configured Laurel:TrustedIssuers (one domain, one exact DID, one broken entry).</summary>
public sealed class TrustedIssuerSqliteHost : SqliteHost
{
    protected override void Configure(Dictionary<string, string?> settings) => TrustedIssuerTests.Add(settings);
}

public sealed class TrustedIssuerPostgresHost : PostgresHost
{
    protected override void Configure(Dictionary<string, string?> settings) => TrustedIssuerTests.Add(settings);
}

/// <summary>The operator's trusted-issuer list counts for external items that name no issuers of their own and makes an issuer "known" on imports.</summary>
public abstract class TrustedIssuerTests(LaurelHost host)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static void Add(Dictionary<string, string?> settings)
    {
        settings["Laurel:TrustedIssuers:0:Domain"] = "registry.example";
        settings["Laurel:TrustedIssuers:0:Name"] = "Registry University";
        settings["Laurel:TrustedIssuers:1:Id"] = "did:key:z6MkTrustedByTheOperator";
        settings["Laurel:TrustedIssuers:1:Name"] = "Operator's friend";
        settings["Laurel:TrustedIssuers:2:Domain"] = "urn:uuid:not-a-domain"; // left out: never trusted
        settings["Laurel:TrustedIssuers:2:Name"] = "Broken";
    }

    [Fact]
    public async Task An_issuer_on_the_trusted_list_counts_for_an_item_that_names_no_issuer_and_shows_as_known()
    {
        var externalId = $"https://badges.registry.example/achievements/{Guid.NewGuid():N}";
        var completion = await host.NewCompletionAchievementAsync();
        await host.NewPathwayAsync([], [externalId], minItems: 1, completion: completion, acceptedIssuers: []);
        var outsider = await host.NewSignInLearnerAsync();
        await host.ImportAsync(outsider.Id, externalId, provenIssuer: "did:web:registry.example.evil.example");
        await host.NotifyAsync(outsider.Id);
        Assert.Empty(await host.AwardsOfAsync(outsider.Id, completion));

        var learner = await host.NewSignInLearnerAsync();
        var import = await host.ImportAsync(learner.Id, externalId, provenIssuer: "did:web:badges.registry.example");
        await host.NotifyAsync(learner.Id);
        Assert.Equal(AwardState.Issued, Assert.Single(await host.AwardsOfAsync(learner.Id, completion)).State);

        using var client = await host.SignInAsDemoAsync(learner.Persona);
        var list = System.Net.WebUtility.HtmlDecode(await client.GetStringAsync("/backpack/imports?culture=en", Ct));
        Assert.Contains("data-verdict-issuer=\"Trusted\"", list);
        Assert.Contains("on this Laurel's list of trusted issuers as \"Registry University\"", list);
        var backpack = await client.GetStringAsync("/backpack?culture=en", Ct);
        Assert.Contains("data-verdict-issuer=\"Trusted\"", backpack);
        Assert.Contains($"id=\"import-{import}\"", backpack);
    }

    [Fact]
    public async Task An_item_that_names_its_issuers_accepts_only_those_and_not_the_registry_and_staff_are_told_so()
    {
        // The registry issuer (or anyone holding one of its badges) names an achievement id that another issuer owns.
        const string owner = "did:web:badges.owner.example";
        var externalId = $"https://badges.owner.example/achievements/{Guid.NewGuid():N}";
        var completion = await host.NewCompletionAchievementAsync();
        var pathway = await host.NewPathwayAsync([], [externalId], minItems: 1, completion: completion, acceptedIssuers: [owner]);
        var claimant = await host.NewSignInLearnerAsync();
        var claim = await host.ImportAsync(claimant.Id, externalId, provenIssuer: "did:web:badges.registry.example");
        await host.NotifyAsync(claimant.Id);
        Assert.Empty(await host.AwardsOfAsync(claimant.Id, completion));
        using (var client = await host.SignInAsDemoAsync(claimant.Persona))
        {
            var mine = System.Net.WebUtility.HtmlDecode(await client.GetStringAsync("/backpack/pathways?culture=en", Ct));
            Assert.Contains($"/pathways/{pathway}", mine);
            Assert.Contains($"data-not-counted=\"{claim}\"", mine);
            Assert.Contains("data-reason=\"IssuerNotAccepted\"", mine);
        }

        var learner = await host.NewSignInLearnerAsync();
        await host.ImportAsync(learner.Id, externalId, provenIssuer: owner);
        await host.NotifyAsync(learner.Id);
        Assert.Equal(AwardState.Issued, Assert.Single(await host.AwardsOfAsync(learner.Id, completion)).State);

        using var staff = await host.SignInAsDemoAsync("issuer-admin");
        var uu = await host.InstitutionIdAsync("uu");
        var en = System.Net.WebUtility.HtmlDecode(await staff.GetStringAsync($"/manage/pathways/new?institution={uu}&culture=en", Ct));
        Assert.Contains("once you name issuers here, that list no longer applies to this item", en);
        var nl = System.Net.WebUtility.HtmlDecode(await staff.GetStringAsync($"/manage/pathways/new?institution={uu}&culture=nl", Ct));
        Assert.Contains("zodra je hier uitgevers noemt, geldt die lijst niet meer voor dit onderdeel", nl);
    }

    [Fact]
    public async Task An_issuer_on_another_port_of_a_trusted_domain_does_not_count_and_is_not_known()
    {
        // A different port is a different origin (often another service or tenant of the same host): RFC 6454 §4.
        var externalId = $"https://badges.registry.example/achievements/{Guid.NewGuid():N}";
        var completion = await host.NewCompletionAchievementAsync();
        await host.NewPathwayAsync([], [externalId], minItems: 1, completion: completion, acceptedIssuers: []);
        foreach (var proven in (string[])["did:web:badges.registry.example%3A8443", "https://registry.example:8443/issuer"])
        {
            var learner = await host.NewSignInLearnerAsync();
            var import = await host.ImportAsync(learner.Id, externalId, provenIssuer: proven);
            await host.NotifyAsync(learner.Id);
            Assert.Empty(await host.AwardsOfAsync(learner.Id, completion));
            using var client = await host.SignInAsDemoAsync(learner.Persona);
            var list = System.Net.WebUtility.HtmlDecode(await client.GetStringAsync("/backpack/imports?culture=en", Ct));
            Assert.Contains(import.ToString(), list);
            Assert.Contains("data-verdict-issuer=\"Unknown\"", list);
            Assert.DoesNotContain("data-verdict-issuer=\"Trusted\"", list);
        }

        // The default https port written out is still the same origin.
        var same = await host.NewSignInLearnerAsync();
        await host.ImportAsync(same.Id, externalId, provenIssuer: "did:web:badges.registry.example%3A443");
        await host.NotifyAsync(same.Id);
        Assert.Equal(AwardState.Issued, Assert.Single(await host.AwardsOfAsync(same.Id, completion)).State);
    }

    [Fact]
    public async Task A_domain_entry_does_not_prove_a_path_based_did_web_on_that_host_but_an_exact_entry_does()
    {
        // did:web:registry.example:~student resolves to https://registry.example/~student/did.json: whoever can write there.
        const string student = "did:web:registry.example:~student";
        var externalId = $"https://badges.registry.example/achievements/{Guid.NewGuid():N}";
        var completion = await host.NewCompletionAchievementAsync();
        await host.NewPathwayAsync([], [externalId], minItems: 1, completion: completion, acceptedIssuers: []);
        var other = $"https://badges.other.example/achievements/{Guid.NewGuid():N}";
        var otherCompletion = await host.NewCompletionAchievementAsync();
        await host.NewPathwayAsync([], [other], minItems: 1, completion: otherCompletion, acceptedIssuers: [PathwayTestKit.KitIssuerDomain]);

        var learner = await host.NewSignInLearnerAsync();
        var import = await host.ImportAsync(learner.Id, externalId, provenIssuer: student);
        await host.ImportAsync(learner.Id, other, provenIssuer: "did:web:badges.other.example:users:eve");
        await host.NotifyAsync(learner.Id);
        Assert.Empty(await host.AwardsOfAsync(learner.Id, completion));
        Assert.Empty(await host.AwardsOfAsync(learner.Id, otherCompletion));
        using (var client = await host.SignInAsDemoAsync(learner.Persona))
        {
            var list = await client.GetStringAsync("/backpack/imports?culture=en", Ct);
            Assert.Contains(import.ToString(), list);
            Assert.Contains("data-verdict-issuer=\"Unknown\"", list);
            Assert.DoesNotContain("data-verdict-issuer=\"Trusted\"", list);
            Assert.DoesNotContain("data-verdict-issuer=\"AcceptedByPathway\"", list);
        }

        // Staff who mean that DID name it exactly.
        var exactId = $"https://badges.registry.example/achievements/{Guid.NewGuid():N}";
        var exactCompletion = await host.NewCompletionAchievementAsync();
        await host.NewPathwayAsync([], [exactId], minItems: 1, completion: exactCompletion, acceptedIssuers: [student]);
        var named = await host.NewSignInLearnerAsync();
        await host.ImportAsync(named.Id, exactId, provenIssuer: student);
        await host.NotifyAsync(named.Id);
        Assert.Equal(AwardState.Issued, Assert.Single(await host.AwardsOfAsync(named.Id, exactCompletion)).State);
    }

    [Fact]
    public void A_hosted_assertion_served_from_another_port_is_proven_as_that_origin_not_as_the_issuer_it_names()
    {
        static VerificationReport Hosted(string id, string issuer) => new()
        {
            Format = CredentialFormat.Ob2Assertion,
            Credential = new JsonObject { ["id"] = id },
            IssuerId = issuer,
            Checks = [new VerificationCheck(CheckIds.Proof, CheckOutcome.Passed, "proof.hosted_match", "")],
        };
        var list = new TrustedIssuers(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Laurel:TrustedIssuers:0:Id"] = "https://registry.example/issuer",
            ["Laurel:TrustedIssuers:0:Name"] = "Registry University",
        }).Build(), NullLogger<TrustedIssuers>.Instance);

        var other = ImportVerifier.ProvenIssuerOf(Hosted("https://registry.example:8443/a.json", "https://registry.example/issuer"));
        Assert.Equal("https://registry.example:8443/", other);
        Assert.Null(list.Find(other));
        var same = ImportVerifier.ProvenIssuerOf(Hosted("https://registry.example/a.json", "https://registry.example/issuer"));
        Assert.Equal("Registry University", list.Find(same)?.Name);
        Assert.Equal("https://registry.example:8443/issuer",
            ImportVerifier.ProvenIssuerOf(Hosted("https://registry.example:8443/a.json", "https://registry.example:8443/issuer")));
    }

    [Fact]
    public void Entries_need_a_name_and_a_valid_id_or_domain_and_match_exactly_or_by_host()
    {
        var settings = new Dictionary<string, string?>();
        Add(settings);
        settings["Laurel:TrustedIssuers:3:Id"] = "did:web:nameless.example";
        settings["Laurel:TrustedIssuers:4:Id"] = "example.edu"; // a domain given as an id: ambiguous, left out
        settings["Laurel:TrustedIssuers:4:Name"] = "Ambiguous";
        var list = new TrustedIssuers(new ConfigurationBuilder().AddInMemoryCollection(settings).Build(), NullLogger<TrustedIssuers>.Instance);
        Assert.Equal(["registry.example", "did:key:z6MkTrustedByTheOperator"], list.Entries.Select(e => e.Entry));
        Assert.Equal("Registry University", list.Find("https://www.registry.example/issuer")?.Name);
        Assert.Equal("Operator's friend", list.Find("did:key:z6MkTrustedByTheOperator")?.Name);
        Assert.Null(list.Find("did:key:z6MkSomeoneElse"));
        Assert.Null(list.Find("http://registry.example/issuer")); // no TLS: the host is not proven
        Assert.Null(list.Find(null));
        Assert.Null(list.Find("https://registry.example:8443/issuer")); // another origin on the same host
        Assert.Null(list.Find("did:web:registry.example%3A8443"));
        Assert.Null(list.Find("did:web:registry.example:~student")); // path-based: whoever writes under that path
        Assert.Equal("Registry University", list.Find("did:web:badges.registry.example#key-1")?.Name);
    }
}

public sealed class TrustedIssuerTestsOnSqlite(TrustedIssuerSqliteHost host) : TrustedIssuerTests(host), IClassFixture<TrustedIssuerSqliteHost>;

public sealed class TrustedIssuerTestsOnPostgres(TrustedIssuerPostgresHost host) : TrustedIssuerTests(host), IClassFixture<TrustedIssuerPostgresHost>;
