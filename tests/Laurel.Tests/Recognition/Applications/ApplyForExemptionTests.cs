using System.Net;
using Laurel.Features.Backpack.Imports;
using Laurel.Features.Recognition;
using Microsoft.EntityFrameworkCore;
using static Laurel.Tests.Recognition.Applications.ApplicantKit;

namespace Laurel.Tests.Recognition.Applications;

/// <summary>
/// A learner applies for exemptions through the pages (choose institution → badges and courses → review with proposals → submit),
/// with badges from two institutions; every bad field is named at once; badges that are not theirs or not valid cannot be used;
/// a badge revoked after submission shows on the application page; only the owner reaches an application.
/// </summary>
public abstract class ApplyForExemptionTests(LaurelHost host)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Learner_applies_with_two_badges_from_two_institutions_and_sees_proposals_with_reasons()
    {
        var (personId, learner) = await host.NewApplicantAsync();
        var utrecht = await host.AwardToAsync(personId, DataLiteracy);
        var delft = await host.AwardToAsync(personId, Solar);
        var (dataScience, energy, ethics) = (await host.CourseIdAsync("INFOB1DS"), await host.CourseIdAsync("INFOSE"), await host.CourseIdAsync("INFOMAIE"));

        // The backpack links to the applications, which link to the apply page; UU takes applications.
        Assert.Contains($"href=\"{RecognitionRoutes.MyApplications}\"", await learner.PageAsync("/backpack?culture=en"));
        Assert.Contains($"href=\"{RecognitionRoutes.Apply}\"", await learner.PageAsync(RecognitionRoutes.MyApplications));
        var uu = await host.InstitutionIdAsync("uu");
        Assert.Contains($"data-institution=\"{uu}\"", await learner.PageAsync(RecognitionRoutes.Apply));
        var id = await learner.StartAsync(uu);

        // Both badges are usable; the courses they meet are suggested and ticked, AI Ethics (EQF 7 or an ethics outcome) is not.
        var draft = await learner.PageAsync(DraftUrl(id) + "&culture=en");
        Assert.Contains($"data-choice=\"award:{utrecht}\" data-usable=\"true\"", draft);
        Assert.Contains($"data-choice=\"award:{delft}\" data-usable=\"true\"", draft);
        Assert.Contains($"data-course=\"{dataScience}\" data-suggested=\"true\"", draft);
        Assert.Contains($"data-course=\"{energy}\" data-suggested=\"true\"", draft);
        Assert.Contains($"data-course=\"{ethics}\" data-suggested=\"false\"", draft);
        Assert.Matches($"name=\"Courses\" value=\"{energy}\" id=\"course-{energy}\" checked=\"checked\"", draft);

        // Save as draft keeps everything; review makes the proposals.
        var form = Form([$"award:{utrecht}", $"award:{delft}"], [dataScience, energy, ethics], "I work as a data analyst.");
        var saved = await learner.PostDraftAsync(id, "Save", form);
        Assert.Equal(DraftUrl(id) + "&saved=true", saved.Headers.Location!.ToString());
        Assert.Equal((ExemptionApplicationState.Draft, 2, 3), await StateAsync(id));
        var review = await learner.PostDraftAsync(id, "Review", form);
        Assert.Equal(DraftUrl(id) + "&step=review", review.Headers.Location!.ToString());
        var page = await learner.PageAsync(DraftUrl(id) + "&step=review&culture=en");
        Assert.Contains("meets: EQF 6 ≥ 6", page);
        Assert.Contains("meets: 5 EC ≥ 4", page);
        Assert.Contains("lacks: EQF 6 < 7", page);
        Assert.Contains("I work as a data analyst.", page);

        var application = await host.ApplicationAsync(id);
        var items = application.Items.ToDictionary(i => i.CourseId);
        var utrechtBadge = application.Badges.Single(b => b.AwardId == utrecht);
        var delftBadge = application.Badges.Single(b => b.AwardId == delft);
        Assert.Equal(ExemptionOutcome.Grant, items[dataScience].ProposedOutcome);
        Assert.Contains(items[dataScience].ProposedBadgeId, new Guid?[] { utrechtBadge.Id, delftBadge.Id });
        Assert.Equal((ExemptionOutcome.Grant, delftBadge.Id), (items[energy].ProposedOutcome, items[energy].ProposedBadgeId!.Value));
        // The UU badge lacks only the issuer for Sustainable Energy: that is its reason.
        var utrechtForEnergy = items[energy].ProposalReasons.Single(r => r.BadgeId == utrechtBadge.Id);
        Assert.Equal([Laurel.Features.Presentations.CriterionKind.Issuer], utrechtForEnergy.Results.Where(r => !r.Met).Select(r => r.Kind));
        Assert.Equal(ExemptionOutcome.Refuse, items[ethics].ProposedOutcome);
        Assert.Equal(2, items[ethics].ProposalReasons.Count);
        Assert.Equal((6, 5.0), (utrechtBadge.Facts.EqfLevel, utrechtBadge.Facts.CreditsEc));
        Assert.Equal("Delft University of Technology", delftBadge.Facts.IssuerName);

        var submitted = await learner.PostFormAsync(DraftUrl(id) + "&step=review", [], handler: "Submit");
        Assert.Equal(RecognitionRoutes.MyApplication(id) + "?submitted=true", submitted.Headers.Location!.ToString());
        application = await host.ApplicationAsync(id);
        Assert.Equal(ExemptionApplicationState.Submitted, application.State);
        Assert.NotNull(application.SubmittedAt);

        var list = await learner.PageAsync(RecognitionRoutes.MyApplications + "?culture=en");
        Assert.Contains($"data-application=\"{id}\" data-state=\"Submitted\"", list);
        Assert.Contains("Exemptions at Utrecht University", list);
        var detail = await learner.PageAsync(RecognitionRoutes.MyApplication(id) + "?culture=nl");
        Assert.Contains("Ingediend", detail);
        Assert.Contains("voldoet: EQF 6 ≥ 6", detail);
        Assert.Contains("nog niet besloten", detail);
        Assert.Contains("id=\"withdraw\"", detail);
        Assert.DoesNotContain("id=\"decision-letter\"", detail);
        // A submitted application is no longer a draft: the apply page sends the learner to it.
        Assert.Equal(RecognitionRoutes.MyApplication(id), (await learner.GetAsync(DraftUrl(id), Ct)).Headers.Location!.ToString());
    }

    [Fact]
    public async Task Every_bad_field_is_named_at_once_and_nothing_is_saved()
    {
        var (_, learner) = await host.NewApplicantAsync();
        var id = await learner.StartAsync(await host.InstitutionIdAsync("uu"));
        var response = await learner.PostDraftAsync(id, "Review", Form(["award:not-a-badge"], [Guid.NewGuid()], new string('x', 4_001)));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var errors = Errors(WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync(Ct)));
        Assert.Equal(["Badges", "Courses", "Motivation"], errors.Select(e => e.Field));
        Assert.Equal((ExemptionApplicationState.Draft, 0, 0), await StateAsync(id));
        Assert.Null((await host.ApplicationAsync(id)).Motivation);

        // Review and submit need a badge and a course; saving a draft does not.
        var empty = await learner.PostDraftAsync(id, "Review", Form([], []));
        Assert.Equal(["Badges", "Courses"], Errors(await empty.Content.ReadAsStringAsync(Ct)).Select(e => e.Field));
        Assert.Equal(HttpStatusCode.Redirect, (await learner.PostDraftAsync(id, "Save", Form([], [], "later"))).StatusCode);
        var submit = await learner.PostFormAsync(DraftUrl(id), [], handler: "Submit");
        Assert.Equal(["Badges", "Courses"], Errors(await submit.Content.ReadAsStringAsync(Ct)).Select(e => e.Field));
        Assert.Equal(ExemptionApplicationState.Draft, (await host.ApplicationAsync(id)).State);

        // An institution without courses takes no applications.
        var start = await learner.PostFormAsync(RecognitionRoutes.Apply, [new("InstitutionId", (await host.InstitutionIdAsync("tudelft")).ToString())], handler: "Start");
        Assert.Equal(["InstitutionId"], Errors(await start.Content.ReadAsStringAsync(Ct)).Select(e => e.Field));
    }

    [Fact]
    public async Task A_badge_of_another_person_or_not_bound_to_the_learner_cannot_be_added()
    {
        var (personId, learner) = await host.NewApplicantAsync();
        var (otherId, _) = await host.NewApplicantAsync();
        var othersAward = await host.AwardToAsync(otherId, DataLiteracy);
        var othersImport = await host.ImportAsync(otherId);
        var unmatched = await host.ImportAsync(personId, name: "Someone else's import", recipient: RecipientMatch.NotMatched);
        var course = await host.CourseIdAsync("INFOB1DS");
        var id = await learner.StartAsync(await host.InstitutionIdAsync("uu"));

        var draft = await learner.PageAsync(DraftUrl(id) + "&culture=en");
        Assert.DoesNotContain(othersAward.ToString(), draft);
        Assert.Contains($"data-choice=\"import:{unmatched}\" data-usable=\"false\"", draft);
        Assert.Contains("cannot be used: it was not issued to you", draft);

        foreach (var tampered in new[] { $"award:{othersAward}", $"import:{othersImport}", $"wallet:{Guid.NewGuid()}" })
        {
            var response = await learner.PostDraftAsync(id, "Review", Form([tampered], [course]));
            var errors = Errors(await response.Content.ReadAsStringAsync(Ct));
            Assert.Equal("Badges", Assert.Single(errors).Field);
        }
        var notBound = await learner.PostDraftAsync(id, "Review", Form([$"import:{unmatched}"], [course]));
        var message = Assert.Single(Errors(WebUtility.HtmlDecode(await notBound.Content.ReadAsStringAsync(Ct)))).Message;
        Assert.True(message.Contains("niet aan jou uitgegeven") || message.Contains("not issued to you"), message);
        Assert.Equal((ExemptionApplicationState.Draft, 0, 0), await StateAsync(id));
    }

    [Fact]
    public async Task A_revoked_badge_cannot_ground_an_application_and_the_page_says_why()
    {
        var (personId, learner) = await host.NewApplicantAsync();
        var revoked = await host.AwardToAsync(personId, DataLiteracy);
        await host.RevokeAsync(revoked, "Issued by mistake");
        var id = await learner.StartAsync(await host.InstitutionIdAsync("uu"));
        var draft = await learner.PageAsync(DraftUrl(id) + "&culture=en");
        Assert.Contains($"data-choice=\"award:{revoked}\" data-usable=\"false\"", draft);
        Assert.Contains("cannot be used: it has been revoked by its issuer.", draft);
        // Nothing is suggested on the strength of a revoked badge.
        Assert.DoesNotContain("data-suggested=\"true\"", draft);

        var response = await learner.PostDraftAsync(id, "Review", Form([$"award:{revoked}"], [await host.CourseIdAsync("INFOB1DS")]));
        var error = Assert.Single(Errors(WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync(Ct))));
        Assert.Equal("Badges", error.Field);
        Assert.Equal((ExemptionApplicationState.Draft, 0, 0), await StateAsync(id));
    }

    [Fact]
    public async Task A_badge_revoked_between_review_and_submit_is_caught_at_submit()
    {
        var (personId, learner) = await host.NewApplicantAsync();
        var award = await host.AwardToAsync(personId, DataLiteracy);
        var id = await learner.StartAsync(await host.InstitutionIdAsync("uu"));
        Assert.Equal(HttpStatusCode.Redirect, (await learner.PostDraftAsync(id, "Review", Form([$"award:{award}"], [await host.CourseIdAsync("INFOB1DS")]))).StatusCode);
        Assert.Equal(ExemptionOutcome.Grant, (await host.ApplicationAsync(id)).Items.Single().ProposedOutcome);
        await host.RevokeAsync(award, "Fraud");
        var submit = await learner.PostFormAsync(DraftUrl(id) + "&step=review", [], handler: "Submit");
        Assert.Equal(HttpStatusCode.OK, submit.StatusCode);
        Assert.Equal("Badges", Assert.Single(Errors(await submit.Content.ReadAsStringAsync(Ct))).Field);
        var application = await host.ApplicationAsync(id);
        Assert.Equal(ExemptionApplicationState.Draft, application.State);
    }

    [Fact]
    public async Task A_badge_revoked_after_submission_shows_as_revoked_on_the_application_page()
    {
        var (personId, learner) = await host.NewApplicantAsync();
        var utrecht = await host.AwardToAsync(personId, DataLiteracy);
        var delft = await host.AwardToAsync(personId, Solar);
        var id = await SubmittedAsync(learner, [$"award:{utrecht}", $"award:{delft}"], [await host.CourseIdAsync("INFOB1DS")]);
        var badges = (await host.ApplicationAsync(id)).Badges.ToDictionary(b => b.AwardId!.Value, b => b.Id);

        var before = await learner.PageAsync(RecognitionRoutes.MyApplication(id) + "?culture=en");
        Assert.Contains($"data-badge=\"{badges[utrecht]}\" data-valid-now=\"true\"", before);
        await host.RevokeAsync(utrecht, "Issued to the wrong student");
        var after = await learner.PageAsync(RecognitionRoutes.MyApplication(id) + "?culture=en");
        Assert.Contains($"data-badge=\"{badges[utrecht]}\" data-valid-now=\"false\"", after);
        Assert.Contains("not valid: it has been revoked by its issuer.", after);
        Assert.Contains($"data-badge=\"{badges[delft]}\" data-valid-now=\"true\"", after);
    }

    [Fact]
    public async Task Only_the_owner_reaches_an_application_and_withdraws_it_while_undecided()
    {
        var (personId, learner) = await host.NewApplicantAsync();
        var award = await host.AwardToAsync(personId, DataLiteracy);
        var course = await host.CourseIdAsync("INFOB1DS");
        var draftId = await learner.StartAsync(await host.InstitutionIdAsync("uu"));
        var id = await SubmittedAsync(learner, [$"award:{award}"], [course]);
        var (_, other) = await host.NewApplicantAsync();

        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync(RecognitionRoutes.MyApplication(id), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync(DraftUrl(draftId), Ct)).StatusCode);
        Assert.DoesNotContain(id.ToString(), await other.PageAsync(RecognitionRoutes.MyApplications));
        // The other learner posts with their own session's token: still 404, and nothing changes.
        var withdraw = await other.PostFormAsync(RecognitionRoutes.Apply, [], postUrl: RecognitionRoutes.MyApplication(id) + "?handler=Withdraw");
        Assert.Equal(HttpStatusCode.NotFound, withdraw.StatusCode);
        var tampered = await other.PostFormAsync(RecognitionRoutes.Apply, Form([$"award:{award}"], [course]), postUrl: DraftUrl(draftId) + "&handler=Review");
        Assert.Equal(HttpStatusCode.NotFound, tampered.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostFormAsync(RecognitionRoutes.Apply, [], postUrl: DraftUrl(draftId) + "&handler=Discard")).StatusCode);
        Assert.Equal(ExemptionApplicationState.Submitted, (await host.ApplicationAsync(id)).State);
        Assert.Empty((await host.ApplicationAsync(draftId)).Badges);

        using var anonymous = host.CreateClient();
        foreach (var url in new[] { RecognitionRoutes.MyApplications, RecognitionRoutes.Apply, RecognitionRoutes.MyApplication(id) })
        {
            var response = await anonymous.GetAsync(url, Ct);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("/account/sign-in", response.Headers.Location!.PathAndQuery);
        }

        var mine = await learner.PostFormAsync(RecognitionRoutes.MyApplication(id), [], handler: "Withdraw");
        Assert.Equal(RecognitionRoutes.MyApplication(id) + "?withdrawn=true", mine.Headers.Location!.ToString());
        Assert.Equal(ExemptionApplicationState.Withdrawn, (await host.ApplicationAsync(id)).State);
        Assert.DoesNotContain("id=\"withdraw\"", await learner.PageAsync(RecognitionRoutes.MyApplication(id)));
        // The draft the learner no longer wants can go.
        Assert.Equal(HttpStatusCode.Redirect, (await learner.PostFormAsync(DraftUrl(draftId), [], handler: "Discard")).StatusCode);
        Assert.False(await host.DbAsync(db => db.Set<ExemptionApplication>().AnyAsync(a => a.Id == draftId, Ct)));
    }

    [Fact]
    public async Task A_decided_course_cannot_be_withdrawn_and_the_decision_and_letter_show()
    {
        var (personId, learner) = await host.NewApplicantAsync();
        var award = await host.AwardToAsync(personId, DataLiteracy);
        var id = await SubmittedAsync(learner, [$"award:{award}"], [await host.CourseIdAsync("INFOB1DS")]);
        // The exam board's decision (made by the staff pages; written here directly).
        await host.DbAsync(async db =>
        {
            var application = await db.Set<ExemptionApplication>().Include(a => a.Items).SingleAsync(a => a.Id == id, Ct);
            var item = application.Items.Single();
            (item.Decision, item.DecisionReason, item.GrantedEc, item.DecidedAt) = (ExemptionOutcome.Grant, "Portfolio covers the course.", 5m, DateTime.UtcNow);
            (application.State, application.DecidedAt) = (ExemptionApplicationState.Decided, DateTime.UtcNow);
            return await db.SaveChangesAsync(Ct);
        });
        var page = await learner.PageAsync(RecognitionRoutes.MyApplication(id) + "?culture=en");
        Assert.Contains("exemption granted", page);
        Assert.Contains("Portfolio covers the course.", page);
        Assert.Contains($"href=\"{RecognitionRoutes.Letter(id)}\"", page);
        Assert.DoesNotContain("id=\"withdraw\"", page);
        Assert.Equal(HttpStatusCode.Conflict, (await learner.PostFormAsync(RecognitionRoutes.MyApplication(id), [], handler: "Withdraw")).StatusCode);
        Assert.Equal(ExemptionApplicationState.Decided, (await host.ApplicationAsync(id)).State);
    }

    private async Task<Guid> SubmittedAsync(HttpClient learner, string[] badges, Guid[] courses)
    {
        var id = await learner.StartAsync(await host.InstitutionIdAsync("uu"));
        Assert.Equal(HttpStatusCode.Redirect, (await learner.PostDraftAsync(id, "Review", Form(badges, courses))).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await learner.PostFormAsync(DraftUrl(id) + "&step=review", [], handler: "Submit")).StatusCode);
        return id;
    }

    private async Task<(ExemptionApplicationState State, int Badges, int Items)> StateAsync(Guid id)
    {
        var application = await host.ApplicationAsync(id);
        return (application.State, application.Badges.Count, application.Items.Count);
    }
}

public sealed class ApplyForExemptionTestsOnSqlite(SqliteHost host) : ApplyForExemptionTests(host), IClassFixture<SqliteHost>;

public sealed class ApplyForExemptionTestsOnPostgres(PostgresHost host) : ApplyForExemptionTests(host), IClassFixture<PostgresHost>;
