using System.Net;
using System.Text.Json.Nodes;
using Laurel.Credentials.Verification;
using Laurel.Features.Awards;
using Laurel.Features.Notifications;
using Laurel.Features.Publishing.Status;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Tests.Awards;

/// <summary>Award → signed, stored credential that verifies; revoke, suspend and reinstate through the staff pages.</summary>
public abstract class AwardFlowTests(LaurelHost host)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Awarded_credential_verifies_validates_and_carries_the_micro_credential_details()
    {
        var achievementId = await host.NewAchievementAsync();
        var learner = await host.NewLearnerAsync();
        using var awarder = await host.SignInAsDemoAsync("awarder");

        var awardId = await awarder.AwardThroughPageAsync(achievementId, learner.Email);
        var award = await host.AwardAsync(awardId);

        var report = await host.VerifyAsync(award.CredentialJson);
        Assert.True(report.Verdict == Verdict.Valid, string.Join("; ", report.Checks.Select(c => $"{c.Id}:{c.Outcome}:{c.Detail}")));
        var credential = JsonNode.Parse(award.CredentialJson)!.AsObject();
        var problems = CredentialSchemas.Problems(credential);
        Assert.True(problems.Count == 0, string.Join("; ", problems));
        Assert.Equal($"urn:uuid:{awardId}", (string?)credential["id"]);
        Assert.Equal(award.SigningKeyId, (string?)credential["proof"]![0]!["verificationMethod"]);
        Assert.StartsWith((string?)credential["issuer"]!["id"] + "#", award.SigningKeyId);
        Assert.Null(credential["validUntil"]);
        var achievement = credential["credentialSubject"]!["achievement"]!;
        Assert.Equal("MicroCredential", (string?)achievement["achievementType"]);
        Assert.Equal(5.0, (double)achievement["creditsAvailable"]!);
        Assert.Contains(achievement["alignment"]!.AsArray(), a => (string?)a!["targetUrl"] == "http://data.europa.eu/snb/eqf/6");
        Assert.Equal("8", (string?)credential["credentialSubject"]!["result"]![0]!["value"]);
        Assert.Equal("Portfolio", (string?)credential["evidence"]![0]!["name"]);

        // The definition is frozen, the award audited and the learner's e-mail queued in their language (Dutch by default).
        Assert.NotNull((await host.DbAsync(db => db.Achievements.SingleAsync(a => a.Id == achievementId, Ct))).FrozenAt);
        Assert.True(await host.DbAsync(db => db.AuditEntries.AnyAsync(e => e.EntityId == awardId && e.Action == "award.issued", Ct)));
        var mail = await host.DbAsync(db => db.OutboxMessages.SingleAsync(m => m.RelatedEntityId == awardId, Ct));
        Assert.Equal(NotificationKind.AwardIssued, mail.Kind);
        Assert.Equal(learner.Email, mail.RecipientAddress);
        Assert.Equal("nl", mail.Language);
        Assert.Contains("toegekend", mail.TextBody);
        Assert.Null(mail.SentAt);

        // Staff see the summary and can download the credential exactly as signed.
        var page = await awarder.GetStringAsync($"/manage/awards/{awardId}?culture=en", Ct);
        Assert.Contains("Valid", page);
        Assert.Contains(award.SigningKeyId, page);
        Assert.Equal(award.CredentialJson, await awarder.GetStringAsync($"/manage/awards/{awardId}/credential.json", Ct));
    }

    [Fact]
    public async Task Awarding_by_eduID_subject_hashes_that_identifier()
    {
        var achievementId = await host.NewAchievementAsync(gradeRequired: false);
        var learner = await host.NewLearnerAsync(language: "en");
        using var awarder = await host.SignInAsDemoAsync("issuer-admin");
        var awardId = await awarder.AwardThroughPageAsync(achievementId, learner.Subject, grade: "");
        var award = await host.AwardAsync(awardId);
        Assert.Equal(RecipientTypes.Identifier, award.RecipientIdentityType);
        var report = await host.VerifyAsync(award.CredentialJson,
            new VerificationRequest { RecipientIdentity = learner.Subject, RecipientIdentityType = "identifier" });
        Assert.Equal(CheckOutcome.Passed, report.Check(CheckIds.Recipient)!.Outcome);
        Assert.Equal("en", (await host.DbAsync(db => db.OutboxMessages.SingleAsync(m => m.RelatedEntityId == awardId, Ct))).Language);
    }

    [Fact]
    public async Task Revoked_credential_fails_the_status_check_and_staff_see_the_reason()
    {
        var (awardId, staff) = await AwardedAsync();
        var response = await staff.PostFormAsync($"/manage/awards/{awardId}", [new("reason", "Fraud in the final assessment")], "Revoke");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);

        var award = await host.AwardAsync(awardId);
        Assert.Equal(AwardState.Revoked, award.State);
        var report = await host.VerifyAsync(award.CredentialJson);
        Assert.Equal(Verdict.Invalid, report.Verdict);
        Assert.Equal(CheckOutcome.Failed, report.Check(CheckIds.Status)!.Outcome);
        Assert.Equal("status.revoked", report.Check(CheckIds.Status)!.Code);
        Assert.Equal(CheckOutcome.Passed, report.Check(CheckIds.Proof)!.Outcome);

        var page = await staff.GetStringAsync($"/manage/awards/{awardId}?culture=en", Ct);
        Assert.Contains("Revoked", page);
        Assert.Contains("Fraud in the final assessment", page);
        Assert.DoesNotContain("handler=Suspend", page);
        Assert.True(await host.DbAsync(db => db.AuditEntries.AnyAsync(e => e.EntityId == awardId && e.Action == "award.revoked", Ct)));
        var mail = await host.DbAsync(db => db.OutboxMessages.SingleAsync(m => m.RelatedEntityId == awardId && m.Kind == NotificationKind.AwardRevoked, Ct));
        Assert.Contains("Fraud in the final assessment", mail.TextBody);

        // Final: a second revocation or a reinstatement is refused with the reason shown.
        var again = await staff.PostFormAsync($"/manage/awards/{awardId}", [], "Reinstate");
        Assert.Equal((HttpStatusCode)422, again.StatusCode);
        Assert.Contains("revocation is final", await (await staff.PostFormAsync($"/manage/awards/{awardId}?culture=en", [], "Reinstate")).Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task Suspension_sets_the_suspension_bit_until_reinstated()
    {
        var (awardId, staff) = await AwardedAsync();
        var empty = await staff.PostFormAsync($"/manage/awards/{awardId}?culture=en", [new("reason", "  ")], "Suspend");
        Assert.Equal((HttpStatusCode)422, empty.StatusCode);
        Assert.Contains("Give the reason", await empty.Content.ReadAsStringAsync(Ct));

        var suspend = await staff.PostFormAsync($"/manage/awards/{awardId}", [new("reason", "Under investigation")], "Suspend");
        Assert.Equal(HttpStatusCode.Redirect, suspend.StatusCode);
        var award = await host.AwardAsync(awardId);
        Assert.Equal(AwardState.Suspended, award.State);
        Assert.Equal("Under investigation", award.SuspensionReason);
        Assert.True(await BitAsync(award.SuspensionListId, award.StatusIndex));
        Assert.False(await BitAsync(award.RevocationListId, award.StatusIndex));
        Assert.Contains("Under investigation", await staff.GetStringAsync($"/manage/awards/{awardId}", Ct));

        var reinstate = await staff.PostFormAsync($"/manage/awards/{awardId}", [], "Reinstate");
        Assert.Equal(HttpStatusCode.Redirect, reinstate.StatusCode);
        award = await host.AwardAsync(awardId);
        Assert.Equal(AwardState.Issued, award.State);
        Assert.False(await BitAsync(award.SuspensionListId, award.StatusIndex));
        Assert.Equal(Verdict.Valid, (await host.VerifyAsync(award.CredentialJson)).Verdict);
        var kinds = await host.DbAsync(db => db.OutboxMessages.Where(m => m.RelatedEntityId == awardId).Select(m => m.Kind).ToListAsync(Ct));
        Assert.Equal([NotificationKind.AwardIssued, NotificationKind.AwardSuspended, NotificationKind.AwardReinstated], kinds.Order());
    }

    [Fact]
    public async Task Tampered_credential_fails_the_proof_check()
    {
        var (awardId, _) = await AwardedAsync();
        var credential = JsonNode.Parse((await host.AwardAsync(awardId)).CredentialJson)!.AsObject();
        credential["credentialSubject"]!["result"]![0]!["value"] = "10";
        var report = await host.VerifyAsync(credential.ToJsonString());
        Assert.Equal(Verdict.Invalid, report.Verdict);
        Assert.Equal(CheckOutcome.Failed, report.Check(CheckIds.Proof)!.Outcome);
    }

    [Fact]
    public async Task Every_problem_is_reported_at_once_in_Dutch()
    {
        var achievementId = await host.NewAchievementAsync(gradeRequired: true);
        using var awarder = await host.SignInAsDemoAsync("awarder");
        var tomorrow = DateTime.UtcNow.AddDays(2).ToString("yyyy-MM-dd");
        var response = await awarder.PostFormAsync($"/manage/achievements/{achievementId}/award",
        [
            new("Learner", "eduid-nobody-" + Guid.NewGuid().ToString("N")[..6]), new("CompletedOn", tomorrow), new("Grade", ""),
            new("EvidenceUrl", "ftp://files.example/x"), new("EvidenceName", ""),
        ]);
        Assert.Equal((HttpStatusCode)422, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync(Ct);
        Assert.Contains("Er is geen lerende met dit eduID-kenmerk bij Laurel ingelogd", html);
        Assert.Contains("kan niet in de toekomst liggen", html);
        Assert.Contains("Vul het cijfer in", html);
        Assert.Contains("moet een webadres zijn", html);
        Assert.Contains("href=\"#Learner\"", html);
        Assert.Contains("aria-describedby=\"Learner-hint Learner-error\"", html);
        Assert.Contains("value=\"ftp://files.example/x\"", html);
        Assert.False(await host.DbAsync(db => db.Awards.AnyAsync(a => a.AchievementId == achievementId, Ct)));
    }

    [Fact]
    public async Task Micro_credentials_refuse_completions_before_the_start_date_and_duplicates()
    {
        var achievementId = await host.NewAchievementAsync();
        var learner = await host.NewLearnerAsync();
        using var awarder = await host.SignInAsDemoAsync("awarder");
        var early = await awarder.PostFormAsync($"/manage/achievements/{achievementId}/award?culture=en", AwardKit.AwardForm(learner.Email, "2022-12-31"));
        Assert.Equal((HttpStatusCode)422, early.StatusCode);
        Assert.Contains("on or after", await early.Content.ReadAsStringAsync(Ct));

        await awarder.AwardThroughPageAsync(achievementId, learner.Email);
        var twice = await awarder.PostFormAsync($"/manage/achievements/{achievementId}/award?culture=en", AwardKit.AwardForm(learner.Subject));
        Assert.Equal((HttpStatusCode)422, twice.StatusCode);
        Assert.Contains("already has this version", await twice.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task Drafts_cannot_be_awarded()
    {
        var draftId = await host.NewAchievementAsync(status: Laurel.Features.Achievements.AchievementStatus.Draft);
        var learner = await host.NewLearnerAsync();
        using var awarder = await host.SignInAsDemoAsync("issuer-admin");
        var response = await awarder.PostFormAsync($"/manage/achievements/{draftId}/award?culture=en", AwardKit.AwardForm(learner.Email));
        Assert.Equal((HttpStatusCode)422, response.StatusCode);
        Assert.Contains("not published yet", await response.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task Awards_list_counts_each_state()
    {
        var achievementId = await host.NewAchievementAsync();
        using var staff = await host.SignInAsDemoAsync("awarder");
        var first = await staff.AwardThroughPageAsync(achievementId, (await host.NewLearnerAsync()).Email);
        await staff.AwardThroughPageAsync(achievementId, (await host.NewLearnerAsync()).Email);
        await staff.PostFormAsync($"/manage/awards/{first}", [new("reason", "Mistake")], "Revoke");
        var page = await staff.GetStringAsync($"/manage/achievements/{achievementId}/awards?culture=en", Ct);
        Assert.Contains("2 in total", page);
        Assert.Contains("1 valid", page);
        Assert.Contains("1 revoked", page);
        Assert.Contains("0 suspended", page);
    }

    private async Task<(Guid AwardId, HttpClient Staff)> AwardedAsync()
    {
        var achievementId = await host.NewAchievementAsync();
        var learner = await host.NewLearnerAsync();
        var staff = await host.SignInAsDemoAsync("issuer-admin");
        return (await staff.AwardThroughPageAsync(achievementId, learner.Email), staff);
    }

    private Task<bool> BitAsync(Guid listId, int index) => host.DbAsync(async db =>
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<StatusListService>().GetAsync(listId, index, Ct) ?? false;
    });
}

public sealed class AwardFlowTestsOnSqlite(SqliteHost host) : AwardFlowTests(host), IClassFixture<SqliteHost>;

public sealed class AwardFlowTestsOnPostgres(PostgresHost host) : AwardFlowTests(host), IClassFixture<PostgresHost>;
