using System.Net;
using System.Text.Json.Nodes;
using Laurel.Features.Awards;
using Laurel.Features.Awards.Claims;
using Laurel.Features.Identity;
using Laurel.Features.Notifications;
using Laurel.Features.Publishing.Status;
using Microsoft.EntityFrameworkCore;
using static Laurel.Tests.Claims.ClaimsTestKit;

namespace Laurel.Tests.Claims;

/// <summary>Direct and scheduled awards, claims by e-mail and EPPN, accept/decline, reminders and expiry by the job.</summary>
public abstract class ClaimFlowTests(LaurelHost host)
{
    public static List<KeyValuePair<string, string>> DirectForm(string learner, string kind = "Email", string? scheduledFor = null) =>
        AwardKit.DirectForm(learner, kind, scheduledFor);

    public static Task<Award> DirectAwardAsync(LaurelHost host, HttpClient staff, Guid achievementId, string learner, string kind = "Email",
        string? scheduledFor = null) => AwardKit.DirectAwardAsync(host, staff, achievementId, learner, kind, scheduledFor);

    [Fact]
    public async Task Scheduled_award_is_signed_by_the_job_on_its_date_with_that_issue_date()
    {
        var mc = await host.NewAchievementAsync();
        var learner = await host.NewLearnerAsync();
        using var awarder = await host.SignInAsDemoAsync("awarder");
        var day = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(3);

        var award = await DirectAwardAsync(host, awarder, mc, learner.Email, scheduledFor: day.ToString("yyyy-MM-dd"));
        Assert.Equal(AwardState.Scheduled, award.State);
        Assert.Equal("", award.CredentialJson);
        Assert.Equal(HttpStatusCode.OK, (await awarder.GetAsync($"/manage/awards/{award.Id}", Ct)).StatusCode);

        await host.RunJobAsync(day.ToDateTime(TimeOnly.MinValue).AddHours(-1));
        Assert.Equal(AwardState.Scheduled, (await host.AwardAsync(award.Id)).State);

        var result = await host.RunJobAsync(day.ToDateTime(new TimeOnly(6, 0)));
        Assert.True(result.Issued >= 1);
        var issued = await host.AwardAsync(award.Id);
        Assert.Equal(AwardState.Issued, issued.State);
        Assert.Equal(day.ToDateTime(TimeOnly.MinValue), issued.IssuedAt);
        Assert.Equal(day.ToString("yyyy-MM-dd") + "T00:00:00Z", (string?)JsonNode.Parse(issued.CredentialJson)!["validFrom"]);
        Assert.Equal(NotificationKind.AwardIssued, Assert.Single(await host.MailsAsync(award.Id)).Kind);

        // A second run (another node, a retry) signs nothing twice.
        await host.RunJobAsync(day.ToDateTime(new TimeOnly(7, 0)));
        Assert.Equal(issued.CredentialJson, (await host.AwardAsync(award.Id)).CredentialJson);
    }

    [Fact]
    public async Task Award_to_an_unknown_address_waits_and_lands_in_the_backpack_when_the_learner_signs_in()
    {
        var mc = await host.NewAchievementAsync();
        using var awarder = await host.SignInAsDemoAsync("awarder");
        var key = Key();
        var email = $"new-{key}@example.org";

        var award = await DirectAwardAsync(host, awarder, mc, email);
        Assert.Equal(AwardState.AwaitingClaim, award.State);
        Assert.Null(award.RecipientPersonId);
        var mail = Assert.Single(await host.MailsAsync(award.Id));
        Assert.Equal(NotificationKind.AwardAwaitingClaim, mail.Kind);
        Assert.Equal(email, mail.RecipientAddress);
        Assert.Contains("Er staat een badge voor je klaar", mail.Subject);
        Assert.Contains("/backpack/claims", mail.TextBody);

        var personId = await host.NewSignInLearnerAsync(key, email.ToUpperInvariant());
        using var learner = await host.SignInAsDemoAsync(key);

        var claimed = await host.AwardAsync(award.Id);
        Assert.Equal(AwardState.Issued, claimed.State);
        Assert.Equal(personId, claimed.RecipientPersonId);
        Assert.Equal(award.IssuedAt, claimed.IssuedAt);
    }

