using System.Net;
using Laurel.Features.Awards;
using Laurel.Features.Identity;
using Laurel.Tests.Claims;
using Microsoft.EntityFrameworkCore;
using static Laurel.Tests.Account.AccountTestKit;

namespace Laurel.Tests.Account;

/// <summary>Linking institution accounts through a real OIDC provider (link mode), the refusals, and removing links.</summary>
public abstract class AccountLinkingTests(IOidcHost host)
{
    private LaurelHost Laurel => host.Laurel;

    private static string Key() => Guid.NewGuid().ToString("N")[..8];

    private Task<Guid> PersonOfAsync(string provider, string subject) =>
        Laurel.DbAsync(db => db.LinkedIdentities.Where(i => i.Provider == provider && i.Subject == subject).Select(i => i.PersonId).SingleAsync(Ct));

    private Task<List<LinkedIdentity>> IdentitiesAsync(Guid personId) =>
        Laurel.DbAsync(db => db.LinkedIdentities.AsNoTracking().Where(i => i.PersonId == personId).ToListAsync(Ct));

    /// <summary>Where a POST ended: the redirect target, or the page a redirect-following client landed on.</summary>
    private static string Landing(HttpResponseMessage response) =>
        response.StatusCode == HttpStatusCode.Redirect ? response.Headers.Location!.ToString() : response.RequestMessage!.RequestUri!.PathAndQuery;

    [Fact]
    public async Task Linking_an_institution_account_joins_it_to_the_signed_in_learner_and_claims_the_EPPN_award()
    {
        var key = Key();
        var institutionLogin = "u" + key;
        var eppn = institutionLogin + "@students.uu.nl";
        var mc = await Laurel.NewAchievementAsync();
        using var awarder = await Laurel.SignInAsDemoAsync("awarder");
        var award = await ClaimFlowTests.DirectAwardAsync(Laurel, awarder, mc, eppn, "Eppn");
        Assert.Equal(AwardState.AwaitingClaim, award.State);

        using var learner = await SignInWithEduIdAsync(Laurel, "e" + key);
        var personId = await PersonOfAsync("eduid", "e" + key);
        Assert.Null((await Laurel.AwardAsync(award.Id)).RecipientPersonId);

        var (final, html) = await LinkAsync(Laurel, learner, "surfconext", institutionLogin);

        Assert.Equal(HttpStatusCode.OK, final.StatusCode);
        Assert.Equal("/account?link=Linked", final.RequestMessage!.RequestUri!.PathAndQuery);
        Assert.Contains("Het instellingsaccount is aan je account gekoppeld.", html);
        Assert.Contains($"<td>{eppn}</td>", html);
        // Still the eduID person: the institution account's name did not replace theirs and nobody new was signed in.
        Assert.Contains($"<span data-field=\"name\">E{key} Tester</span>", html);
        Assert.Equal(personId, await PersonOfAsync("surfconext", institutionLogin));
        Assert.Equal(0, await Laurel.DbAsync(db => db.Persons.CountAsync(p => p.Email == institutionLogin + "@example.org", Ct)));
        var claimed = await Laurel.AwardAsync(award.Id);
        Assert.Equal(personId, claimed.RecipientPersonId);
        Assert.Equal(AwardState.Issued, claimed.State);
        Assert.True(await Laurel.DbAsync(db => db.AuditEntries.AnyAsync(a => a.Action == "identity.linked" && a.ActorPersonId == personId, Ct)));
    }

    [Fact]
    public async Task An_institution_account_linked_to_someone_else_is_refused_and_nothing_changes()
    {
        var key = Key();
        using var owner = await SignInWithEduIdAsync(Laurel, "o" + key);
        Assert.Equal("/account?link=Linked", (await LinkAsync(Laurel, owner, "surfconext", "s" + key)).Final.RequestMessage!.RequestUri!.PathAndQuery);
        var ownerId = await PersonOfAsync("eduid", "o" + key);

        using var other = await SignInWithEduIdAsync(Laurel, "x" + key);
        var otherId = await PersonOfAsync("eduid", "x" + key);
        var before = await IdentitiesAsync(otherId);
        Task<int> LinkAuditsAsync() => Laurel.DbAsync(db => db.AuditEntries.CountAsync(a => a.Action == "identity.linked" && a.ActorPersonId == otherId, Ct));
        var auditsBefore = await LinkAuditsAsync();
        var (final, html) = await LinkAsync(Laurel, other, "surfconext", "s" + key);

        Assert.Equal("/account?link=LinkedToSomeoneElse", final.RequestMessage!.RequestUri!.PathAndQuery);
        Assert.Contains("al aan een ander Laurel-account gekoppeld", html);
        Assert.Equal(ownerId, await PersonOfAsync("surfconext", "s" + key));
        Assert.Equal(before.Select(i => i.Id).Order(), (await IdentitiesAsync(otherId)).Select(i => i.Id).Order());
        Assert.Equal(auditsBefore, await LinkAuditsAsync());
        var english = await other.GetStringAsync("/account?link=LinkedToSomeoneElse&culture=en", Ct);
        Assert.Contains("is already linked to another Laurel account, so it was not linked to yours. Nothing has changed.", english);
    }

