namespace Laurel.Browser.Tests.Achievements;

/// <summary>
/// An issuer admin on a phone, starting at the home page and only clicking: signs in, defines a micro-credential in
/// Dutch and English with an image, shows the preview, saves (the image survives the preview), publishes, and finds it
/// in the catalog with its image, in each language with that language's text. Every page fits 375 px and is axe-clean.
/// </summary>
public abstract class DefineInTwoLanguagesTests(LaurelHost host, BrowserSession browser)
{
    private static readonly byte[] Png =
        Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==");

    [Theory]
    [InlineData("nl-NL")]
    [InlineData("en-US")]
    public async Task Issuer_admin_defines_in_two_languages_previews_saves_with_image_and_finds_it_in_both_catalogs(string locale)
    {
        var nl = locale.StartsWith("nl", StringComparison.Ordinal);
        string T(string dutch, string english) => nl ? dutch : english;
        var token = Guid.NewGuid().ToString("N")[..6];
        var dutchName = $"Datagedreven werken {token}";
        var englishName = $"Data-driven work {token}";
        var page = await browser.NewPhonePageAsync(locale);

        await page.GotoAsync(host.BaseUrl + "/");
        await CheckAsync(page);
        await page.GetByRole(AriaRole.Link, new() { Name = T("Inloggen", "Sign in"), Exact = true }).ClickAsync();
        await page.Locator("button[data-persona=issuer-admin]").ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = T("Beheer", "Manage"), Exact = true }).ClickAsync();
        await CheckAsync(page);
        // The staff navigation above every manage page leads to the definitions; the list offers "New definition" per issuer.
        var manageNav = page.Locator("nav.manage-nav");
        await manageNav.GetByRole(AriaRole.Link, new() { Name = T("Microcredentials", "Micro-credentials"), Exact = true }).ClickAsync();
        await CheckAsync(page);
        await page.GetByRole(AriaRole.Link, new() { Name = T("Nieuwe definitie voor Informatica", "New definition for Computing Science") }).ClickAsync();
        await CheckAsync(page);

        // The main language (Dutch, the institution's default) and the English translation.
        await Assertions.Expect(page.Locator("#f-Language")).ToHaveValueAsync("nl");
        await page.Locator("#f-Name").FillAsync(dutchName);
        await page.Locator("#f-Description").FillAsync("Werk met data in je eigen organisatie.");
        await page.Locator("#f-CriteriaMarkdown").FillAsync("Lever een **portfolio** in.");
        await page.Locator("#f-LearningOutcomes").FillAsync("- Data opschonen");
        await Assertions.Expect(page.Locator("#f-Translations-0-Language")).ToHaveValueAsync("en");
        await page.Locator("#f-Translations-0-Name").FillAsync(englishName);
        await page.Locator("#f-Translations-0-Description").FillAsync("Work with data in your own organisation.");
        await page.Locator("#f-Translations-0-CriteriaMarkdown").FillAsync("Hand in a **portfolio**.");
        await page.Locator("#f-Translations-0-LearningOutcomes").FillAsync("- Clean a data set");
        await page.Locator("#f-EqfLevel").SelectOptionAsync("6");
        await page.Locator("#f-StudyLoad").FillAsync("5");
        await page.Locator("input[name='Input.AssessmentTypes'][value=Portfolio]").CheckAsync();
        await page.Locator("input[name='Input.ParticipationForms'][value=Online]").CheckAsync();
        await page.Locator("#f-Supervision").SelectOptionAsync("OnsiteWithIdentityCheck");
        await page.Locator("input[name='Input.IdentityChecked'][value=true]").CheckAsync();
        await page.Locator("#f-Image").SetInputFilesAsync(new FilePayload { Name = "badge.png", MimeType = "image/png", Buffer = Png });

        await page.GetByRole(AriaRole.Button, new() { Name = T("Voorbeeld tonen", "Show preview") }).ClickAsync();
        await Assertions.Expect(page.Locator("#chosen-image img")).ToBeVisibleAsync(); // the image is kept, not dropped
        await Assertions.Expect(page.Locator("#preview")).ToContainTextAsync(nl ? dutchName : englishName);
        await Assertions.Expect(page.Locator("#preview img.achievement-image")).ToBeVisibleAsync();
        await CheckAsync(page);

        await page.GetByRole(AriaRole.Button, new() { Name = T("Opslaan", "Save"), Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync(T("opgeslagen als concept", "saved as a draft"));
        await Assertions.Expect(page.Locator("article img.achievement-image")).ToBeVisibleAsync();
        await CheckAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = T("Publiceren", "Publish"), Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync(T("gepubliceerd", "published"));

        await page.GetByRole(AriaRole.Link, new() { Name = T("Catalogus", "Catalog"), Exact = true }).First.ClickAsync();
        await page.Locator("#q").FillAsync(token);
        await page.GetByRole(AriaRole.Button, new() { Name = T("Filteren", "Filter"), Exact = true }).ClickAsync();
        await FindInCatalogAsync(page, nl ? dutchName : englishName, nl ? englishName : dutchName);
        await Screenshots.SaveAsync(page, $"catalog-card-{locale}-{host.DatabaseName}.png", documentAs: null);

        // The other language, by the switch in the header: the same card now reads in that language.
        await page.Locator("#culture-switch").ClickAsync();
        await FindInCatalogAsync(page, nl ? englishName : dutchName, nl ? dutchName : englishName);

        await page.GetByRole(AriaRole.Link, new() { Name = nl ? englishName : dutchName }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync(nl ? englishName : dutchName);
        await Assertions.Expect(page.Locator("article")).ToContainTextAsync(nl ? "Work with data in your own organisation." : "Werk met data in je eigen organisatie.");
        await Assertions.Expect(page.Locator("article img.achievement-image")).ToBeVisibleAsync();
        await CheckAsync(page);
        await page.Context.CloseAsync();
    }

    private static async Task FindInCatalogAsync(IPage page, string shown, string notShown)
    {
        var card = page.Locator(".catalog-results .card", new() { HasText = shown });
        await Assertions.Expect(card).ToBeVisibleAsync();
        await Assertions.Expect(card).Not.ToContainTextAsync(notShown);
        var image = card.Locator("img.card-image");
        await Assertions.Expect(image).ToBeVisibleAsync();
        Assert.EndsWith(shown, await image.GetAttributeAsync("alt"));
        Assert.True(await image.EvaluateAsync<bool>("img => img.complete && img.naturalWidth > 0"), "the badge image loads");
        await CheckAsync(page);
    }

    private static async Task CheckAsync(IPage page, bool fits = true)
    {
        await Journey.LoadedAsync(page); // not NetworkIdle: the live preview keeps talking to the server
        Assert.Empty(await Axe.ViolationsAsync(page));
        if (fits) await Phone.AssertFitsAsync(page);
    }
}

public sealed class DefineInTwoLanguagesTestsOnSqlite(SqliteHost host, BrowserSession browser)
    : DefineInTwoLanguagesTests(host, browser), IClassFixture<SqliteHost>, IClassFixture<BrowserSession>;
