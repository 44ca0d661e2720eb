using Laurel.Features.Achievements;
using Laurel.Features.Awards;
using Laurel.Features.Identity;
using Laurel.Features.Pathways;
using Laurel.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Laurel.Browser.Tests.Pathways;

/// <summary>
/// Pathways in a real browser: staff define one (errors first, then a valid pathway across two institutions), a learner with
/// credentials from two institutions sees progress and receives the completion credential automatically, and the public pages
/// are readable by anyone; axe-core finds nothing on any of these pages in Dutch and English.
/// </summary>
public sealed class PathwayJourneyTests(SqliteHost host, BrowserSession browser) : IClassFixture<SqliteHost>, IClassFixture<BrowserSession>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task AssertAccessibleAsync(IPage page)
    {
        var violations = await Axe.ViolationsAsync(page);
        Assert.True(violations.Count == 0, page.Url + ": " + string.Join("; ", violations));
    }

    [Fact]
    public async Task Staff_define_a_pathway_and_see_every_problem_first()
    {
        var page = await browser.NewPageAsync("nl-NL");
        await page.GotoAsync(host.BaseUrl + "/account/sign-in?returnUrl=/manage/pathways");
        await page.Locator("button[data-persona=issuer-admin]").ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Leerpaden");
        await AssertAccessibleAsync(page);
        await page.GetByRole(AriaRole.Link, new() { Name = "Nieuw leerpad voor Universiteit Utrecht" }).ClickAsync();
        await AssertAccessibleAsync(page);

        await page.GetByRole(AriaRole.Button, new() { Name = "Opslaan" }).ClickAsync();
        var summary = page.Locator(".error-summary");
        await Assertions.Expect(summary).ToContainTextAsync("Vul dit in.");
        await Assertions.Expect(summary).ToContainTextAsync("Voeg minstens één onderdeel toe.");
        await Assertions.Expect(summary).ToContainTextAsync("Geef minstens één eis");
        await AssertAccessibleAsync(page);

        await page.Locator("#f-NameNl").FillAsync("Energie en data");
        await page.Locator("#f-NameEn").FillAsync("Energy and data");
        await page.GetByLabel("Gepubliceerd").CheckAsync();
        await page.Locator("#f-Items-0-AchievementId").SelectOptionAsync(new SelectOptionValue { Label = "Data Literacy for Professionals — Informatica" });
        await page.Locator("#f-Items-1-AchievementId").SelectOptionAsync(new SelectOptionValue { Label = "Solar Energy Systems — TU Delft Extension School" });
        await page.Locator("#f-Items-2-ExternalUrl").FillAsync("https://badges.other.example/achievements/ai-ethics");
        await page.Locator("#f-Items-2-Label").FillAsync("AI-ethiek (elders)");
        await page.Locator("#f-MinItems").FillAsync("2");
        await page.Locator("#f-MinCredits").FillAsync("7,5");
        await page.GetByRole(AriaRole.Button, new() { Name = "Opslaan" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Het leerpad is opgeslagen.");
        await AssertAccessibleAsync(page);

        await page.GotoAsync(page.Url + "?culture=en");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Edit pathway: Energy and data");
        await AssertAccessibleAsync(page);
        await page.GetByRole(AriaRole.Link, new() { Name = "Public page" }).ClickAsync();
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("Minimaal 2 van deze 3 onderdelen");
        await AssertAccessibleAsync(page);
        await page.GotoAsync(page.Url + "?culture=en");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("At least 2 of these 3 items");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("Delft University of Technology");
        await AssertAccessibleAsync(page);
    }

    [Fact]
    public async Task Learner_with_credentials_from_two_institutions_sees_progress_and_receives_the_completion_credential()
    {
        var (first, second, completionName, pathwayId) = await NewPathwayForLotteAsync();
        await AwardToLotteAsync(first, "awarder");

        var page = await browser.NewPageAsync("nl-NL");
        await page.GotoAsync(host.BaseUrl + "/account/sign-in?returnUrl=/backpack/pathways");
        await page.Locator("button[data-persona=learner]").ClickAsync();
        var pathway = page.Locator("section.pathway");
        await Assertions.Expect(pathway).ToContainTextAsync("1 van 2 onderdelen");
        await Assertions.Expect(pathway).ToContainTextAsync("Bezig");
        await AssertAccessibleAsync(page);
        await page.GotoAsync(host.BaseUrl + "/backpack/pathways?culture=en");
        await Assertions.Expect(pathway).ToContainTextAsync("1 of 2 items");
        await AssertAccessibleAsync(page);

        // The last piece comes from TU Delft; the completion credential follows by itself.
        await AwardToLotteAsync(second, "tud-pathways");
        await page.ReloadAsync();
        await Assertions.Expect(pathway).ToContainTextAsync("Completed");
        await Assertions.Expect(pathway).ToContainTextAsync("2 of 2 items");
        // The award event worker makes the completion credential after the award has committed (within its poll interval): the
        // learner reloads the backpack until it is there, as a person would.
        await page.GotoAsync(host.BaseUrl + "/backpack?culture=en");
        for (var attempt = 0; attempt < 40 && !(await page.Locator("main").InnerTextAsync()).Contains(completionName); attempt++)
        {
            await Task.Delay(500, TestContext.Current.CancellationToken);
            await page.ReloadAsync();
        }
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync(completionName);

        await page.GotoAsync(host.BaseUrl + $"/pathways/{pathwayId}?culture=nl");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("Afgerond");
        await AssertAccessibleAsync(page);
    }

    [Fact]
    public async Task Public_pathway_pages_are_accessible_in_both_languages()
    {
        var (_, _, completionName, pathwayId) = await NewPathwayForLotteAsync();
        foreach (var (culture, locale, requirement) in new[] { ("nl", "nl-NL", "Minimaal 2 van deze 2 onderdelen"), ("en", "en-GB", "At least 2 of these 2 items") })
        {
            var page = await browser.NewPageAsync(locale);
            await page.GotoAsync(host.BaseUrl + $"/pathways?culture={culture}");
            await page.GetByRole(AriaRole.Link, new() { Name = culture == "en" ? "Pathway for Lotte " + pathwayId.ToString()[^6..] : "Leerpad voor Lotte " + pathwayId.ToString()[^6..] }).ClickAsync();
            await Assertions.Expect(page.Locator("main")).ToContainTextAsync(requirement);
            await Assertions.Expect(page.Locator("main")).ToContainTextAsync(completionName);
            await AssertAccessibleAsync(page);
            await page.GotoAsync(host.BaseUrl + $"/pathways?culture={culture}&institution=uu&q=lotte");
            await AssertAccessibleAsync(page);
            await page.Context.CloseAsync();
        }
    }

    private async Task<(Guid First, Guid Second, string CompletionName, Guid PathwayId)> NewPathwayForLotteAsync()
    {
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LaurelDb>();
        Guid Copy(Achievement template, string name, bool gradeRequired)
        {
            var copy = TestData.CopyOf(template, name, gradeRequired);
            db.Achievements.Add(copy);
            return copy.Id;
        }
        var uuTemplate = await db.Achievements.AsNoTracking().FirstAsync(a => a.Name == "Data Literacy for Professionals", Ct);
        var tudTemplate = await db.Achievements.AsNoTracking().FirstAsync(a => a.Name == "Solar Energy Systems", Ct);
        var key = Guid.NewGuid().ToString("N")[..6];
        var first = Copy(uuTemplate, "Data basics " + key, gradeRequired: false);
        var second = Copy(tudTemplate, "Solar basics " + key, gradeRequired: false);
        var completionName = "Energy data specialist " + key;
        var completion = Copy(uuTemplate, completionName, gradeRequired: false);
        var pathwayId = Guid.CreateVersion7();
        db.Pathways.Add(new Pathway
        {
            Id = pathwayId, InstitutionId = uuTemplate.InstitutionId, NameNl = "Leerpad voor Lotte " + pathwayId.ToString()[^6..],
            NameEn = "Pathway for Lotte " + pathwayId.ToString()[^6..], DescriptionNl = "Data en zonne-energie.", DescriptionEn = "Data and solar energy.",
            Status = PathwayStatus.Published, MinItems = 2, CompletionAchievementId = completion, CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow,
            Items =
            [
                new PathwayItem { Id = Guid.CreateVersion7(), Position = 0, AchievementId = first, LineageId = first },
                new PathwayItem { Id = Guid.CreateVersion7(), Position = 1, AchievementId = second, LineageId = second },
            ],
        });
        await db.SaveChangesAsync(Ct);
        return (first, second, completionName, pathwayId);
    }

    /// <summary>Awards through <see cref="AwardService"/> as a staff member (the demo awarder of UU, or a TU Delft admin).</summary>
    private async Task AwardToLotteAsync(Guid achievementId, string staffPersona)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LaurelDb>();
        var achievement = await db.Achievements.AsNoTracking().SingleAsync(a => a.Id == achievementId, Ct);
        var staff = await db.LinkedIdentities.Where(i => i.Provider == SignInModel.DemoProvider && i.Subject == staffPersona).Select(i => i.PersonId)
            .FirstOrDefaultAsync(Ct);
        if (staff == Guid.Empty)
        {
            var person = TestData.Learner(null, "Tim Delft", provider: SignInModel.DemoProvider, subject: staffPersona);
            db.Persons.Add(person);
            db.StaffMemberships.Add(TestData.InstitutionAdmin(person.Id, achievement.InstitutionId));
            await db.SaveChangesAsync(Ct);
            staff = person.Id;
        }
        var lotte = await db.LinkedIdentities.Where(i => i.Provider == SignInModel.DemoProvider && i.Subject == "learner").Select(i => i.Person!).SingleAsync(Ct);
        var actor = SignInKit.Principal(staff, staffPersona);
        var outcome = await scope.ServiceProvider.GetRequiredService<AwardService>().AwardAsync(actor, new AwardRequest
        {
            AchievementId = achievementId, RecipientPersonId = lotte.Id, RecipientIdentity = lotte.Email, RecipientIdentityType = RecipientTypes.EmailAddress,
            CompletedOn = DateOnly.FromDateTime(DateTime.UtcNow), InitialStudent = false,
        }, Ct);
        Assert.True(outcome.Succeeded, string.Join("; ", outcome.Errors.SelectMany(e => e.Value)));
    }
}
