using System.Net;
using Laurel.Credentials.Verification;
using Laurel.Features.Awards;
using Laurel.Features.Awards.Requests;
using Laurel.Features.Identity;
using Laurel.Tests.Claims;
using Microsoft.EntityFrameworkCore;
using static Laurel.Tests.Account.AccountTestKit;

namespace Laurel.Tests.Account;

/// <summary>Account deletion: personal data gone from every table, credentials keep verifying, a new sign-in starts afresh.</summary>
public abstract class AccountDeletionTests(IOidcHost host)
{
    private LaurelHost Laurel => host.Laurel;

    private static string Key() => Guid.NewGuid().ToString("N")[..8];

    private static async Task<HttpResponseMessage> PostDeleteAsync(HttpClient client, string confirmation)
    {
        var page = await client.GetStringAsync("/account/delete", Ct);
        return await client.PostAsync("/account/delete", new FormUrlEncodedContent(
            [new("Confirmation", confirmation), new("__RequestVerificationToken", LaurelHost.AntiforgeryToken(page))]), Ct);
    }

    private Task<(byte[] Bits, int Version)> ListStateAsync(Guid listId) =>
        Laurel.DbAsync(async db => await db.StatusLists.AsNoTracking().Where(l => l.Id == listId).Select(l => new ValueTuple<byte[], int>(l.Bits, l.Version)).SingleAsync(Ct));

