using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Laurel.Features.Notifications;
using Laurel.Features.Notifications.Webhooks;
using Laurel.Features.Recognition;
using Microsoft.EntityFrameworkCore;
using UglyToad.PdfPig;

namespace Laurel.Tests.Recognition.Staff;

/// <summary>The exam board decides per course; the last decision finishes the application with e-mail, webhook, audit and a signed decision credential.</summary>
public abstract class RecognitionDecisionTests(LaurelHost host)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Exam_board_grants_one_course_and_refuses_the_other_and_the_learner_is_told_everywhere()
    {
        var endpoint = await host.RecognitionWebhookAsync();
        var app = await host.SubmittedApplicationAsync(language: "en");
        var uu = await host.InstitutionIdAsync("uu");
        using var board = await host.SignInAsDemoAsync("exam-board");
        var queue = await board.PageAsync(RecognitionRoutes.Queue(uu) + "?culture=en");
        Assert.Contains(app.LearnerName, queue);
        Assert.Contains(app.CourseCodes[0], queue);
        var page = RecognitionRoutes.Decide(uu, app.Id) + "?culture=en";
        var html = await board.PageAsync(page);
        Assert.Contains("I followed both courses elsewhere.", html);
        Assert.Contains($"s{app.LearnerPersona[3..]}@students.uu.nl", html);
        Assert.Contains("Checked just now: valid", html);
        Assert.Contains("meets:", html);

        var first = await board.PostFormAsync(page, RecognitionStaffKit.Decision(app.ItemIds[0], 0, "Grant"), handler: "Decide");
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal(ExemptionApplicationState.Submitted, (await host.ApplicationAsync(app.Id)).State);
        var second = await board.PostFormAsync(page, RecognitionStaffKit.Decision(app.ItemIds[1], 0, "Refuse", "The practical part is missing."), handler: "Decide");
        Assert.Equal(HttpStatusCode.Redirect, second.StatusCode);

        var decided = await host.ApplicationAsync(app.Id);
        Assert.Equal(ExemptionApplicationState.Decided, decided.State);
        Assert.NotNull(decided.DecidedAt);
        var granted = decided.Items.Single(i => i.Id == app.ItemIds[0]);
        Assert.Equal((ExemptionOutcome.Grant, 5m), (granted.Decision!.Value, granted.GrantedEc!.Value));
        Assert.Equal("The practical part is missing.", decided.Items.Single(i => i.Id == app.ItemIds[1]).DecisionReason);
        Assert.Contains("Decided", await board.PageAsync(page));

        var mail = await host.DbAsync(db => db.OutboxMessages.AsNoTracking().SingleAsync(m => m.RelatedEntityId == app.Id, Ct));
        Assert.Equal((NotificationKind.RecognitionDecided, "en"), (mail.Kind, mail.Language));
        Assert.StartsWith("sanne-", mail.RecipientAddress);
        Assert.Contains("Exemption granted", mail.TextBody);
        Assert.Contains("Refused — The practical part is missing.", mail.TextBody);
        Assert.Contains(RecognitionRoutes.MyApplication(app.Id), mail.TextBody);

        var delivery = await host.DbAsync(db => db.Set<WebhookDelivery>().AsNoTracking().SingleAsync(d => d.EndpointId == endpoint, Ct));
        Assert.Equal(WebhookEventTypes.RecognitionDecided, delivery.EventType);
        var data = JsonNode.Parse(delivery.Payload)!["data"]!;
        Assert.Equal(app.Id.ToString(), (string)data["applicationId"]!);
        var items = data["items"]!.AsArray();
        Assert.Equal(2, items.Count);
        var refused = items.Single(i => (string)i!["courseCode"]! == app.CourseCodes[1])!;
        Assert.Equal(("refuse", "The practical part is missing."), ((string)refused["outcome"]!, (string)refused["reason"]!));
        Assert.Equal(5m, (decimal)items.Single(i => (string)i!["courseCode"]! == app.CourseCodes[0])!["grantedEc"]!);
        Assert.DoesNotContain("sanne-", delivery.Payload);
        Assert.DoesNotContain(app.LearnerName, delivery.Payload);

        var audit = await host.DbAsync(db => db.AuditEntries.AsNoTracking().Where(e => e.EntityId == app.Id || app.ItemIds.Contains(e.EntityId))
            .Select(e => e.Action).ToListAsync(Ct));
        Assert.Equal(2, audit.Count(a => a == "recognition.item.decided"));
        Assert.Single(audit, "recognition.decided");

        // The letter: both decisions, the reason, in the learner's language; for the learner and for staff, nobody else.
        using var learner = await host.SignInAsDemoAsync(app.LearnerPersona);
        var letter = await learner.GetAsync(RecognitionRoutes.Letter(app.Id), Ct);
        Assert.Equal("application/pdf", letter.Content.Headers.ContentType!.MediaType);
        using (var pdf = PdfDocument.Open(await letter.Content.ReadAsByteArrayAsync(Ct)))
        {
            var text = string.Join(" ", pdf.GetPages().SelectMany(p => p.GetWords()).Select(w => w.Text));
            Assert.Contains("Decision on your application for exemptions", text);
            Assert.Contains(app.CourseCodes[0], text);
            Assert.Contains("Exemption granted", text);
            Assert.Contains("Reason: The practical part is missing.", text);
            Assert.Contains("/recognition/decisions/", text);
        }
        Assert.Equal(HttpStatusCode.OK, (await board.GetAsync(RecognitionRoutes.Letter(app.Id), Ct)).StatusCode);
        using var other = await host.SignInAsDemoAsync("learner");
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync(RecognitionRoutes.Letter(app.Id), Ct)).StatusCode);
        using var tud = await SignInTudAdminAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await tud.GetAsync(RecognitionRoutes.Letter(app.Id), Ct)).StatusCode);
        using var anonymous = host.CreateClient();
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync(RecognitionRoutes.Letter(app.Id), Ct)).StatusCode);

        // The decision credential: signed by UU, valid at POST /credentials/verify; a tampered copy is not.
        var url = new Uri(decided.DecisionCredential is null ? "" : (string)JsonNode.Parse(decided.DecisionCredential)!["id"]!).PathAndQuery;
        var credential = JsonNode.Parse(await anonymous.GetStringAsync(url, Ct))!.AsObject();
        Assert.Equal("ExemptionDecisionCredential", (string)credential["type"]![1]!);
        Assert.EndsWith(":institutions:uu", (string)credential["issuer"]!["id"]!);
        Assert.Equal("eddsa-rdfc-2022", (string)credential["proof"]!["cryptosuite"]!);
        var (verdict, report) = await VerifyAsync(anonymous, credential);
        Assert.True(verdict == "valid", report);
        var tampered = (JsonObject)credential.DeepClone();
        // The refusal turned into a grant: the proof no longer holds.
        tampered["credentialSubject"]!["exemptions"]!.AsArray().Single(e => (string)e!["outcome"]! == "refuse")!["outcome"] = "grant";
        (verdict, report) = await VerifyAsync(anonymous, tampered);
        Assert.True(verdict == "invalid", report);
    }

    [Fact]
    public async Task A_refusal_needs_a_reason_and_a_partial_grant_its_EC_and_nothing_changes_until_both_are_right()
    {
        var app = await host.SubmittedApplicationAsync();
        var uu = await host.InstitutionIdAsync("uu");
        using var board = await host.SignInAsDemoAsync("exam-board");
        var page = RecognitionRoutes.Decide(uu, app.Id) + "?culture=en";
        var refuse = await board.PostFormAsync(page, RecognitionStaffKit.Decision(app.ItemIds[0], 0, "Refuse"), handler: "Decide");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refuse.StatusCode);
        Assert.Contains("Reason: give the reason for a partial exemption or a refusal.", WebUtility.HtmlDecode(await refuse.Content.ReadAsStringAsync(Ct)));
        var partial = await board.PostFormAsync(page, RecognitionStaffKit.Decision(app.ItemIds[0], 0, "Partial", grantedEc: "9"), handler: "Decide");
        var text = WebUtility.HtmlDecode(await partial.Content.ReadAsStringAsync(Ct));
        Assert.Contains("Granted EC: give a number above 0 and below the course's 5 EC.", text);
        Assert.Contains("Reason: give the reason", text);
        Assert.All((await host.ApplicationAsync(app.Id)).Items, i => Assert.Null(i.Decision));

        var ok = await board.PostFormAsync(page, RecognitionStaffKit.Decision(app.ItemIds[0], 0, "Partial", "Only the theory is covered.", "2,5"), handler: "Decide");
        Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
        Assert.Equal(2.5m, (await host.ApplicationAsync(app.Id)).Items.Single(i => i.Id == app.ItemIds[0]).GrantedEc);
    }

    [Fact]
    public async Task A_stale_decision_is_refused_with_a_clear_message_and_the_first_one_stays()
    {
        var app = await host.SubmittedApplicationAsync();
        var uu = await host.InstitutionIdAsync("uu");
        using var board = await host.SignInAsDemoAsync("exam-board");
        using var colleague = await host.SignInAsDemoAsync("faculty-admin");
        var page = RecognitionRoutes.Decide(uu, app.Id) + "?culture=en";
        Assert.Equal(HttpStatusCode.Redirect, (await colleague.PostFormAsync(page, RecognitionStaffKit.Decision(app.ItemIds[0], 0, "Grant"), handler: "Decide")).StatusCode);
        var stale = await board.PostFormAsync(page, RecognitionStaffKit.Decision(app.ItemIds[0], 0, "Refuse", "Too old."), handler: "Decide");
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Contains("Someone else decided on this application while you were looking at it.", WebUtility.HtmlDecode(await stale.Content.ReadAsStringAsync(Ct)));
        var item = (await host.ApplicationAsync(app.Id)).Items.Single(i => i.Id == app.ItemIds[0]);
        Assert.Equal(ExemptionOutcome.Grant, item.Decision);
        Assert.Null(item.DecisionReason);
    }

    [Fact]
    public async Task A_badge_revoked_after_the_decision_shows_as_revoked_on_the_decision_page()
    {
        var app = await host.SubmittedApplicationAsync();
        var uu = await host.InstitutionIdAsync("uu");
        using var board = await host.SignInAsDemoAsync("exam-board");
        var page = RecognitionRoutes.Decide(uu, app.Id) + "?culture=en";
        await board.PostFormAsync(page, RecognitionStaffKit.Decision(app.ItemIds[0], 0, "Grant"), handler: "Decide");
        await board.PostFormAsync(page, RecognitionStaffKit.Decision(app.ItemIds[1], 0, "Grant"), handler: "Decide");
        Assert.Equal(ExemptionApplicationState.Decided, (await host.ApplicationAsync(app.Id)).State);
        Assert.DoesNotContain("NOT valid", await board.PageAsync(page));

        await host.RevokeAsync(app.AwardIds[1], "Fraud found in the assessment");
        var html = await board.PageAsync(page);
        Assert.Contains("Checked just now: NOT valid", html);
        Assert.Contains("revoked", html[html.IndexOf("NOT valid", StringComparison.Ordinal)..]);
    }

    private static async Task<(string Verdict, string Body)> VerifyAsync(HttpClient client, JsonObject credential)
    {
        var response = await client.PostAsJsonAsync("/credentials/verify", new JsonObject { ["verifiableCredential"] = credential }, Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);
        return ((string?)JsonNode.Parse(body)?["verdict"] ?? "", body);
    }

    private async Task<HttpClient> SignInTudAdminAsync()
    {
        await host.EnsureOtherInstitutionAdminAsync();
        return await host.SignInAsDemoAsync("tud-admin");
    }
}

public sealed class RecognitionDecisionTestsOnSqlite(SqliteHost host) : RecognitionDecisionTests(host), IClassFixture<SqliteHost>;

public sealed class RecognitionDecisionTestsOnPostgres(PostgresHost host) : RecognitionDecisionTests(host), IClassFixture<PostgresHost>;
