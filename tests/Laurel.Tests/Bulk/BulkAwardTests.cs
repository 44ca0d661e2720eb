using System.Net;
using System.Text;
using Laurel.Features.Awards;
using Laurel.Features.Awards.Bulk;
using Laurel.Features.Notifications;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Tests.Bulk;

/// <summary>The bulk award flow on the real app: upload → preview with every row's problems → confirm → result and report.</summary>
public abstract class BulkAwardTests(LaurelHost host)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Mixed_file_previews_every_bad_row_by_line_and_column_and_awards_exactly_the_good_rows()
    {
        var achievementId = await host.NewAchievementAsync(gradeRequired: true);
        var known = await host.NewLearnerAsync();
        var fresh = $"new-{Guid.NewGuid():N}@example.org";
        var csv = "e-mail;voornaam;achternaam;cijfer;bewijs url;toelichting;datum afronding\r\n" +
            $"{fresh};Noor;Jansen;8;https://uu.example/p/1;\"Goed; helder\";15-06-2025\r\n" +   // 2 good (claim)
            $"x-{Guid.NewGuid():N}@example.org;Piet;Bos;7;;;31-13-2025\r\n" +                     // 3 unreadable date
            $"y-{Guid.NewGuid():N}@example.org;Ali;Kaya;;;;2025-06-15\r\n" +                      // 4 grade missing
            $"{known.Email};Lea;Known;9;;;2025-06-16\r\n" +                                     // 5 good (known learner)
            "geen-adres;Bo;Vos;6;;;1-6-2025\r\n" +                                               // 6 not an e-mail address
            $"{fresh.ToUpperInvariant()};Noor;Jansen;8;;;15-6-2025\r\n" +                        // 7 same learner as line 2
            $"z-{Guid.NewGuid():N}@example.org;Eva;Dam;8;ftp://x;;1-1-2099\r\n";                  // 8 future date, bad evidence URL
        using var awarder = await host.SignInAsDemoAsync("awarder");
        var preview = await awarder.UploadOkAsync(achievementId, csv);
        var html = await awarder.GetStringAsync(preview, Ct);

        Assert.Contains("7 rijen: 2 kunnen worden toegekend, 5 hebben problemen.", WebUtility.HtmlDecode(html));
        Assert.Contains("Klaar om toe te kennen", BulkTestKit.Line(html, 2));
        Assert.Contains("Klaar om toe te kennen", BulkTestKit.Line(html, 5));
        Assert.Contains("Datum afronding: \"31-13-2025\" is geen datum", BulkTestKit.Text(html, 3));
        Assert.Contains("Cijfer:", BulkTestKit.Text(html, 4));
        Assert.Contains("E-mailadres:", BulkTestKit.Text(html, 6));
        Assert.Contains("E-mailadres:", BulkTestKit.Text(html, 7));
        Assert.Contains("Datum afronding:", BulkTestKit.Text(html, 8));
        Assert.Contains("Bewijs URL:", BulkTestKit.Text(html, 8));
        Assert.Contains("Nu toekennen aan 2 lerenden", html);
        Assert.Equal(0, await host.DbAsync(db => db.Awards.CountAsync(a => a.AchievementId == achievementId, Ct))); // nothing before confirming

        var result = await awarder.ConfirmAsync(preview);
        Assert.EndsWith("/result", result);
        var awards = await host.DbAsync(db => db.Awards.AsNoTracking().Where(a => a.AchievementId == achievementId).ToListAsync(Ct));
        Assert.Equal([fresh, known.Email], awards.OrderBy(a => a.RecipientIdentity == known.Email).Select(a => a.RecipientIdentity));
        Assert.Equal(AwardState.AwaitingClaim, awards.Single(a => a.RecipientIdentity == fresh).State);
        Assert.Equal(AwardState.Issued, awards.Single(a => a.RecipientIdentity == known.Email).State);
        Assert.Equal("Noor Jansen", awards.Single(a => a.RecipientIdentity == fresh).RecipientName);
        Assert.Equal("Goed; helder", awards.Single(a => a.RecipientIdentity == fresh).Narrative);
        Assert.Equal("https://uu.example/p/1", Assert.Single(awards.Single(a => a.RecipientIdentity == fresh).Evidence).Url);
        Assert.Empty(awards.Single(a => a.RecipientIdentity == known.Email).Evidence);
        var issuedAudit = await host.DbAsync(db => db.AuditEntries.Where(e => e.Action == "award.issued" && awards.Select(a => a.Id).Contains(e.EntityId))
            .Select(e => new { e.EntityId, e.ActorName, e.Client, e.At }).ToListAsync(Ct));
        Assert.Equal(awards.Select(a => a.Id).Order(), issuedAudit.Select(e => e.EntityId).Order());
        Assert.All(issuedAudit, e => Assert.Equal(("bulk", DateTimeKind.Utc), (e.Client, e.At.Kind)));
        foreach (var award in awards)
        {
            var report = await host.VerifyAsync(award.CredentialJson);
            Assert.True(report.Verdict == Laurel.Credentials.Verification.Verdict.Valid,
                string.Join("; ", report.Checks.Where(c => c.Outcome != Laurel.Credentials.Verification.CheckOutcome.Passed).Select(c => c.Detail)));
        }
        var mails = await host.DbAsync(db => db.OutboxMessages.Where(m => awards.Select(a => (Guid?)a.Id).Contains(m.RelatedEntityId)).Select(m => m.Kind).ToListAsync(Ct));
        Assert.Equal([NotificationKind.AwardIssued, NotificationKind.AwardAwaitingClaim], mails.Order());

        var page = await awarder.GetStringAsync(result, Ct);
        Assert.Contains("7 rijen: 2 toegekend, 5 geweigerd.", WebUtility.HtmlDecode(page));
        Assert.Contains($"/manage/awards/{awards.Single(a => a.RecipientIdentity == fresh).Id}", BulkTestKit.Line(page, 2));
        Assert.Contains("Geweigerd", BulkTestKit.Line(page, 3));

        var reportCsv = await awarder.GetStringAsync(result.Replace("/result", "/report.csv"), Ct);
        var rows = BulkTestKit.ReportRows(reportCsv, ';');
        Assert.Equal([2, 3, 4, 5, 6, 7, 8], rows.Keys.Order());
        Assert.Equal(("Toegekend", awards.Single(a => a.RecipientIdentity == fresh).Id.ToString(), "Wacht op ophalen"), (rows[2][3], rows[2][4], rows[2][5]));
        Assert.Equal(("Toegekend", "Geldig"), (rows[5][3], rows[5][5]));
        Assert.Equal("Geweigerd", rows[3][3]);
        Assert.Contains("Datum afronding: \"31-13-2025\" is geen datum", rows[3][6]);
        Assert.All([4, 6, 7, 8], line => Assert.Equal("Geweigerd", rows[line][3]));

        // Confirming again (a double click, a second tab) awards nothing twice.
        var token = LaurelHost.AntiforgeryToken(await awarder.GetStringAsync("/account", Ct));
        var again = await awarder.PostAsync(preview + "?handler=Confirm", new FormUrlEncodedContent([new("__RequestVerificationToken", token)]), Ct);
        Assert.Equal(result, again.Headers.Location!.ToString());
        Assert.Contains("al bevestigd", WebUtility.HtmlDecode(await awarder.GetStringAsync(result, Ct)));
        Assert.Equal(2, await host.DbAsync(db => db.Awards.CountAsync(a => a.AchievementId == achievementId, Ct)));
        var uploadId = Guid.Parse(preview.Split('/').Last());
        var audit = await host.DbAsync(db => db.AuditEntries.Where(e => e.EntityType == nameof(BulkUpload) && e.EntityId == uploadId).OrderBy(e => e.At)
            .Select(e => new { e.Action, e.ActorName, e.Details }).ToListAsync(Ct));
        Assert.Equal(["bulk.uploaded", "bulk.confirmed"], audit.Select(e => e.Action));
        Assert.Contains("\"rows\":7", audit[0].Details);
        Assert.Contains("\"awarded\":2", audit[1].Details);
        Assert.Contains("\"refused\":5", audit[1].Details);
    }

    [Fact]
    public async Task A_row_that_becomes_a_duplicate_between_preview_and_confirm_is_refused_and_the_others_are_awarded()
    {
        var achievementId = await host.NewAchievementAsync();
        var learners = new[] { await host.NewLearnerAsync(), await host.NewLearnerAsync(), await host.NewLearnerAsync() };
        var csv = new StringBuilder("email,grade,completion date\n");
        foreach (var l in learners) csv.Append($"{l.Email},8,2025-06-01\n");
        using var awarder = await host.SignInAsDemoAsync("awarder");
        var preview = await awarder.UploadOkAsync(achievementId, csv.ToString());
        Assert.Contains("3 kunnen worden toegekend", await awarder.GetStringAsync(preview, Ct));

        await awarder.AwardThroughPageAsync(achievementId, learners[1].Email); // someone awards the second learner meanwhile
        var result = await awarder.GetStringAsync(await awarder.ConfirmAsync(preview), Ct);

        Assert.Contains("3 rijen: 2 toegekend, 1 geweigerd.", WebUtility.HtmlDecode(result));
        Assert.Contains("Geweigerd", BulkTestKit.Line(result, 3));
        Assert.Contains("Toegekend", BulkTestKit.Line(result, 2));
        Assert.Contains("Toegekend", BulkTestKit.Line(result, 4));
        var held = await host.DbAsync(db => db.Awards.Where(a => a.AchievementId == achievementId).GroupBy(a => a.RecipientIdentity)
            .Select(g => g.Count()).ToListAsync(Ct));
        Assert.Equal([1, 1, 1], held);
    }

    [Fact]
    public async Task A_duplicate_that_only_the_database_catches_refuses_that_row_and_stores_the_rest_of_the_batch()
    {
        var achievementId = await host.NewAchievementAsync();
        var learners = new[] { await host.NewLearnerAsync(), await host.NewLearnerAsync(), await host.NewLearnerAsync() };
        var csv = "email,grade,completion date\n" + string.Concat(learners.Select(l => $"{l.Email},8,2025-06-01\n"));
        await using var scope = host.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<Laurel.Infrastructure.Database.LaurelDb>();
        var achievement = await db.Achievements.Include(a => a.Issuer!).ThenInclude(i => i.Faculty!).ThenInclude(f => f.Institution)
            .SingleAsync(a => a.Id == achievementId, Ct);
        var awarderId = await db.LinkedIdentities.Where(i => i.Subject == "awarder").Select(i => i.PersonId).SingleAsync(Ct);
        var actor = new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity(
            [new(System.Security.Claims.ClaimTypes.NameIdentifier, awarderId.ToString()), new(System.Security.Claims.ClaimTypes.Name, "Awarder")], "test"));
        var checks = await services.GetRequiredService<BulkChecker>().CheckAsync(actor, achievement, BulkCsvParser.Parse(Encoding.UTF8.GetBytes(csv)).Rows, Ct);
        Assert.All(checks, c => Assert.True(c.Good));

        using (var awarder = await host.SignInAsDemoAsync("awarder"))
            await awarder.AwardThroughPageAsync(achievementId, learners[1].Email); // after the check: only the unique index sees it
        var (uploadId, leaseId) = await host.LeasedUploadAsync(achievement, checks.Count);
        var stored = (await services.GetRequiredService<BulkAwardWriter>().WriteAsync(actor, achievement, checks, uploadId, leaseId, Ct)).Stored;

        Assert.NotNull(stored[0]);
        Assert.Null(stored[1]);
        Assert.NotNull(stored[2]);
        var held = await host.DbAsync(db => db.Awards.Where(a => a.AchievementId == achievementId).Select(a => a.RecipientIdentity).ToListAsync(Ct));
        Assert.Equal(learners.Select(l => l.Email).Order(), held.Order());
        var bulkAudit = await host.DbAsync(db => db.AuditEntries.CountAsync(e => e.Action == "award.issued" && e.Client == "bulk"
            && (e.EntityId == stored[0]!.Id || e.EntityId == stored[2]!.Id), Ct));
        Assert.Equal(2, bulkAudit);
        var mails = await host.DbAsync(db => db.OutboxMessages.CountAsync(m => m.RelatedEntityId == stored[0]!.Id || m.RelatedEntityId == stored[2]!.Id, Ct));
        Assert.Equal(2, mails);
    }

    [Fact]
    public async Task Ten_thousand_rows_are_read_and_previewed()
    {
        var achievementId = await host.NewAchievementAsync();
        var csv = new StringBuilder("e-mail\tgrade\tcompletion date\n");
        for (var i = 0; i < BulkCsvParser.MaxRows; i++) csv.Append($"bulk{i}-{achievementId:N}@example.org\t8\t1-6-2025\n");
        using var awarder = await host.SignInAsDemoAsync("awarder");
        var preview = await awarder.UploadOkAsync(achievementId, csv.ToString());
        var html = await awarder.GetStringAsync(preview, Ct);
        Assert.Contains("10000 rijen: 10000 kunnen worden toegekend, 0 hebben problemen.", WebUtility.HtmlDecode(html));
        Assert.Contains("Pagina 1 van 20", html);
        Assert.Contains("Klaar om toe te kennen", BulkTestKit.Line(await awarder.GetStringAsync(preview + "?p=20", Ct), 10_001));
    }

    [Fact]
    public async Task Oversized_and_unreadable_files_are_refused_with_a_clear_message()
    {
        var achievementId = await host.NewAchievementAsync();
        using var awarder = await host.SignInAsDemoAsync("awarder");
        var large = await awarder.UploadAsync(achievementId, new byte[BulkCsvParser.MaxBytes + 10]);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, large.StatusCode);
        Assert.Contains("Het bestand is groter dan 5 MB", WebUtility.HtmlDecode(await large.Content.ReadAsStringAsync(Ct)));

        var many = new StringBuilder("email,completion date\n");
        for (var i = 0; i <= BulkCsvParser.MaxRows; i++) many.Append($"m{i}@example.org,1-6-2025\n");
        var tooMany = await awarder.UploadAsync(achievementId, Encoding.UTF8.GetBytes(many.ToString()));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, tooMany.StatusCode);
        Assert.Contains("Het bestand heeft 10001 rijen; er passen maximaal 10000 rijen", WebUtility.HtmlDecode(await tooMany.Content.ReadAsStringAsync(Ct)));

        var noColumns = await awarder.UploadAsync(achievementId, Encoding.UTF8.GetBytes("naam,cijfer\nAnn,8\n"));
        var text = WebUtility.HtmlDecode(await noColumns.Content.ReadAsStringAsync(Ct));
        Assert.Contains("geen kolom \"e-mailadres\" of \"eppn\"", text); // every problem at once
        Assert.Contains("geen kolom \"datum afronding\"", text);
        Assert.Contains("aria-describedby=\"File-hint File-error\"", text);
        Assert.Equal(0, await host.DbAsync(db => db.BulkUploads.CountAsync(u => u.AchievementId == achievementId, Ct)));
    }

    public static TheoryData<string, bool> Roles() => new()
    {
        { "awarder", true }, { "issuer-admin", true }, { "viewer", false }, { "learner", false }, { "tud-admin", false },
    };

    [Theory]
    [MemberData(nameof(Roles))]
    public async Task Only_staff_with_the_award_right_of_the_institution_upload_preview_confirm_and_download(string persona, bool allowed)
    {
        await host.EnsureOtherInstitutionAdminAsync();
        var achievementId = await host.NewAchievementAsync();
        using var awarder = await host.SignInAsDemoAsync("awarder");
        var preview = await awarder.UploadOkAsync(achievementId, $"email,grade,completion date\np-{Guid.NewGuid():N}@example.org,8,1-6-2025\n");
        using var client = await host.SignInAsDemoAsync(persona);
        var expected = allowed ? HttpStatusCode.OK : HttpStatusCode.Forbidden;

        Assert.Equal(expected, (await client.GetAsync($"/manage/achievements/{achievementId}/bulk", Ct)).StatusCode);
        Assert.Equal(expected, (await client.GetAsync(preview, Ct)).StatusCode);
        Assert.Equal(expected, (await client.GetAsync($"/manage/achievements/{achievementId}/bulk/template.csv", Ct)).StatusCode);
        var token = LaurelHost.AntiforgeryToken(await client.GetStringAsync("/account", Ct));
        var confirm = await client.PostAsync(preview + "?handler=Confirm", new FormUrlEncodedContent([new("__RequestVerificationToken", token)]), Ct);
        Assert.Equal(allowed ? HttpStatusCode.Redirect : HttpStatusCode.Forbidden, confirm.StatusCode);
        Assert.Equal(allowed ? 1 : 0, await host.DbAsync(db => db.Awards.CountAsync(a => a.AchievementId == achievementId, Ct)));
        if (!allowed)
        {
            await awarder.ConfirmAsync(preview);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync(preview + "/report.csv", Ct)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync(preview + "/result", Ct)).StatusCode);
        }
    }

    [Fact]
    public async Task Anonymous_visitors_are_sent_to_sign_in_and_unknown_uploads_are_not_found()
    {
        var achievementId = await host.NewAchievementAsync();
        using var anonymous = host.CreateClient();
        foreach (var url in new[] { $"/manage/achievements/{achievementId}/bulk", $"/manage/achievements/{achievementId}/bulk/{Guid.NewGuid()}",
            $"/manage/achievements/{achievementId}/bulk/{Guid.NewGuid()}/report.csv" })
        {
            var response = await anonymous.GetAsync(url, Ct);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Contains("/account/sign-in", response.Headers.Location!.ToString());
        }
        using var awarder = await host.SignInAsDemoAsync("awarder");
        Assert.Equal(HttpStatusCode.NotFound, (await awarder.GetAsync($"/manage/achievements/{achievementId}/bulk/{Guid.NewGuid()}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await awarder.GetAsync($"/manage/achievements/{Guid.NewGuid()}/bulk", Ct)).StatusCode);
        // An upload belongs to its definition: another definition's address does not show it.
        var preview = await awarder.UploadOkAsync(achievementId, "email,completion date\na@example.org,1-6-2025\n");
        var other = await host.NewAchievementAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await awarder.GetAsync(preview.Replace(achievementId.ToString(), other.ToString()), Ct)).StatusCode);
    }

    [Fact]
    public async Task Upload_page_explains_the_format_in_Dutch_and_English()
    {
        var achievementId = await host.NewAchievementAsync();
        using var awarder = await host.SignInAsDemoAsync("awarder");
        var nl = WebUtility.HtmlDecode(await awarder.GetStringAsync($"/manage/achievements/{achievementId}/bulk", Ct));
        Assert.Contains("komma's, puntkomma's of tabs", nl);
        Assert.Contains("31-12-2025, 31/12/2025 of 31.12.2025", nl);
        Assert.Contains("<label for=\"File\">", nl);
        var en = WebUtility.HtmlDecode(await awarder.GetStringAsync($"/manage/achievements/{achievementId}/bulk?culture=en", Ct));
        Assert.Contains("commas, semicolons or tabs", en);
        Assert.Contains("2025-12-31", en);
        Assert.DoesNotContain("style=", en);
    }
}

public sealed class BulkAwardTestsOnSqlite(SqliteHost host) : BulkAwardTests(host), IClassFixture<SqliteHost>;

public sealed class BulkAwardTestsOnPostgres(PostgresHost host) : BulkAwardTests(host), IClassFixture<PostgresHost>;
