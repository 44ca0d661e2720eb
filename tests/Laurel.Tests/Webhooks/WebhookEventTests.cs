using System.Net;
using System.Text.Json.Nodes;
using Laurel.Features.Awards;
using Laurel.Tests.Bulk;
using Laurel.Tests.Claims;
using static Laurel.Tests.Webhooks.WebhookTestKit;

namespace Laurel.Tests.Webhooks;

/// <summary>Every award path queues its event: bulk (COPY on PostgreSQL), claims accepted/declined/expired, suspension and reinstatement.</summary>
public abstract class WebhookEventTests(IWebhookHost host)
{
    private global::Laurel.Testing.LaurelHost Laurel => host.Laurel;

    private async Task<(Guid Id, string Path)> EndpointAsync(string name)
    {
        var uu = await Laurel.InstitutionAsync("uu");
        using var admin = await Laurel.SignInAsDemoAsync("institution-admin");
        var path = NewPath(name);
        var (id, _) = await admin.RegisterAsync(uu, host.Receiver.Url(path));
        return (id, path);
    }

    private async Task<List<JsonNode>> ReceivedAsync(string path, Guid awardId)
    {
        await Laurel.Dispatcher(TimeProvider.System).DeliverAllAsync();
        return [.. host.Receiver.At(path).Select(r => JsonNode.Parse(r.Body)!).Where(b => (string?)b["data"]!["awardId"] == awardId.ToString())];
    }