    [Fact]
    public async Task Deleting_the_account_removes_personal_data_everywhere_keeps_credentials_verifying_and_a_new_sign_in_starts_empty()
    {
        var key = Key();
        var login = "d" + key;
        var email = login + "@example.org";
        var institutionLogin = "i" + key;
        var mc = await Laurel.NewAchievementAsync();
        var other = await Laurel.NewAchievementAsync();
        using var awarder = await Laurel.SignInAsDemoAsync("awarder");
        var eppnAward = await ClaimFlowTests.DirectAwardAsync(Laurel, awarder, other, institutionLogin + "@students.uu.nl", "Eppn");

        using var learner = await SignInWithEduIdAsync(Laurel, login);
        var personId = await Laurel.DbAsync(db => db.LinkedIdentities.Where(i => i.Provider == "eduid" && i.Subject == login).Select(i => i.PersonId).SingleAsync(Ct));
        await LinkAsync(Laurel, learner, "surfconext", institutionLogin);
        var heldId = await awarder.AwardThroughPageAsync(mc, email);
        await learner.GetStringAsync("/backpack/claims", Ct); // matches awards to the learner's verified address
        var held = await Laurel.AwardAsync(heldId);
        Assert.Equal(personId, held.RecipientPersonId);
        Assert.Equal(personId, (await Laurel.AwardAsync(eppnAward.Id)).RecipientPersonId);
        await Laurel.DbAsync(async db =>
        {
            (await db.Awards.SingleAsync(a => a.Id == held.Id, Ct)).IsPublic = true;
            // Reasons staff type can name the learner.
            var suspended = await db.Awards.SingleAsync(a => a.Id == eppnAward.Id, Ct);
            suspended.SuspensionReason = $"Checked by phone with {email}";
            suspended.CancellationReasons = [new AwardCancellationReason { Nl = $"{email} vroeg erom", En = $"{email} asked for it" }];
            db.BadgeRequests.Add(new BadgeRequest
            {
                Id = Guid.CreateVersion7(), InstitutionId = held.InstitutionId, AchievementId = other, PersonId = personId,
                Motivation = "Please, I finished it.", State = BadgeRequestState.Open, CreatedAt = DateTime.UtcNow,
            });
            return await db.SaveChangesAsync(Ct);
        });
        Assert.Equal(HttpStatusCode.OK, (await learner.GetAsync($"/badges/{held.Id}", Ct)).StatusCode);
        // Issue 6 data: an imported badge and a collection holding it and the award (their erasers must remove them).
        var imported = await global::Laurel.Testing.Data.AwardKit.ImportAsync(Laurel, personId, name: "Imported " + key);
        await Laurel.DbAsync(async db =>
        {
            var collection = new global::Laurel.Features.Backpack.Collections.Collection
            {
                Id = Guid.CreateVersion7(), PersonId = personId, Name = "Portfolio " + key, IsPublic = true, CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow,
            };
            collection.Items.Add(new() { Id = Guid.CreateVersion7(), CollectionId = collection.Id, AwardId = held.Id, Position = 0, AddedAt = DateTime.UtcNow });
            collection.Items.Add(new() { Id = Guid.CreateVersion7(), CollectionId = collection.Id, ImportedCredentialId = imported, Position = 1, AddedAt = DateTime.UtcNow });
            db.Collections.Add(collection);
            return await db.SaveChangesAsync(Ct);
        });
        var revocationBefore = await ListStateAsync(held.RevocationListId);
        var suspensionBefore = await ListStateAsync(held.SuspensionListId);
        // The search finds the person before deletion (so finding nothing afterwards means something).
        Assert.NotEmpty(await FindEverywhereAsync(Laurel, key));

        var page = await learner.GetStringAsync("/account/delete", Ct);
        Assert.Contains("Typ ter bevestiging je e-mailadres of het woord \"verwijderen\"", WebUtility.HtmlDecode(page));
        var wrong = await PostDeleteAsync(learner, "not my address");
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Contains("<a href=\"#Confirmation\">", await wrong.Content.ReadAsStringAsync(Ct));
        Assert.True(await Laurel.DbAsync(db => db.Persons.AnyAsync(p => p.Id == personId, Ct)));

        var deleted = await PostDeleteAsync(learner, email.ToUpperInvariant());
        Assert.Equal(0, await Laurel.DbAsync(db => db.Collections.CountAsync(c => c.PersonId == personId, Ct)));
        Assert.Equal(0, await Laurel.DbAsync(db => db.ImportedCredentials.CountAsync(i => i.PersonId == personId, Ct)));
        Assert.Equal("/account/deleted", deleted.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Contains("Je account is verwijderd", await deleted.Content.ReadAsStringAsync(Ct));
        Assert.Equal("/account/sign-in", (await learner.GetAsync("/account", Ct)).RequestMessage!.RequestUri!.AbsolutePath);

        // Nothing left anywhere that contains the key every one of the person's values was made from.
        Assert.Empty(await FindEverywhereAsync(Laurel, key));
        Assert.False(await Laurel.DbAsync(db => db.Persons.AnyAsync(p => p.Id == personId, Ct)));
        var entry = await Laurel.DbAsync(db => db.AuditEntries.AsNoTracking().SingleAsync(a => a.Action == "account.deleted" && a.EntityId == personId, Ct));
        Assert.Equal(("deleted-account", null), (entry.ActorName, entry.Details));

        // What verifiers rely on stays: same credential, same status entries, unchanged lists; the holder's copy verifies.
        var kept = await Laurel.AwardAsync(held.Id);
        Assert.Equal((held.CredentialJson, held.StatusIndex, held.RevocationListId, AwardState.Issued), (kept.CredentialJson, kept.StatusIndex, kept.RevocationListId, kept.State));
        Assert.Equal((null, null, false), (kept.RecipientPersonId, kept.RecipientName, kept.IsPublic));
        Assert.NotEqual(held.RecipientIdentity, kept.RecipientIdentity);
        Assert.NotEqual(held.RecipientSalt, kept.RecipientSalt);
        var revocationAfter = await ListStateAsync(held.RevocationListId);
        Assert.Equal(revocationBefore.Version, revocationAfter.Version);
        Assert.Equal(revocationBefore.Bits, revocationAfter.Bits);
        Assert.Equal(suspensionBefore.Bits, (await ListStateAsync(held.SuspensionListId)).Bits);
        var report = await Laurel.VerifyAsync(held.CredentialJson);
        Assert.True(report.Verdict == Verdict.Valid, string.Join("; ", report.Checks.Select(c => $"{c.Id}:{c.Outcome}:{c.Detail}")));
        Assert.Equal(HttpStatusCode.NotFound, (await Laurel.CreateClient().GetAsync($"/badges/{held.Id}", Ct)).StatusCode);

        // Signing in again with the same eduID account makes a new, empty account.
        var again = await OidcBrowser.SignInAsync(Laurel, "eduid", login);
        var newId = await Laurel.DbAsync(db => db.LinkedIdentities.Where(i => i.Provider == "eduid" && i.Subject == login).Select(i => i.PersonId).SingleAsync(Ct));
        Assert.NotEqual(personId, newId);
        Assert.Equal(0, await Laurel.DbAsync(db => db.Awards.CountAsync(a => a.RecipientPersonId == newId, Ct)));
        Assert.DoesNotContain(institutionLogin, again.Html);
        again.Client.Dispose();
    }

    [Fact]
    public async Task A_staff_member_who_deletes_their_account_loses_their_roles_and_the_audit_trail_keeps_only_their_id()
    {
        var key = Key();
        var personId = await Laurel.NewSignInLearnerAsync("st" + key, $"st{key}@uu.example");
        var membershipId = await Laurel.DbAsync(async db =>
        {
            var uu = await db.Institutions.SingleAsync(i => i.Slug == "uu", Ct);
            var membership = new StaffMembership
            {
                Id = Guid.CreateVersion7(), PersonId = personId, Role = StaffRole.InstitutionAdmin, Level = ScopeLevel.Institution,
                ScopeId = uu.Id, InstitutionId = uu.Id, CreatedAt = DateTime.UtcNow, AcceptedAt = DateTime.UtcNow,
            };
            db.StaffMemberships.Add(membership);
            await db.SaveChangesAsync(Ct);
            return membership.Id;
        });
        using var staff = await Laurel.SignInAsDemoAsync("st" + key);
        // Something audited with this person as actor (a name change).
        var page = await staff.GetStringAsync("/account", Ct);
        await staff.PostAsync("/account?handler=Name", new FormUrlEncodedContent(
            [new("SelfAssertedName", "Staff " + key), new("__RequestVerificationToken", LaurelHost.AntiforgeryToken(page))]), Ct);

        var response = await PostDeleteAsync(staff, "verwijderen");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/account/deleted", response.Headers.Location!.ToString());

        var membership = await Laurel.DbAsync(db => db.StaffMemberships.AsNoTracking().SingleAsync(m => m.Id == membershipId, Ct));
        Assert.Null(membership.PersonId);
        Assert.NotNull(membership.RevokedAt);
        var entries = await Laurel.DbAsync(db => db.AuditEntries.AsNoTracking().Where(a => a.ActorPersonId == personId).ToListAsync(Ct));
        Assert.Contains(entries, a => a.Action == "person.name-changed");
        Assert.All(entries, a => Assert.Equal("deleted-account", a.ActorName));
        Assert.Empty(await FindEverywhereAsync(Laurel, key));
    }

    [Fact]
    public async Task Deletion_needs_a_signed_in_person_and_anti_forgery()
    {
        using var anonymous = Laurel.CreateClient();
        Assert.Equal(HttpStatusCode.Redirect, (await anonymous.GetAsync("/account/delete", Ct)).StatusCode);
        var key = Key();
        var personId = await Laurel.NewSignInLearnerAsync("af" + key, $"af{key}@example.org");
        using var learner = await Laurel.SignInAsDemoAsync("af" + key);
        var forged = await learner.PostAsync("/account/delete", new FormUrlEncodedContent([new("Confirmation", "verwijderen")]), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.True(await Laurel.DbAsync(db => db.Persons.AnyAsync(p => p.Id == personId, Ct)));
    }
}

public sealed class AccountDeletionTestsOnSqlite(OidcSqliteHost host) : AccountDeletionTests(host), IClassFixture<OidcSqliteHost>;

public sealed class AccountDeletionTestsOnPostgres(OidcPostgresHost host) : AccountDeletionTests(host), IClassFixture<OidcPostgresHost>;
