using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Json.Nodes;
using Laurel.Features.Awards;
using Laurel.Features.Awards.Issuing;
using Laurel.Features.Awards.Requests;
using Laurel.Tests.Completions;
using Laurel.Tests.Requests;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Tests.Awards;

/// <summary>
/// Issue 12, finding 5: an evidence address with <c>"</c> or <c>&lt;&gt;</c> is not an IRI the signer can put into RDF. Every input
/// path refuses it up front with the field named (it used to pass and crash signing with a 500), and an award whose credential
/// still cannot be signed is refused alone with a reason.
/// </summary>
public abstract class EvidenceUrlTests(LaurelHost host)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Addresses that Uri accepts but that are not IRIs (RFC 3987) and so fail JSON-LD → RDF when signing.</summary>
    public static TheoryData<string> BadUrls() => ["https://uu.example/report?name=\"final\"", "https://uu.example/<script>/x"];

    [Theory]
    [MemberData(nameof(BadUrls))]
    public async Task Award_page_refuses_the_evidence_url_as_a_field_error(string url)
    {
        var achievementId = await host.NewAchievementAsync();
        var learner = await host.NewLearnerAsync();
        using var awarder = await host.SignInAsDemoAsync("awarder");
        var form = AwardKit.AwardForm(learner.Subject).Where(f => f.Key != "EvidenceUrl").Append(new("EvidenceUrl", url));
        var response = await awarder.PostFormAsync($"/manage/achievements/{achievementId}/award", form);

        Assert.Equal((HttpStatusCode)422, response.StatusCode);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync(Ct));
        Assert.Contains("aria-describedby=\"EvidenceUrl-error\"", html);
        Assert.Contains("moet een webadres zijn (http of https) van hoogstens 2.000 tekens, zonder spaties of tekens zoals", html);
        Assert.False(await host.DbAsync(db => db.Awards.AnyAsync(a => a.AchievementId == achievementId, Ct)));
    }

    [Fact]
    public async Task An_international_evidence_iri_that_the_rule_accepts_is_signed_and_verifies()
    {
        var achievementId = await host.NewAchievementAsync();
        var learner = await host.NewLearnerAsync();
        using var awarder = await host.SignInAsDemoAsync("awarder");
        const string url = "https://例え.jp/パス/ü?q=%C3%A9&x=(1)#deel";
        var form = AwardKit.AwardForm(learner.Subject).Where(f => f.Key != "EvidenceUrl").Append(new("EvidenceUrl", url));
        var response = await awarder.PostFormAsync($"/manage/achievements/{achievementId}/award", form);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var award = await host.DbAsync(db => db.Awards.AsNoTracking().SingleAsync(a => a.AchievementId == achievementId, Ct));
        Assert.Equal(url, Assert.Single(award.Evidence).Url);
        Assert.Equal(Laurel.Credentials.Verification.Verdict.Valid, (await host.VerifyAsync(award.CredentialJson)).Verdict);
    }

    [Fact]
    public async Task An_issuer_address_stored_before_the_url_rule_does_not_stop_its_awards_and_is_left_out()
    {
        var achievementId = await host.NewAchievementAsync();
        var issuerId = await host.DbAsync(db => db.Achievements.Where(a => a.Id == achievementId).Select(a => a.IssuerId).SingleAsync(Ct));
        var original = await host.DbAsync(db => db.Issuers.Where(i => i.Id == issuerId).Select(i => i.Url).SingleAsync(Ct));
        const string stored = "https://uu.example/\"old\"<page>";
        await host.DbAsync(db => db.Issuers.Where(i => i.Id == issuerId).ExecuteUpdateAsync(s => s.SetProperty(i => i.Url, stored), Ct));
        try
        {
            var learner = await host.NewLearnerAsync();
            using var api = await host.ApiClientAsync();
            var response = await api.PostCompletionAsync(ResultsTestKit.Completion(achievementId, learner.Email), path: "/api/v1/completions?culture=en");
            Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(Ct)}");
            var award = await host.DbAsync(db => db.Awards.AsNoTracking().SingleAsync(a => a.AchievementId == achievementId, Ct));
            Assert.DoesNotContain("old", award.CredentialJson!);
            Assert.Equal(Laurel.Credentials.Verification.Verdict.Valid, (await host.VerifyAsync(award.CredentialJson!)).Verdict);
        }
        finally
        {
            await host.DbAsync(db => db.Issuers.Where(i => i.Id == issuerId).ExecuteUpdateAsync(s => s.SetProperty(i => i.Url, original), Ct));
        }
    }

    [Theory]
    [MemberData(nameof(BadUrls))]
    public async Task Results_api_refuses_the_evidence_url_naming_the_field(string url)
    {
        var achievementId = await host.NewAchievementAsync();
        var learner = await host.NewLearnerAsync();
        using var api = await host.ApiClientAsync();
        var body = ResultsTestKit.Completion(achievementId, learner.Email);
        body["evidence"]![0]!["url"] = url;
        var response = await api.PostCompletionAsync(body, path: "/api/v1/completions?culture=en");

        // A readable field the award rules refuse: 422 like every policy problem of this API, with the field's path.
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var errors = (await response.JsonAsync())["errors"]!.AsObject();
        Assert.Equal(["evidence[0].url"], errors.Select(e => e.Key));
        Assert.Contains("without spaces or characters such as", (string)errors["evidence[0].url"]![0]!);
        Assert.False(await host.DbAsync(db => db.Awards.AnyAsync(a => a.AchievementId == achievementId, Ct)));
    }

    [Theory]
    [MemberData(nameof(BadUrls))]
    public async Task Vc_api_issue_refuses_the_evidence_id_naming_the_field(string url)
    {
        var achievementId = await host.NewAchievementAsync();
        using var api = await host.ApiClientAsync();
        var body = CredentialsApiTests.IssueBody(achievementId, (await host.NewLearnerAsync()).Email);
        body["credential"]!["evidence"]![0]!["id"] = url;
        var response = await api.PostAsJsonAsync("/credentials/issue?culture=en", body, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!["errors"]!.AsObject();
        Assert.Equal(["credential.evidence[0].id"], errors.Select(e => e.Key));
        Assert.False(await host.DbAsync(db => db.Awards.AnyAsync(a => a.AchievementId == achievementId, Ct)));
    }

    [Theory]
    [MemberData(nameof(BadUrls))]
    public async Task A_learner_request_with_the_url_is_refused_when_it_is_made(string url)
    {
        var achievementId = await host.NewAchievementAsync();
        using var learner = await host.SignInAsDemoAsync("learner");
        var response = await learner.PostFormAsync($"/catalog/{achievementId}/request", [new("motivation", "Passed."), new("evidenceUrl", url)]);

        Assert.Equal((HttpStatusCode)422, response.StatusCode);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync(Ct));
        Assert.Contains("aria-describedby=\"EvidenceUrl-hint EvidenceUrl-error\"", html);
        Assert.Contains("zonder spaties of tekens zoals", html);
        Assert.False(await host.DbAsync(db => db.BadgeRequests.AnyAsync(r => r.AchievementId == achievementId, Ct)));
    }

    [Fact]
    public async Task A_stored_request_with_a_bad_url_is_refused_alone_in_a_bulk_approval()
    {
        var achievementId = await host.NewAchievementAsync(gradeRequired: false);
        var (first, bad, last) = (await host.NewLearnerAsync(), await host.NewLearnerAsync(), await host.NewLearnerAsync());
        var ok1 = await host.StoredRequestAsync(achievementId, first.Id);
        var failing = await host.StoredRequestAsync(achievementId, bad.Id);
        var ok2 = await host.StoredRequestAsync(achievementId, last.Id);
        // Made before the rule existed: the address is in the database already.
        await host.DbAsync(db => db.BadgeRequests.Where(r => r.Id == failing)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.EvidenceUrl, "https://portfolio.example/\"quoted\"<b>"), Ct));

        using var awarder = await host.SignInAsDemoAsync("awarder");
        var response = await awarder.ApproveAsync([ok1, failing, ok2]);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync(Ct));
        Assert.Contains("2 van 3 goedgekeurd", page);
        Assert.Contains($"data-request=\"{failing}\" data-outcome=\"refused\"", page);
        Assert.Contains("Het adres van bewijsstuk 1 moet een webadres zijn", page);

        Assert.Equal(BadgeRequestState.Approved, (await host.RequestAsync(ok1)).State);
        Assert.Equal(BadgeRequestState.Approved, (await host.RequestAsync(ok2)).State);
        var open = await host.RequestAsync(failing);
        Assert.Equal(BadgeRequestState.Open, open.State);
        Assert.Contains("bewijsstuk 1", open.LastApprovalProblem);
        Assert.Equal(2, await host.DbAsync(db => db.Awards.CountAsync(a => a.AchievementId == achievementId, Ct)));
    }

    [Fact]
    public async Task An_award_whose_credential_cannot_be_signed_is_refused_with_a_reason_and_nothing_is_stored()
    {
        // The award rules keep such data out of every form and API; here it reaches the signing step directly (as data stored
        // before a rule existed would), so the refusal at signing time is what decides.
        var achievementId = await host.NewAchievementAsync(gradeRequired: false);
        var learner = await host.NewLearnerAsync();
        await using var scope = host.Services.CreateAsyncScope();
        var awards = scope.ServiceProvider.GetRequiredService<AwardService>();
        var achievement = (await scope.ServiceProvider.GetRequiredService<AwardPolicy>().FindAchievementAsync(achievementId, Ct))!;
        var request = new AwardRequest
        {
            AchievementId = achievementId, RecipientIdentity = learner.Email, RecipientIdentityType = RecipientTypes.EmailAddress,
            CompletedOn = new DateOnly(2025, 6, 20), Evidence = [new AwardEvidence { Url = "https://uu.example/<script>", Name = "Exam" }],
        };
        var ui = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("en");
        try
        {
            var outcome = await awards.StoreAsync(Awarder.Of(new ClaimsPrincipal(new ClaimsIdentity())), request, achievement, null, null, Ct);
            Assert.NotNull(outcome);
            Assert.False(outcome.Succeeded);
            Assert.StartsWith("The badge could not be signed with these details", Assert.Single(outcome.Errors[AwardService.CredentialKey]));
        }
        finally
        {
            CultureInfo.CurrentUICulture = ui;
        }
        Assert.False(await host.DbAsync(db => db.Awards.AnyAsync(a => a.AchievementId == achievementId, Ct)));
        Assert.False(await host.DbAsync(db => db.AuditEntries.AnyAsync(e => e.Action == "award.issued" && e.Details!.Contains(achievementId.ToString()), Ct)));
    }
}

public sealed class EvidenceUrlTestsOnSqlite(SqliteHost host) : EvidenceUrlTests(host), IClassFixture<SqliteHost>;

public sealed class EvidenceUrlTestsOnPostgres(PostgresHost host) : EvidenceUrlTests(host), IClassFixture<PostgresHost>;
