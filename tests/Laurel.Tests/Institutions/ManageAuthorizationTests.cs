using System.Net;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Tests.Institutions;

/// <summary>Every staff page, per demo persona: who gets it, who is refused, and that unknown ids are 404.</summary>
public abstract class ManageAuthorizationTests(LaurelHost host)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("anonymous", "/manage", 302)]
    [InlineData("learner", "/manage", 200)]
    [InlineData("viewer", "/manage", 200)]
    [InlineData("institution-admin", "/manage", 200)]
    // Institution tree: anyone with a role inside the institution, nobody else.
    [InlineData("anonymous", "/manage/institutions/{uu}", 302)]
    [InlineData("learner", "/manage/institutions/{uu}", 403)]
    [InlineData("viewer", "/manage/institutions/{uu}", 200)]
    [InlineData("awarder", "/manage/institutions/{uu}", 200)]
    [InlineData("issuer-admin", "/manage/institutions/{uu}", 200)]
    [InlineData("faculty-admin", "/manage/institutions/{uu}", 200)]
    [InlineData("institution-admin", "/manage/institutions/{uu}", 200)]
    [InlineData("institution-admin", "/manage/institutions/{tudelft}", 403)]
    [InlineData("faculty-admin", "/manage/institutions/{tudelft}", 403)]
    [InlineData("institution-admin", "/manage/institutions/{unknown}", 404)]
    // Institution settings: ManageStructure at the institution.
    [InlineData("anonymous", "/manage/institutions/{uu}/edit", 302)]
    [InlineData("learner", "/manage/institutions/{uu}/edit", 403)]
    [InlineData("viewer", "/manage/institutions/{uu}/edit", 403)]
    [InlineData("awarder", "/manage/institutions/{uu}/edit", 403)]
    [InlineData("issuer-admin", "/manage/institutions/{uu}/edit", 403)]
    [InlineData("faculty-admin", "/manage/institutions/{uu}/edit", 403)]
    [InlineData("institution-admin", "/manage/institutions/{uu}/edit", 200)]
    [InlineData("institution-admin", "/manage/institutions/{tudelft}/edit", 403)]
    [InlineData("institution-admin", "/manage/institutions/{unknown}/edit", 404)]
    // New faculty: institution level; edit faculty: faculty level; another institution's faculty is refused.
    [InlineData("faculty-admin", "/manage/institutions/{uu}/faculties", 403)]
    [InlineData("institution-admin", "/manage/institutions/{uu}/faculties", 200)]
    [InlineData("issuer-admin", "/manage/institutions/{uu}/faculties/{science}", 403)]
    [InlineData("faculty-admin", "/manage/institutions/{uu}/faculties/{science}", 200)]
    [InlineData("institution-admin", "/manage/institutions/{uu}/faculties/{science}", 200)]
    [InlineData("institution-admin", "/manage/institutions/{uu}/faculties/{extfaculty}", 403)]
    [InlineData("institution-admin", "/manage/institutions/{tudelft}/faculties/{science}", 404)]
    [InlineData("institution-admin", "/manage/institutions/{uu}/faculties/{unknown}", 404)]
    // Issuers: faculty administrators and above.
    [InlineData("awarder", "/manage/faculties/{science}/issuers", 403)]
    [InlineData("issuer-admin", "/manage/faculties/{science}/issuers", 403)]
    [InlineData("faculty-admin", "/manage/faculties/{science}/issuers", 200)]
    [InlineData("institution-admin", "/manage/faculties/{science}/issuers", 200)]
    [InlineData("issuer-admin", "/manage/faculties/{science}/issuers/{informatica}", 403)]
    [InlineData("faculty-admin", "/manage/faculties/{science}/issuers/{informatica}", 200)]
    [InlineData("institution-admin", "/manage/faculties/{extfaculty}/issuers/{extissuer}", 403)]
    [InlineData("institution-admin", "/manage/faculties/{science}/issuers/{unknown}", 404)]
    // Staff pages: ManageStaff at the page's level.
    [InlineData("anonymous", "/manage/issuers/{informatica}/staff", 302)]
    [InlineData("viewer", "/manage/issuers/{informatica}/staff", 403)]
    [InlineData("awarder", "/manage/issuers/{informatica}/staff", 403)]
    [InlineData("issuer-admin", "/manage/issuers/{informatica}/staff", 200)]
    [InlineData("issuer-admin", "/manage/faculties/{science}/staff", 403)]
    [InlineData("faculty-admin", "/manage/faculties/{science}/staff", 200)]
    [InlineData("faculty-admin", "/manage/institutions/{uu}/staff", 403)]
    [InlineData("institution-admin", "/manage/institutions/{uu}/staff", 200)]
    [InlineData("institution-admin", "/manage/institutions/{tudelft}/staff", 403)]
    [InlineData("institution-admin", "/manage/issuers/{extissuer}/staff", 403)]
    [InlineData("institution-admin", "/manage/issuers/{unknown}/staff", 404)]
    // Audit trail: institution administrators only.
    [InlineData("anonymous", "/manage/institutions/{uu}/audit", 302)]
    [InlineData("learner", "/manage/institutions/{uu}/audit", 403)]
    [InlineData("viewer", "/manage/institutions/{uu}/audit", 403)]
    [InlineData("awarder", "/manage/institutions/{uu}/audit", 403)]
    [InlineData("issuer-admin", "/manage/institutions/{uu}/audit", 403)]
    [InlineData("faculty-admin", "/manage/institutions/{uu}/audit", 403)]
    [InlineData("institution-admin", "/manage/institutions/{uu}/audit", 200)]
    [InlineData("institution-admin", "/manage/institutions/{tudelft}/audit", 403)]
    [InlineData("institution-admin", "/manage/institutions/{unknown}/audit", 404)]
    public async Task Page_is_served_only_to_those_allowed(string persona, string path, int expected)
    {
        var tree = await DemoTree.LoadAsync(host);
        using var client = await host.ClientForAsync(persona);
        var response = await client.GetAsync(tree.Resolve(path), Ct);
        Assert.Equal((HttpStatusCode)expected, response.StatusCode);
        if (expected == 302) ManageTestExtensions.AssertRedirectsToSignIn(response);
        if (expected is 403 or 404)
        {
            // The refusal page never shows anything of the institution asked about.
            var body = await response.Content.ReadAsStringAsync(Ct);
            Assert.DoesNotContain("Technische Universiteit Delft", body);
            Assert.DoesNotContain("Extension School", body);
        }
    }

    [Theory]
    [InlineData("anonymous", "/manage/institutions/{uu}/faculties", 302)]
    [InlineData("learner", "/manage/institutions/{uu}/faculties", 403)]
    [InlineData("issuer-admin", "/manage/institutions/{uu}/faculties", 403)]
    [InlineData("faculty-admin", "/manage/institutions/{uu}/faculties", 403)]
    [InlineData("institution-admin", "/manage/institutions/{tudelft}/faculties", 403)]
    [InlineData("awarder", "/manage/faculties/{science}/issuers", 403)]
    [InlineData("issuer-admin", "/manage/faculties/{science}/issuers", 403)]
    [InlineData("institution-admin", "/manage/faculties/{extfaculty}/issuers", 403)]
    [InlineData("issuer-admin", "/manage/faculties/{science}/issuers/{informatica}", 403)]
    public async Task Refused_create_or_edit_posts_change_nothing(string persona, string path, int expected)
    {
        var tree = await DemoTree.LoadAsync(host);
        using var client = await host.ClientForAsync(persona);
        var name = "Refused " + Guid.NewGuid().ToString("N")[..8];
        var response = await client.PostFormAsync(tree.Resolve(path), new() { ["NameNl"] = name, ["NameEn"] = name });
        Assert.Equal((HttpStatusCode)expected, response.StatusCode);
        Assert.False(await host.QueryAsync(db => db.Faculties.AnyAsync(f => f.NameNl == name, Ct)));
        Assert.False(await host.QueryAsync(db => db.Issuers.AnyAsync(i => i.NameNl == name, Ct)));
    }

    [Theory]
    [InlineData("anonymous", 302)]
    [InlineData("viewer", 403)]
    [InlineData("awarder", 403)]
    [InlineData("issuer-admin", 403)]
    [InlineData("faculty-admin", 403)]
    public async Task Only_institution_admins_may_post_institution_settings(string persona, int expected)
    {
        var tree = await DemoTree.LoadAsync(host);
        using var client = await host.ClientForAsync(persona);
        var response = await client.PostFormAsync($"/manage/institutions/{tree.Uu}/edit", InstitutionFormTests.ValidForm("Gekaapt"));
        Assert.Equal((HttpStatusCode)expected, response.StatusCode);
        Assert.Equal("Universiteit Utrecht", await host.QueryAsync(db => db.Institutions.Where(i => i.Id == tree.Uu).Select(i => i.NameNl).SingleAsync(Ct)));
    }

    [Theory]
    [InlineData("viewer", "Add", 403)]
    [InlineData("awarder", "Add", 403)]
    [InlineData("awarder", "Invite", 403)]
    [InlineData("anonymous", "Invite", 302)]
    public async Task Staff_changes_are_refused_without_ManageStaff(string persona, string handler, int expected)
    {
        var tree = await DemoTree.LoadAsync(host);
        using var client = await host.ClientForAsync(persona);
        var email = $"refused-{Guid.NewGuid():N}@uu.example";
        var response = await client.PostFormAsync($"/manage/issuers/{tree.Informatica}/staff?handler={handler}",
            new() { ["person"] = email, ["inviteEmail"] = email, ["role"] = "Viewer" });
        Assert.Equal((HttpStatusCode)expected, response.StatusCode);
        Assert.False(await host.QueryAsync(db => db.StaffMemberships.AnyAsync(m => m.InvitedEmail == email, Ct)));
    }

    [Theory]
    [InlineData("anonymous", "Role", 302)]
    [InlineData("viewer", "Role", 403)]
    [InlineData("awarder", "Role", 403)]
    [InlineData("viewer", "Revoke", 403)]
    [InlineData("awarder", "Revoke", 403)]
    public async Task Role_changes_and_revocations_are_refused_without_ManageStaff(string persona, string handler, int expected)
    {
        var tree = await DemoTree.LoadAsync(host);
        var viewerRole = await host.QueryAsync(db => db.StaffMemberships.SingleAsync(m => m.Person!.Email == "v.dewit@uu.example" && m.RevokedAt == null, Ct));
        using var client = await host.ClientForAsync(persona);
        var response = await client.PostFormAsync($"/manage/issuers/{tree.Informatica}/staff?handler={handler}",
            new() { ["membershipId"] = viewerRole.Id.ToString(), ["role"] = "IssuerAdmin" });
        Assert.Equal((HttpStatusCode)expected, response.StatusCode);
        var after = await host.QueryAsync(db => db.StaffMemberships.AsNoTracking().SingleAsync(m => m.Id == viewerRole.Id, Ct));
        Assert.Equal(Laurel.Features.Identity.StaffRole.Viewer, after.Role);
        Assert.Null(after.RevokedAt);
    }

    [Fact]
    public async Task Unknown_membership_is_not_found()
    {
        var tree = await DemoTree.LoadAsync(host);
        using var admin = await host.SignInAsDemoAsync("institution-admin");
        var response = await admin.PostFormAsync($"/manage/institutions/{tree.Uu}/staff?handler=Revoke", new() { ["membershipId"] = Guid.NewGuid().ToString() });
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Unarchiving_is_refused_to_those_who_may_not_archive()
    {
        var tree = await DemoTree.LoadAsync(host);
        using var awarder = await host.SignInAsDemoAsync("awarder");
        var issuer = await awarder.PostFormAsync($"/manage/faculties/{tree.Science}/issuers/{tree.Informatica}?handler=Unarchive", []);
        Assert.Equal(HttpStatusCode.Forbidden, issuer.StatusCode);
        using var facultyAdmin = await host.SignInAsDemoAsync("faculty-admin");
        var faculty = await facultyAdmin.PostFormAsync($"/manage/institutions/{tree.Tudelft}/faculties/{tree.ExtensionFaculty}?handler=Unarchive", []);
        Assert.Equal(HttpStatusCode.Forbidden, faculty.StatusCode);
        Assert.False(await host.QueryAsync(db => db.AuditEntries.AnyAsync(a => a.Action.EndsWith(".unarchived"), Ct)));
    }

    [Fact]
    public async Task Archiving_is_refused_to_issuer_admins_and_staff_of_other_institutions()
    {
        var tree = await DemoTree.LoadAsync(host);
        using var issuerAdmin = await host.SignInAsDemoAsync("issuer-admin");
        var refused = await issuerAdmin.PostFormAsync($"/manage/faculties/{tree.Science}/issuers/{tree.Informatica}?handler=Archive", []);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        using var uuAdmin = await host.SignInAsDemoAsync("institution-admin");
        var otherInstitution = await uuAdmin.PostFormAsync($"/manage/institutions/{tree.Tudelft}/faculties/{tree.ExtensionFaculty}?handler=Archive", []);
        Assert.Equal(HttpStatusCode.Forbidden, otherInstitution.StatusCode);
        Assert.Null(await host.QueryAsync(db => db.Issuers.Where(i => i.Id == tree.Informatica).Select(i => i.ArchivedAt).SingleAsync(Ct)));
        Assert.Null(await host.QueryAsync(db => db.Faculties.Where(f => f.Id == tree.ExtensionFaculty).Select(f => f.ArchivedAt).SingleAsync(Ct)));
    }

    [Fact]
    public async Task Learner_without_staff_role_sees_a_friendly_page()
    {
        using var client = await host.SignInAsDemoAsync("learner");
        var html = await client.GetStringAsync("/manage?culture=en", Ct);
        Assert.Contains("You have no staff role", html);
        var nl = await client.GetStringAsync("/manage?culture=nl", Ct);
        Assert.Contains("Je hebt geen beheerdersrol", nl);
    }

    [Fact]
    public async Task Dashboard_lists_the_roles_and_what_each_may_do()
    {
        var tree = await DemoTree.LoadAsync(host);
        using var admin = await host.SignInAsDemoAsync("institution-admin");
        var html = await admin.GetStringAsync("/manage?culture=en", Ct);
        Assert.Contains("Utrecht University", html);
        Assert.Contains("Institution administrator", html);
        Assert.Contains($"/manage/institutions/{tree.Uu}/audit", html);
        Assert.Contains($"/manage/institutions/{tree.Uu}/staff", html);

        using var awarder = await host.SignInAsDemoAsync("awarder");
        var awarderHtml = await awarder.GetStringAsync("/manage?culture=en", Ct);
        Assert.Contains("Awarder", awarderHtml);
        Assert.Contains("Computing Science", awarderHtml);
        Assert.DoesNotContain("/audit", awarderHtml);
        Assert.DoesNotContain("/staff", awarderHtml);
    }

    [Fact]
    public async Task Issuer_staff_see_only_their_own_branch_of_the_tree()
    {
        var tree = await DemoTree.LoadAsync(host);
        using var viewer = await host.SignInAsDemoAsync("viewer");
        var html = await viewer.GetStringAsync($"/manage/institutions/{tree.Uu}?culture=en", Ct);
        Assert.Contains("Computing Science", html);
        Assert.DoesNotContain("Edit institution settings", html);
        Assert.DoesNotContain("Add faculty", html);
        Assert.DoesNotContain("/staff", html);
    }
}

public sealed class ManageAuthorizationTestsOnSqlite(SqliteHost host) : ManageAuthorizationTests(host), IClassFixture<SqliteHost>;

public sealed class ManageAuthorizationTestsOnPostgres(PostgresHost host) : ManageAuthorizationTests(host), IClassFixture<PostgresHost>;
