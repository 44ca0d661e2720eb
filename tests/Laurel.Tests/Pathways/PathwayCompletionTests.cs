using System.Net;
using Laurel.Features.Awards;
using Laurel.Features.Backpack.Imports;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Tests.Pathways;

/// <summary>The completion award arrives by itself when the last piece arrives, whatever way it arrives, and only once.</summary>
public abstract class PathwayCompletionTests(LaurelHost host)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private const string ExternalId = "https://badges.other.example/achievements/ai-ethics";

    [Fact]
    public async Task Completion_is_awarded_when_the_last_piece_is_awarded_by_another_institution()
    {
        var uuItem = await host.NewAchievementAsync();
        var delftItem = await host.NewDelftAchievementAsync();
        var completion = await host.NewCompletionAchievementAsync();
        var pathway = await host.NewPathwayAsync([uuItem, delftItem], minItems: 2, completion: completion);
        var learner = await host.NewLearnerAsync();

        using var awarder = await host.SignInAsDemoAsync("awarder");
        await awarder.AwardThroughPageAsync(uuItem, learner.Email);
        await host.AwardEventsProcessedAsync();
        Assert.Empty(await host.AwardsOfAsync(learner.Id, completion));

        await host.EnsureOtherInstitutionAdminAsync();
        using var delft = await host.SignInAsDemoAsync("tud-admin");
        await delft.AwardThroughPageAsync(delftItem, learner.Email);
        await host.AwardEventsProcessedAsync();

        var award = Assert.Single(await host.AwardsOfAsync(learner.Id, completion));
        Assert.Equal(AwardState.Issued, award.State);
        Assert.Null(award.AwardedByPersonId);
        // A real, signed credential in the owning institution's name that verifies like any other award.
        Assert.Equal(Laurel.Credentials.Verification.Verdict.Valid, (await host.VerifyAsync(award.CredentialJson)).Verdict);
        var audit = await host.DbAsync(db => db.AuditEntries.AsNoTracking().Where(e => e.EntityId == pathway || e.EntityId == award.Id)
            .Select(e => new { e.Action, e.ActorName, e.Client }).ToListAsync(Ct));
        Assert.Contains(audit, e => e.Action == "pathway.completed" && e.ActorName == $"pathway:{pathway}" && e.Client == "pathways");
        Assert.Contains(audit, e => e.Action == "award.issued" && e.ActorName == $"pathway:{pathway}");
    }

    [Fact]
    public async Task Completion_is_awarded_when_the_last_piece_comes_from_a_bulk_award()
    {
        var uuItem = await host.NewAchievementAsync();
        var completion = await host.NewCompletionAchievementAsync();
        await host.NewPathwayAsync([uuItem], minItems: 1, completion: completion);
        var learner = await host.NewLearnerAsync();
        var stranger = $"bulk-{Guid.NewGuid():N}@example.org"; // unknown address: waits for a claim, completes nothing yet

        using var awarder = await host.SignInAsDemoAsync("awarder");
        var preview = await Laurel.Tests.Bulk.BulkTestKit.UploadOkAsync(awarder, uuItem,
            $"email,grade,completion date\n{learner.Email},8,2025-06-01\n{stranger},7,2025-06-01\n");
        await Laurel.Tests.Bulk.BulkTestKit.ConfirmAsync(awarder, preview);
        await host.AwardEventsProcessedAsync();

        Assert.Equal(AwardState.Issued, Assert.Single(await host.AwardsOfAsync(learner.Id, completion)).State);
        Assert.Equal(0, await host.DbAsync(db => db.Awards.CountAsync(a => a.AchievementId == completion && a.RecipientPersonId != learner.Id, Ct)));
    }

    [Fact]
    public async Task Completion_is_awarded_when_the_last_piece_arrives_as_a_verified_import()
    {
        var uuItem = await host.NewAchievementAsync();
        var completion = await host.NewCompletionAchievementAsync();
        await host.NewPathwayAsync([uuItem], [ExternalId], minItems: 2, minCredits: 8, completion: completion);
        var learner = await host.NewLearnerAsync();
        using var awarder = await host.SignInAsDemoAsync("awarder");
        await awarder.AwardThroughPageAsync(uuItem, learner.Email);

        // Imports that no longer verify, or that match nothing, do not count.
        await host.ImportAsync(learner.Id, ExternalId, status: ImportStatus.Revoked);
        await host.ImportAsync(learner.Id, ExternalId, status: ImportStatus.Invalid);
        await host.ImportAsync(learner.Id, "https://badges.other.example/achievements/something-else");
        await host.NotifyAsync(learner.Id);
        Assert.Empty(await host.AwardsOfAsync(learner.Id, completion));

        await host.ImportAsync(learner.Id, ExternalId, credits: 3);
        await host.NotifyAsync(learner.Id);
        Assert.Equal(AwardState.Issued, Assert.Single(await host.AwardsOfAsync(learner.Id, completion)).State);
    }

    [Fact]
    public async Task An_import_counts_by_alignment_target_too()
    {
        const string esco = "http://data.europa.eu/esco/skill/ccd0a1d9-afda-43d9-b901-96344886e14d";
        var completion = await host.NewCompletionAchievementAsync();
        await host.NewPathwayAsync([], [esco], minItems: 1, completion: completion);
        var learner = await host.NewLearnerAsync();
        await host.ImportAsync(learner.Id, "https://elsewhere.example/achievements/7", [esco]);
        await host.NotifyAsync(learner.Id);
        Assert.Single(await host.AwardsOfAsync(learner.Id, completion));
    }

    [Fact]
    public async Task An_award_waiting_for_a_claim_counts_only_once_the_learner_accepts_it()
    {
        var item = await host.NewAchievementAsync();
        await host.DbAsync(db => db.Achievements.Where(a => a.Id == item).ExecuteUpdateAsync(s => s.SetProperty(a => a.ClaimRequired, true), Ct));
        var completion = await host.NewCompletionAchievementAsync();
        await host.NewPathwayAsync([item], minItems: 1, completion: completion);
        var learner = await host.NewLearnerAsync();
        using var awarder = await host.SignInAsDemoAsync("awarder");
        var awardId = await awarder.AwardThroughPageAsync(item, learner.Email);
        Assert.Equal(AwardState.AwaitingClaim, (await host.AwardAsync(awardId)).State);
        await host.AwardEventsProcessedAsync();
        Assert.Empty(await host.AwardsOfAsync(learner.Id, completion));

        await using (var scope = host.Services.CreateAsyncScope())
        {
            var principal = new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity(
                [new System.Security.Claims.Claim(System.Security.Claims.ClaimTypes.NameIdentifier, learner.Id.ToString())], "test"));
            Assert.True(await scope.ServiceProvider.GetRequiredService<Laurel.Features.Awards.Claims.ClaimService>().DecideAsync(principal, awardId, accept: true, Ct));
        }
        await host.AwardEventsProcessedAsync();
        Assert.Equal(AwardState.Issued, Assert.Single(await host.AwardsOfAsync(learner.Id, completion)).State);
    }

    [Fact]
    public async Task Repeated_and_concurrent_notifications_award_the_completion_exactly_once()
    {
        var completion = await host.NewCompletionAchievementAsync();
        var pathway = await host.NewPathwayAsync([], [ExternalId], minItems: 1, completion: completion);
        var learner = await host.NewLearnerAsync();
        await host.ImportAsync(learner.Id, ExternalId);

        await host.NotifyAsync(learner.Id);
        await host.NotifyAsync(learner.Id);
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => host.NotifyAsync(learner.Id)));

        Assert.Single(await host.AwardsOfAsync(learner.Id, completion));
        var completed = await host.DbAsync(db => db.AuditEntries.CountAsync(e => e.Action == "pathway.completed" && e.EntityId == pathway
            && e.Details!.Contains(learner.Id.ToString()), Ct)); // other tests' pathways list the same external item
        Assert.Equal(1, completed);
    }

    [Fact]
    public async Task A_revoked_completion_award_is_not_handed_out_again()
    {
        var completion = await host.NewCompletionAchievementAsync();
        await host.NewPathwayAsync([], [ExternalId], minItems: 1, completion: completion);
        var learner = await host.NewLearnerAsync();
        await host.ImportAsync(learner.Id, ExternalId);
        await host.NotifyAsync(learner.Id);
        var award = Assert.Single(await host.AwardsOfAsync(learner.Id, completion));
        await host.DbAsync(db => db.Awards.Where(a => a.Id == award.Id).ExecuteUpdateAsync(s => s.SetProperty(a => a.State, AwardState.Revoked), Ct));

        await host.NotifyAsync(learner.Id);
        Assert.Equal(AwardState.Revoked, Assert.Single(await host.AwardsOfAsync(learner.Id, completion)).State);
    }

    [Fact]
    public async Task Draft_and_archived_pathways_award_nothing()
    {
        var completion = await host.NewCompletionAchievementAsync();
        await host.NewPathwayAsync([], [ExternalId], minItems: 1, completion: completion, status: Laurel.Features.Pathways.PathwayStatus.Draft);
        var archived = await host.NewPathwayAsync([], [ExternalId], minItems: 1, completion: completion);
        await host.DbAsync(db => db.Pathways.Where(p => p.Id == archived).ExecuteUpdateAsync(s => s.SetProperty(p => p.ArchivedAt, DateTime.UtcNow), Ct));
        var learner = await host.NewLearnerAsync();
        await host.ImportAsync(learner.Id, ExternalId);
        await host.NotifyAsync(learner.Id);
        Assert.Empty(await host.AwardsOfAsync(learner.Id, completion));
    }

    [Fact]
    public async Task Learner_sees_progress_on_their_pathways_and_on_the_pathway_page()
    {
        var uuItem = await host.NewAchievementAsync();
        var delftItem = await host.NewDelftAchievementAsync();
        var pathway = await host.NewPathwayAsync([uuItem, delftItem], [ExternalId], minItems: 3, minCredits: 15);
        var unrelated = await host.NewPathwayAsync([await host.NewAchievementAsync()], minItems: 1);
        var learner = await host.NewSignInLearnerAsync();
        using var awarder = await host.SignInAsDemoAsync("awarder");
        await awarder.AwardThroughPageAsync(uuItem, learner.Email);

        using var client = await host.SignInAsDemoAsync(learner.Persona);
        var mine = await client.GetStringAsync("/backpack/pathways?culture=en", Ct);
        Assert.Contains($"/pathways/{pathway}", mine);
        Assert.DoesNotContain($"/pathways/{unrelated}", mine);
        Assert.Contains("1 of 3 items", mine);
        Assert.Contains("5 of 15 EC", mine);
        Assert.Contains("In progress", mine);
        var page = await client.GetStringAsync($"/pathways/{pathway}?culture=nl", Ct);
        Assert.Contains("1 van 3 onderdelen", page);
        Assert.Contains("Minimaal 15 EC in totaal", page);

        // Someone else sees the pathway, but not this learner's progress.
        using var other = await host.SignInAsDemoAsync((await host.NewSignInLearnerAsync()).Persona);
        Assert.Contains("0 of 3 items", await other.GetStringAsync($"/pathways/{pathway}?culture=en", Ct));
        Assert.DoesNotContain($"/pathways/{pathway}", await other.GetStringAsync("/backpack/pathways?culture=en", Ct));
    }

    [Fact]
    public async Task My_pathways_requires_sign_in()
    {
        using var anonymous = host.CreateClient();
        var response = await anonymous.GetAsync("/backpack/pathways", Ct);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("sign-in", response.Headers.Location!.ToString());
    }
}

public sealed class PathwayCompletionTestsOnSqlite(SqliteHost host) : PathwayCompletionTests(host), IClassFixture<SqliteHost>;

public sealed class PathwayCompletionTestsOnPostgres(PostgresHost host) : PathwayCompletionTests(host), IClassFixture<PostgresHost>;
