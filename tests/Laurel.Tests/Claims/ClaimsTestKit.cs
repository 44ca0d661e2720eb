using System.Globalization;
using System.Security.Claims;
using Laurel.Features.Awards;
using Laurel.Features.Awards.Claims;
using Laurel.Features.Awards.Issuing;
using Laurel.Features.Identity;
using Laurel.Infrastructure.Database;
using Laurel.Tests.Awards;
using Laurel.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Tests.Claims;

/// <summary>Actors, learners and service calls for the awarding-flow tests.</summary>
internal static class ClaimsTestKit
{
    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The principal a demo persona (or other demo-provider account) gets when signing in.</summary>
    public static Task<ClaimsPrincipal> PrincipalAsync(this LaurelHost host, string persona) => host.DbAsync(async db =>
    {
        var person = await db.LinkedIdentities.Where(i => i.Provider == SignInModel.DemoProvider && i.Subject == persona)
            .Select(i => i.Person!).SingleAsync(Ct);
        return new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, person.Id.ToString()), new Claim(ClaimTypes.Name, person.DisplayName)], "test"));
    });

    /// <summary>Runs <paramref name="work"/> with a fresh scope's service, in Dutch (the default language).</summary>
    public static async Task<T> WithAsync<TService, T>(this LaurelHost host, Func<TService, Task<T>> work, string culture = "nl")
        where TService : notnull
    {
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);
        try
        {
            await using var scope = host.Services.CreateAsyncScope();
            return await work(scope.ServiceProvider.GetRequiredService<TService>());
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }

    public static Task<PolicyVerdict> CheckAsync(this LaurelHost host, ClaimsPrincipal actor, AwardRequest request) =>
        host.WithAsync<AwardPolicy, PolicyVerdict>(p => p.CheckAsync(actor, request, Ct));

    public static Task<AwardOutcome> AwardAsync(this LaurelHost host, ClaimsPrincipal actor, AwardRequest request) =>
        host.WithAsync<AwardService, AwardOutcome>(s => s.AwardAsync(actor, request, Ct));

    public static Task<ClaimsJobResult> RunJobAsync(this LaurelHost host, DateTime now) =>
        host.WithAsync<ClaimsJob, ClaimsJobResult>(j => j.RunOnceAsync(now, Ct));

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
    public static Task<Guid> NewSignInLearnerAsync(this LaurelHost host, string key, string email, string? eppn = null, string? home = null,
        params string[] affiliations) => host.DbAsync(async db =>
    {
        var person = new Person { Id = Guid.CreateVersion7(), DisplayName = "Learner " + key, GivenName = "Sam", EmailVerification = Laurel.Features.Identity.EmailVerification.Provider, Email = email, CreatedAt = DateTime.UtcNow };
        person.Identities.Add(new LinkedIdentity { Id = Guid.CreateVersion7(), Provider = SignInModel.DemoProvider, Subject = key, EmailVerification = Laurel.Features.Identity.EmailVerification.Provider, Email = email, LinkedAt = DateTime.UtcNow });
        if (eppn is not null)
            person.Identities.Add(new LinkedIdentity
            {
                Id = Guid.CreateVersion7(), Provider = "surfconext", Subject = "sc-" + key, Eppn = eppn, HomeOrganisation = home,
                Affiliations = [.. affiliations], LinkedAt = DateTime.UtcNow,
            });
        db.Persons.Add(person);
        await db.SaveChangesAsync(Ct);
        return person.Id;
    });

    public static string Key() => Guid.NewGuid().ToString("N")[..8];

    public static Task SetAchievementAsync(this LaurelHost host, Guid id, Action<Laurel.Features.Achievements.Achievement> change) => host.DbAsync(async db =>
    {
        var a = await db.Achievements.SingleAsync(x => x.Id == id, Ct);
        change(a);
        return await db.SaveChangesAsync(Ct);
    });

    public static Task<List<Laurel.Features.Notifications.OutboxMessage>> MailsAsync(this LaurelHost host, Guid awardId) =>
        host.DbAsync(db => db.OutboxMessages.AsNoTracking().Where(m => m.RelatedEntityId == awardId).OrderBy(m => m.CreatedAt).ToListAsync(Ct));
}
