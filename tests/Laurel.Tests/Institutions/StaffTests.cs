using System.Net;
using Laurel.Features.Identity;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Tests.Institutions;

/// <summary>Staff and roles: adding, inviting, changing and revoking under the granting rules, each audited.</summary>
public abstract class StaffTests(LaurelHost host)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<string> TextAsync(HttpResponseMessage response) => WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync(Ct));

    [Fact]
    public async Task Institution_admin_adds_an_existing_person_by_EPPN_and_it_is_audited()
    {
        var tree = await DemoTree.LoadAsync(host);
        var eppn = $"p{Guid.NewGuid():N}"[..10] + "@uu.nl";
        var personId = await host.CreatePersonAsync("Pieter Post", $"{Guid.NewGuid():N}@uu.example", eppn);
        using var admin = await host.SignInAsDemoAsync("institution-admin");
        var response = await admin.PostFormAsync($"/manage/faculties/{tree.Science}/staff?handler=Add", new() { ["person"] = eppn.ToUpperInvariant(), ["role"] = "Awarder" });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var list = WebUtility.HtmlDecode(await admin.GetStringAsync($"/manage/faculties/{tree.Science}/staff?culture=en", Ct));
        Assert.Contains("Pieter Post", list);
        var membership = await host.QueryAsync(db => db.StaffMemberships.SingleAsync(m => m.PersonId == personId, Ct));
        Assert.Equal((StaffRole.Awarder, ScopeLevel.Faculty, tree.Science, tree.Uu), (membership.Role, membership.Level, membership.ScopeId, membership.InstitutionId));
        var entry = await host.QueryAsync(db => db.AuditEntries.SingleAsync(a => a.EntityId == membership.Id, Ct));
        Assert.Equal("staff.added", entry.Action);
        Assert.Contains("Pieter Post", entry.Details);
    }

    [Fact]
    public async Task Invitation_by_email_is_shown_as_invited_with_a_link_to_copy()
    {
        var tree = await DemoTree.LoadAsync(host);
        var email = $"invite-{Guid.NewGuid():N}@uu.example";
        using var admin = await host.SignInAsDemoAsync("issuer-admin");
        var response = await admin.PostFormAsync($"/manage/issuers/{tree.Informatica}/staff?handler=Invite", new() { ["inviteEmail"] = email, ["role"] = "Viewer" });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var page = WebUtility.HtmlDecode(await admin.GetStringAsync($"/manage/issuers/{tree.Informatica}/staff?culture=en", Ct));
        Assert.Contains(email, page);
        Assert.Contains("invited", page);
        Assert.Contains("/account/sign-in?returnUrl=%2Fmanage", page);
        var membership = await host.QueryAsync(db => db.StaffMemberships.SingleAsync(m => m.InvitedEmail == email, Ct));
        Assert.Null(membership.PersonId);
        Assert.Equal(StaffRole.Viewer, membership.Role);

        var again = await admin.PostFormAsync($"/manage/issuers/{tree.Informatica}/staff?handler=Invite&culture=en", new() { ["inviteEmail"] = email, ["role"] = "Awarder" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, again.StatusCode);
        Assert.Contains("This e-mail address has already been invited here.", await TextAsync(again));
    }

    [Fact]
    public async Task Issuer_admin_cannot_grant_a_role_above_their_own()
    {
        var tree = await DemoTree.LoadAsync(host);
        var email = $"{Guid.NewGuid():N}@uu.example";
        await host.CreatePersonAsync("Kees Klim", email);
        using var issuerAdmin = await host.SignInAsDemoAsync("issuer-admin");
        foreach (var role in new[] { "InstitutionAdmin", "FacultyAdmin" })
        {
            var response = await issuerAdmin.PostFormAsync($"/manage/issuers/{tree.Informatica}/staff?handler=Add&culture=en", new() { ["person"] = email, ["role"] = role });
            Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
            Assert.Contains("You cannot give or change a role higher than your own.", await TextAsync(response));
        }
        var page = await issuerAdmin.GetStringAsync($"/manage/issuers/{tree.Informatica}/staff", Ct);
        Assert.DoesNotContain("value=\"InstitutionAdmin\"", page);
        Assert.False(await host.QueryAsync(db => db.StaffMemberships.AnyAsync(m => m.Person!.Email == email, Ct)));
    }

    [Fact]
    public async Task Faculty_admin_cannot_create_an_institution_admin_and_roles_must_fit_the_level()
    {
        var tree = await DemoTree.LoadAsync(host);
        var email = $"{Guid.NewGuid():N}@uu.example";
        await host.CreatePersonAsync("Lies Laag", email);
        using var facultyAdmin = await host.SignInAsDemoAsync("faculty-admin");
        var tooHigh = await facultyAdmin.PostFormAsync($"/manage/faculties/{tree.Science}/staff?handler=Add&culture=en", new() { ["person"] = email, ["role"] = "InstitutionAdmin" });
        Assert.Contains("You cannot give or change a role higher than your own.", await TextAsync(tooHigh));
        var wrongLevel = await facultyAdmin.PostFormAsync($"/manage/faculties/{tree.Science}/staff?handler=Add&culture=en", new() { ["person"] = email, ["role"] = "IssuerAdmin" });
        Assert.Contains("This role does not exist at this level of the institution.", await TextAsync(wrongLevel));
        var noRole = await facultyAdmin.PostFormAsync($"/manage/faculties/{tree.Science}/staff?handler=Add&culture=en", new() { ["person"] = email, ["role"] = "Emperor" });
        Assert.Contains("Choose a role.", await TextAsync(noRole));
        Assert.False(await host.QueryAsync(db => db.StaffMemberships.AnyAsync(m => m.Person!.Email == email, Ct)));
    }

    [Fact]
    public async Task Duplicate_active_membership_is_refused_with_a_clear_message()
    {
        var tree = await DemoTree.LoadAsync(host);
        using var admin = await host.SignInAsDemoAsync("institution-admin");
        // The demo awarder already has a role on Informatica.
        var response = await admin.PostFormAsync($"/manage/issuers/{tree.Informatica}/staff?handler=Add&culture=en", new() { ["person"] = "a.bakker@uu.example", ["role"] = "Viewer" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var html = await TextAsync(response);
        Assert.Contains("This person already has a role here; change that role instead.", html);
        Assert.Contains("<a href=\"#Person\">", html);
        Assert.Equal(1, await host.QueryAsync(db => db.StaffMemberships.CountAsync(m => m.Person!.Email == "a.bakker@uu.example" && m.RevokedAt == null, Ct)));
    }

    [Fact]
    public async Task Unknown_person_is_reported_on_the_field()
    {
        var tree = await DemoTree.LoadAsync(host);
        using var admin = await host.SignInAsDemoAsync("institution-admin");
        var response = await admin.PostFormAsync($"/manage/institutions/{tree.Uu}/staff?handler=Add", new() { ["person"] = "nobody@nowhere.example", ["role"] = "Viewer" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("Niemand met dit e-mailadres of deze EPPN heeft al ingelogd", await TextAsync(response));
    }

    [Fact]
    public async Task Institution_admin_cannot_revoke_their_own_last_admin_role()
    {
        var tree = await DemoTree.LoadAsync(host);
        var own = await host.QueryAsync(db => db.StaffMemberships.SingleAsync(m => m.Person!.Email == "h.visser@uu.example" && m.RevokedAt == null, Ct));
        using var admin = await host.SignInAsDemoAsync("institution-admin");
        var revoke = await admin.PostFormAsync($"/manage/institutions/{tree.Uu}/staff?handler=Revoke&culture=en", new() { ["membershipId"] = own.Id.ToString() });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, revoke.StatusCode);
        Assert.Contains("You cannot remove your own last administrator role", await TextAsync(revoke));
        var demote = await admin.PostFormAsync($"/manage/institutions/{tree.Uu}/staff?handler=Role&culture=en", new() { ["membershipId"] = own.Id.ToString(), ["role"] = "Viewer" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, demote.StatusCode);
        var after = await host.QueryAsync(db => db.StaffMemberships.AsNoTracking().SingleAsync(m => m.Id == own.Id, Ct));
        Assert.Null(after.RevokedAt);
        Assert.Equal(StaffRole.InstitutionAdmin, after.Role);
    }

    [Fact]
    public async Task Faculty_admin_cannot_touch_a_stronger_role_nor_memberships_outside_the_page()
    {
        var tree = await DemoTree.LoadAsync(host);
        var institutionAdmin = await host.QueryAsync(db => db.StaffMemberships.SingleAsync(m => m.Person!.Email == "h.visser@uu.example" && m.RevokedAt == null, Ct));
        using var facultyAdmin = await host.SignInAsDemoAsync("faculty-admin");
        // The institution admin's membership is not part of the faculty page.
        var response = await facultyAdmin.PostFormAsync($"/manage/faculties/{tree.Science}/staff?handler=Revoke", new() { ["membershipId"] = institutionAdmin.Id.ToString() });
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Null(await host.QueryAsync(db => db.StaffMemberships.Where(m => m.Id == institutionAdmin.Id).Select(m => m.RevokedAt).SingleAsync(Ct)));
    }

    [Fact]
    public async Task Role_change_and_revocation_are_applied_and_audited_with_old_and_new_values()
    {
        var tree = await DemoTree.LoadAsync(host);
        var email = $"{Guid.NewGuid():N}@uu.example";
        var personId = await host.CreatePersonAsync("Roos Rol", email);
        using var admin = await host.SignInAsDemoAsync("faculty-admin");
        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostFormAsync($"/manage/issuers/{tree.Informatica}/staff?handler=Add", new() { ["person"] = email, ["role"] = "Viewer" })).StatusCode);
        var membership = await host.QueryAsync(db => db.StaffMemberships.SingleAsync(m => m.PersonId == personId, Ct));

        var change = await admin.PostFormAsync($"/manage/issuers/{tree.Informatica}/staff?handler=Role", new() { ["membershipId"] = membership.Id.ToString(), ["role"] = "IssuerAdmin" });
        Assert.Equal(HttpStatusCode.Redirect, change.StatusCode);
        var revoke = await admin.PostFormAsync($"/manage/faculties/{tree.Science}/staff?handler=Revoke", new() { ["membershipId"] = membership.Id.ToString() });
        Assert.Equal(HttpStatusCode.Redirect, revoke.StatusCode);

        var after = await host.QueryAsync(db => db.StaffMemberships.AsNoTracking().SingleAsync(m => m.Id == membership.Id, Ct));
        Assert.Equal(StaffRole.IssuerAdmin, after.Role);
        Assert.NotNull(after.RevokedAt);
        var actions = await host.QueryAsync(db => db.AuditEntries.Where(a => a.EntityId == membership.Id).OrderBy(a => a.At).Select(a => new { a.Action, a.Details }).ToListAsync(Ct));
        Assert.Equal(["staff.added", "staff.role_changed", "staff.revoked"], actions.Select(a => a.Action));
        Assert.Contains("[\"Viewer\",\"IssuerAdmin\"]", actions[1].Details);
        // A revoked membership no longer grants anything and is listed only on request.
        var list = await admin.GetStringAsync($"/manage/issuers/{tree.Informatica}/staff", Ct);
        Assert.DoesNotContain("Roos Rol", list);
        Assert.Contains("Roos Rol", await admin.GetStringAsync($"/manage/issuers/{tree.Informatica}/staff?revoked=true", Ct));
    }
}

public sealed class StaffTestsOnSqlite(SqliteHost host) : StaffTests(host), IClassFixture<SqliteHost>;

public sealed class StaffTestsOnPostgres(PostgresHost host) : StaffTests(host), IClassFixture<PostgresHost>;
