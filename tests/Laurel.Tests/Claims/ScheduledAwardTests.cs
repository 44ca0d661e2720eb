using System.Net;
using System.Security.Claims;
using Laurel.Features.Awards;
using Laurel.Features.Identity;
using Laurel.Features.Notifications;
using Microsoft.EntityFrameworkCore;
using static Laurel.Tests.Claims.ClaimsTestKit;

namespace Laurel.Tests.Claims;

/// <summary>
/// Scheduled awards on their date: the award rules are checked again, a refused award is cancelled (reasons stored and shown,
/// audited, the awarder told by e-mail through the real SMTP server) and never signed; staff may cancel one before its date.
/// </summary>
public abstract class ScheduledAwardTests(IMailHost mail)
{
    private LaurelHost Host => mail.Laurel;
    private static DateOnly InDays(int days) => DateOnly.FromDateTime(DateTime.UtcNow).AddDays(days);
    private static DateTime Morning(DateOnly day) => day.ToDateTime(new TimeOnly(6, 0));

    [Fact]
    public async Task Archived_definition_stops_a_scheduled_award_and_the_awarder_is_told_in_their_language()
    {
        var mc = await Host.NewAchievementAsync();
        var name = await Host.DbAsync(db => db.Achievements.Where(a => a.Id == mc).Select(a => a.Name).SingleAsync(Ct));
        var (awarder, address) = await NewAwarderAsync("en");
        var learner = await Host.NewLearnerAsync();
        var day = InDays(4);
        var outcome = await Host.AwardAsync(awarder, Request(mc, learner.Email, personId: learner.Id) with { ScheduledFor = day });
        var id = outcome.Award!.Id;
        Assert.Equal(AwardState.Scheduled, outcome.Award.State);

        await Host.SetAchievementAsync(mc, a => a.ArchivedAt = DateTime.UtcNow);
        var result = await Host.RunJobAsync(Morning(day));

        Assert.True(result.Refused >= 1);
        var award = await Host.AwardAsync(id);
        Assert.Equal(AwardState.Cancelled, award.State);
        Assert.Equal("", award.CredentialJson);
        // Nothing signed and no status index taken: there is no credential that could verify anywhere.
        Assert.Equal((Guid.Empty, ""), (award.RevocationListId, award.SigningKeyId));
        Assert.NotNull(award.CancelledAt);
        var reason = Assert.Single(award.CancellationReasons);
        Assert.Contains("archived", reason.En);
        Assert.Contains("gearchiveerd", reason.Nl);
        // The learner was never told of the scheduled award, so hears nothing; only the awarder gets a message.
        Assert.Equal(NotificationKind.ScheduledAwardRefused, Assert.Single(await Host.MailsAsync(id)).Kind);
        var audit = await Host.DbAsync(db => db.AuditEntries.SingleAsync(e => e.EntityId == id && e.Action == "award.scheduled-refused", Ct));
        Assert.Contains("archived", audit.Details);
        Assert.Equal("scheduler", audit.Client);

        // Staff see the state and why, in their language; the overview counts it; nothing can be verified or shown publicly.
        using var staff = await Host.SignInAsDemoAsync("awarder");
        var en = await staff.GetStringAsync($"/manage/awards/{id}?culture=en", Ct);
        Assert.Contains("Cancelled on", en);
        Assert.Contains("This micro-credential is archived and can no longer be awarded.", en);
        Assert.DoesNotContain("handler=Cancel", en);
        Assert.Contains("Deze microcredential is gearchiveerd", await staff.GetStringAsync($"/manage/awards/{id}", Ct));
        Assert.Contains("<li>1 cancelled</li>", await staff.GetStringAsync($"/manage/achievements/{mc}/awards?culture=en", Ct));
        using var anonymous = Host.CreateClient();
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/badges/{id}", Ct)).StatusCode);

        // The awarder's e-mail, through the outbox and the SMTP server, in English.
        var dispatcher = Host.Services.GetRequiredService<OutboxDispatcher>();
        while (await dispatcher.DrainOnceAsync(Ct) > 0) { }
        var received = Assert.Single(await mail.Smtp.WaitForAsync(address));
        Assert.Equal($"Scheduled award of \"{name}\" was not issued", received.Message.Subject);
        Assert.Equal("en", received.Language);
        Assert.Contains("- This micro-credential is archived", received.Text);
        Assert.Contains($"https://badges.uu.example/manage/awards/{id}", received.Text);

        // A later run does not try again.
        await Host.RunJobAsync(Morning(day).AddHours(1));
        Assert.Equal(AwardState.Cancelled, (await Host.AwardAsync(id)).State);
        Assert.Single(await Host.MailsAsync(id));
    }

