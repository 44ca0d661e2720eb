namespace Laurel.Browser.Tests.Recognition;

/// <summary>
/// Issue 17 in a real browser, only by clicking from "/": the demo learner (with the demo data's badges from UU and TU Delft)
/// applies at UU with both badges for the two courses they meet, sees the proposals with their reasons, submits, and finds the
/// application listed. In English on a desktop and in Dutch on a 375 px phone, axe-clean on every page.
/// </summary>
public sealed class ApplyForExemptionBrowserTests(ApplyForExemptionBrowserTests.DemoHost host, BrowserSession browser)
    : IClassFixture<ApplyForExemptionBrowserTests.DemoHost>, IClassFixture<BrowserSession>
{
    /// <summary>The demo data with its sample awards, as <c>dotnet run</c> has it.</summary>
    public sealed class DemoHost() : LaurelHost(new TestHostOptions(Db.Sqlite).WithSetting("Laurel:Demo:SampleAwards", "true"));

    [Theory]
    [InlineData("en-US", false)]
    [InlineData("nl-NL", true)]
    public async Task Learner_applies_at_UU_with_badges_from_two_institutions_and_sees_the_proposals(string locale, bool phone)
    {
        var nl = locale.StartsWith("nl", StringComparison.Ordinal);
        var page = phone ? await browser.NewPhonePageAsync(locale) : await browser.NewPageAsync(locale);
        await Journey.SignInByClickingAsync(page, host.BaseUrl, "learner", "**/backpack");
        await Journey.ClickAsync(page, "#exemptions-link");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(nl ? "Mijn vrijstellingsaanvragen" : "My exemption applications");
        await Journey.ClickAsync(page, "#new-application");
        await page.GetByLabel(nl ? "Universiteit Utrecht" : "Utrecht University").CheckAsync();
        await Journey.ClickAsync(page, "#start");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 }))
            .ToHaveTextAsync(nl ? "Vrijstellingen aanvragen bij Universiteit Utrecht" : "Apply for exemptions at Utrecht University");

        // Both badges (UU and TU Delft) are usable; the two courses they meet are suggested and already ticked.
        var badges = page.Locator("li[data-usable='true'] input[name=Badges]");
        await Assertions.Expect(badges).ToHaveCountAsync(2);
        await page.GetByLabel("Data Literacy for Professionals").CheckAsync();
        await page.GetByLabel("Solar Energy Systems").CheckAsync();
        await Assertions.Expect(page.Locator("li[data-suggested='true'] input[name=Courses]:checked")).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator("li[data-suggested='false'] input[name=Courses]:checked")).ToHaveCountAsync(0);
        await page.Locator("#Motivation").FillAsync(nl ? "Ik werk als data-analist." : "I work as a data analyst.");
        await Journey.CheckAsync(page);

        await Journey.ClickAsync(page, "#review");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(nl ? "Controleer je aanvraag" : "Check your application");
        var proposals = page.Locator("#proposals");
        await Assertions.Expect(proposals.Locator("[data-proposal=Grant]")).ToHaveCountAsync(2);
        await Assertions.Expect(proposals).ToContainTextAsync(nl ? "voldoet: EQF 6 ≥ 6" : "meets: EQF 6 ≥ 6");
        await Assertions.Expect(proposals).ToContainTextAsync(nl ? "voldoet: 5 EC ≥ 4" : "meets: 5 EC ≥ 4");
        await Assertions.Expect(page.Locator(".application-badges")).ToContainTextAsync("Delft University of Technology");
        await Screenshots.SaveAsync(page, $"exemption-review-{locale}-{(phone ? "phone" : "desktop")}.png");

        await Journey.ClickAsync(page, "#submit-application");
        await Assertions.Expect(page.Locator("#application-submitted")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#application-state")).ToHaveTextAsync(nl ? "Ingediend" : "Submitted");
        await Assertions.Expect(page.Locator("[data-valid-now=true]")).ToHaveCountAsync(2);
        var applicationUrl = page.Url;

        await Journey.ClickAsync(page, "#back-to-applications");
        var listed = page.Locator($"li[data-application='{applicationUrl.Split('/').Last().Split('?')[0]}']");
        await Assertions.Expect(listed).ToHaveAttributeAsync("data-state", "Submitted");
        await Assertions.Expect(listed).ToContainTextAsync(nl ? "Vrijstellingen bij Universiteit Utrecht" : "Exemptions at Utrecht University");
        await Assertions.Expect(listed).ToContainTextAsync("Data Science 1");
    }
}
