using System.Net;
using System.Security.Claims;
using System.Text;
using Laurel.Features.Awards;
using Laurel.Features.Awards.Bulk;
using Laurel.Features.Awards.Issuing;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Tests.Bulk;

/// <summary>
/// Issue 12, finding 5, for bulk award: a bad row is refused as a row (the others go on), and an upload interrupted part-way
/// (an error, or a node that stopped) can be resumed from its result page without a second award or e-mail for anyone.
/// </summary>
public abstract class BulkResumeTests(LaurelHost host)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_1200_row_file_with_a_bad_evidence_url_in_row_1101_awards_the_other_1199_and_refuses_that_row()
    {
        var achievementId = await host.NewAchievementAsync(gradeRequired: false);
        var tag = Guid.NewGuid().ToString("N")[..8];
        var csv = new StringBuilder("email,evidence url,completion date\n");
        for (var row = 1; row <= 1200; row++)
            csv.Append($"u{row}-{tag}@example.org,").Append(row == 1101 ? "\"https://lms.example/r?a=\"\"x\"\"<b>\"" : $"https://lms.example/r/{row}").Append(",1-6-2025\n");
        using var awarder = await host.SignInAsDemoAsync("awarder");
        var preview = await awarder.UploadOkAsync(achievementId, csv.ToString());
        var html = WebUtility.HtmlDecode(await awarder.GetStringAsync(preview + "?show=problems", Ct));
        Assert.Contains("1200 rijen: 1199 kunnen worden toegekend, 1 hebben problemen.", html);
        Assert.Contains("Bewijs URL: Het adres van bewijsstuk 1 moet een webadres zijn", BulkTestKit.Text(html, 1102));

        var result = await awarder.ConfirmAsync(preview);
        Assert.EndsWith("/result", result);
        Assert.Equal(1199, await host.DbAsync(db => db.Awards.CountAsync(a => a.AchievementId == achievementId, Ct)));
        Assert.Equal(1199, await MailsAsync(achievementId));
        var page = WebUtility.HtmlDecode(await awarder.GetStringAsync(result + "?p=3", Ct));
        Assert.Contains("1200 rijen: 1199 toegekend, 1 geweigerd.", page);
        Assert.Contains("Geweigerd", BulkTestKit.Line(page, 1102));
        var report = BulkTestKit.ReportRows(await awarder.GetStringAsync(result.Replace("/result", "/report.csv"), Ct), ',');
        Assert.Equal("Geweigerd", report[1102][3]);
        Assert.Contains("Bewijs URL: Het adres van bewijsstuk 1", report[1102][6]);
        Assert.Equal(1199, report.Values.Count(r => r[3] == "Toegekend"));
    }

    [Fact]
    public async Task A_row_whose_credential_cannot_be_signed_is_refused_alone_and_the_other_rows_are_stored()
    {
        // Every input path refuses what the signer cannot sign, so the row reaches the writer directly here (as a row checked
        // under older rules would): the signer itself refuses it, and only that row.
        var achievementId = await host.NewAchievementAsync(gradeRequired: false);
        var tag = Guid.NewGuid().ToString("N")[..8];
        await using var scope = host.Services.CreateAsyncScope();
        var achievement = (await scope.ServiceProvider.GetRequiredService<AwardPolicy>().FindAchievementAsync(achievementId, Ct))!;
        var (uploadId, leaseId) = await host.LeasedUploadAsync(achievement, 3);
        BulkRowCheck Row(int line, string evidenceUrl)
        {
            var row = new BulkRow { Line = line, Email = $"s{line}-{tag}@example.org", EvidenceUrl = evidenceUrl, CompletedOn = "2025-06-01" };
            var request = new AwardRequest
            {
                AchievementId = achievementId, RecipientIdentity = row.Email, RecipientIdentityType = RecipientTypes.EmailAddress,
                CompletedOn = new DateOnly(2025, 6, 1), Evidence = [new AwardEvidence { Url = evidenceUrl }], Client = "bulk",
            };
            return new BulkRowCheck(row, [], request, new PolicyVerdict([], achievement, null), BulkColumn.Email);
        }

        var written = await scope.ServiceProvider.GetRequiredService<BulkAwardWriter>().WriteAsync(new ClaimsPrincipal(new ClaimsIdentity()), achievement,
            [Row(2, "https://lms.example/1"), Row(3, "https://lms.example/\"2\""), Row(4, "https://lms.example/3")], uploadId, leaseId, Ct);

        Assert.Equal([false, true, false], written.Unsigned);
        Assert.Equal([true, false, true], written.Stored.Select(a => a is not null));
        var stored = await host.DbAsync(db => db.Awards.AsNoTracking().Where(a => a.AchievementId == achievementId).ToListAsync(Ct));
        Assert.Equal([$"s2-{tag}@example.org", $"s4-{tag}@example.org"], stored.Select(a => a.RecipientIdentity).Order());
        foreach (var award in stored) Assert.Equal(Laurel.Credentials.Verification.Verdict.Valid, (await host.VerifyAsync(award.CredentialJson)).Verdict);
        Assert.Equal([2, 4], await host.DbAsync(db => db.Set<BulkUploadAward>().Where(x => x.BulkUploadId == uploadId).Select(x => x.Line).OrderBy(x => x).ToListAsync(Ct)));
    }

    [Fact]
    public async Task An_upload_interrupted_after_its_first_batch_offers_resume_which_awards_only_the_rest_and_reports_before_now_and_refused()
    {
        var achievementId = await host.NewAchievementAsync(gradeRequired: false);
        var tag = Guid.NewGuid().ToString("N")[..8];
        string Email(int row) => $"i{row}-{tag}@example.org";
        var csv = new StringBuilder("email,completion date\n");
        for (var row = 1; row <= 1200; row++) csv.Append(row == 50 ? "geen-adres" : Email(row)).Append(",1-6-2025\n");
        using var awarder = await host.SignInAsDemoAsync("awarder");
        var preview = await awarder.UploadOkAsync(achievementId, csv.ToString());
        var uploadId = Guid.Parse(preview[(preview.LastIndexOf('/') + 1)..]);

        // The database refuses the award of row 1,101, in the second batch of 1,000: the first batch is stored, then it stops.
        await InjectFaultAsync(Email(1101));
        var result = await awarder.ConfirmAsync(preview);
        Assert.EndsWith("/result", result);
        var page = WebUtility.HtmlDecode(await awarder.GetStringAsync(result, Ct));
        Assert.Contains("Het toekennen is onderbroken", page);
        Assert.Contains("1000 van de 1200 rijen zijn vóór de onderbreking toegekend", page);
        Assert.Contains("Toekennen hervatten", page);
        Assert.Equal(1000, await host.DbAsync(db => db.Awards.CountAsync(a => a.AchievementId == achievementId, Ct)));
        Assert.Equal(1000, await MailsAsync(achievementId));
        Assert.Equal(HttpStatusCode.Conflict, (await awarder.GetAsync(result.Replace("/result", "/report.csv"), Ct)).StatusCode);

        // A node killed between batches leaves it "Confirming" under a lease nobody renews; once that runs out it is interrupted too.
        await host.DbAsync(db => db.BulkUploads.Where(u => u.Id == uploadId).ExecuteUpdateAsync(s => s
            .SetProperty(u => u.Status, BulkUploadStatus.Confirming).SetProperty(u => u.LeaseId, Guid.NewGuid())
            .SetProperty(u => u.LeasedUntil, DateTime.UtcNow.AddMinutes(-1)), Ct));
        var stale = await awarder.GetAsync(preview, Ct);
        Assert.Equal(HttpStatusCode.Redirect, stale.StatusCode);
        Assert.Equal(result, stale.Headers.Location!.ToString());
        Assert.Contains("Toekennen hervatten", await awarder.GetStringAsync(result, Ct));

        await RemoveFaultAsync();
        var resumed = await awarder.PostFormAsync(result, [], handler: "Resume");
        Assert.Equal(HttpStatusCode.Redirect, resumed.StatusCode);
        Assert.Equal(result, resumed.Headers.Location!.ToString());

        var awards = await host.DbAsync(db => db.Awards.AsNoTracking().Where(a => a.AchievementId == achievementId)
            .Select(a => a.RecipientIdentity).ToListAsync(Ct));
        Assert.Equal(1199, awards.Count);
        Assert.Equal(Enumerable.Range(1, 1200).Where(r => r != 50).Select(Email).Order(), awards.Order());
        Assert.Equal(1199, await MailsAsync(achievementId)); // one e-mail per learner, none twice
        var done = WebUtility.HtmlDecode(await awarder.GetStringAsync(result, Ct));
        Assert.Contains("1200 rijen: 1199 toegekend, 1 geweigerd.", done);
        Assert.Contains("Daarvan zijn er 1000 toegekend vóór de onderbreking en 199 na het hervatten.", done);
        Assert.Contains("Toegekend vóór de onderbreking", BulkTestKit.Line(done, 2));
        Assert.Contains("Geweigerd", BulkTestKit.Line(done, 51));

        var report = BulkTestKit.ReportRows(await awarder.GetStringAsync(result.Replace("/result", "/report.csv"), Ct), ',');
        Assert.Equal(1200, report.Count);
        Assert.Equal("Toegekend vóór de onderbreking", report[2][3]);
        Assert.Equal("Toegekend vóór de onderbreking", report[1001][3]);
        Assert.Equal("Toegekend", report[1102][3]);
        Assert.Equal("Geweigerd", report[51][3]);
        Assert.Equal((1000, 199, 1), (report.Values.Count(r => r[3] == "Toegekend vóór de onderbreking"), report.Values.Count(r => r[3] == "Toegekend"),
            report.Values.Count(r => r[3] == "Geweigerd")));

        // Resuming a finished upload does nothing.
        var token = LaurelHost.AntiforgeryToken(await awarder.GetStringAsync("/account", Ct));
        var again = await awarder.PostAsync(result + "?handler=Resume", new FormUrlEncodedContent([new("__RequestVerificationToken", token)]), Ct);
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        Assert.Equal(1199, await host.DbAsync(db => db.Awards.CountAsync(a => a.AchievementId == achievementId, Ct)));
    }

    private Task<int> MailsAsync(Guid achievementId) => host.DbAsync(db =>
        db.OutboxMessages.CountAsync(m => db.Awards.Any(a => a.AchievementId == achievementId && (Guid?)a.Id == m.RelatedEntityId), Ct));

    // A fault the database raises for one learner's award: real storing code fails exactly there, as a full disk or a lost
    // connection would, without a test hook in the application.
    private Task InjectFaultAsync(string identity)
    {
        var postgres = $"""
            CREATE FUNCTION s12e_fault() RETURNS trigger AS $$ BEGIN
              IF NEW."RecipientIdentity" = '{identity}' THEN RAISE EXCEPTION 'injected fault'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql;
            CREATE TRIGGER s12e_fault BEFORE INSERT ON "Awards" FOR EACH ROW EXECUTE FUNCTION s12e_fault();
            """;
        var sqlite = $"""
            CREATE TRIGGER s12e_fault BEFORE INSERT ON "Awards" WHEN NEW."RecipientIdentity" = '{identity}'
            BEGIN SELECT RAISE(ABORT, 'injected fault'); END;
            """;
        return host.DbAsync(db => db.Database.ExecuteSqlRawAsync(db.Database.IsNpgsql() ? postgres : sqlite, Ct));
    }

    private Task RemoveFaultAsync() => host.DbAsync(db => db.Database.IsNpgsql()
        ? db.Database.ExecuteSqlRawAsync("DROP TRIGGER s12e_fault ON \"Awards\"; DROP FUNCTION s12e_fault();", Ct)
        : db.Database.ExecuteSqlRawAsync("DROP TRIGGER s12e_fault;", Ct));
}

public sealed class BulkResumeTestsOnSqlite(SqliteHost host) : BulkResumeTests(host), IClassFixture<SqliteHost>;

public sealed class BulkResumeTestsOnPostgres(PostgresHost host) : BulkResumeTests(host), IClassFixture<PostgresHost>;
