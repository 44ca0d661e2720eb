using System.Net;
using Laurel.Features.Awards;
using Laurel.Features.Awards.Requests;
using Laurel.Features.Notifications;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Tests.Requests;

/// <summary>Learner requests from the catalog; staff approve (one or many, through the award policy) or deny with a reason.</summary>
public abstract class RequestFlowTests(LaurelHost host)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Learner_requests_from_the_catalog_staff_approve_and_the_learner_holds_the_badge()
    {
        var achievementId = await host.NewAchievementAsync();
        var name = await host.DbAsync(db => db.Achievements.Where(a => a.Id == achievementId).Select(a => a.Name).SingleAsync(Ct));
        using var learner = await host.SignInAsDemoAsync("learner");
        Assert.Contains($"/catalog/{achievementId}/request", await learner.GetStringAsync($"/catalog/{achievementId}", Ct));

        var requestId = await host.RequestThroughCatalogAsync(learner, achievementId);
        var mine = await learner.GetStringAsync("/backpack/requests", Ct);
        Assert.Contains(name, mine);
        Assert.Contains("Wacht op besluit", mine);

        using var awarder = await host.SignInAsDemoAsync("awarder");
        var list = await awarder.GetStringAsync($"/manage/requests?achievement={achievementId}", Ct);
        Assert.Contains("Lotte de Vries", list);
        Assert.Contains("I passed the portfolio in June.", list);

        var approved = await awarder.ApproveAsync([requestId], new Dictionary<Guid, string> { [requestId] = "8" });
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        Assert.Contains($"data-request=\"{requestId}\" data-outcome=\"approved\"", await approved.Content.ReadAsStringAsync(Ct));

        var request = await host.RequestAsync(requestId);
        Assert.Equal(BadgeRequestState.Approved, request.State);
        var award = await host.AwardAsync(request.AwardId!.Value);
        Assert.Equal(request.PersonId, award.RecipientPersonId);
        Assert.Equal(AwardState.Issued, award.State);
        Assert.Equal("8", award.Grade);
        Assert.Equal(new DateOnly(2025, 6, 20), award.CompletedOn);
        Assert.Equal("https://portfolio.example/lotte", Assert.Single(award.Evidence).Url);

        Assert.Contains(name, await learner.GetStringAsync("/backpack", Ct));
        Assert.Contains("Goedgekeurd", await learner.GetStringAsync("/backpack/requests", Ct));
        // Staff were told about the request; the learner gets the award e-mail.
        var mail = await host.DbAsync(db => db.OutboxMessages.AsNoTracking()
            .Where(m => m.RelatedEntityId == requestId || m.RelatedEntityId == award.Id).ToListAsync(Ct));
        Assert.Contains(mail, m => m.Kind == NotificationKind.RequestReceived && m.RecipientAddress == "a.bakker@uu.example" && m.TextBody.Contains("Lotte de Vries"));
        Assert.Contains(mail, m => m.Kind == NotificationKind.AwardIssued && m.RecipientAddress == "lotte@example.org");
        var audit = await host.DbAsync(db => db.AuditEntries.AsNoTracking().Where(e => e.EntityId == requestId).Select(e => e.Action).ToListAsync(Ct));
        Assert.Contains("request.created", audit);
        Assert.Contains("request.approved", audit);
    }

    [Fact]
    public async Task Denial_needs_a_reason_and_the_learner_sees_it()
    {
        var achievementId = await host.NewAchievementAsync();
        using var learner = await host.SignInAsDemoAsync("learner");
        var requestId = await host.RequestThroughCatalogAsync(learner, achievementId);
        using var admin = await host.SignInAsDemoAsync("issuer-admin");

        var empty = await admin.PostFormAsync($"/manage/requests/{requestId}", [new("reason", "  ")], handler: "Deny");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, empty.StatusCode);
        var page = await empty.Content.ReadAsStringAsync(Ct);
        Assert.Contains("error-summary", page);
        Assert.Contains("href=\"#Reason\"", page);
        Assert.Contains("aria-describedby=\"Reason-hint Reason-error\"", page);
        Assert.Equal(BadgeRequestState.Open, (await host.RequestAsync(requestId)).State);

        var denied = await admin.PostFormAsync($"/manage/requests/{requestId}", [new("reason", "You were not enrolled in this course.")], handler: "Deny");
        Assert.Equal(HttpStatusCode.Redirect, denied.StatusCode);
        var request = await host.RequestAsync(requestId);
        Assert.Equal(BadgeRequestState.Denied, request.State);
        Assert.Null(request.AwardId);

        var mine = await learner.GetStringAsync("/backpack/requests?culture=en", Ct);
        Assert.Contains("Denied", mine);
        Assert.Contains("You were not enrolled in this course.", mine);
        var mail = await host.DbAsync(db => db.OutboxMessages.AsNoTracking().SingleAsync(m => m.RelatedEntityId == requestId && m.Kind == NotificationKind.RequestDenied, Ct));
        Assert.Equal("lotte@example.org", mail.RecipientAddress);
        Assert.Contains("You were not enrolled in this course.", mail.TextBody);
        Assert.Contains(await host.DbAsync(db => db.AuditEntries.Where(e => e.EntityId == requestId).Select(e => e.Action).ToListAsync(Ct)), a => a == "request.denied");
        // A decided request cannot be decided again.
        var again = await admin.ApproveAsync([requestId], new Dictionary<Guid, string> { [requestId] = "8" });
        Assert.Contains($"data-request=\"{requestId}\" data-outcome=\"refused\"", await again.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task Bulk_approval_awards_each_request_on_its_own_and_a_refused_one_stays_open_with_the_reason()
    {
        var gradeRequired = await host.NewAchievementAsync(gradeRequired: true);
        var other = await host.NewAchievementAsync(gradeRequired: false);
        var first = await host.NewLearnerAsync();
        var second = await host.NewLearnerAsync();
        var ok1 = await host.StoredRequestAsync(gradeRequired, first.Id);
        var failing = await host.StoredRequestAsync(gradeRequired, second.Id);
        var ok2 = await host.StoredRequestAsync(other, second.Id);

        using var awarder = await host.SignInAsDemoAsync("awarder");
        var response = await awarder.ApproveAsync([ok1, failing, ok2], new Dictionary<Guid, string> { [ok1] = "7" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.Content.ReadAsStringAsync(Ct);
        Assert.Contains("2 van 3 goedgekeurd", page);
        Assert.Contains($"data-request=\"{failing}\" data-outcome=\"refused\"", page);

        Assert.Equal(BadgeRequestState.Approved, (await host.RequestAsync(ok1)).State);
        Assert.Equal(BadgeRequestState.Approved, (await host.RequestAsync(ok2)).State);
        var open = await host.RequestAsync(failing);
        Assert.Equal(BadgeRequestState.Open, open.State);
        Assert.NotNull(open.LastApprovalProblem);
        Assert.Contains(open.LastApprovalProblem!, page);
        Assert.Contains(open.LastApprovalProblem!, await awarder.GetStringAsync("/manage/requests", Ct));
        Assert.Equal(2, await host.DbAsync(db => db.Awards.CountAsync(a => (a.AchievementId == gradeRequired || a.AchievementId == other)
            && (a.RecipientPersonId == first.Id || a.RecipientPersonId == second.Id), Ct)));
    }

    [Fact]
    public async Task Request_form_reports_every_problem_and_one_open_request_per_learner()
    {
        var achievementId = await host.NewAchievementAsync();
        using var learner = await host.SignInAsDemoAsync("learner");
        var bad = await learner.PostFormAsync($"/catalog/{achievementId}/request",
            [new("motivation", new string('x', BadgeRequest.MaxMotivationLength + 1)), new("evidenceUrl", "javascript:alert(1)")]);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        var page = await bad.Content.ReadAsStringAsync(Ct);
        Assert.Contains("href=\"#Motivation\"", page);
        Assert.Contains("href=\"#EvidenceUrl\"", page);

        await host.RequestThroughCatalogAsync(learner, achievementId);
        var twice = await learner.PostFormAsync($"/catalog/{achievementId}/request", [new("motivation", "again")]);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, twice.StatusCode);
        Assert.Contains("Je hebt deze badge al aangevraagd", await twice.Content.ReadAsStringAsync(Ct));
        Assert.Equal(1, await host.DbAsync(db => db.BadgeRequests.CountAsync(r => r.AchievementId == achievementId, Ct)));

        var draft = await host.NewAchievementAsync(status: Laurel.Features.Achievements.AchievementStatus.Draft);
        Assert.Equal(HttpStatusCode.NotFound, (await learner.GetAsync($"/catalog/{draft}/request", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await host.CreateClient().GetAsync($"/catalog/{achievementId}/request", Ct)).StatusCode);
    }
}

public sealed class RequestFlowTestsOnSqlite(SqliteHost host) : RequestFlowTests(host), IClassFixture<SqliteHost>;

public sealed class RequestFlowTestsOnPostgres(PostgresHost host) : RequestFlowTests(host), IClassFixture<PostgresHost>;