    [Fact]
    public async Task Claim_required_award_is_accepted_on_the_pending_page_and_keeps_its_award_date()
    {
        var mc = await host.NewAchievementAsync();
        await host.SetAchievementAsync(mc, a => a.ClaimRequired = true);
        using var awarder = await host.SignInAsDemoAsync("awarder");
        var key = Key();
        var email = $"claim-{key}@example.org";
        var award = await DirectAwardAsync(host, awarder, mc, email);
        // The learner comes back ten days later.
        var awardedOn = award.IssuedAt.AddDays(-10);
        await host.DbAsync(db => db.Awards.Where(a => a.Id == award.Id).ExecuteUpdateAsync(s => s.SetProperty(a => a.IssuedAt, awardedOn), Ct));

        await host.NewSignInLearnerAsync(key, email);
        using var learner = await host.SignInAsDemoAsync(key);
        var page = await learner.GetStringAsync("/backpack/claims", Ct);
        Assert.Contains("Badges die voor je klaarstaan", page);
        Assert.Contains((await host.DbAsync(db => db.Achievements.SingleAsync(a => a.Id == mc, Ct))).Name, page);
        Assert.Equal(AwardState.AwaitingClaim, (await host.AwardAsync(award.Id)).State);

        var accept = await learner.PostFormAsync("/backpack/claims", [new("id", award.Id.ToString())], "Accept");
        Assert.Equal(HttpStatusCode.Redirect, accept.StatusCode);
        var accepted = await host.AwardAsync(award.Id);
        Assert.Equal(AwardState.Issued, accepted.State);
        Assert.Equal(awardedOn, accepted.IssuedAt);
        Assert.NotNull(accepted.ClaimDecidedAt);
        Assert.Contains("Er staat niets voor je klaar.", await learner.GetStringAsync("/backpack/claims", Ct));
        Assert.Equal(HttpStatusCode.NotFound, (await learner.PostFormAsync("/backpack/claims", [new("id", award.Id.ToString())], "Decline")).StatusCode);
    }

    [Fact]
    public async Task EPPN_award_is_claimed_after_the_learner_links_that_institution_account_and_can_be_declined()
    {
        var mc = await host.NewAchievementAsync();
        await host.SetAchievementAsync(mc, a => a.ClaimRequired = true);
        using var awarder = await host.SignInAsDemoAsync("awarder");
        var key = Key();
        var eppn = $"s{key}@students.uu.nl";
        var award = await DirectAwardAsync(host, awarder, mc, eppn.ToUpperInvariant(), "Eppn");
        Assert.Equal(AwardState.AwaitingClaim, award.State);
        Assert.Equal(eppn, award.RecipientIdentity);
        Assert.Empty(await host.MailsAsync(award.Id)); // no address to write to yet

        // Same EPPN from another home organisation: not this institution's account.
        var personId = await host.NewSignInLearnerAsync(key, $"other-{key}@example.org", eppn, "tudelft.nl");
        using var learner = await host.SignInAsDemoAsync(key);
        Assert.Contains("Er staat niets voor je klaar.", await learner.GetStringAsync("/backpack/claims", Ct));

        await host.DbAsync(db =>
        {
            db.LinkedIdentities.Add(new LinkedIdentity
            {
                Id = Guid.CreateVersion7(), PersonId = personId, Provider = "surfconext", Subject = "uu-" + key, Eppn = eppn,
                HomeOrganisation = "uu.nl", Affiliations = ["student"], LinkedAt = DateTime.UtcNow,
            });
            return db.SaveChangesAsync(Ct);
        });
        var page = await learner.GetStringAsync("/backpack/claims?culture=en", Ct);
        Assert.Contains("Badges waiting for you", page);
        Assert.Equal(personId, (await host.AwardAsync(award.Id)).RecipientPersonId);

        var decline = await learner.PostFormAsync("/backpack/claims", [new("id", award.Id.ToString())], "Decline");
        Assert.Equal(HttpStatusCode.Redirect, decline.StatusCode);
        var declined = await host.AwardAsync(award.Id);
        Assert.Equal(AwardState.Declined, declined.State);
        Assert.True(await host.WithAsync<StatusListService, bool?>(s => s.GetAsync(declined.RevocationListId, declined.StatusIndex, Ct)));
        // Declined is not held: the institution may award the same version again.
        Assert.Equal(AwardState.AwaitingClaim, (await DirectAwardAsync(host, awarder, mc, eppn, "Eppn")).State);
    }

