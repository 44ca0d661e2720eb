using System.Net;
using Laurel.Features.Awards;
using Laurel.Features.Awards.Claims;
using Laurel.Infrastructure.Auditing;
using Microsoft.EntityFrameworkCore;
using static Laurel.Tests.Claims.ClaimsTestKit;

namespace Laurel.Tests.Claims;

/// <summary>
/// Issue 14: the award page offers only the actions its state allows, and an award still waiting for its claim is withdrawn
/// (no revocation e-mail for a badge the learner never saw; gone from their claims; audited; webhook event award.withdrawn).
/// </summary>
public abstract class WithdrawTests(LaurelHost host)
{
    [Fact]
    public async Task An_unclaimed_award_is_withdrawn_without_e_mail_and_leaves_the_learners_claims()
    {
        var mc = await host.NewAchievementAsync();
        await host.SetAchievementAsync(mc, a => a.ClaimRequired = true);
        var learner = await host.NewLearnerAsync();
        var outcome = await host.AwardAsync(await host.PrincipalAsync("awarder"), Request(mc, learner.Email, personId: learner.Id));
        var id = outcome.Award!.Id;
        Assert.Equal(AwardState.AwaitingClaim, outcome.Award.State);
        using var awarder = await host.SignInAsDemoAsync("awarder");
        var url = $"/manage/awards/{id}";

        var page = await awarder.GetStringAsync(url + "?culture=en", Ct);
        Assert.Contains("?handler=Withdraw", page);
        foreach (var wrong in new[] { "Reinstate", "Revoke", "Suspend" }) Assert.DoesNotContain("?handler=" + wrong, page);

        // Revoking (or reinstating) it is refused with a reason, and changes nothing.
        var revoke = await awarder.PostFormAsync(url + "?culture=en", [new("reason", "wrong person")], "Revoke");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, revoke.StatusCode);
        Assert.Contains("does not hold this award", WebUtility.HtmlDecode(await revoke.Content.ReadAsStringAsync(Ct)));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await awarder.PostFormAsync(url, [], "Reinstate")).StatusCode);
        var noReason = await awarder.PostFormAsync(url, [new("reason", " ")], "Withdraw");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, noReason.StatusCode);
        Assert.Equal(AwardState.AwaitingClaim, (await host.AwardAsync(id)).State);
        var mailsBefore = (await host.MailsAsync(id)).Count;

        var withdraw = await awarder.PostFormAsync(url, [new("reason", "Awarded to the wrong person")], "Withdraw");
        Assert.Equal(HttpStatusCode.Redirect, withdraw.StatusCode);
        var after = await host.AwardAsync(id);
        Assert.Equal(AwardState.Withdrawn, after.State);
        Assert.Equal("Awarded to the wrong person", after.RevocationReason);
        Assert.Equal(mailsBefore, (await host.MailsAsync(id)).Count);
        Assert.True(await host.DbAsync(db => db.AuditEntries.AnyAsync(e => e.EntityId == id && e.Action == AuditActions.AwardWithdrawn, Ct)));
        Assert.Empty(await host.WithAsync<ClaimService, List<Award>>(c => c.PendingAsync(learner.Id, Ct)));
        var shown = await awarder.GetStringAsync(url + "?culture=en", Ct);
        Assert.Contains("Withdrawn before it was claimed", shown);
        Assert.DoesNotContain("?handler=", shown);
    }

    [Fact]
    public async Task An_issued_award_offers_suspend_and_revoke_and_a_suspended_one_reinstate_and_revoke()
    {
        var mc = await host.NewAchievementAsync();
        var learner = await host.NewLearnerAsync();
        var outcome = await host.AwardAsync(await host.PrincipalAsync("awarder"), Request(mc, learner.Email, personId: learner.Id));
        Assert.Equal(AwardState.Issued, outcome.Award!.State);
        using var awarder = await host.SignInAsDemoAsync("awarder");
        var url = $"/manage/awards/{outcome.Award.Id}";
        var issued = await awarder.GetStringAsync(url, Ct);
        Assert.Contains("?handler=Suspend", issued);
        Assert.Contains("?handler=Revoke", issued);
        Assert.DoesNotContain("?handler=Reinstate", issued);
        Assert.DoesNotContain("?handler=Withdraw", issued);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await awarder.PostFormAsync(url, [new("reason", "x")], "Withdraw")).StatusCode);

        Assert.Equal(HttpStatusCode.Redirect, (await awarder.PostFormAsync(url, [new("reason", "checking")], "Suspend")).StatusCode);
        var suspended = await awarder.GetStringAsync(url, Ct);
        Assert.Contains("?handler=Reinstate", suspended);
        Assert.Contains("?handler=Revoke", suspended);
        Assert.DoesNotContain("?handler=Suspend", suspended);
        Assert.DoesNotContain("?handler=Withdraw", suspended);
    }
}

public sealed class WithdrawTestsOnSqlite(SqliteHost host) : WithdrawTests(host), IClassFixture<SqliteHost>;

public sealed class WithdrawTestsOnPostgres(PostgresHost host) : WithdrawTests(host), IClassFixture<PostgresHost>;
