using System.Net;
using System.Security.Claims;
using Laurel.Features.Awards;
using Laurel.Features.Awards.Claims;
using Laurel.Features.Awards.Events;
using Laurel.Features.Awards.Issuing;
using Laurel.Features.Awards.Manage;
using Laurel.Features.Notifications;
using Laurel.Features.Notifications.Webhooks;
using Laurel.Tests.Bulk;
using Laurel.Tests.Claims;
using Laurel.Tests.Completions;
using Laurel.Tests.Pathways;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Tests.AwardEvents;

/// <summary>
/// Every award transition, whatever path makes it, records one award event through one service: the durable event row, the typed
/// audit entry, the learner's e-mail (where the transition mails) and the webhook deliveries, all committed with the transition or
/// not at all. The event row survives the node that wrote it: another node (or the same one restarted) turns it into pathway
/// evaluation, and two nodes never handle the same event.
/// </summary>
public abstract class AwardEventTests(LaurelHost host)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>What one award's transitions left in the database, in the order written.</summary>
    private sealed record Effects(List<AwardEventType> Events, List<string> Audit, List<NotificationKind> Mails, List<string> Webhooks);

    private Task<Effects> EffectsAsync(Guid awardId) => host.DbAsync(async db => new Effects(
        await db.Set<AwardEvent>().Where(e => e.AwardId == awardId).OrderBy(e => e.Id).Select(e => e.Type).ToListAsync(Ct),
        await db.AuditEntries.Where(e => e.EntityId == awardId && e.Action.StartsWith("award.")).OrderBy(e => e.Id).Select(e => e.Action).ToListAsync(Ct),
        await db.OutboxMessages.Where(m => m.RelatedEntityId == awardId).OrderBy(m => m.Id).Select(m => m.Kind).ToListAsync(Ct),
        await db.WebhookDeliveries.Where(d => d.Payload.Contains(awardId.ToString())).OrderBy(d => d.Id).Select(d => d.EventType).ToListAsync(Ct)));

    /// <summary>The award was issued and nothing else happened to it: one event, one audit entry, one mail, one webhook delivery.</summary>
    private static void AssertIssuedOnly(Effects effects)
    {
        Assert.Equal([AwardEventType.Issued], effects.Events);
        Assert.Equal(["award.issued"], effects.Audit);
        Assert.Equal([NotificationKind.AwardIssued], effects.Mails);
        Assert.Equal(["award.issued"], effects.Webhooks);
    }

    /// <summary>An active endpoint of Utrecht University subscribed to every award event (deliveries stay pending: the worker is off).</summary>
    private Task EndpointAsync() => host.DbAsync(async db =>
    {
        var uu = await db.Institutions.Where(i => i.Slug == "uu").Select(i => i.Id).SingleAsync(Ct);
        if (await db.WebhookEndpoints.AnyAsync(e => e.InstitutionId == uu && e.IsActive, Ct)) return 0;
        var now = DateTime.UtcNow;
        db.WebhookEndpoints.Add(new WebhookEndpoint
        {
            Id = Guid.CreateVersion7(), InstitutionId = uu, Url = "https://hooks.example/laurel", Events = [.. WebhookEventTypes.All],
            ProtectedSecret = "not used: nothing is sent in these tests", CreatedAt = now, UpdatedAt = now, SecretRotatedAt = now,
        });
        return await db.SaveChangesAsync(Ct);
    });

    private static ClaimsPrincipal Learner(Guid id) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, id.ToString()), new Claim(ClaimTypes.Name, "Learner")], "test"));

    private async Task<Guid> IssuedAsync(bool claimRequired = false)
    {
        await EndpointAsync();
        var achievement = await host.NewAchievementAsync();
        if (claimRequired) await host.SetAchievementAsync(achievement, a => a.ClaimRequired = true);
        var learner = await host.NewLearnerAsync();
        using var awarder = await host.SignInAsDemoAsync("awarder");
        return await awarder.AwardThroughPageAsync(achievement, learner.Email);
    }

    [Fact]
    public async Task A_direct_award_records_issued_with_audit_mail_and_webhook()
    {
        var id = await IssuedAsync();
        var effects = await EffectsAsync(id);
        AssertIssuedOnly(effects);
    }

    [Fact]
    public async Task A_bulk_upload_records_issued_for_every_row_in_its_batch()
    {
        await EndpointAsync();
        var achievement = await host.NewAchievementAsync();
        var known = await host.NewLearnerAsync();
        var fresh = $"bulk-{Guid.NewGuid():N}@example.org";
        using var awarder = await host.SignInAsDemoAsync("awarder");
        await awarder.ConfirmAsync(await awarder.UploadOkAsync(achievement, $"email,grade,completion date\n{known.Email},8,2025-06-01\n{fresh},7,2025-06-01\n"));

        var awards = await host.DbAsync(db => db.Awards.Where(a => a.AchievementId == achievement).Select(a => new { a.Id, a.State }).ToListAsync(Ct));
        Assert.Equal(2, awards.Count);
        foreach (var award in awards)
        {
            var effects = await EffectsAsync(award.Id);
            Assert.Equal([AwardEventType.Issued], effects.Events);
            Assert.Equal(["award.issued"], effects.Audit);
            Assert.Single(effects.Mails); // "awarded" for the known learner, "waiting for you" for the new address
            Assert.Equal(["award.issued"], effects.Webhooks);
        }
    }

    [Fact]
    public async Task A_results_api_completion_records_issued()
    {
        await EndpointAsync();
        var achievement = await host.NewAchievementAsync();
        using var api = await host.ApiClientAsync();
        var response = await api.PostCompletionAsync(ResultsTestKit.Completion(achievement, (await host.NewLearnerAsync()).Email));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = Guid.Parse((string)(await response.JsonAsync())["awardId"]!);

        var effects = await EffectsAsync(id);
        Assert.Equal([AwardEventType.Issued], effects.Events);
        Assert.Equal(["award.issued"], effects.Audit);
        Assert.Single(effects.Mails);
        Assert.Equal(["award.issued"], effects.Webhooks);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Claiming_and_declining_record_their_event(bool accept)
    {
        var id = await IssuedAsync(claimRequired: true);
        var learner = await host.DbAsync(db => db.Awards.Where(a => a.Id == id).Select(a => a.RecipientPersonId!.Value).SingleAsync(Ct));
        Assert.True(await host.WithAsync<ClaimService, bool>(s => s.DecideAsync(Learner(learner), id, accept, Ct)));

        var effects = await EffectsAsync(id);
        var type = accept ? AwardEventType.Claimed : AwardEventType.Declined;
        var action = accept ? "award.claimed" : "award.declined";
        Assert.Equal([AwardEventType.Issued, type], effects.Events);
        Assert.Equal(["award.issued", action], effects.Audit);
        Assert.Single(effects.Mails); // only "waiting for you": neither a claim nor a refusal mails the learner
        Assert.Equal(["award.issued", action], effects.Webhooks);
    }

    [Fact]
    public async Task Expiry_records_expired_with_its_mail()
    {
        var id = await IssuedAsync(claimRequired: true);
        await host.RunJobAsync(DateTime.UtcNow.AddDays(400));

        var effects = await EffectsAsync(id);
        Assert.Equal([AwardEventType.Issued, AwardEventType.Expired], effects.Events);
        Assert.Equal(["award.issued", "award.expired"], effects.Audit);
        Assert.Equal(2, effects.Mails.Count);
        Assert.Equal(NotificationKind.AwardClaimExpired, effects.Mails[1]);
        Assert.Equal(["award.issued", "award.expired"], effects.Webhooks);
    }

    [Fact]
    public async Task Suspending_reinstating_and_revoking_record_each_transition()
    {
        var id = await IssuedAsync();
        var awarder = await host.PrincipalAsync("awarder");
        foreach (var action in new[] { AwardStatusAction.Suspend, AwardStatusAction.Reinstate, AwardStatusAction.Revoke })
            Assert.Empty(await host.WithAsync<RevokeAndSuspend, Dictionary<string, List<string>>>(async s =>
                await s.ApplyAsync(awarder, (await s.FindAsync(id, Ct))!, action, "Assessment under review", "web", Ct)));

        var effects = await EffectsAsync(id);
        Assert.Equal([AwardEventType.Issued, AwardEventType.Suspended, AwardEventType.Reinstated, AwardEventType.Revoked], effects.Events);
        Assert.Equal(["award.issued", "award.suspended", "award.reinstated", "award.revoked"], effects.Audit);
        Assert.Equal([NotificationKind.AwardIssued, NotificationKind.AwardSuspended, NotificationKind.AwardReinstated, NotificationKind.AwardRevoked],
            effects.Mails);
        Assert.Equal(["award.issued", "award.suspended", "award.reinstated", "award.revoked"], effects.Webhooks);
    }

    [Fact]
    public async Task Scheduling_then_issuing_on_the_date_and_cancelling_record_their_events()
    {
        await EndpointAsync();
        var achievement = await host.NewAchievementAsync();
        var awarder = await host.PrincipalAsync("awarder");
        var day = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(3);
        var learner = await host.NewLearnerAsync();
        var issued = (await host.AwardAsync(awarder, ClaimsTestKit.Request(achievement, learner.Email, personId: learner.Id) with { ScheduledFor = day })).Award!;
        var other = await host.NewLearnerAsync();
        var cancelled = (await host.AwardAsync(awarder, ClaimsTestKit.Request(achievement, other.Email, personId: other.Id) with { ScheduledFor = day })).Award!;
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var tracked = (await scope.ServiceProvider.GetRequiredService<RevokeAndSuspend>().FindAsync(cancelled.Id, Ct))!;
            Assert.Empty(await scope.ServiceProvider.GetRequiredService<ScheduledAwards>().CancelAsync(Awarder.Of(awarder), tracked, "Not passed after all", Ct));
        }
        await host.RunJobAsync(day.ToDateTime(new TimeOnly(6, 0)));

        var scheduledThenIssued = await EffectsAsync(issued.Id);
        Assert.Equal([AwardEventType.Scheduled, AwardEventType.Issued], scheduledThenIssued.Events);
        Assert.Equal(["award.scheduled", "award.issued"], scheduledThenIssued.Audit);
        Assert.Equal([NotificationKind.AwardIssued], scheduledThenIssued.Mails); // none when scheduled: nothing is signed yet
        Assert.Equal(["award.issued"], scheduledThenIssued.Webhooks);

        var cancel = await EffectsAsync(cancelled.Id);
        Assert.Equal([AwardEventType.Scheduled, AwardEventType.Cancelled], cancel.Events);
        Assert.Equal(["award.scheduled", "award.scheduled-cancelled"], cancel.Audit);
        Assert.Empty(cancel.Mails);
        Assert.Empty(cancel.Webhooks);
    }

    [Fact]
    public async Task A_transition_that_loses_its_race_leaves_no_event_audit_mail_or_webhook()
    {
        var id = await IssuedAsync();
        var awarder = await host.PrincipalAsync("awarder");
        var problems = await host.WithAsync<RevokeAndSuspend, Dictionary<string, List<string>>>(async s =>
        {
            var award = (await s.FindAsync(id, Ct))!;
            // Another node changes the award after this one read it: this save must fail, and with it everything the event added.
            await host.DbAsync(db => db.Awards.Where(a => a.Id == id).ExecuteUpdateAsync(x => x.SetProperty(a => a.Version, a => a.Version + 1), Ct));
            return await s.ApplyAsync(awarder, award, AwardStatusAction.Revoke, "Fraud", "web", Ct);
        });
        Assert.Equal([RevokeAndSuspend.ConflictField], problems.Keys);
        var effects = await EffectsAsync(id);
        AssertIssuedOnly(effects);
    }

    [Fact]
    public async Task A_duplicate_award_refused_by_the_database_leaves_nothing_of_its_event()
    {
        await EndpointAsync();
        var achievement = await host.NewAchievementAsync();
        var learner = await host.NewLearnerAsync();
        var awarder = await host.PrincipalAsync("awarder");
        var request = ClaimsTestKit.Request(achievement, learner.Email, personId: learner.Id);
        // Both decided before either was stored, as two simultaneous requests would be; the unique index refuses the second.
        var first = await host.CheckAsync(awarder, request);
        var second = await host.CheckAsync(awarder, request);
        Assert.NotNull(await host.WithAsync<AwardService, AwardOutcome?>(s => s.StoreAsync(awarder, request, first.Achievement!, first.Recipient, Ct)));
        var before = await CountsAsync();
        Assert.Null(await host.WithAsync<AwardService, AwardOutcome?>(s => s.StoreAsync(awarder, request, second.Achievement!, second.Recipient, Ct)));
        Assert.Equal(before, await CountsAsync());
    }

    private Task<(int Events, int Audit, int Mails, int Webhooks)> CountsAsync() => host.DbAsync(async db => (
        await db.Set<AwardEvent>().CountAsync(Ct), await db.AuditEntries.CountAsync(Ct), await db.OutboxMessages.CountAsync(Ct),
        await db.WebhookDeliveries.CountAsync(Ct)));

    [Fact]
    public async Task An_award_committed_before_its_node_stopped_completes_the_pathway_after_a_restart()
    {
        var item = await host.NewAchievementAsync();
        var completion = await host.NewCompletionAchievementAsync();
        await host.NewPathwayAsync([item], minItems: 1, completion: completion);
        var learner = await host.NewLearnerAsync();
        using (var awarder = await host.SignInAsDemoAsync("awarder"))
        {
            await awarder.AwardThroughPageAsync(item, learner.Email);
        }

        // This node's worker never runs (it stopped right after the commit): the event waits, nothing is completed.
        Assert.True(await host.DbAsync(db => db.Set<AwardEvent>().AnyAsync(e => e.PersonId == learner.Id && e.AchievementId == item && e.ProcessedAt == null, Ct)));
        Assert.Empty(await host.AwardsOfAsync(learner.Id, completion));

        // The deployment starts again: a fresh process on the same database picks the event up.
        await using var restarted = await AwardEventSettings.StartNodeAsync(host);
        // The event is marked processed once the evaluation that made the completion award is done.
        var until = DateTime.UtcNow.AddSeconds(60);
        while (await host.DbAsync(db => db.Set<AwardEvent>().AnyAsync(e => e.PersonId == learner.Id && e.AchievementId == item && e.ProcessedAt == null, Ct))
            && DateTime.UtcNow < until)
            await Task.Delay(100, Ct);
        Assert.Equal(AwardState.Issued, Assert.Single(await host.AwardsOfAsync(learner.Id, completion)).State);
        await restarted.StopAsync(Ct);
    }

    [Fact]
    public async Task A_laurel_process_killed_right_after_the_commit_completes_the_pathway_after_a_restart()
    {
        var item = await host.NewAchievementAsync();
        var completion = await host.NewCompletionAchievementAsync();
        await host.NewPathwayAsync([item], minItems: 1, completion: completion);
        var learner = await host.NewLearnerAsync();

        // A separate laurel process of the same deployment, whose award event worker has not run yet when it dies.
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var start = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in (string[])[Path.Combine(AppContext.BaseDirectory, "laurel.dll"), "serve", .. host.SecondNodeArgs(), $"--urls=http://127.0.0.1:{port}",
                     "--Laurel:Demo:SampleAwards=false", "--Laurel:AwardEvents:WorkerEnabled=false", "--Laurel:Webhooks:WorkerEnabled=false",
                     "--Laurel:Outbox:WorkerEnabled=false", "--Laurel:Claims:IntervalSeconds=0"])
            start.ArgumentList.Add(arg);
        using var node = System.Diagnostics.Process.Start(start)!;
        node.OutputDataReceived += (_, _) => { };
        node.ErrorDataReceived += (_, _) => { };
        node.BeginOutputReadLine();
        node.BeginErrorReadLine();
        try
        {
            var baseAddress = new Uri($"http://127.0.0.1:{port}");
            using var awarder = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { BaseAddress = baseAddress };
            var until = DateTime.UtcNow.AddSeconds(90);
            string signIn;
            while (true)
            {
                try
                {
                    signIn = await awarder.GetStringAsync("/account/sign-in", Ct);
                    break;
                }
                catch (HttpRequestException) when (DateTime.UtcNow < until && !node.HasExited)
                {
                    await Task.Delay(200, Ct);
                }
            }
            var signedIn = await awarder.PostAsync("/account/sign-in?handler=Demo", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["persona"] = "awarder", ["returnUrl"] = "/", ["__RequestVerificationToken"] = LaurelHost.AntiforgeryToken(signIn),
            }), Ct);
            Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
            await awarder.AwardThroughPageAsync(item, learner.Email);
        }
        finally
        {
            // SIGKILL: no graceful shutdown, no hosted service gets to run another pass.
            node.Kill(entireProcessTree: true);
            await node.WaitForExitAsync(Ct);
        }

        Assert.True(await host.DbAsync(db => db.Set<AwardEvent>().AnyAsync(e => e.PersonId == learner.Id && e.AchievementId == item && e.ProcessedAt == null, Ct)));
        Assert.Empty(await host.AwardsOfAsync(learner.Id, completion));

        await using var restarted = await AwardEventSettings.StartNodeAsync(host);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (await host.DbAsync(db => db.Set<AwardEvent>().AnyAsync(e => e.PersonId == learner.Id && e.AchievementId == item && e.ProcessedAt == null, Ct))
            && DateTime.UtcNow < deadline)
            await Task.Delay(100, Ct);
        Assert.Equal(AwardState.Issued, Assert.Single(await host.AwardsOfAsync(learner.Id, completion)).State);
        await restarted.StopAsync(Ct);
    }

    [Fact]
    public async Task Two_nodes_never_handle_the_same_event()
    {
        var institution = await host.DbAsync(db => db.Institutions.Where(i => i.Slug == "uu").Select(i => i.Id).SingleAsync(Ct));
        var ids = await host.DbAsync(async db =>
        {
            var now = DateTime.UtcNow;
            var rows = Enumerable.Range(0, 300).Select(i => new AwardEvent
            {
                Id = Guid.CreateVersion7(), AwardId = Guid.NewGuid(), AchievementId = Guid.NewGuid(), InstitutionId = institution,
                Type = AwardEventType.Issued, OccurredAt = now,
            }).ToList();
            db.AddRange(rows);
            await db.SaveChangesAsync(Ct);
            return rows.Select(r => r.Id).ToHashSet();
        });
        // Two processors with their own leases, as on two app nodes, draining the same table at the same time.
        var nodes = Enumerable.Range(0, 2).Select(_ => ActivatorUtilities.CreateInstance<AwardEventProcessor>(host.Services)).ToList();
        var handled = await Task.WhenAll(nodes.Select(node => Task.Run(async () =>
        {
            var mine = new List<Guid>();
            for (IReadOnlyList<Guid> batch; (batch = await node.ProcessOnceAsync(Ct)).Count > 0;) mine.AddRange(batch);
            return mine;
        }, Ct)));

        Assert.Empty(handled[0].Intersect(handled[1]));
        Assert.Subset(handled[0].Concat(handled[1]).ToHashSet(), ids);
        Assert.Equal(handled[0].Count + handled[1].Count, handled[0].Concat(handled[1]).Distinct().Count());
    }
}

public sealed class AwardEventTestsOnSqlite(AwardEventSqliteHost host) : AwardEventTests(host), IClassFixture<AwardEventSqliteHost>;

public sealed class AwardEventTestsOnPostgres(AwardEventPostgresHost host) : AwardEventTests(host), IClassFixture<AwardEventPostgresHost>;
