using Laurel.Features.Identity;
using Laurel.Infrastructure.Database;

namespace Laurel.Tests.Identity;

/// <summary>Extra people for authorization tests, signed in through the same demo sign-in as the seeded personas.</summary>
public static class IdentityTestData
{
    public static async Task<Person> AddStaffAsync(LaurelHost host, string key, StaffRole role, ScopeLevel level, Guid scopeId, Guid institutionId, bool revoked = false)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LaurelDb>();
        var now = DateTime.UtcNow;
        var person = new Person { Id = Guid.CreateVersion7(), DisplayName = "Test " + key, EmailVerification = Laurel.Features.Identity.EmailVerification.Provider, Email = key + "@example.org", CreatedAt = now };
        person.Identities.Add(new LinkedIdentity { Id = Guid.CreateVersion7(), Provider = SignInModel.DemoProvider, Subject = key, LinkedAt = now });
        db.Persons.Add(person);
        db.StaffMemberships.Add(new StaffMembership
        {
            Id = Guid.CreateVersion7(), PersonId = person.Id, Role = role, Level = level, ScopeId = scopeId, InstitutionId = institutionId,
            CreatedAt = now, AcceptedAt = now, RevokedAt = revoked ? now : null,
        });
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        return person;
    }

    public static async Task<HttpClient> SignInAsNewStaffAsync(LaurelHost host, string key, StaffRole role, ScopeLevel level, Guid scopeId, Guid institutionId)
    {
        await AddStaffAsync(host, key, role, level, scopeId, institutionId);
        return await host.SignInAsDemoAsync(key);
    }
}
