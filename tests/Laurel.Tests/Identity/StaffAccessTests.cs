using System.Security.Claims;
using Laurel.Features.Identity;
using Laurel.Features.Institutions;
using Laurel.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Tests.Identity;

/// <summary>StaffAccess: roles, inheritance down the institution tree, and revocation.</summary>
public sealed class StaffAccessTests(SqliteHost host) : IClassFixture<SqliteHost>
{
    private CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(StaffRole.InstitutionAdmin, StaffRight.ManageStructure, true)]
    [InlineData(StaffRole.FacultyAdmin, StaffRight.ManageStaff, true)]
    [InlineData(StaffRole.IssuerAdmin, StaffRight.ManageAchievements, true)]
    [InlineData(StaffRole.IssuerAdmin, StaffRight.ManageStructure, false)]
    [InlineData(StaffRole.Awarder, StaffRight.Award, true)]
    [InlineData(StaffRole.Awarder, StaffRight.ManageAchievements, false)]
    [InlineData(StaffRole.Awarder, StaffRight.ManageStaff, false)]
    [InlineData(StaffRole.Viewer, StaffRight.View, true)]
    [InlineData(StaffRole.Viewer, StaffRight.Award, false)]
    public void Role_grants_exactly_its_rights(StaffRole role, StaffRight right, bool expected) =>
        Assert.Equal(expected, StaffAccess.Grants(role, right));

    [Fact]
    public async Task Institution_admin_has_rights_on_an_achievement_of_a_faculty_below()
    {
        var (access, db) = Services();
        var achievement = await db.Achievements.FirstAsync(a => a.Name == "Data Literacy for Professionals", Ct);
        var admin = await PersonaAsync(db, "institution-admin");
        Assert.True(await access.HasRightAsync(admin, StaffRight.ManageAchievements, ScopeLevel.Achievement, achievement.Id, Ct));
        Assert.True(await access.HasRightAsync(admin, StaffRight.Award, ScopeLevel.Achievement, achievement.Id, Ct));
        var tudAchievement = await db.Achievements.FirstAsync(a => a.Name == "Solar Energy Systems", Ct);
        Assert.False(await access.HasRightAsync(admin, StaffRight.View, ScopeLevel.Achievement, tudAchievement.Id, Ct));
    }

    [Fact]
    public async Task Issuer_admin_of_one_issuer_has_no_rights_on_a_sibling_issuer()
    {
        var (access, db) = Services();
        var informatica = await db.Issuers.FirstAsync(i => i.NameNl == "Informatica", Ct);
        var sibling = new Issuer { Id = Guid.CreateVersion7(), FacultyId = informatica.FacultyId, NameNl = "Wiskunde", NameEn = "Mathematics", CreatedAt = DateTime.UtcNow };
        db.Issuers.Add(sibling);
        await db.SaveChangesAsync(Ct);
        var issuerAdmin = await PersonaAsync(db, "issuer-admin");
        Assert.True(await access.HasRightAsync(issuerAdmin, StaffRight.ManageAchievements, ScopeLevel.Issuer, informatica.Id, Ct));
        foreach (var right in Enum.GetValues<StaffRight>())
            Assert.False(await access.HasRightAsync(issuerAdmin, right, ScopeLevel.Issuer, sibling.Id, Ct));
        // Nor upwards: an issuer admin does not manage its faculty.
        Assert.False(await access.HasRightAsync(issuerAdmin, StaffRight.View, ScopeLevel.Faculty, informatica.FacultyId, Ct));
        var facultyAdmin = await PersonaAsync(db, "faculty-admin");
        Assert.True(await access.HasRightAsync(facultyAdmin, StaffRight.ManageAchievements, ScopeLevel.Issuer, sibling.Id, Ct));
    }

    [Fact]
    public async Task Awarder_can_award_but_not_manage()
    {
        var (access, db) = Services();
        var achievement = await db.Achievements.FirstAsync(a => a.Name == "Responsible AI in Practice", Ct);
        var awarder = await PersonaAsync(db, "awarder");
        Assert.True(await access.HasRightAsync(awarder, StaffRight.Award, ScopeLevel.Achievement, achievement.Id, Ct));
        Assert.False(await access.HasRightAsync(awarder, StaffRight.ManageAchievements, ScopeLevel.Achievement, achievement.Id, Ct));
        Assert.False(await access.HasRightAsync(awarder, StaffRight.ManageStaff, ScopeLevel.Issuer, achievement.IssuerId, Ct));
    }

    [Fact]
    public async Task Revoked_membership_grants_nothing()
    {
        var uu = await InstitutionAsync("uu");
        var person = await IdentityTestData.AddStaffAsync(host, "revoked-admin", StaffRole.InstitutionAdmin, ScopeLevel.Institution, uu, uu, revoked: true);
        var (access, _) = Services();
        var user = Principal(person.Id);
        foreach (var right in Enum.GetValues<StaffRight>())
            Assert.False(await access.HasRightAsync(user, right, ScopeLevel.Institution, uu, Ct));
        Assert.Empty(await access.MembershipsAsync(user, Ct));
    }

    [Fact]
    public async Task Unknown_scope_and_anonymous_user_get_no_rights()
    {
        var (access, db) = Services();
        var admin = await PersonaAsync(db, "institution-admin");
        Assert.False(await access.HasRightAsync(admin, StaffRight.View, ScopeLevel.Issuer, Guid.CreateVersion7(), Ct));
        Assert.False(await access.HasRightAsync(new ClaimsPrincipal(new ClaimsIdentity()), StaffRight.View, ScopeLevel.Institution, await InstitutionAsync("uu"), Ct));
    }

    private (StaffAccess Access, LaurelDb Db) Services()
    {
        var scope = host.Services.CreateScope();
        TestContext.Current.CancellationToken.Register(scope.Dispose);
        return (scope.ServiceProvider.GetRequiredService<StaffAccess>(), scope.ServiceProvider.GetRequiredService<LaurelDb>());
    }

    private async Task<Guid> InstitutionAsync(string slug)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<LaurelDb>().Institutions.Where(i => i.Slug == slug).Select(i => i.Id).SingleAsync(Ct);
    }

    private async Task<ClaimsPrincipal> PersonaAsync(LaurelDb db, string persona) =>
        Principal(await db.LinkedIdentities.Where(i => i.Provider == SignInModel.DemoProvider && i.Subject == persona).Select(i => i.PersonId).SingleAsync(Ct));

    private static ClaimsPrincipal Principal(Guid personId) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, personId.ToString())], "test"));
}
