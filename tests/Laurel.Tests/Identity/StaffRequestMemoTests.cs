using System.Net;
using System.Security.Claims;
using Laurel.Features.Identity;
using Laurel.Features.Institutions;
using Laurel.Infrastructure.Database;
using Laurel.Tests.Completions;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Tests.Identity;

/// <summary>
/// StaffAccess reads the person's memberships and a node's scope chain once per request (issue 18: the page's check, the
/// authorization handler, the layout and the staff navigation each read them before). What that must not break: a role
/// changed in another request counts on the next request, and a change made in the same request counts for its later checks.
/// </summary>
public abstract class StaffRequestMemoTests(LaurelHost host)
{
    private readonly LaurelHost host = host;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_staff_page_reads_the_memberships_once_and_the_scope_chain_once()
    {
        using var counter = new SqlCommandCounter();
        var (uu, achievementId) = await DemoAsync();
        using var admin = await host.SignInAsDemoAsync("institution-admin");
        foreach (var path in (string[])[$"/manage/institutions/{uu}/audit", $"/manage/institutions/{uu}/mail", $"/manage/achievements/{achievementId}/awards"])
        {
            await counter.ReadyAsync();
            counter.Reset();
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Add("traceparent", counter.TraceParent);
            using var response = await admin.SendAsync(request, Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var sql = counter.Commands;
            var described = $"{path} ran {sql.Count} statements:\n" + string.Join("\n---\n", sql);
            // The staff navigation shows the admin's institution: the page was really rendered with the layout's workspace.
            Assert.Contains("manage-nav", await response.Content.ReadAsStringAsync(Ct));
            Assert.True(sql.Count(s => s.Contains("FROM \"StaffMemberships\"", StringComparison.Ordinal)) == 1, described);
            if (path.EndsWith("/awards", StringComparison.Ordinal))
                // The chain achievement → issuer → faculty → institution: once for the page filter and the handler together.
                Assert.True(sql.Count(s => s.Replace("\"", "", StringComparison.Ordinal)
                    .StartsWith("SELECT a.Id, a.IssuerId, i.FacultyId, a.InstitutionId", StringComparison.Ordinal)) == 1, described);
        }
    }

    [Fact]
    public async Task A_role_revoked_elsewhere_is_refused_on_the_next_request()
    {
        var (uu, achievementId) = await DemoAsync();
        var informatica = await host.DbAsync(db => db.Achievements.Where(a => a.Id == achievementId).Select(a => a.IssuerId).SingleAsync(Ct));
        var key = "memo-viewer-" + Guid.NewGuid().ToString("N")[..8];
        using var viewer = await IdentityTestData.SignInAsNewStaffAsync(host, key, StaffRole.Viewer, ScopeLevel.Issuer, informatica, uu);
        var path = $"/manage/achievements/{achievementId}/awards";
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync(path, Ct)).StatusCode);

        await host.DbAsync(db => db.StaffMemberships.Where(m => m.Person!.DisplayName == "Test " + key)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.RevokedAt, DateTime.UtcNow), Ct));

        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.GetAsync(path, Ct)).StatusCode);
    }

    [Fact]
    public async Task A_membership_revoked_in_the_request_counts_for_its_later_checks()
    {
        var (uu, _) = await DemoAsync();
        var science = await host.DbAsync(db => db.Faculties.Where(f => f.InstitutionId == uu && f.NameEn == "Faculty of Science").Select(f => f.Id).SingleAsync(Ct));
        var key = "memo-admin-" + Guid.NewGuid().ToString("N")[..8];
        var person = await IdentityTestData.AddStaffAsync(host, key, StaffRole.InstitutionAdmin, ScopeLevel.Institution, uu, uu);
        await host.DbAsync(async db =>
        {
            db.StaffMemberships.Add(TestData.Staff(person.Id, StaffRole.FacultyAdmin, ScopeLevel.Faculty, science, uu, false));
            return await db.SaveChangesAsync(Ct);
        });
        var user = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, person.Id.ToString())], "test"));

        // One request's services: the checks, the navigation and the change share StaffAccess.
        await using var scope = host.Services.CreateAsyncScope();
        var access = scope.ServiceProvider.GetRequiredService<StaffAccess>();
        var workspace = scope.ServiceProvider.GetRequiredService<StaffWorkspace>();
        var management = scope.ServiceProvider.GetRequiredService<StaffManagement>();
        var db = scope.ServiceProvider.GetRequiredService<LaurelDb>();
        Assert.True(await access.HasRightAsync(user, StaffRight.ManageStructure, ScopeLevel.Institution, uu, Ct));
        Assert.True((await workspace.LoadAsync(user, Ct)).Institutions.Single(i => i.Id == uu).IsAdministrator);

        var adminRole = await db.StaffMemberships.SingleAsync(m => m.PersonId == person.Id && m.Level == ScopeLevel.Institution, Ct);
        Assert.Null(await management.RevokeAsync(user, adminRole, Ct));

        Assert.False(await access.HasRightAsync(user, StaffRight.ManageStructure, ScopeLevel.Institution, uu, Ct));
        Assert.True(await access.HasRightAsync(user, StaffRight.ManageStaff, ScopeLevel.Faculty, science, Ct));
        Assert.False((await workspace.LoadAsync(user, Ct)).Institutions.Single(i => i.Id == uu).IsAdministrator);
        Assert.DoesNotContain(await access.MembershipsAsync(user, Ct), m => m.Id == adminRole.Id);
    }

    private async Task<(Guid Uu, Guid AchievementId)> DemoAsync() => await host.DbAsync(async db =>
    {
        var uu = await db.Institutions.Where(i => i.Slug == "uu").Select(i => i.Id).SingleAsync(Ct);
        var achievement = await db.Achievements.Where(a => a.Name == "Data Literacy for Professionals").Select(a => a.Id).FirstAsync(Ct);
        return (uu, achievement);
    });
}

public sealed class StaffRequestMemoTestsOnSqlite(SqliteHost host) : StaffRequestMemoTests(host), IClassFixture<SqliteHost>;

public sealed class StaffRequestMemoTestsOnPostgres(PostgresHost host) : StaffRequestMemoTests(host), IClassFixture<PostgresHost>;