    [Fact]
    public async Task An_EPPN_that_already_belongs_to_someone_else_is_refused_even_from_a_new_account()
    {
        var key = Key();
        // eduID reports p…@students.uu.nl for this person (the test provider puts the EPPN on the eduID identity too).
        using var owner = await SignInWithEduIdAsync(Laurel, "p" + key);
        using var other = await SignInWithEduIdAsync(Laurel, "q" + key);
        var otherId = await PersonOfAsync("eduid", "q" + key);

        var (final, _) = await LinkAsync(Laurel, other, "surfconext", "p" + key);

        Assert.Equal("/account?link=LinkedToSomeoneElse", final.RequestMessage!.RequestUri!.PathAndQuery);
        Assert.DoesNotContain(await IdentitiesAsync(otherId), i => i.Provider == "surfconext");
        Assert.False(await Laurel.DbAsync(db => db.LinkedIdentities.AnyAsync(i => i.Provider == "surfconext" && i.Subject == "p" + key, Ct)));
    }

    [Fact]
    public async Task An_EPPN_eduID_reports_is_not_linked_when_it_already_belongs_to_someone_else()
    {
        var key = Key();
        var owner = await Laurel.NewSignInLearnerAsync("own" + key, $"own{key}@example.org", $"y{key}@tudelft.nl", "tudelft.nl");
        using var learner = await SignInWithEduIdAsync(Laurel, "y" + key);
        var learnerId = await PersonOfAsync("eduid", "y" + key);
        Assert.DoesNotContain(await IdentitiesAsync(learnerId), i => i.Provider == "eduid:linked");
        Assert.Contains(await IdentitiesAsync(owner), i => i.Eppn == $"y{key}@tudelft.nl");
    }

    [Fact]
    public async Task Links_can_be_removed_except_the_one_signed_in_with_and_the_last_way_to_sign_in()
    {
        var key = Key();
        using var learner = await SignInWithEduIdAsync(Laurel, "r" + key);
        await LinkAsync(Laurel, learner, "surfconext", "r" + key + "uu");
        var personId = await PersonOfAsync("eduid", "r" + key);
        var identities = await IdentitiesAsync(personId);
        var eduId = identities.Single(i => i.Provider == "eduid");
        var reported = identities.Single(i => i.Provider == "eduid:linked");
        var institution = identities.Single(i => i.Provider == "surfconext");
        // Every link is audited: the eduID account at first sign-in, the one eduID reported, the institution account.
        var linkedAudits = await Laurel.DbAsync(db => db.AuditEntries.AsNoTracking()
            .Where(a => a.Action == "identity.linked" && a.ActorPersonId == personId).Select(a => a.EntityId).ToListAsync(Ct));
        Assert.Equal(identities.Select(i => i.Id).Order(), linkedAudits.Order());

        var refused = await PostAccountAsync(learner, "Remove", "identityId", eduId.Id.ToString());
        Assert.Equal("/account?unlink=UsedForThisSession", Landing(refused));
        Assert.Contains("Je kunt het account waarmee je bent ingelogd niet verwijderen.", await refused.Content.ReadAsStringAsync(Ct));

        Assert.Equal("/account?unlink=Removed", Landing(await PostAccountAsync(learner, "Remove", "identityId", reported.Id.ToString())));
        Assert.Equal("/account?unlink=Removed", Landing(await PostAccountAsync(learner, "Remove", "identityId", institution.Id.ToString())));
        Assert.Equal([eduId.Id], (await IdentitiesAsync(personId)).Select(i => i.Id));
        Assert.Equal(2, await Laurel.DbAsync(db => db.AuditEntries.CountAsync(a => a.Action == "identity.unlinked" && a.ActorPersonId == personId, Ct)));

        // A demo-signed-in learner's session names no identity: the last way to sign in is what protects the account.
        var demoLearner = await Laurel.NewSignInLearnerAsync("dm" + key, $"dm{key}@example.org");
        using var demo = await Laurel.SignInAsDemoAsync("dm" + key);
        var only = Assert.Single(await IdentitiesAsync(demoLearner));
        var last = await PostAccountAsync(demo, "Remove", "identityId", only.Id.ToString());
        Assert.Equal("/account?unlink=LastSignInIdentity", Landing(last));
        Assert.Single(await IdentitiesAsync(demoLearner));
        Assert.Contains("You cannot remove the last account you can sign in with",
            await demo.GetStringAsync("/account?unlink=LastSignInIdentity&culture=en", Ct));
    }

