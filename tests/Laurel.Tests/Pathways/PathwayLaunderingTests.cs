using System.Net;
using Laurel.Credentials.Verification;
using Laurel.Features.Awards;
using Laurel.Features.Backpack.Imports;
using Laurel.Tests.Imports;

namespace Laurel.Tests.Pathways;

/// <summary>
/// Issue 12, finding 1: a badge anyone can sign at home (digitalbazaar's signer, a fresh did:key) that names a pathway's
/// external achievement must not earn the institution-signed completion credential unless the pathway accepts its issuer
/// and it names the learner by a verified address; the learner's progress page says why it does not count.
/// </summary>
public abstract class PathwayLaunderingTests(LaurelHost host)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private const string RealIssuer = "did:web:badges.elsewhere.example";

    private static string NewExternalId() => $"https://badges.elsewhere.example/achievements/{Guid.NewGuid():N}";

    private static async Task<Guid> ImportThroughThePageAsync(HttpClient learner, string json)
    {
        var id = ImportTestKit.ImportedId(await learner.ImportJsonAsync(json));
        return id;
    }

    [Fact]
    public async Task A_self_signed_badge_naming_the_achievement_earns_no_completion_and_the_learner_is_told_the_issuer_is_not_accepted()
    {
        var externalId = NewExternalId();
        var completion = await host.NewCompletionAchievementAsync();
        var pathway = await host.NewPathwayAsync([], [externalId], minItems: 1, completion: completion, acceptedIssuers: [RealIssuer]);
        var learner = await host.NewSignInLearnerAsync();
        var (forged, did) = await IndependentSigner.SignAsync(externalId, learner.Email);

        using var client = await host.SignInAsDemoAsync(learner.Persona);
        var importId = await ImportThroughThePageAsync(client, forged);

        // The signature is real and names the learner: only the issuer is wrong.
        var stored = await host.ImportedAsync(importId);
        Assert.Equal((ImportStatus.Valid, RecipientMatch.Matched, did), (stored.Status, stored.Recipient, stored.ProvenIssuerId));
        Assert.Empty(await host.AwardsOfAsync(learner.Id, completion));
        var mine = WebUtility.HtmlDecode(await client.GetStringAsync("/backpack/pathways?culture=en", Ct));
        Assert.Contains($"/pathways/{pathway}", mine);
        Assert.Contains($"data-not-counted=\"{importId}\"", mine);
        Assert.Contains("data-reason=\"IssuerNotAccepted\"", mine);
        Assert.Contains($"issuer Totally Real University ({did}) is not accepted for this item.", mine);
        Assert.DoesNotContain("data-reason=\"Recipient", mine);
        Assert.Contains("0 of 1 items", mine);
        var dutch = WebUtility.HtmlDecode(await client.GetStringAsync($"/pathways/{pathway}?culture=nl", Ct));
        Assert.Contains($"uitgever Totally Real University ({did}) wordt voor dit onderdeel niet geaccepteerd.", dutch);
        Assert.Contains($"Telt mee als uitgegeven door: {RealIssuer}", dutch);

        // The backpack does not call it a known issuer either.
        var detail = await client.GetStringAsync($"/backpack/imports/{importId}?culture=en", Ct);
        Assert.Contains("data-verdict-issuer=\"Unknown\"", detail);
        Assert.Contains("data-verdict-signature=\"Valid\"", detail);
        Assert.Contains("data-verdict-recipient=\"Matched\"", detail);
    }

    [Fact]
    public async Task A_badge_from_an_accepted_issuer_but_issued_to_someone_else_earns_no_completion_and_the_learner_is_told_why()
    {
        var externalId = NewExternalId();
        var learner = await host.NewSignInLearnerAsync();
        var (borrowed, did) = await IndependentSigner.SignAsync(externalId, $"someone-else-{Guid.NewGuid():N}@example.org");
        var completion = await host.NewCompletionAchievementAsync();
        var pathway = await host.NewPathwayAsync([], [externalId], minItems: 1, completion: completion, acceptedIssuers: [did]);

        using var client = await host.SignInAsDemoAsync(learner.Persona);
        var importId = await ImportThroughThePageAsync(client, borrowed);

        var stored = await host.ImportedAsync(importId);
        Assert.Equal((ImportStatus.Valid, RecipientMatch.NotMatched), (stored.Status, stored.Recipient));
        Assert.Empty(await host.AwardsOfAsync(learner.Id, completion));
        var mine = WebUtility.HtmlDecode(await client.GetStringAsync("/backpack/pathways?culture=en", Ct));
        Assert.Contains($"/pathways/{pathway}", mine);
        Assert.Contains("data-reason=\"RecipientNotMatched\"", mine);
        Assert.Contains("issued to someone else: the recipient is not one of your verified e-mail addresses or institution accounts.", mine);
        Assert.DoesNotContain("data-reason=\"Issuer", mine);

        // Accepted by a pathway, so a known issuer; but not this learner's badge.
        var detail = await client.GetStringAsync($"/backpack/imports/{importId}?culture=en", Ct);
        Assert.Contains("data-verdict-issuer=\"AcceptedByPathway\"", detail);
        Assert.Contains("data-verdict-recipient=\"NotMatched\"", detail);
    }

    [Fact]
    public async Task A_badge_from_an_accepted_issuer_to_the_learners_verified_address_still_earns_the_completion()
    {
        var externalId = NewExternalId();
        var learner = await host.NewSignInLearnerAsync();
        var (genuine, did) = await IndependentSigner.SignAsync(externalId, learner.Email);
        var completion = await host.NewCompletionAchievementAsync();
        await host.NewPathwayAsync([], [externalId], minItems: 1, completion: completion, acceptedIssuers: [did]);

        using var client = await host.SignInAsDemoAsync(learner.Persona);
        await ImportThroughThePageAsync(client, genuine);

        var award = Assert.Single(await host.AwardsOfAsync(learner.Id, completion));
        Assert.Equal(AwardState.Issued, award.State);
        Assert.Equal(Verdict.Valid, (await host.VerifyAsync(award.CredentialJson)).Verdict);
    }

    [Fact]
    public async Task A_badge_to_an_address_the_learner_links_later_counts_once_the_progress_page_sees_it_is_theirs()
    {
        var externalId = NewExternalId();
        var learner = await host.NewSignInLearnerAsync();
        var work = $"work-{Guid.NewGuid():N}@example.org";
        var (genuine, did) = await IndependentSigner.SignAsync(externalId, work);
        var completion = await host.NewCompletionAchievementAsync();
        await host.NewPathwayAsync([], [externalId], minItems: 1, completion: completion, acceptedIssuers: [did]);
        using var client = await host.SignInAsDemoAsync(learner.Persona);
        var importId = await ImportThroughThePageAsync(client, genuine);
        Assert.Equal(RecipientMatch.NotMatched, (await host.ImportedAsync(importId)).Recipient);
        Assert.Empty(await host.AwardsOfAsync(learner.Id, completion));

        // The learner links an institution account whose provider vouches for the work address.
        await host.DbAsync(async db =>
        {
            db.LinkedIdentities.Add(new Laurel.Features.Identity.LinkedIdentity
            {
                Id = Guid.CreateVersion7(), PersonId = learner.Id, Provider = "work-sso", Subject = Guid.NewGuid().ToString("N"), Email = work,
                EmailVerification = Laurel.Features.Identity.EmailVerification.Provider, LinkedAt = DateTime.UtcNow,
            });
            return await db.SaveChangesAsync(Ct);
        });
        var mine = await client.GetStringAsync("/backpack/pathways?culture=en", Ct);
        Assert.DoesNotContain("data-reason=", mine);
        Assert.Equal(RecipientMatch.Matched, (await host.ImportedAsync(importId)).Recipient);
        Assert.Equal(AwardState.Issued, Assert.Single(await host.AwardsOfAsync(learner.Id, completion)).State);
    }
}

public sealed class PathwayLaunderingTestsOnSqlite(SqliteHost host) : PathwayLaunderingTests(host), IClassFixture<SqliteHost>;

public sealed class PathwayLaunderingTestsOnPostgres(PostgresHost host) : PathwayLaunderingTests(host), IClassFixture<PostgresHost>;