    [Fact]
    public async Task A_bulk_upload_queues_award_issued_for_every_row_in_its_transaction()
    {
        var (endpointId, path) = await EndpointAsync("bulk");
        var achievementId = await Laurel.NewAchievementAsync();
        var known = await Laurel.NewLearnerAsync();
        var fresh = $"bulk-{Guid.NewGuid():N}@example.org";
        using var awarder = await Laurel.SignInAsDemoAsync("awarder");
        var preview = await awarder.UploadOkAsync(achievementId, $"email,grade,completion date\n{known.Email},8,2025-06-01\n{fresh},7,2025-06-01\n");
        await awarder.ConfirmAsync(preview);

        var awards = await Laurel.DbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(
            db.Awards.Where(a => a.AchievementId == achievementId), Ct));
        Assert.Equal(2, awards.Count);
        Assert.Equal(2, (await Laurel.DeliveriesAsync(endpointId)).Count(d => d.EventType == "award.issued"));
        await Laurel.Dispatcher(TimeProvider.System).DeliverAllAsync();
        var states = host.Receiver.At(path).Where(r => r.Event == "award.issued").Select(r => (string?)JsonNode.Parse(r.Body)!["data"]!["state"]).Order().ToList();
        Assert.Equal(["AwaitingClaim", "Issued"], states);
    }

    [Fact]
    public async Task Claims_accepted_declined_and_expired_are_reported()
    {
        var (_, path) = await EndpointAsync("claims");
        var achievementId = await Laurel.NewAchievementAsync();
        await Laurel.SetAchievementAsync(achievementId, a => a.ClaimRequired = true);
        using var awarder = await Laurel.SignInAsDemoAsync("awarder");

        var acceptKey = ClaimsTestKit.Key();
        var accepted = await awarder.AwardThroughPageAsync(achievementId, $"accept-{acceptKey}@example.org");
        await Laurel.NewSignInLearnerAsync(acceptKey, $"accept-{acceptKey}@example.org");
        using (var learner = await Laurel.SignInAsDemoAsync(acceptKey))
        {
            await learner.GetStringAsync("/backpack/claims", Ct); // matches the award to the learner
            Assert.Equal(HttpStatusCode.Redirect, (await learner.PostFormAsync("/backpack/claims", [new("id", accepted.ToString())], "Accept")).StatusCode);
        }
        var acceptEvents = await ReceivedAsync(path, accepted);
        Assert.Equal(["award.issued", "award.claimed"], acceptEvents.Select(e => (string?)e["type"]));
        Assert.Equal("Issued", (string?)acceptEvents[1]["data"]!["state"]);

        var declineKey = ClaimsTestKit.Key();
        var declined = await awarder.AwardThroughPageAsync(await Laurel.NewAchievementAsync(), $"decline-{declineKey}@example.org");
        await Laurel.SetAchievementAsync((await Laurel.AwardAsync(declined)).AchievementId, a => a.ClaimRequired = true);
        await Laurel.NewSignInLearnerAsync(declineKey, $"decline-{declineKey}@example.org");
        using (var learner = await Laurel.SignInAsDemoAsync(declineKey))
        {
            await learner.GetStringAsync("/backpack/claims", Ct);
            Assert.Equal(HttpStatusCode.Redirect, (await learner.PostFormAsync("/backpack/claims", [new("id", declined.ToString())], "Decline")).StatusCode);
        }
        var declineEvents = await ReceivedAsync(path, declined);
        Assert.Equal("award.declined", (string?)declineEvents[^1]["type"]);
        Assert.Equal("Declined", (string?)declineEvents[^1]["data"]!["state"]);

        // A definition without a required claim: the award goes to the backpack as soon as the learner signs in with the address.
        var autoKey = ClaimsTestKit.Key();
        var automatic = await awarder.AwardThroughPageAsync(await Laurel.NewAchievementAsync(), $"auto-{autoKey}@example.org");
        Assert.Equal(AwardState.AwaitingClaim, (await Laurel.AwardAsync(automatic)).State);
        await Laurel.NewSignInLearnerAsync(autoKey, $"auto-{autoKey}@example.org");
        using (var learner = await Laurel.SignInAsDemoAsync(autoKey)) await learner.GetStringAsync("/backpack/claims", Ct);
        Assert.Equal(AwardState.Issued, (await Laurel.AwardAsync(automatic)).State);
        var autoEvents = await ReceivedAsync(path, automatic);
        Assert.Equal(["award.issued", "award.claimed"], autoEvents.Select(e => (string?)e["type"]));

        var unclaimed = await awarder.AwardThroughPageAsync(achievementId, $"never-{Guid.NewGuid():N}@example.org");
        await Laurel.RunJobAsync(DateTime.UtcNow.AddDays(120));
        Assert.Equal(AwardState.Expired, (await Laurel.AwardAsync(unclaimed)).State);
        var expireEvents = await ReceivedAsync(path, unclaimed);
        Assert.Equal(["award.issued", "award.expired"], expireEvents.Select(e => (string?)e["type"]));
    }

    [Fact]
    public async Task A_scheduled_award_is_reported_when_the_job_signs_it_on_its_date_not_when_it_is_scheduled()
    {
        var (_, path) = await EndpointAsync("scheduled");
        var learner = await Laurel.NewLearnerAsync();
        var day = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(3));
        var outcome = await Laurel.AwardAsync(await Laurel.PrincipalAsync("awarder"),
            ClaimsTestKit.Request(await Laurel.NewAchievementAsync(), learner.Email, personId: learner.Id) with { ScheduledFor = day });
        var awardId = outcome.Award!.Id;
        Assert.Empty(await ReceivedAsync(path, awardId));

        await Laurel.RunJobAsync(day.ToDateTime(new TimeOnly(6, 0), DateTimeKind.Utc));
        var issued = Assert.Single(await ReceivedAsync(path, awardId));
        Assert.Equal("award.issued", (string?)issued["type"]);
        Assert.Equal("Issued", (string?)issued["data"]!["state"]);
    }

    [Fact]
    public async Task Suspension_with_its_reason_and_reinstatement_are_reported()
    {
        var (_, path) = await EndpointAsync("suspend");
        using var awarder = await Laurel.SignInAsDemoAsync("awarder");
        var awardId = await awarder.AwardThroughPageAsync(await Laurel.NewAchievementAsync(), (await Laurel.NewLearnerAsync()).Email);
        await awarder.PostFormAsync($"/manage/awards/{awardId}", [new("reason", "Under investigation")], "Suspend");
        await awarder.PostFormAsync($"/manage/awards/{awardId}", [], "Reinstate");
        var events = await ReceivedAsync(path, awardId);
        Assert.Equal(["award.issued", "award.suspended", "award.reinstated"], events.Select(e => (string?)e["type"]));
        Assert.Equal("Under investigation", (string?)events[1]["data"]!["reason"]);
        Assert.Equal("Suspended", (string?)events[1]["data"]!["state"]);
        Assert.Null(events[2]["data"]!["reason"]);
    }
}

public sealed class SqliteWebhookEventTests(WebhookSqliteHost host) : WebhookEventTests(host), IClassFixture<WebhookSqliteHost>;

public sealed class PostgresWebhookEventTests(WebhookPostgresHost host) : WebhookEventTests(host), IClassFixture<WebhookPostgresHost>;
