using System.Text.Json.Nodes;
using Laurel.Features.Presentations;
using Laurel.Features.Recognition;
using Microsoft.EntityFrameworkCore;

namespace Laurel.Browser.Tests.Recognition;

/// <summary>
/// Issue 17's exam board in a real browser, only by clicking from "/": Eline Smit (exam-board persona) opens the exemption
/// applications from the staff navigation, opens a waiting application, grants one course, refuses the other with a reason and
/// sees the application decided. English on a desktop, Dutch on a 375 px phone; axe-clean on every page.
/// </summary>
public sealed class ExamBoardBrowserTests(SqliteHost host, BrowserSession browser) : IClassFixture<SqliteHost>, IClassFixture<BrowserSession>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("en-US", false)]
    [InlineData("nl-NL", true)]
    public async Task Exam_board_grants_one_course_and_refuses_the_other(string locale, bool phone)
    {
        var nl = locale.StartsWith("nl", StringComparison.Ordinal);
        var (applicationId, codes, learnerName) = await SeedAsync();
        var uu = await host.InstitutionIdAsync("uu");
        var page = phone ? await browser.NewPhonePageAsync(locale) : await browser.NewPageAsync(locale);
        await Journey.SignInByClickingAsync(page, host.BaseUrl, "exam-board", "**/manage");
        await Journey.ClickAsync(page, $"nav.manage-nav a[href='{RecognitionRoutes.Queue(uu)}']");
        await Assertions.Expect(page.Locator($"tr[data-application='{applicationId}']")).ToContainTextAsync(learnerName);
        await Journey.ClickAsync(page, $"tr[data-application='{applicationId}'] a");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync(learnerName);

        var grant = page.Locator($"section[data-course='{codes[0]}']");
        await grant.Locator("input[name=outcome][value=Grant]").CheckAsync();
        await Journey.ClickAsync(page, $"section[data-course='{codes[0]}'] button[type=submit]");
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync(nl ? "Besluit opgeslagen." : "Decision saved.");

        var refuse = page.Locator($"section[data-course='{codes[1]}']");
        await refuse.Locator("input[name=outcome][value=Refuse]").CheckAsync();
        await refuse.Locator("textarea[name=reason]").FillAsync(nl ? "Het practicum ontbreekt." : "The practical part is missing.");
        await Journey.ClickAsync(page, $"section[data-course='{codes[1]}'] button[type=submit]");
        await Assertions.Expect(page.Locator(".application-state")).ToHaveAttributeAsync("data-state", "Decided");
        await Assertions.Expect(page.Locator(".application-state")).ToContainTextAsync(nl ? "Besloten" : "Decided");
        await Assertions.Expect(page.Locator($"section[data-course='{codes[0]}'] .decision")).ToContainTextAsync(nl ? "Vrijstelling verleend" : "Exemption granted");
        await Assertions.Expect(page.Locator($"section[data-course='{codes[1]}'] .decision")).ToContainTextAsync(nl ? "Het practicum ontbreekt." : "The practical part is missing.");
        await Screenshots.SaveAsync(page, $"exam-board-decided-{locale}-{(phone ? "phone" : "desktop")}.png");
        var state = await host.DbAsync(db => db.Set<ExemptionApplication>().Where(a => a.Id == applicationId).Select(a => a.State).SingleAsync(Ct));
        Assert.Equal(ExemptionApplicationState.Decided, state);
    }

    /// <summary>One submitted application of a new learner to UU (the learner side is another part): two awards, two Science courses.</summary>
    private async Task<(Guid Id, string[] Codes, string LearnerName)> SeedAsync()
    {
        var key = TestData.Key();
        var name = "Noor Bos " + key;
        var learner = await host.AddPersonAsync(TestData.Learner($"noor-{key}@example.org", name));
        var awards = new[]
        {
            await host.CreateAwardAsync(new AwardSpec { Achievement = "Data Literacy for Professionals", RecipientPersonId = learner.Id, ToDemoLearner = false }),
            await host.CreateAwardAsync(new AwardSpec { Achievement = "Responsible AI in Practice", RecipientPersonId = learner.Id, ToDemoLearner = false }),
        };
        return await host.DbAsync(async db =>
        {
            var uu = await db.Institutions.SingleAsync(i => i.Slug == "uu", Ct);
            var science = await db.Faculties.SingleAsync(f => f.NameEn == "Faculty of Science", Ct);
            var application = new ExemptionApplication
            {
                Id = Guid.CreateVersion7(), InstitutionId = uu.Id, PersonId = learner.Id, State = ExemptionApplicationState.Submitted,
                CreatedAt = DateTime.UtcNow.AddHours(-2), SubmittedAt = DateTime.UtcNow.AddHours(-1), Motivation = "Both courses were part of my micro-credentials.",
            };
            var codes = new[] { "DS1-" + key, "AI2-" + key };
            for (var i = 0; i < 2; i++)
            {
                var course = new RecognitionCourse
                {
                    Id = Guid.CreateVersion7(), InstitutionId = uu.Id, FacultyId = science.Id, Code = codes[i], NameNl = $"Vak {i + 1}", NameEn = $"Course {i + 1}",
                    Programme = "BSc Informatica", Ec = 5, CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow,
                    Rules = [new RecognitionRule { Criteria = new BadgeCriteria { MicroCredentialOnly = true } }],
                };
                db.Add(course);
                var json = await db.Awards.Where(a => a.Id == awards[i]).Select(a => a.CredentialJson).SingleAsync(Ct);
                var badge = new ApplicationBadge
                {
                    Id = Guid.CreateVersion7(), Source = ApplicationBadgeSource.Award, AwardId = awards[i], Format = PresentationFormats.LdpVc,
                    Facts = BadgeFacts.FromOpenBadge(JsonNode.Parse(json)!.AsObject()), VerifiedAt = DateTime.UtcNow,
                };
                application.Badges.Add(badge);
                var results = course.Rules[0].Criteria.Evaluate(badge.Facts);
                application.Items.Add(new ExemptionItem
                {
                    Id = Guid.CreateVersion7(), CourseId = course.Id, ProposedOutcome = results.All(r => r.Met) ? ExemptionOutcome.Grant : ExemptionOutcome.Refuse,
                    ProposedBadgeId = badge.Id, ProposalReasons = [new ProposalReason(badge.Id, 0, results)],
                });
            }
            db.Add(application);
            await db.SaveChangesAsync(Ct);
            return (application.Id, codes, name);
        });
    }
}
