using System.Security.Claims;
using Laurel.Features.Awards;
using Laurel.Features.Awards.Claims;
using Laurel.Features.Awards.Issuing;
using Laurel.Features.Identity;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Tests.Claims;

/// <summary>Actors, learners and service calls for the awarding-flow tests.</summary>
internal static class ClaimsTestKit
{
    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static Task<PolicyVerdict> CheckAsync(this LaurelHost host, ClaimsPrincipal actor, AwardRequest request) =>
        host.WithAsync<AwardPolicy, PolicyVerdict>(p => p.CheckAsync(actor, request, Ct));

    public static Task<AwardOutcome> AwardAsync(this LaurelHost host, ClaimsPrincipal actor, AwardRequest request) =>
        host.WithAsync<AwardService, AwardOutcome>(s => s.AwardAsync(actor, request, Ct));

    public static Task<HousekeepingResult> RunJobAsync(this LaurelHost host, DateTime now) =>
        host.WithAsync<Housekeeping, HousekeepingResult>(j => j.RunOnceAsync(now, Ct));

    /// <summary>A request that passes every rule for a grade-requiring definition.</summary>
    public static AwardRequest Request(Guid achievementId, string identity, string type = RecipientTypes.EmailAddress, Guid? personId = null) => new()
    {
        AchievementId = achievementId, RecipientIdentity = identity, RecipientIdentityType = type, RecipientPersonId = personId,
        CompletedOn = new DateOnly(2025, 6, 20), Grade = "8",
    };

    /// <summary>
    /// A learner who can sign in through the demo page (a demo-provider account with this key), with an e-mail address and
    /// optionally an institution account; returns the person id.
    /// </summary>
    public static async Task<Guid> NewSignInLearnerAsync(this LaurelHost host, string key, string email, string? eppn = null, string? home = null,
        params string[] affiliations)
    {
        var person = TestData.Learner(email, "Learner " + key, givenName: "Sam", provider: SignInModel.DemoProvider, subject: key);
        if (eppn is not null)
        {
            var institution = TestData.Identity("surfconext", "sc-" + key);
            (institution.Eppn, institution.HomeOrganisation, institution.Affiliations) = (eppn, home, [.. affiliations]);
            person.Identities.Add(institution);
        }
        return (await host.AddPersonAsync(person)).Id;
    }

    public static string Key() => TestData.Key();

    public static Task<List<Laurel.Features.Notifications.OutboxMessage>> MailsAsync(this LaurelHost host, Guid awardId) =>
        host.DbAsync(db => db.OutboxMessages.AsNoTracking().Where(m => m.RelatedEntityId == awardId).OrderBy(m => m.CreatedAt).ToListAsync(Ct));
}
