using System.Net;
using System.Text.RegularExpressions;
using Laurel.Features.Awards;
using Microsoft.EntityFrameworkCore;
using static Laurel.Tests.Claims.ClaimsTestKit;

namespace Laurel.Tests.Claims;

/// <summary>Who may use the award and pending-award pages, the form's errors, the old address, and status counts that add up.</summary>
public abstract partial class ClaimPagesTests(LaurelHost host)
{
    public static TheoryData<string, HttpStatusCode> DirectAwardRoles() => new()
    {
        { "institution-admin", HttpStatusCode.OK },
        { "faculty-admin", HttpStatusCode.OK },
        { "issuer-admin", HttpStatusCode.OK },
        { "awarder", HttpStatusCode.OK },
        { "viewer", HttpStatusCode.Forbidden },
        { "learner", HttpStatusCode.Forbidden },
        { "tud-admin", HttpStatusCode.Forbidden },
    };

    [Theory]
    [MemberData(nameof(DirectAwardRoles))]
    public async Task Direct_award_page_and_post_follow_the_role(string persona, HttpStatusCode expected)
    {
        await host.EnsureOtherInstitutionAdminAsync();
        var mc = await host.NewAchievementAsync();
        using var client = await host.SignInAsDemoAsync(persona);
        var url = $"/manage/achievements/{mc}/award";
        Assert.Equal(expected, (await client.GetAsync(url, Ct)).StatusCode);
        // The old direct-award address: the same check, then a permanent redirect to the one award page.
        var old = await client.GetAsync($"/manage/achievements/{mc}/direct-award?culture=en", Ct);
        Assert.Equal(expected == HttpStatusCode.OK ? HttpStatusCode.MovedPermanently : expected, old.StatusCode);
        if (expected == HttpStatusCode.OK) Assert.Equal($"/manage/achievements/{mc}/award?culture=en", old.Headers.Location!.ToString());

        // Posting with the persona's own valid token (any signed-in page carries one): refused on the server unless allowed.
        var token = LaurelHost.AntiforgeryToken(await client.GetStringAsync("/backpack/claims", Ct));
        var email = $"role-{Key()}@example.org";
        var form = new FormUrlEncodedContent([.. ClaimFlowTests.DirectForm(email), new("__RequestVerificationToken", token)]);
        var response = await client.PostAsync(url, form, Ct);
        var stored = await host.DbAsync(db => db.Awards.AnyAsync(a => a.AchievementId == mc && a.RecipientIdentity == email, Ct));
        Assert.Equal(expected == HttpStatusCode.OK, stored);
        Assert.Equal(expected == HttpStatusCode.OK ? HttpStatusCode.Redirect : expected, response.StatusCode);
    }

    [Fact]
    public async Task Anonymous_visitors_are_sent_to_sign_in_and_unknown_definitions_are_404()
    {
        using var anonymous = host.CreateClient();
        var claims = await anonymous.GetAsync("/backpack/claims", Ct);
        Assert.Equal(HttpStatusCode.Redirect, claims.StatusCode);
        Assert.Contains("/account/sign-in", claims.Headers.Location!.ToString());
        using var awarder = await host.SignInAsDemoAsync("awarder");
        foreach (var page in new[] { "award", "direct-award" })
        {
            var signIn = await anonymous.GetAsync($"/manage/achievements/{Guid.NewGuid()}/{page}", Ct);
            Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
            Assert.Contains("/account/sign-in", signIn.Headers.Location!.ToString());
            Assert.Equal(HttpStatusCode.NotFound, (await awarder.GetAsync($"/manage/achievements/{Guid.NewGuid()}/{page}", Ct)).StatusCode);
        }
    }

    [Fact]
    public async Task A_learner_cannot_decide_on_someone_elses_award()
    {
        var mc = await host.NewAchievementAsync();
        await host.SetAchievementAsync(mc, a => a.ClaimRequired = true);
        var other = await host.NewLearnerAsync();
        var outcome = await host.AwardAsync(await host.PrincipalAsync("awarder"), Request(mc, other.Email, personId: other.Id));
        Assert.Equal(AwardState.AwaitingClaim, outcome.Award!.State);

        using var learner = await host.SignInAsDemoAsync("learner");
        var response = await learner.PostFormAsync("/backpack/claims", [new("id", outcome.Award.Id.ToString())], "Accept");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(AwardState.AwaitingClaim, (await host.AwardAsync(outcome.Award.Id)).State);
    }

    [Fact]
    public async Task Direct_award_form_shows_every_problem_with_linked_fields()
    {
        var mc = await host.NewAchievementAsync();
        using var awarder = await host.SignInAsDemoAsync("awarder");
        var response = await awarder.PostFormAsync($"/manage/achievements/{mc}/award",
        [
            new("RecipientKind", "Eppn"), new("Learner", "someone@gmail.com"), new("CompletedOn", "2099-01-01"), new("ScheduledFor", "1-2-2030"),
            new("Grade", ""),
        ]);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync(Ct);
        Assert.Contains("href=\"#Learner\"", html);
        Assert.Contains("Deze EPPN hoort niet bij Universiteit Utrecht", html);
        Assert.Contains("href=\"#CompletedOn\"", html);
        Assert.Contains("href=\"#ScheduledFor\"", html);
        Assert.Contains("href=\"#Grade\"", html);
        Assert.Contains("aria-describedby=\"Learner-hint Learner-error\"", html);
        Assert.Contains("value=\"someone@gmail.com\"", html);
    }