    [Fact]
    public async Task Scheduled_award_is_refused_as_a_duplicate_when_the_learner_got_the_same_version_meanwhile()
    {
        var mc = await Host.NewAchievementAsync();
        var key = Key();
        var email = $"later-{key}@example.org";
        using var awarder = await Host.SignInAsDemoAsync("awarder");
        var day = InDays(3);
        var scheduled = await ClaimFlowTests.DirectAwardAsync(Host, awarder, mc, email, scheduledFor: day.ToString("yyyy-MM-dd"));
        Assert.Equal(AwardState.Scheduled, scheduled.State);
        Assert.Null(scheduled.RecipientPersonId);

        // The learner signs in with that address and receives the same version from the results API under their eduID.
        var personId = await Host.NewSignInLearnerAsync(key, email);
        var other = await Host.AwardAsync(await Host.PrincipalAsync("awarder"), Request(mc, "eduid-" + key, RecipientTypes.Identifier, personId));
        Assert.True(other.Succeeded);

        await Host.RunJobAsync(Morning(day));
        var award = await Host.AwardAsync(scheduled.Id);
        Assert.Equal(AwardState.Cancelled, award.State);
        Assert.Contains("already has this version", Assert.Single(award.CancellationReasons).En);
        Assert.Equal(AwardState.Issued, (await Host.AwardAsync(other.Award!.Id)).State);
        var message = Assert.Single(await Host.MailsAsync(scheduled.Id));
        Assert.Equal(NotificationKind.ScheduledAwardRefused, message.Kind);
        Assert.Equal("a.bakker@uu.example", message.RecipientAddress);
        Assert.Equal("nl", message.Language);
        Assert.StartsWith("Geplande toekenning van", message.Subject);
        Assert.Contains("heeft deze versie van de microcredential al", message.TextBody);
    }

    [Fact]
    public async Task Scheduled_award_to_an_address_whose_learner_signed_in_since_is_issued_to_them_on_its_date()
    {
        var mc = await Host.NewAchievementAsync();
        var key = Key();
        var email = $"soon-{key}@example.org";
        var day = InDays(2);
        var scheduled = await Host.AwardAsync(await Host.PrincipalAsync("awarder"), Request(mc, email) with { ScheduledFor = day });
        var personId = await Host.NewSignInLearnerAsync(key, email);

        var result = await Host.RunJobAsync(Morning(day));
        Assert.True(result.Issued >= 1);
        var award = await Host.AwardAsync(scheduled.Award!.Id);
        Assert.Equal(AwardState.Issued, award.State);
        Assert.Equal(personId, award.RecipientPersonId);
        Assert.Equal(day.ToDateTime(TimeOnly.MinValue), award.IssuedAt);
        Assert.Equal(NotificationKind.AwardIssued, Assert.Single(await Host.MailsAsync(award.Id)).Kind);
    }

    public static TheoryData<string, bool> Roles() => new()
    {
        { "institution-admin", true }, { "faculty-admin", true }, { "issuer-admin", true }, { "awarder", true },
        { "viewer", false }, { "learner", false }, { "tud-admin", false },
    };

    [Theory]
    [MemberData(nameof(Roles))]
    public async Task Staff_with_the_award_right_cancel_a_scheduled_award_before_its_date(string persona, bool allowed)
    {
        await Host.EnsureOtherInstitutionAdminAsync();
        var mc = await Host.NewAchievementAsync();
        var day = InDays(5);
        var id = (await Host.AwardAsync(await Host.PrincipalAsync("issuer-admin"), Request(mc, $"c-{Key()}@example.org") with { ScheduledFor = day })).Award!.Id;
        using var client = await Host.SignInAsDemoAsync(persona);
        var token = LaurelHost.AntiforgeryToken(await client.GetStringAsync("/account", Ct));

        var response = await client.PostAsync($"/manage/awards/{id}?handler=Cancel",
            new FormUrlEncodedContent([new("reason", "Wrong cohort"), new("__RequestVerificationToken", token)]), Ct);

        Assert.Equal(allowed ? HttpStatusCode.Redirect : HttpStatusCode.Forbidden, response.StatusCode);
        var award = await Host.AwardAsync(id);
        Assert.Equal(allowed ? AwardState.Cancelled : AwardState.Scheduled, award.State);
        Assert.Equal(allowed, await Host.DbAsync(db => db.AuditEntries.AnyAsync(e => e.EntityId == id && e.Action == "award.scheduled-cancelled", Ct)));
        // On its date a cancelled award stays cancelled and unsigned; one nobody cancelled is issued (it waits for its learner).
        await Host.RunJobAsync(Morning(day));
        var after = await Host.AwardAsync(id);
        Assert.Equal(allowed ? AwardState.Cancelled : AwardState.AwaitingClaim, after.State);
        Assert.Equal(allowed, after.CredentialJson.Length == 0);
    }

