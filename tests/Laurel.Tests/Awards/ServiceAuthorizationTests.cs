using System.Security.Claims;
using Laurel.Features.Awards;
using Laurel.Features.Awards.Issuing;
using Laurel.Features.Awards.Manage;
using Laurel.Features.Identity.ApiClients;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Tests.Awards;

/// <summary>
/// The services that change awards check the awarder themselves, through the same authorization handler as the pages: called
/// directly (no page, no endpoint filter in front) by someone without the Award right, they refuse and change nothing.
/// </summary>
public abstract class ServiceAuthorizationTests(LaurelHost host)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // The demo viewer may see the issuer's awards but not award or change them.
    private Task<ClaimsPrincipal> ViewerAsync() => host.StaffAsync("v.dewit@uu.example");

    [Theory]
    [InlineData(AwardStatusAction.Revoke)]
    [InlineData(AwardStatusAction.Suspend)]
    [InlineData(AwardStatusAction.Reinstate)]
    public async Task Revoke_suspend_and_reinstate_refuse_an_awarder_without_the_right_and_change_nothing(AwardStatusAction action)
    {
        var awardId = await host.AwardThroughServiceAsync();
        if (action == AwardStatusAction.Reinstate) await ApplyAsync(await host.StaffAsync("a.bakker@uu.example"), awardId, AwardStatusAction.Suspend);
        var before = await StateAsync(awardId);

        var errors = await ApplyAsync(await ViewerAsync(), awardId, action);

        Assert.Equal([AwardPolicy.RightKey], errors.Keys);
        Assert.Equal(before, await StateAsync(awardId));
    }

    [Fact]
    public async Task Status_change_refuses_an_api_client_of_another_institution_and_a_system_actor()
    {
        var awardId = await host.AwardThroughServiceAsync();
        var before = await StateAsync(awardId);
        var otherClient = new ClaimsPrincipal(new ClaimsIdentity(
        [
            new Claim(ApiClientAuthentication.ClientIdClaim, "other-" + Guid.NewGuid().ToString("N")),
            new Claim(ApiClientAuthentication.InstitutionIdClaim, Guid.NewGuid().ToString()),
            new Claim(ApiClientAuthentication.ScopeClaim, ApiScopes.AwardsWrite),
        ], "test"));
        var nobody = new ClaimsPrincipal(new ClaimsIdentity());

        Assert.Equal([AwardPolicy.RightKey], (await ApplyAsync(otherClient, awardId, AwardStatusAction.Revoke)).Keys);
        Assert.Equal([AwardPolicy.RightKey], (await ApplyAsync(nobody, awardId, AwardStatusAction.Revoke)).Keys);
        Assert.Equal(before, await StateAsync(awardId));
    }

    [Fact]
    public async Task Direct_award_refuses_an_awarder_without_the_right_and_stores_nothing()
    {
        var learner = await host.OtherLearnerIdAsync();
        var (email, achievementId) = await host.DbAsync(async db => (
            await db.Persons.Where(p => p.Id == learner).Select(p => p.Email!).SingleAsync(),
            await db.Achievements.Where(a => a.Name == "Data Literacy for Professionals").Select(a => a.Id).SingleAsync()));
        var awardsBefore = await host.DbAsync(db => db.Awards.CountAsync(a => a.RecipientPersonId == learner));

        await using var scope = host.Services.CreateAsyncScope();
        var outcome = await scope.ServiceProvider.GetRequiredService<AwardService>().AwardAsync(Awarder.Of(await ViewerAsync()), new AwardRequest
        {
            AchievementId = achievementId, RecipientPersonId = learner, RecipientIdentity = email,
            CompletedOn = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-1)),
        }, Ct);

        Assert.False(outcome.Succeeded);
        Assert.Contains(AwardPolicy.RightKey, outcome.Errors.Keys);
        Assert.Equal(awardsBefore, await host.DbAsync(db => db.Awards.CountAsync(a => a.RecipientPersonId == learner)));
    }

    [Fact]
    public async Task Cancelling_a_scheduled_award_refuses_an_awarder_without_the_right()
    {
        var learner = await host.OtherLearnerIdAsync();
        var (email, achievementId) = await host.DbAsync(async db => (
            await db.Persons.Where(p => p.Id == learner).Select(p => p.Email!).SingleAsync(),
            await db.Achievements.Where(a => a.Name == "Data Literacy for Professionals").Select(a => a.Id).SingleAsync()));
        await using var scope = host.Services.CreateAsyncScope();
        var outcome = await scope.ServiceProvider.GetRequiredService<AwardService>().AwardAsync(await host.StaffAsync("a.bakker@uu.example"),
            new AwardRequest
            {
                AchievementId = achievementId, RecipientPersonId = learner, RecipientIdentity = email,
                CompletedOn = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-1)), Grade = "8",
                ScheduledFor = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(10)),
            }, Ct);
        Assert.True(outcome.Succeeded, string.Join("; ", outcome.Errors.SelectMany(e => e.Value)));
        var award = (await scope.ServiceProvider.GetRequiredService<RevokeAndSuspend>().FindAsync(outcome.Award!.Id, Ct))!;

        var errors = await scope.ServiceProvider.GetRequiredService<ScheduledAwards>().CancelAsync(Awarder.Of(await ViewerAsync()), award, "no", Ct);

        Assert.Equal([AwardPolicy.RightKey], errors.Keys);
        Assert.Equal(AwardState.Scheduled, (await StateAsync(award.Id)).State);
    }

    private async Task<Dictionary<string, List<string>>> ApplyAsync(ClaimsPrincipal actor, Guid awardId, AwardStatusAction action)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var service = scope.ServiceProvider.GetRequiredService<RevokeAndSuspend>();
        var award = (await service.FindAsync(awardId, Ct))!;
        return await service.ApplyAsync(Awarder.Of(actor), award, action, "Checked by the exam board", "web", Ct);
    }

    // What a refused call must leave untouched: the award's state and dates, and the audit trail of the award.
    private Task<(AwardState State, DateTime? RevokedAt, DateTime? SuspendedAt, int AuditEntries)> StateAsync(Guid awardId) =>
        host.DbAsync(async db =>
        {
            var award = await db.Awards.AsNoTracking().SingleAsync(a => a.Id == awardId);
            return (award.State, award.RevokedAt, award.SuspendedAt, await db.AuditEntries.CountAsync(e => e.EntityId == awardId));
        });
}

public sealed class ServiceAuthorizationTestsOnSqlite(SqliteHost host) : ServiceAuthorizationTests(host), IClassFixture<SqliteHost>;

public sealed class ServiceAuthorizationTestsOnPostgres(PostgresHost host) : ServiceAuthorizationTests(host), IClassFixture<PostgresHost>;