    [Fact]
    public async Task Recognised_automatically_known_learners_are_linked_by_e_mail_or_EPPN_and_other_addresses_wait_for_a_claim()
    {
        var mc = await host.NewAchievementAsync();
        var other = await host.NewAchievementAsync();
        using var awarder = await host.SignInAsDemoAsync("awarder");
        Assert.Contains("value=\"Auto\" checked=\"checked\"", await awarder.GetStringAsync($"/manage/achievements/{mc}/award", Ct));
        var key = Key();
        var eppn = $"s{key}@students.uu.nl";
        var personId = await host.NewSignInLearnerAsync(key, $"mail-{key}@example.org", eppn, "uu.nl");

        var byEppn = await ClaimFlowTests.DirectAwardAsync(host, awarder, mc, eppn.ToUpperInvariant(), "Auto");
        Assert.Equal((personId, RecipientTypes.Eppn, eppn, AwardState.Issued), (byEppn.RecipientPersonId!.Value, byEppn.RecipientIdentityType, byEppn.RecipientIdentity, byEppn.State));
        var byEmail = await ClaimFlowTests.DirectAwardAsync(host, awarder, other, $"MAIL-{key}@example.org", "Auto");
        Assert.Equal((personId, RecipientTypes.EmailAddress, AwardState.Issued), (byEmail.RecipientPersonId!.Value, byEmail.RecipientIdentityType, byEmail.State));

        var unknown = await ClaimFlowTests.DirectAwardAsync(host, awarder, other, $"new-{key}@example.org", "Auto");
        Assert.Null(unknown.RecipientPersonId);
        Assert.Equal((RecipientTypes.EmailAddress, AwardState.AwaitingClaim), (unknown.RecipientIdentityType, unknown.State));
    }

    [Fact]
    public async Task Staff_overview_counts_per_status_add_up_to_the_total()
    {
        var mc = await host.NewAchievementAsync();
        var awarder = await host.PrincipalAsync("awarder");
        async Task<Guid> Award(AwardRequest r) => (await host.AwardAsync(awarder, r)).Award!.Id;
        var known = await host.NewLearnerAsync();
        await Award(Request(mc, known.Email, personId: known.Id));                                              // issued
        await Award(Request(mc, $"a-{Key()}@example.org"));                                                      // awaiting claim
        await Award(Request(mc, $"s-{Key()}@example.org") with { ScheduledFor = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(5) }); // scheduled
        foreach (var state in new[] { AwardState.Declined, AwardState.Expired, AwardState.Revoked, AwardState.Suspended, AwardState.Cancelled, AwardState.Withdrawn })
        {
            var id = await Award(Request(mc, $"x-{Key()}@example.org"));
            await host.DbAsync(db => db.Awards.Where(a => a.Id == id).ExecuteUpdateAsync(s => s.SetProperty(a => a.State, state), Ct));
        }

        using var viewer = await host.SignInAsDemoAsync("viewer");
        var html = await viewer.GetStringAsync($"/manage/achievements/{mc}/awards?culture=en", Ct);
        var total = int.Parse(TotalCount().Match(html).Groups[1].Value);
        var counts = StateCount().Matches(html).ToDictionary(m => m.Groups[2].Value, m => int.Parse(m.Groups[1].Value));
        Assert.Equal(9, total);
        Assert.Equal(total, counts.Values.Sum());
        Assert.Equal(Enum.GetValues<AwardState>().Length, counts.Count);
        Assert.All(counts.Values, c => Assert.Equal(1, c));
        Assert.Equal(total, await host.DbAsync(db => db.Awards.CountAsync(a => a.AchievementId == mc, Ct)));
    }

    [Fact]
    public async Task Institution_admins_set_claim_reminders_and_expiry_with_every_problem_shown()
    {
        var uu = await host.DbAsync(db => db.Institutions.Where(i => i.Slug == "uu").Select(i => i.Id).SingleAsync(Ct));
        var url = $"/manage/institutions/{uu}/claim-settings";
        using var awarder = await host.SignInAsDemoAsync("awarder");
        Assert.Equal(HttpStatusCode.Forbidden, (await awarder.GetAsync(url, Ct)).StatusCode);

        using var admin = await host.SignInAsDemoAsync("institution-admin");
        Assert.Contains("value=\"7, 21\"", await admin.GetStringAsync(url, Ct));
        var bad = await admin.PostFormAsync(url, [new("ReminderDays", "7, soon"), new("ExpiryDays", "2")]);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        var html = await bad.Content.ReadAsStringAsync(Ct);
        Assert.Contains("href=\"#ReminderDays\"", html);
        Assert.Contains("href=\"#ExpiryDays\"", html);

        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostFormAsync(url, [new("ReminderDays", "14, 3"), new("ExpiryDays", "30")])).StatusCode);
        var saved = await host.DbAsync(db => db.ClaimSettings.AsNoTracking().SingleAsync(s => s.InstitutionId == uu, Ct));
        Assert.Equal([3, 14], saved.ReminderDays);
        Assert.Equal(30, saved.ExpiryDays);
        Assert.True(await host.DbAsync(db => db.AuditEntries.AnyAsync(e => e.EntityId == uu && e.Action == "claims.settings.updated", Ct)));
    }

    [GeneratedRegex(@"<li>(\d+) in total</li>")]
    private static partial Regex TotalCount();

    [GeneratedRegex(@"<li>(\d+) (valid|suspended|revoked|scheduled|awaiting claim|declined|expired unclaimed|cancelled|withdrawn before claim)</li>")]
    private static partial Regex StateCount();
}

public sealed class ClaimPagesTestsOnSqlite(SqliteHost host) : ClaimPagesTests(host), IClassFixture<SqliteHost>;

public sealed class ClaimPagesTestsOnPostgres(PostgresHost host) : ClaimPagesTests(host), IClassFixture<PostgresHost>;
