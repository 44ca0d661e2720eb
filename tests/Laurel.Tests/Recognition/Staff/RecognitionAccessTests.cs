using System.Net;
using Laurel.Features.Identity;
using Laurel.Features.Recognition;

namespace Laurel.Tests.Recognition.Staff;

/// <summary>Rights as for awards: View on the faculty sees the queue and an application, Award on the course's faculty decides; everyone else is refused and nothing changes.</summary>
public abstract class RecognitionAccessTests(LaurelHost host)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<HttpResponseMessage> PostDecisionAsync(HttpClient client, string page, Guid itemId)
    {
        var token = LaurelHost.AntiforgeryToken(await client.GetStringAsync("/account/sign-in", Ct));
        return await client.PostAsync(page + "?handler=Decide",
            new FormUrlEncodedContent([.. RecognitionStaffKit.Decision(itemId, 0, "Grant"), new("__RequestVerificationToken", token)]), Ct);
    }

    [Fact]
    public async Task Each_role_sees_and_decides_exactly_what_it_may()
    {
        var app = await host.SubmittedApplicationAsync();
        var uu = await host.InstitutionIdAsync("uu");
        var queue = RecognitionRoutes.Queue(uu);
        var page = RecognitionRoutes.Decide(uu, app.Id);
        var viewer = await host.NewFacultyStaffAsync(app.FacultyId, StaffRole.Viewer);
        var otherFacultyAwarder = await host.NewFacultyStaffAsync(await host.NewUuFacultyAsync(), StaffRole.Awarder);
        await host.EnsureOtherInstitutionAdminAsync();

        // A viewer of the faculty sees the application but has no decision form, and a posted decision is refused.
        using (var client = await host.SignInAsDemoAsync(viewer))
        {
            Assert.Contains(app.LearnerName, await client.PageAsync(queue));
            var html = await client.PageAsync(page + "?culture=en");
            Assert.Contains(app.LearnerName, html);
            Assert.DoesNotContain("decision-form", html);
            Assert.Equal(HttpStatusCode.Forbidden, (await PostDecisionAsync(client, page, app.ItemIds[0])).StatusCode);
        }
        // An awarder of another faculty of the same institution: not in the queue, no access.
        using (var client = await host.SignInAsDemoAsync(otherFacultyAwarder))
        {
            Assert.DoesNotContain(app.LearnerName, await client.PageAsync(queue));
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync(page, Ct)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await PostDecisionAsync(client, page, app.ItemIds[0])).StatusCode);
        }
        foreach (var persona in new[] { "tud-admin", "learner", "employer" })
        {
            using var client = await host.SignInAsDemoAsync(persona);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync(queue, Ct)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync(page, Ct)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await PostDecisionAsync(client, page, app.ItemIds[0])).StatusCode);
        }
        using (var anonymous = host.CreateClient())
        {
            Assert.Equal(HttpStatusCode.Redirect, (await anonymous.GetAsync(queue, Ct)).StatusCode);
            Assert.Equal(HttpStatusCode.Redirect, (await anonymous.GetAsync(page, Ct)).StatusCode);
        }
        Assert.All((await host.ApplicationAsync(app.Id)).Items, i => Assert.Null(i.Decision));
        using (var client = await host.SignInAsDemoAsync("exam-board"))
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(RecognitionRoutes.Decide(uu, Guid.NewGuid()), Ct)).StatusCode);

        // The institution admin decides anything of the institution.
        using var admin = await host.SignInAsDemoAsync("institution-admin");
        Assert.Contains("decision-form", await admin.PageAsync(page));
        Assert.Equal(HttpStatusCode.Redirect, (await PostDecisionAsync(admin, page, app.ItemIds[0])).StatusCode);
        Assert.Equal(ExemptionOutcome.Grant, (await host.ApplicationAsync(app.Id)).Items.Single(i => i.Id == app.ItemIds[0]).Decision);
    }

    [Fact]
    public async Task The_queue_is_oldest_first_and_pages_by_keyset()
    {
        var older = await host.SubmittedApplicationAsync(submittedAt: DateTime.UtcNow.AddDays(-30));
        var newer = await host.SubmittedApplicationAsync(submittedAt: DateTime.UtcNow.AddDays(-29));
        using var board = await host.SignInAsDemoAsync("exam-board");
        var html = await board.PageAsync(RecognitionRoutes.Queue(await host.InstitutionIdAsync("uu")));
        Assert.True(html.IndexOf(older.LearnerName, StringComparison.Ordinal) < html.IndexOf(newer.LearnerName, StringComparison.Ordinal));
    }
}

public sealed class RecognitionAccessTestsOnSqlite(SqliteHost host) : RecognitionAccessTests(host), IClassFixture<SqliteHost>;

public sealed class RecognitionAccessTestsOnPostgres(PostgresHost host) : RecognitionAccessTests(host), IClassFixture<PostgresHost>;
