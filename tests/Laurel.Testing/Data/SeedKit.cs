using System.Globalization;
using Laurel.Features.Achievements;
using Laurel.Features.Awards;
using Laurel.Features.Identity;
using Laurel.Features.Identity.ApiClients;
using Laurel.Features.Institutions;
using Laurel.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Testing.Data;

/// <summary>Reading and writing a test host's database directly, each call in a fresh scope (as one request would).</summary>
public static class SeedKit
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static async Task<T> DbAsync<T>(this LaurelHost host, Func<LaurelDb, Task<T>> work)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<LaurelDb>());
    }

    /// <summary>Runs <paramref name="work"/> with a fresh DI scope (as one web request would).</summary>
    public static async Task<T> InScopeAsync<T>(this LaurelHost host, Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider);
    }

    /// <summary>Runs <paramref name="work"/> with a fresh scope's service, in Dutch (the default language) unless told.</summary>
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

    /// <summary>The id of a demo institution ("uu", "tudelft").</summary>
    public static Task<Guid> InstitutionIdAsync(this LaurelHost host, string slug) =>
        host.DbAsync(db => db.Institutions.Where(i => i.Slug == slug).Select(i => i.Id).SingleAsync(Ct));

    /// <summary>The id of a demo issuer by its English name ("Computing Science" of UU, "TU Delft Extension School").</summary>
    public static Task<Guid> IssuerIdAsync(this LaurelHost host, string nameEn) =>
        host.DbAsync(db => db.Issuers.Where(i => i.NameEn == nameEn).Select(i => i.Id).SingleAsync(Ct));

    /// <summary>A new published definition (grade required) of the demo issuer "Computing Science" (UU) or "TU Delft Extension School".</summary>
    public static Task<Guid> NewAchievementAsync(this LaurelHost host, AchievementKind kind = AchievementKind.MicroCredential,
        bool gradeRequired = true, string issuerNameEn = "Computing Science", AchievementStatus status = AchievementStatus.Published) =>
        host.AddAchievementAsync(issuerNameEn, issuer => TestData.Achievement(issuer, kind: kind, status: status, gradeRequired: gradeRequired,
            tags: ["data"], programmeIdentifiers: ["50032"]));

    /// <summary>Stores the definition <paramref name="make"/> builds (see <see cref="TestData.Achievement"/>) for a demo issuer
    /// (by English name, its faculty loaded); returns its id.</summary>
    public static Task<Guid> AddAchievementAsync(this LaurelHost host, string issuerNameEn, Func<Issuer, Achievement> make) => host.DbAsync(async db =>
    {
        var issuer = await db.Issuers.Include(i => i.Faculty).SingleAsync(i => i.NameEn == issuerNameEn, Ct);
        var achievement = make(issuer);
        db.Achievements.Add(achievement);
        await db.SaveChangesAsync(Ct);
        return achievement.Id;
    });

    /// <summary>A learner who has signed in before (e-mail and eduID subject); returns (person id, e-mail, eduID subject).</summary>
    public static async Task<(Guid Id, string Email, string Subject)> NewLearnerAsync(this LaurelHost host, string? language = null)
    {
        var key = TestData.Key();
        var person = await host.AddPersonAsync(TestData.Learner($"learner-{key}@example.org", "Learner " + key, givenName: "Lea", language: language,
            provider: "eduid", subject: "eduid-" + key));
        return (person.Id, person.Email!, "eduid-" + key);
    }

    /// <summary>Stores a person built by <see cref="TestData.Learner"/>; returns it.</summary>
    public static Task<Person> AddPersonAsync(this LaurelHost host, Person person) => host.DbAsync(async db =>
    {
        db.Persons.Add(person);
        await db.SaveChangesAsync(Ct);
        return person;
    });

    /// <summary>
    /// A new API client of a demo institution with a fresh id "<paramref name="prefix"/>-…" and the secret
    /// "<paramref name="prefix"/>-secret"; <paramref name="name"/> gets the id appended unless it is <paramref name="fixedName"/>.
    /// Returns the client id.
    /// </summary>
    public static Task<string> NewApiClientAsync(this LaurelHost host, string institutionSlug, string prefix, string name, IEnumerable<string> scopes,
        bool fixedName = false) => host.DbAsync(async db =>
    {
        var institution = await db.Institutions.SingleAsync(i => i.Slug == institutionSlug, Ct);
        var clientId = prefix + "-" + TestData.Key();
        db.ApiClients.Add(new ApiClient
        {
            Id = Guid.CreateVersion7(), InstitutionId = institution.Id, Name = fixedName ? name : name + " " + clientId, ClientId = clientId,
            SecretHash = ApiClientSecrets.Hash(prefix + "-secret"), Scopes = [.. scopes], CreatedAt = DateTime.UtcNow,
        });
        await db.SaveChangesAsync(Ct);
        return clientId;
    });

    public static Task<Award> AwardAsync(this LaurelHost host, Guid awardId) =>
        host.DbAsync(db => db.Awards.AsNoTracking().SingleAsync(a => a.Id == awardId, Ct));

    /// <summary>Changes an award straight in the database (a state the test needs, not a transition under test).</summary>
    public static Task SetAsync(this LaurelHost host, Guid awardId, Action<Award> change) => host.DbAsync(async db =>
    {
        var award = await db.Awards.SingleAsync(a => a.Id == awardId);
        change(award);
        await db.SaveChangesAsync();
        return 0;
    });

    public static Task SetAchievementAsync(this LaurelHost host, Guid id, Action<Achievement> change) => host.DbAsync(async db =>
    {
        var a = await db.Achievements.SingleAsync(x => x.Id == id, Ct);
        change(a);
        return await db.SaveChangesAsync(Ct);
    });
}