    [Fact]
    public async Task Another_person_cannot_remove_your_link_it_answers_404()
    {
        var key = Key();
        using var owner = await SignInWithEduIdAsync(Laurel, "v" + key);
        var ownerId = await PersonOfAsync("eduid", "v" + key);
        var reported = (await IdentitiesAsync(ownerId)).Single(i => i.Provider == "eduid:linked");
        using var intruder = await SignInWithEduIdAsync(Laurel, "w" + key);

        var response = await PostAccountAsync(intruder, "Remove", "identityId", reported.Id.ToString());
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await PostAccountAsync(intruder, "Remove", "identityId", Guid.NewGuid().ToString())).StatusCode);
        Assert.Contains(await IdentitiesAsync(ownerId), i => i.Id == reported.Id);
        // Without the anti-forgery token the form post is refused outright.
        var forged = await intruder.PostAsync("/account?handler=Remove",
            new FormUrlEncodedContent([new("identityId", reported.Id.ToString())]), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
    }

    [Fact]
    public async Task Link_callback_without_a_link_started_by_this_person_links_nothing()
    {
        var key = Key();
        using var learner = await SignInWithEduIdAsync(Laurel, "c" + key);
        var html = await learner.GetStringAsync("/account/link/surfconext/complete", Ct);
        Assert.Contains("Het koppelen van het instellingsaccount is niet gelukt of is afgebroken.", html);
        Assert.Equal(HttpStatusCode.NotFound, (await learner.GetAsync("/account/link/eduid/complete", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await PostAccountAsync(learner, "Link", "provider", "eduid")).StatusCode);
    }

    [Fact]
    public async Task Validated_and_self_asserted_names_are_stored_and_shown_as_such()
    {
        var key = Key();
        using var learner = await SignInWithEduIdAsync(Laurel, "n" + key);
        var personId = await PersonOfAsync("eduid", "n" + key);
        var validated = $"N{key} Tester";
        var page = await learner.GetStringAsync("/account?culture=en", Ct);
        Assert.Contains("<dt>Validated by eduID</dt>", page);
        Assert.Contains($"<dd data-field=\"validated-name\">{validated}</dd>", page);
        Assert.Contains("data-field=\"name-status\">validated<", page);

        var saved = await PostAccountAsync(learner, "Name", "SelfAssertedName", "  Nina Chosen ");
        Assert.Equal("/account?name=saved", Landing(saved));
        var html = await saved.Content.ReadAsStringAsync(Ct);
        Assert.Contains("<span data-field=\"name\">Nina Chosen</span>", html);
        Assert.Contains("data-field=\"name-status\">zelf opgegeven<", html);
        Assert.Contains("<dt>Zelf opgegeven</dt>", html);
        Assert.Contains("<dt>Gevalideerd door eduID</dt>", html);
        Assert.Contains($"<dd data-field=\"validated-name\">{validated}</dd>", html);

        // eduID keeps refreshing the validated name; the learner's own choice stays the one shown.
        using var again = await SignInWithEduIdAsync(Laurel, "n" + key);
        var person = await Laurel.DbAsync(db => db.Persons.AsNoTracking().SingleAsync(p => p.Id == personId, Ct));
        Assert.Equal(("Nina Chosen", validated, "Nina Chosen", false), (person.DisplayName, person.ValidatedName, person.SelfAssertedName, person.NameVerified));

        var tooLong = await PostAccountAsync(again, "Name", "SelfAssertedName", new string('a', 201));
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        var errors = await tooLong.Content.ReadAsStringAsync(Ct);
        Assert.Contains("<a href=\"#SelfAssertedName\">De naam mag hoogstens 200 tekens lang zijn.</a>", errors);
        Assert.Contains("aria-describedby=\"SelfAssertedName-hint SelfAssertedName-error\"", errors);

        Assert.Equal("/account?name=saved", Landing(await PostAccountAsync(again, "Name", "SelfAssertedName", "")));
        person = await Laurel.DbAsync(db => db.Persons.AsNoTracking().SingleAsync(p => p.Id == personId, Ct));
        Assert.Equal((validated, true, null), (person.DisplayName, person.NameVerified, person.SelfAssertedName));

        // Without a validated name to fall back on, the name cannot be emptied.
        await Laurel.NewSignInLearnerAsync("nv" + key, $"nv{key}@example.org");
        using var unvalidated = await Laurel.SignInAsDemoAsync("nv" + key);
        var refused = await PostAccountAsync(unvalidated, "Name", "SelfAssertedName", " ");
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("Vul een naam in", await refused.Content.ReadAsStringAsync(Ct));
    }
}

public sealed class AccountLinkingTestsOnSqlite(OidcSqliteHost host) : AccountLinkingTests(host), IClassFixture<OidcSqliteHost>;

public sealed class AccountLinkingTestsOnPostgres(OidcPostgresHost host) : AccountLinkingTests(host), IClassFixture<OidcPostgresHost>;
