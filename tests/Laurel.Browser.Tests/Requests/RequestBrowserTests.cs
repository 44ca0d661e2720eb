namespace Laurel.Browser.Tests.Requests;

/// <summary>Flow 3 in a real browser: a learner requests a badge from the catalog, staff approve it, the learner finds it in the backpack.</summary>
public abstract class RequestBrowserTests(LaurelHost host, BrowserSession browser)
{
    [Fact]
    public async Task Learner_requests_from_the_catalog_staff_approve_and_the_badge_is_in_the_backpack()
    {
        var (achievementId, name) = await NewPublishedAchievementAsync();

        var learner = await browser.NewPageAsync("nl-NL");
        await learner.GotoAsync(host.BaseUrl + $"/account/sign-in?returnUrl=/catalog/{achievementId}");
        await learner.Locator("button[data-persona=learner]").ClickAsync();
        await Assertions.Expect(learner.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync(name);
        await learner.GetByRole(AriaRole.Link, new() { Name = "Deze badge aanvragen" }).ClickAsync();
        await learner.GetByLabel("Motivatie").FillAsync("Ik heb het portfolio in juni afgerond.");
        await learner.GetByRole(AriaRole.Button, new() { Name = "Aanvraag versturen" }).ClickAsync();
        await Assertions.Expect(learner.GetByRole(AriaRole.Status)).ToContainTextAsync("is verstuurd");
        await Assertions.Expect(learner.Locator("table.requests")).ToContainTextAsync(name);
        await Assertions.Expect(learner.Locator("table.requests")).ToContainTextAsync("Wacht op besluit");

        var staff = await browser.NewPageAsync("nl-NL");
        await staff.GotoAsync(host.BaseUrl + "/account/sign-in?returnUrl=/manage/requests");
        await staff.Locator("button[data-persona=awarder]").ClickAsync();
        await staff.GetByLabel($"Selecteer de aanvraag van Lotte de Vries voor {name}").CheckAsync();
        await staff.GetByRole(AriaRole.Button, new() { Name = "Geselecteerde aanvragen goedkeuren" }).ClickAsync();
        await Assertions.Expect(staff.Locator("#outcomes-title")).ToHaveTextAsync("1 van 1 goedgekeurd");

        await learner.GotoAsync(host.BaseUrl + "/backpack/requests");
        await Assertions.Expect(learner.Locator("table.requests")).ToContainTextAsync("Goedgekeurd");
        await learner.GetByRole(AriaRole.Link, new() { Name = "Bekijk hem in je rugzak" }).ClickAsync();
        await Assertions.Expect(learner.Locator(".backpack-list")).ToContainTextAsync(name);
        await learner.Context.CloseAsync();
        await staff.Context.CloseAsync();
    }

    private async Task<(Guid Id, string Name)> NewPublishedAchievementAsync()
    {
        var name = "Aangevraagde badge " + TestData.Key(6);
        return (await host.AddAchievementAsync("Computing Science", issuer => TestData.Achievement(issuer, name,
            description: "Werk met data.", criteria: "Lever een **portfolio** in.", learningOutcomes: "- Data opschonen")), name);
    }
}

public sealed class RequestBrowserTestsOnSqlite(SqliteHost host, BrowserSession browser)
    : RequestBrowserTests(host, browser), IClassFixture<SqliteHost>, IClassFixture<BrowserSession>;

public sealed class RequestBrowserTestsOnPostgres(PostgresHost host, BrowserSession browser)
    : RequestBrowserTests(host, browser), IClassFixture<PostgresHost>, IClassFixture<BrowserSession>;
