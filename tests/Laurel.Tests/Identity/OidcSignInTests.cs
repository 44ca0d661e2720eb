using System.Net;
using Laurel.Features.Identity;
using Laurel.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Tests.Identity;

/// <summary>A real authorization-code + PKCE round trip through an OpenID Connect provider process.</summary>
public abstract class OidcSignInTests(IOidcHost host)
{
    private CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Sign_in_page_offers_each_configured_provider()
    {
        using var client = host.Laurel.CreateClient();
        var html = await client.GetStringAsync("/account/sign-in?culture=en&returnUrl=/backpack", Ct);
        Assert.Contains("href=\"/account/sign-in/eduid?returnUrl=%2Fbackpack\"", html);
        Assert.Contains("Sign in with Institution account (SURFconext)", html);
    }

    [Fact]
    public async Task First_sign_in_creates_a_person_with_linked_identity_and_a_second_reuses_it()
    {
        var first = await OidcBrowser.SignInAsync(host.Laurel, "eduid", "anouk");
        Assert.Equal(HttpStatusCode.OK, first.Final.StatusCode);
        Assert.Equal("/account", first.Final.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Contains("Anouk Tester", first.Html);
        Assert.Contains("anouk@students.uu.nl", first.Html);
        Assert.Contains("anouk@tudelft.nl", first.Html); // eduID's linked institution account

        await using (var scope = host.Laurel.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<LaurelDb>();
            var identity = await db.LinkedIdentities.Include(i => i.Person).SingleAsync(i => i.Provider == "eduid" && i.Subject == "anouk", Ct);
            Assert.Equal("anouk@students.uu.nl", identity.Eppn);
            Assert.Equal("uu.nl", identity.HomeOrganisation);
            Assert.Equal(["student", "member"], identity.Affiliations);
            Assert.Equal("anouk@example.org", identity.Person!.Email);
            Assert.Equal("Anouk", identity.Person.GivenName);
            Assert.True(identity.Person.NameVerified);
            var linked = await db.LinkedIdentities.SingleAsync(i => i.Provider == "eduid:linked" && i.Subject == "anouk@tudelft.nl", Ct);
            Assert.Equal(identity.PersonId, linked.PersonId);
        }

        first.Client.Dispose();
        var second = await OidcBrowser.SignInAsync(host.Laurel, "eduid", "anouk");
        Assert.Equal("/account", second.Final.RequestMessage!.RequestUri!.AbsolutePath);
        await using (var scope = host.Laurel.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<LaurelDb>();
            Assert.Equal(1, await db.LinkedIdentities.CountAsync(i => i.Provider == "eduid" && i.Subject == "anouk", Ct));
            Assert.Equal(1, await db.Persons.CountAsync(p => p.Email == "anouk@example.org", Ct));
        }
        second.Client.Dispose();
    }

    [Fact]
    public async Task Invitation_by_email_is_accepted_at_first_sign_in()
    {
        Guid uuId, invitationId;
        await using (var scope = host.Laurel.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<LaurelDb>();
            uuId = await db.Institutions.Where(i => i.Slug == "uu").Select(i => i.Id).SingleAsync(Ct);
            var invitation = new StaffMembership
            {
                Id = Guid.CreateVersion7(), Role = StaffRole.InstitutionAdmin, Level = ScopeLevel.Institution, ScopeId = uuId,
                InstitutionId = uuId, InvitedEmail = "New.Admin@uu.example", CreatedAt = DateTime.UtcNow,
            };
            db.StaffMemberships.Add(invitation);
            await db.SaveChangesAsync(Ct);
            invitationId = invitation.Id;
        }

        var outcome = await OidcBrowser.SignInAsync(host.Laurel, "surfconext", "newadmin|new.admin@uu.example",
            $"/manage/institutions/{uuId}/api-clients");

        Assert.Equal(HttpStatusCode.OK, outcome.Final.StatusCode);
        Assert.Equal($"/manage/institutions/{uuId}/api-clients", outcome.Final.RequestMessage!.RequestUri!.AbsolutePath);
        await using (var scope = host.Laurel.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<LaurelDb>();
            var membership = await db.StaffMemberships.Include(m => m.Person).SingleAsync(m => m.Id == invitationId, Ct);
            Assert.NotNull(membership.AcceptedAt);
            Assert.Equal("Newadmin Tester", membership.Person!.DisplayName);
            Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "staff.invitation-accepted" && a.EntityId == invitationId, Ct));
        }
        outcome.Client.Dispose();
    }

    [Fact]
    public async Task A_staff_provider_cannot_link_institution_accounts_to_the_person_who_signs_in()
    {
        // The test provider sends eduID's linked-accounts claim on every sign-in, also for the staff SSO.
        var outcome = await OidcBrowser.SignInAsync(host.Laurel, "surfconext", "mallory|mallory@uu.example");
        Assert.Equal(HttpStatusCode.OK, outcome.Final.StatusCode);
        await using (var scope = host.Laurel.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<LaurelDb>();
            var identity = await db.LinkedIdentities.SingleAsync(i => i.Provider == "surfconext" && i.Eppn == "mallory@students.uu.nl", Ct);
            Assert.False(await db.LinkedIdentities.AnyAsync(i => i.PersonId == identity.PersonId && i.Provider != "surfconext", Ct));
            Assert.False(await db.LinkedIdentities.AnyAsync(i => i.Subject == "mallory@tudelft.nl", Ct));
        }
        outcome.Client.Dispose();
    }

    [Fact]
    public async Task Unknown_provider_is_not_found_and_foreign_return_urls_are_ignored()
    {
        using var client = host.Laurel.CreateClient();
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/account/sign-in/nosuch", Ct)).StatusCode);
        var outcome = await OidcBrowser.SignInAsync(host.Laurel, "eduid", "bram", "https://evil.example/steal");
        Assert.Equal("/backpack", outcome.Final.RequestMessage!.RequestUri!.AbsolutePath); // the learner's own landing page
        Assert.Equal(host.Laurel.BaseUrl, outcome.Final.RequestMessage.RequestUri.GetLeftPart(UriPartial.Authority));
        outcome.Client.Dispose();
    }
}

public sealed class OidcSignInTestsOnSqlite(OidcSqliteHost host) : OidcSignInTests(host), IClassFixture<OidcSqliteHost>;

public sealed class OidcSignInTestsOnPostgres(OidcPostgresHost host) : OidcSignInTests(host), IClassFixture<OidcPostgresHost>;
