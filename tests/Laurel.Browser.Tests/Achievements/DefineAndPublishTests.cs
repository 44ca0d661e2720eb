using System.Text.RegularExpressions;

namespace Laurel.Browser.Tests.Achievements;

/// <summary>
/// The key staff journey in a real browser: an issuer admin defines a micro-credential, sees the Dutch
/// errors for what is missing, fixes them, publishes, and finds it in the public catalog.
/// </summary>
public abstract partial class DefineAndPublishTests(LaurelHost host, BrowserSession browser)
{
    [Fact]
    public async Task Issuer_admin_fixes_Dutch_errors_publishes_and_finds_the_micro_credential_in_the_catalog()
    {
        var page = await browser.NewPageAsync("nl-NL");
        var name = $"Datagedreven werken {Guid.NewGuid().ToString("N")[..6]}";

        await page.GotoAsync(host.BaseUrl + "/account/sign-in?returnUrl=/manage/achievements");
        await page.Locator("button[data-persona=issuer-admin]").ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Nieuwe definitie voor Informatica" }).ClickAsync();

        // Everything except the learning outcomes and the EQF level.
        await page.Locator("#f-Name").FillAsync(name);
        await page.Locator("#f-Description").FillAsync("Werk met data in je eigen organisatie.");
        await page.Locator("#f-CriteriaMarkdown").FillAsync("Lever een **portfolio** in.");
        await page.Locator("#f-StudyLoad").FillAsync("2,5");
        await page.GetByLabel("Portfolio").CheckAsync();
        await page.GetByLabel("Online", new() { Exact = true }).CheckAsync();
        await page.Locator("#f-Supervision").SelectOptionAsync("OnsiteWithIdentityCheck");
        await page.GetByLabel("Ja", new() { Exact = true }).CheckAsync();

        // The live preview (JavaScript, fetch with the anti-forgery token) follows the typing.
        await Assertions.Expect(page.Locator("#preview")).ToContainTextAsync(name);
        await Assertions.Expect(page.Locator("#preview strong")).ToHaveTextAsync("portfolio");

        await page.GetByRole(AriaRole.Button, new() { Name = "Opslaan" }).ClickAsync();

        var summary = page.Locator("#error-summary");
        await Assertions.Expect(summary).ToContainTextAsync("Er zijn problemen met wat je hebt ingevuld");
        await Assertions.Expect(summary).ToContainTextAsync("Vul de leeruitkomsten in");
        await Assertions.Expect(summary).ToContainTextAsync("Kies het EQF-niveau");
        await Assertions.Expect(page.Locator("#f-LearningOutcomes")).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(page.Locator("#f-Name")).ToHaveValueAsync(name); // nothing typed is lost
        await Screenshots.SaveAsync(page, $"definition-errors-{host.DatabaseName}.png", documentAs: null, fullPage: false);

        await summary.GetByRole(AriaRole.Link, new() { NameRegex = LearningOutcomesLink() }).ClickAsync();
        await page.Locator("#f-LearningOutcomes").FillAsync("- Data opschonen\n- Een grafiek uitleggen");
        await page.Locator("#f-EqfLevel").SelectOptionAsync("6");
        await page.GetByRole(AriaRole.Button, new() { Name = "Opslaan" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("opgeslagen als concept");
        await page.GetByRole(AriaRole.Button, new() { Name = "Publiceren" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("gepubliceerd");

        await page.GotoAsync(host.BaseUrl + "/catalog");
        await page.Locator("#q").FillAsync(name);
        await page.Locator("#institution").SelectOptionAsync("uu");
        await page.GetByRole(AriaRole.Button, new() { Name = "Filteren" }).ClickAsync();
        var card = page.Locator(".catalog-results .card", new() { HasText = name });
        await Assertions.Expect(card).ToBeVisibleAsync();
        await Assertions.Expect(card.Locator(".badge-mc")).ToBeVisibleAsync();
        await Assertions.Expect(card).ToContainTextAsync("2,5 EC (70 uur)");

        // A screenshot of the whole catalog (all institutions) at 1280 px for reviewers and the docs.
        await page.GotoAsync(host.BaseUrl + "/catalog");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = name })).ToBeVisibleAsync();
        await Screenshots.SaveAsync(page, $"catalog-{host.DatabaseName}.png", documentAs: "catalog.png");

        await page.GetByRole(AriaRole.Link, new() { Name = name }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync(name);
        await Assertions.Expect(page.Locator("article")).ToContainTextAsync("Kwaliteitskader microcredentials HO");
        await page.Context.CloseAsync();
    }

    [GeneratedRegex("leeruitkomsten")]
    private static partial Regex LearningOutcomesLink();
}

public sealed class DefineAndPublishTestsOnSqlite(SqliteHost host, BrowserSession browser)
    : DefineAndPublishTests(host, browser), IClassFixture<SqliteHost>, IClassFixture<BrowserSession>;

public sealed class DefineAndPublishTestsOnPostgres(PostgresHost host, BrowserSession browser)
    : DefineAndPublishTests(host, browser), IClassFixture<PostgresHost>, IClassFixture<BrowserSession>;