    [Fact]
    public async Task Cancelling_on_the_award_page_shows_who_and_why_and_only_once()
    {
        var mc = await Host.NewAchievementAsync();
        using var awarder = await Host.SignInAsDemoAsync("awarder");
        var scheduled = await ClaimFlowTests.DirectAwardAsync(Host, awarder, mc, $"p-{Key()}@example.org", scheduledFor: InDays(6).ToString("yyyy-MM-dd"));
        var url = $"/manage/awards/{scheduled.Id}";
        var page = await awarder.GetStringAsync(url, Ct);
        Assert.Contains("Gepland: Laurel ondertekent en geeft hem uit op", page);
        Assert.Contains("<label for=\"CancelReason\">", page);
        Assert.DoesNotContain("handler=Suspend", page);

        // Suspending has nothing to suspend: refused with the reason, nothing changes.
        var suspend = await awarder.PostFormAsync(url, [new("reason", "Check")], "Suspend");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, suspend.StatusCode);
        Assert.Contains("href=\"#award-state\"", await suspend.Content.ReadAsStringAsync(Ct));

        var tooLong = await awarder.PostFormAsync(url, [new("reason", new string('x', 1001))], "Cancel");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, tooLong.StatusCode);
        var html = await tooLong.Content.ReadAsStringAsync(Ct);
        Assert.Contains("href=\"#CancelReason\"", html);
        Assert.Contains("aria-describedby=\"CancelReason-hint CancelReason-error\"", html);
        Assert.Equal(AwardState.Scheduled, (await Host.AwardAsync(scheduled.Id)).State);

        Assert.Equal(HttpStatusCode.Redirect, (await awarder.PostFormAsync(url, [new("reason", "Verkeerde groep")], "Cancel")).StatusCode);
        page = await awarder.GetStringAsync(url, Ct);
        Assert.Contains("De geplande toekenning is geannuleerd", page);
        Assert.Contains("Geannuleerd door Ahmed Bakker: Verkeerde groep", page);
        Assert.Contains("Cancelled by Ahmed Bakker: Verkeerde groep", await awarder.GetStringAsync(url + "?culture=en", Ct));
        Assert.Empty(await Host.MailsAsync(scheduled.Id));

        var again = await awarder.PostFormAsync(url, [new("reason", "")], "Cancel");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, again.StatusCode);
        Assert.Contains("Alleen een geplande toekenning", await again.Content.ReadAsStringAsync(Ct));
    }

    /// <summary>A new awarder of the demo issuer "Computing Science" with their own address and language.</summary>
    private Task<(ClaimsPrincipal Principal, string Email)> NewAwarderAsync(string language) => Host.DbAsync(async db =>
    {
        var issuer = await db.Issuers.Include(i => i.Faculty).SingleAsync(i => i.NameEn == "Computing Science", Ct);
        var key = Key();
        var person = TestData.Person($"awarder-{key}@uu.example", "Awarder " + key, givenName: "Alex", language: language);
        db.Persons.Add(person);
        db.StaffMemberships.Add(TestData.Staff(person.Id, StaffRole.Awarder, ScopeLevel.Issuer, issuer.Id, issuer.Faculty!.InstitutionId));
        await db.SaveChangesAsync(Ct);
        var principal = SignInKit.Principal(person.Id, person.DisplayName);
        return (principal, person.Email!);
    });
}

public sealed class ScheduledAwardTestsOnSqlite(MailSqliteHost host) : ScheduledAwardTests(host), IClassFixture<MailSqliteHost>;

public sealed class ScheduledAwardTestsOnPostgres(MailPostgresHost host) : ScheduledAwardTests(host), IClassFixture<MailPostgresHost>;
