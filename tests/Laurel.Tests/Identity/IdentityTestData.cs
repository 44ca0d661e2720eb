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
        var person = TestData.Person(key + "@example.org", "Test " + key, provider: SignInModel.DemoProvider, subject: key, identityEmail: false);
        db.Persons.Add(person);
        db.StaffMemberships.Add(TestData.Staff(person.Id, role, level, scopeId, institutionId, revoked));
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        return person;
    }

    public static async Task<HttpClient> SignInAsNewStaffAsync(LaurelHost host, string key, StaffRole role, ScopeLevel level, Guid scopeId, Guid institutionId)
    {
        await AddStaffAsync(host, key, role, level, scopeId, institutionId);
        return await host.SignInAsDemoAsync(key);
    }
}