    [Fact]
    public async Task Reminders_go_out_on_day_7_and_21_and_unclaimed_awards_expire_after_90_days()
    {
        var mc = await host.NewAchievementAsync();
        using var awarder = await host.SignInAsDemoAsync("awarder");
        var award = await DirectAwardAsync(host, awarder, mc, $"late-{Key()}@example.org");
        var t0 = award.IssuedAt;
        static int Reminders(List<OutboxMessage> m) => m.Count(x => x.Kind == NotificationKind.AwardClaimReminder);

        await host.RunJobAsync(t0.AddDays(6));
        Assert.Equal(0, Reminders(await host.MailsAsync(award.Id)));
        await host.RunJobAsync(t0.AddDays(7).AddMinutes(1));
        var mails = await host.MailsAsync(award.Id);
        Assert.Equal(1, Reminders(mails));
        Assert.Contains("Herinnering", mails.Last().Subject);
        await host.RunJobAsync(t0.AddDays(7).AddMinutes(2));
        Assert.Equal(1, Reminders(await host.MailsAsync(award.Id)));
        await host.RunJobAsync(t0.AddDays(21).AddMinutes(1));
        Assert.Equal(2, Reminders(await host.MailsAsync(award.Id)));
        Assert.Equal(AwardState.AwaitingClaim, (await host.AwardAsync(award.Id)).State);

        await host.RunJobAsync(t0.AddDays(90).AddMinutes(1));
        var expired = await host.AwardAsync(award.Id);
        Assert.Equal(AwardState.Expired, expired.State);
        mails = await host.MailsAsync(award.Id);
        Assert.Equal(NotificationKind.AwardClaimExpired, mails.Last().Kind);
        Assert.Equal(2, Reminders(mails));
    }

    [Fact]
    public async Task Institution_claim_settings_decide_reminder_days_and_expiry()
    {
        await host.EnsureOtherInstitutionAdminAsync();
        var tud = await host.DbAsync(db => db.Institutions.SingleAsync(i => i.Slug == "tudelft", Ct));
        await host.DbAsync(db =>
        {
            db.ClaimSettings.Add(new ClaimSettings { InstitutionId = tud.Id, ReminderDays = [2, 30], ExpiryDays = 5, UpdatedAt = DateTime.UtcNow });
            return db.SaveChangesAsync(Ct);
        });
        var badge = await host.NewAchievementAsync(Laurel.Features.Achievements.AchievementKind.Regular, issuerNameEn: "TU Delft Extension School");
        var outcome = await host.AwardAsync(await host.PrincipalAsync("tud-admin"), Request(badge, $"tud-{Key()}@example.org"));
        Assert.True(outcome.Succeeded);
        var t0 = outcome.Award!.IssuedAt;

        await host.RunJobAsync(t0.AddDays(2).AddMinutes(1));
        Assert.Single(await host.MailsAsync(outcome.Award.Id), m => m.Kind == NotificationKind.AwardClaimReminder);
        await host.RunJobAsync(t0.AddDays(5).AddMinutes(1));
        Assert.Equal(AwardState.Expired, (await host.AwardAsync(outcome.Award.Id)).State);
    }
}

public sealed class ClaimFlowTestsOnSqlite(SqliteHost host) : ClaimFlowTests(host), IClassFixture<SqliteHost>;

public sealed class ClaimFlowTestsOnPostgres(PostgresHost host) : ClaimFlowTests(host), IClassFixture<PostgresHost>;
