using System.Net;
using System.Text.RegularExpressions;
using Laurel.Features.Awards;
using Laurel.Features.Presentations;
using Laurel.Features.Presentations.Responses;
using Microsoft.EntityFrameworkCore;
using UglyToad.PdfPig;
using static Laurel.Testing.Data.AwardKit;

namespace Laurel.Tests.Presentations;

/// <summary>
/// The verifier's request pages and the learner's backpack answer (issue 17): validation, owner-only access, what is accepted and
/// refused (and that a refusal stores nothing), one response per learner, retention, and the CSV and PDF exports.
/// </summary>
public abstract partial class PresentationPagesTests(LaurelHost host)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The employer's request: EQF 6 or higher, name required (unless <paramref name="fields"/> says otherwise).</summary>
    private static async Task<Guid> CreateRequestAsync(HttpClient employer, params (string, string)[] fields)
    {
        var form = new Dictionary<string, string>
        {
            ["Title"] = "Data analyst vacancy", ["VerifierName"] = "Mulder Analytics", ["PurposeEn"] = "To check your data skills for the vacancy.",
            ["PurposeNl"] = "Om je datavaardigheden voor de vacature te controleren.", ["MicroCredentialOnly"] = "true", ["MinEqfLevel"] = "6",
            ["RequireName"] = "true", ["Reusable"] = "true", ["RetentionDays"] = "30",
        };
        foreach (var (name, value) in fields) form[name] = value;
        var response = await employer.PostFormAsync(PresentationRoutes.New, form);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return Guid.Parse(RequestIdPattern().Match(response.Headers.Location!.OriginalString).Groups[1].Value);
    }

    /// <summary>Opens the answer page (which starts a session) and sends the chosen badges with the facts to share.</summary>
    private static async Task<(HttpResponseMessage Response, string Html)> AnswerAsync(HttpClient learner, Guid requestId, IEnumerable<string> badges,
        IEnumerable<string> share, string culture = "en", Guid? reuseSession = null)
    {
        var url = PresentationRoutes.Ask(requestId) + "/answer?culture=" + culture;
        var page = await learner.GetStringAsync(url, Ct);
        var session = reuseSession?.ToString() ?? SessionPattern().Match(page).Groups[1].Value;
        var fields = new List<KeyValuePair<string, string>> { new("SessionId", session), new("__RequestVerificationToken", LaurelHost.AntiforgeryToken(page)) };
        fields.AddRange(badges.Select(b => new KeyValuePair<string, string>("Badges", b)));
        fields.AddRange(share.Select(s => new KeyValuePair<string, string>("Share", s)));
        var response = await learner.PostAsync(url, new FormUrlEncodedContent(fields), Ct);
        return (response, WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync(Ct)));
    }

    /// <summary>The demo learner's Data Literacy award (EQF 6, 5 EC), made once per host by the real award service.</summary>
    private async Task<Guid> DataLiteracyAwardAsync()
    {
        var learner = await host.DemoLearnerIdAsync();
        var existing = await host.DbAsync(db => db.Awards.Where(a => a.RecipientPersonId == learner && a.State == AwardState.Issued && a.SigningKeyId != ""
                && db.Achievements.Any(x => x.Id == a.AchievementId && x.Name == "Data Literacy for Professionals"))
            .Select(a => (Guid?)a.Id).FirstOrDefaultAsync());
        return existing ?? await host.AwardThroughServiceAsync("Data Literacy for Professionals", toDemoLearner: true);
    }

    /// <summary>The outcome the answer page shows (its code), so a failure names the outcome that came instead.</summary>
    private static string Outcome(string html) => Regex.Match(html, "data-outcome=\"([^\"]*)\"").Groups[1].Value;

    private Task<int> StoredAnswersAsync(Guid requestId) => host.DbAsync(db => db.Set<PresentationResponse>().CountAsync(r => r.RequestId == requestId));

    [Fact]
    public async Task A_new_request_names_every_bad_field_at_once_and_stores_nothing()
    {
        using var employer = await host.SignInAsDemoAsync("employer");
        var before = await host.DbAsync(db => db.Set<PresentationRequest>().CountAsync());
        var response = await employer.PostFormAsync(PresentationRoutes.New + "?culture=en", new Dictionary<string, string>
        {
            ["Title"] = " ", ["PurposeEn"] = "", ["PurposeNl"] = "", ["MinCreditsEc"] = "lots", ["IssuerCountry"] = "nld",
            ["AchievementIds"] = "not a url", ["Alignments"] = new string('x', 3000), ["IssuedOnOrAfter"] = "1999-01-01", ["RetentionDays"] = "400",
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync(Ct));
        foreach (var field in new[] { "Title", "PurposeEn", "Criteria_MinCreditsEc", "Criteria_IssuerCountry", "Criteria_AchievementIds",
                     "Criteria_AnyAlignments", "Criteria_IssuedOnOrAfter", "RetentionDays" })
        {
            Assert.Contains($"<a href=\"#{field}\">", page);
            Assert.Contains($"id=\"{field}-error\"", page);
        }
        Assert.Contains("Enter a title.", page);
        Assert.Contains("Enter a number of days from 1 to 365.", page);
        Assert.Contains("<title>Error: ", page);
        Assert.Equal(before, await host.DbAsync(db => db.Set<PresentationRequest>().CountAsync()));

        var dutch = await employer.PostFormAsync(PresentationRoutes.New + "?culture=nl", new Dictionary<string, string> { ["Title"] = "", ["RetentionDays"] = "30" });
        Assert.Contains("Vul een titel in.", WebUtility.HtmlDecode(await dutch.Content.ReadAsStringAsync(Ct)));
    }

    [Fact]
    public async Task Only_the_owner_sees_and_changes_a_request_and_its_answers()
    {
        using var employer = await host.SignInAsDemoAsync("employer");
        var id = await CreateRequestAsync(employer);
        using var learner = await host.SignInAsDemoAsync("learner");
        await AnswerAsync(learner, id, ["award:" + await DataLiteracyAwardAsync()], ["RecipientName"]);
        var answer = await host.DbAsync(db => db.Set<PresentationResponse>().SingleAsync(r => r.RequestId == id));

        Assert.Contains("Data analyst vacancy", await employer.PageAsync(PresentationRoutes.Mine));
        var urls = new[] { PresentationRoutes.Manage(id), $"/presentations/{id}/edit", PresentationRoutes.Response(id, answer.Id),
            $"/presentations/{id}/responses.csv", PresentationRoutes.Response(id, answer.Id) + "/answer.pdf" };
        using var awarder = await host.SignInAsDemoAsync("awarder");
        foreach (var url in urls)
        {
            Assert.Equal(HttpStatusCode.OK, (await employer.GetAsync(url, Ct)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await learner.GetAsync(url, Ct)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await awarder.GetAsync(url, Ct)).StatusCode);
            using var anonymous = host.CreateClient();
            var signIn = await anonymous.GetAsync(url, Ct);
            Assert.True(signIn.StatusCode == HttpStatusCode.Redirect && signIn.Headers.Location!.OriginalString.Contains("/account/sign-in"), url);
        }
        Assert.DoesNotContain("Data analyst vacancy", await learner.PageAsync(PresentationRoutes.Mine));

        // Another person's close, delete and answer delete change nothing.
        var learnersOwn = await learner.GetStringAsync(PresentationRoutes.Mine, Ct);
        var token = LaurelHost.AntiforgeryToken(learnersOwn);
        foreach (var (url, handler) in new[] { (PresentationRoutes.Manage(id), "Close"), (PresentationRoutes.Manage(id), "Delete"),
                     (PresentationRoutes.Response(id, answer.Id), "Delete") })
        {
            var post = await learner.PostAsync(url + "?handler=" + handler, new FormUrlEncodedContent([new("__RequestVerificationToken", token)]), Ct);
            Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
        }
        var stored = await host.DbAsync(db => db.Set<PresentationRequest>().SingleAsync(r => r.Id == id));
        Assert.Null(stored.ClosedAt);
        Assert.Equal(1, await StoredAnswersAsync(id));
    }

    [Fact]
    public async Task A_backpack_answer_is_accepted_and_the_employer_sees_it_with_every_check_and_the_name()
    {
        using var employer = await host.SignInAsDemoAsync("employer");
        var id = await CreateRequestAsync(employer);
        using var learner = await host.SignInAsDemoAsync("learner");
        var award = await DataLiteracyAwardAsync();

        var ask = await learner.PageAsync(PresentationRoutes.Ask(id) + "?culture=en");
        Assert.Contains("Mulder Analytics asks you to show a badge.", ask);
        Assert.Contains("EQF level 6 or higher", ask);
        var pick = await learner.PageAsync(PresentationRoutes.Ask(id) + "/answer?culture=en");
        Assert.Contains($"data-candidate=\"award:{award}\" data-selectable=\"True\"", pick);
        Assert.Contains("meets: EQF 6 ≥ 6", pick);

        var (response, html) = await AnswerAsync(learner, id, ["award:" + award], ["RecipientName"]);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("accepted", Outcome(html));
        Assert.Contains("Your answer was sent to Mulder Analytics.", html);

        var learnerName = await host.DbAsync(db => db.Persons.Where(p => p.Email == LearnerEmail).Select(p => p.ValidatedName ?? p.DisplayName).SingleAsync());
        var manage = await employer.PageAsync(PresentationRoutes.Manage(id) + "?culture=en");
        Assert.Contains(learnerName, manage);
        Assert.Contains("data-valid=\"True\" data-meets=\"True\"", manage);
        var answer = await host.DbAsync(db => db.Set<PresentationResponse>().SingleAsync(r => r.RequestId == id));
        var result = await employer.PageAsync(PresentationRoutes.Response(id, answer.Id) + "?culture=en");
        Assert.Contains("data-verdict=\"valid\"", result);
        Assert.Contains("Every check passed.", result);
        Assert.DoesNotContain("data-passed=\"False\"", result);
        Assert.Contains("Data Literacy for Professionals", result);
        Assert.Contains("meets: EQF 6 ≥ 6", result);
        Assert.Contains($"<dd data-holder>{learnerName}</dd>", result);
        Assert.Contains("Sent by the learner it was issued to, signed in to Laurel.", result);

        var dutch = await employer.PageAsync(PresentationRoutes.Response(id, answer.Id) + "?culture=nl");
        Assert.Contains("voldoet: EQF 6 ≥ 6", dutch);
        Assert.Contains("Alle controles zijn geslaagd.", dutch);

        var csv = await employer.GetStringAsync($"/presentations/{id}/responses.csv?culture=en", Ct);
        Assert.Contains("Data Literacy for Professionals", csv);
        Assert.Contains(learnerName, csv);
        var pdf = await employer.GetAsync(PresentationRoutes.Response(id, answer.Id) + "/answer.pdf?culture=en", Ct);
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType!.MediaType);
        using var document = PdfDocument.Open(await pdf.Content.ReadAsByteArrayAsync(Ct));
        var text = string.Join(" ", document.GetPages().Select(p => p.Text));
        Assert.Contains("Data Literacy for Professionals", text);
        Assert.Contains(learnerName.Split(' ')[0], text);
    }

    [Fact]
    public async Task The_same_learner_answering_twice_is_one_answer_counted_twice_and_a_double_submit_is_a_replay()
    {
        using var employer = await host.SignInAsDemoAsync("employer");
        var id = await CreateRequestAsync(employer, ("RequireName", "false"));
        using var learner = await host.SignInAsDemoAsync("learner");
        var award = "award:" + await DataLiteracyAwardAsync();
        var (first, _) = await AnswerAsync(learner, id, [award], []);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var session = await host.DbAsync(db => db.Set<PresentationSession>().Where(s => s.RequestId == id && s.ResponseId != null).Select(s => s.Id).SingleAsync());
        var (replay, replayHtml) = await AnswerAsync(learner, id, [award], [], reuseSession: session);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, replay.StatusCode);
        Assert.Equal("nonce.replayed", Outcome(replayHtml));
        var (second, _) = await AnswerAsync(learner, id, [award], ["RecipientName"]);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var stored = await host.DbAsync(db => db.Set<PresentationResponse>().Where(r => r.RequestId == id).ToListAsync());
        var only = Assert.Single(stored);
        Assert.Equal(2, only.AnswerCount);
        Assert.NotNull(only.HolderName);
        Assert.Contains("2 times", await employer.PageAsync(PresentationRoutes.Response(id, only.Id) + "?culture=en"));
    }

    [Fact]
    public async Task A_revoked_award_is_refused_as_revoked_and_nothing_is_stored()
    {
        using var employer = await host.SignInAsDemoAsync("employer");
        var id = await CreateRequestAsync(employer, ("RequireName", "false"));
        // A badge that can be chosen, so the page offers its form (with the session); the revoked one is not offered.
        await DataLiteracyAwardAsync();
        var award = await host.AwardThroughServiceAsync("Responsible AI in Practice", toDemoLearner: true);
        await host.RevokeAsync(award, "Fraud in the assessment");
        using var learner = await host.SignInAsDemoAsync("learner");
        Assert.DoesNotContain($"award:{award}", await learner.PageAsync(PresentationRoutes.Ask(id) + "/answer"));
        var (response, html) = await AnswerAsync(learner, id, ["award:" + award], []);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("credential.invalid", Outcome(html));
        Assert.Contains("revoked", html);
        Assert.Equal(0, await StoredAnswersAsync(id));
    }

    [Fact]
    public async Task Another_persons_award_in_a_changed_form_is_refused_and_nothing_is_stored()
    {
        using var employer = await host.SignInAsDemoAsync("employer");
        var id = await CreateRequestAsync(employer, ("RequireName", "false"));
        var theirs = await host.AwardThroughServiceAsync("Data Literacy for Professionals");
        using var learner = await host.SignInAsDemoAsync("learner");
        var (response, html) = await AnswerAsync(learner, id, ["award:" + theirs], []);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("credential.not_holders", Outcome(html));
        Assert.Equal(0, await StoredAnswersAsync(id));
    }

    [Fact]
    public async Task A_closed_request_says_so_offers_nothing_and_refuses_a_posted_answer()
    {
        using var employer = await host.SignInAsDemoAsync("employer");
        var id = await CreateRequestAsync(employer, ("RequireName", "false"));
        using var learner = await host.SignInAsDemoAsync("learner");
        var award = "award:" + await DataLiteracyAwardAsync();
        // The learner opened the answer page before the employer closed the request.
        var page = await learner.GetStringAsync(PresentationRoutes.Ask(id) + "/answer?culture=en", Ct);
        var closed = await employer.PostFormAsync(PresentationRoutes.Manage(id), [], handler: "Close");
        Assert.Equal(HttpStatusCode.Redirect, closed.StatusCode);

        var ask = await learner.PageAsync(PresentationRoutes.Ask(id) + "?culture=en");
        Assert.Contains("This request is closed and takes no more answers.", ask);
        Assert.DoesNotContain("answer-from-backpack", ask);
        Assert.DoesNotContain("send-answer", await learner.PageAsync(PresentationRoutes.Ask(id) + "/answer?culture=en"));

        var post = await learner.PostAsync(PresentationRoutes.Ask(id) + "/answer?culture=en", new FormUrlEncodedContent(
        [
            new("SessionId", SessionPattern().Match(page).Groups[1].Value), new("Badges", award),
            new("__RequestVerificationToken", LaurelHost.AntiforgeryToken(page)),
        ]), Ct);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, post.StatusCode);
        Assert.Contains("data-outcome=\"request.closed\"", await post.Content.ReadAsStringAsync(Ct));
        Assert.Equal(0, await StoredAnswersAsync(id));
        Assert.Contains("Closed", await employer.PageAsync(PresentationRoutes.Mine + "?culture=en"));
    }

    [Fact]
    public async Task A_required_fact_withheld_is_refused_and_a_badge_below_the_level_is_explained()
    {
        using var employer = await host.SignInAsDemoAsync("employer");
        var id = await CreateRequestAsync(employer);
        using var learner = await host.SignInAsDemoAsync("learner");
        var award = "award:" + await DataLiteracyAwardAsync();
        var (response, html) = await AnswerAsync(learner, id, [award], []);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("Required facts were not shared: Name.", html);
        Assert.Equal(0, await StoredAnswersAsync(id));

        var higher = await CreateRequestAsync(employer, ("MinEqfLevel", "7"), ("RequireName", "false"));
        var pick = await learner.PageAsync(PresentationRoutes.Ask(higher) + "/answer?culture=en");
        Assert.Contains($"data-candidate=\"{award}\" data-selectable=\"False\"", pick);
        Assert.Contains("lacks: EQF 6 < 7", pick);
    }

    [Fact]
    public async Task Retention_deletes_an_expired_answer_which_pages_never_show()
    {
        using var employer = await host.SignInAsDemoAsync("employer");
        var id = await CreateRequestAsync(employer, ("RequireName", "false"), ("RetentionDays", "2"));
        using var learner = await host.SignInAsDemoAsync("learner");
        await AnswerAsync(learner, id, ["award:" + await DataLiteracyAwardAsync()], []);
        var answer = await host.DbAsync(db => db.Set<PresentationResponse>().SingleAsync(r => r.RequestId == id));

        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await host.DbAsync(db => new PresentationRetention(db, clock).PurgeAsync(Ct));
        Assert.Equal(1, await StoredAnswersAsync(id));
        clock.Advance(TimeSpan.FromDays(3));
        await host.DbAsync(db => new PresentationRetention(db, clock).PurgeAsync(Ct));
        Assert.Equal(0, await StoredAnswersAsync(id));
        Assert.False(await host.DbAsync(db => db.Set<PresentationSession>().AnyAsync(s => s.RequestId == id)), "sessions expired over a day ago go too");
        Assert.Equal(HttpStatusCode.NotFound, (await employer.GetAsync(PresentationRoutes.Response(id, answer.Id), Ct)).StatusCode);
    }

    [Fact]
    public async Task Pages_never_show_an_answer_past_its_expiry_even_before_the_purge()
    {
        using var employer = await host.SignInAsDemoAsync("employer");
        var id = await CreateRequestAsync(employer, ("RequireName", "false"));
        using var learner = await host.SignInAsDemoAsync("learner");
        await AnswerAsync(learner, id, ["award:" + await DataLiteracyAwardAsync()], []);
        var answer = await host.DbAsync(db => db.Set<PresentationResponse>().SingleAsync(r => r.RequestId == id));
        await host.DbAsync(db => db.Set<PresentationResponse>().Where(r => r.Id == answer.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.ExpiresAt, DateTime.UtcNow.AddMinutes(-1))));
        Assert.Equal(HttpStatusCode.NotFound, (await employer.GetAsync(PresentationRoutes.Response(id, answer.Id), Ct)).StatusCode);
        Assert.Contains("No answers yet.", await employer.PageAsync(PresentationRoutes.Manage(id) + "?culture=en"));
    }

    [GeneratedRegex("/presentations/([0-9a-f-]{36})")]
    private static partial Regex RequestIdPattern();

    [GeneratedRegex("name=\"SessionId\" value=\"([0-9a-f-]{36})\"")]
    private static partial Regex SessionPattern();
}

public sealed class PresentationPagesTestsOnSqlite(SqliteHost host) : PresentationPagesTests(host), IClassFixture<SqliteHost>;

public sealed class PresentationPagesTestsOnPostgres(PostgresHost host) : PresentationPagesTests(host), IClassFixture<PostgresHost>;
