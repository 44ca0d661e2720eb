using static Laurel.Testing.Data.AwardKit;

namespace Laurel.Browser.Tests.Backpack;

/// <summary>
/// Issue 6 in a real browser: a learner makes a badge public without grade and shares it (the public page shows no grade),
/// and builds a collection from two institutions plus an import and opens its public page; axe-core on every page, nl and en.
/// </summary>
public abstract class BackpackBrowserTests(LaurelHost host, BrowserSession browser)
{
    private async Task<IPage> SignInAsync(string locale, string returnUrl)
    {
        var page = await browser.NewPageAsync(locale);
        await page.GotoAsync($"{host.BaseUrl}/account/sign-in?returnUrl={Uri.EscapeDataString(returnUrl)}");
        await page.Locator("button[data-persona=learner]").ClickAsync();
        await page.WaitForURLAsync("**" + returnUrl);
        return page;
    }

    private static async Task AssertAccessibleAsync(IPage page) => Assert.Empty(await Axe.ViolationsAsync(page));

    [Fact]
    public async Task Learner_makes_a_badge_public_without_grade_shares_it_and_the_public_page_shows_no_grade()
    {
        var awardId = await host.CreateAwardAsync(new AwardSpec { Achievement = "Responsible AI in Practice", Grade = "6.8" });
        var learner = await SignInAsync("nl-NL", "/backpack");
        await AssertAccessibleAsync(learner);
        await learner.Locator($"#award-{awardId} h2 a").ClickAsync();
        // The page is there once its document is; its images (badge, QR code) are checked below on their own, so a slow image
        // under a loaded test machine does not hold up the navigation (the load event waits for every image).
        await learner.WaitForURLAsync($"**/backpack/badges/{awardId}", new() { WaitUntil = WaitUntilState.DOMContentLoaded });
        await Assertions.Expect(learner.Locator("#share-disabled")).ToBeVisibleAsync();
        await AssertAccessibleAsync(learner);

        var sharing = learner.Locator("#sharing");
        await sharing.GetByLabel("Openbaar maken").CheckAsync();
        await Assertions.Expect(sharing.GetByLabel("Mijn cijfer tonen")).Not.ToBeCheckedAsync();
        await sharing.GetByRole(AriaRole.Button, new() { NameRegex = new("^Opslaan") }).ClickAsync();
        await Assertions.Expect(learner.Locator("#sharing [role=status]")).ToContainTextAsync("opgeslagen");
        // The LinkedIn buttons go through Laurel's counting redirect (insights), which sends the browser on to LinkedIn.
        await Assertions.Expect(learner.Locator("#linkedin-add")).ToHaveAttributeAsync("href", $"/badges/{awardId}/linkedin?to=profile");
        await Assertions.Expect(learner.Locator("#linkedin-feed")).ToHaveAttributeAsync("href", $"/badges/{awardId}/linkedin?to=feed");
        await Assertions.Expect(learner.Locator("#share-email")).ToHaveAttributeAsync("href", new System.Text.RegularExpressions.Regex("^mailto:\\?subject=Mijn%20badge"));
        // The copy button is progressive enhancement: share.js reveals it.
        await Assertions.Expect(learner.Locator("button[data-copy=share-url]")).ToBeVisibleAsync();
        await learner.WaitForFunctionAsync("() => { const qr = document.querySelector('#qr'); return qr !== null && qr.complete && qr.naturalWidth > 0; }");
        await AssertAccessibleAsync(learner);
        var publicUrl = await learner.Locator("#share-url").InputValueAsync();
        Assert.EndsWith($"/badges/{awardId}", publicUrl);
        await learner.Context.CloseAsync();

        // Anyone opening the shared link sees the badge, without the grade.
        var visitor = await browser.NewPageAsync("en-GB");
        await visitor.GotoAsync($"{host.BaseUrl}/badges/{awardId}");
        await Assertions.Expect(visitor.Locator("h1")).ToContainTextAsync("Responsible AI in Practice");
        await Assertions.Expect(visitor.Locator(".grade")).ToHaveCountAsync(0);
        Assert.DoesNotContain("6.8", await visitor.Locator("main").InnerTextAsync());
        await visitor.Context.CloseAsync();

        // The same pages in English are accessible too.
        var english = await SignInAsync("en-GB", "/backpack");
        await Assertions.Expect(english.Locator("h1")).ToHaveTextAsync("Backpack");
        await AssertAccessibleAsync(english);
        await english.GotoAsync($"{host.BaseUrl}/backpack/badges/{awardId}");
        await Assertions.Expect(english.Locator("#linkedin-feed")).ToContainTextAsync("Share in LinkedIn feed");
        await AssertAccessibleAsync(english);
        await english.GotoAsync($"{host.BaseUrl}/backpack?state=Issued&sort=name");
        await Assertions.Expect(english.Locator("#filter-sort")).ToHaveValueAsync("name");
        await AssertAccessibleAsync(english);
        await english.Context.CloseAsync();
    }

    [Fact]
    public async Task Learner_builds_a_collection_from_two_institutions_and_an_import_and_opens_its_public_page()
    {
        var utrecht = await host.CreateAwardAsync(new AwardSpec { Achievement = "Data Literacy for Professionals" });
        var delft = await host.CreateAwardAsync(new AwardSpec { Achievement = "Solar Energy Systems" });
        var import = await host.ImportAsync(await host.DemoLearnerIdAsync(), name: "Open Science Basics");

        var learner = await SignInAsync("nl-NL", "/backpack/collections");
        await AssertAccessibleAsync(learner);
        await learner.Locator("#new-collection").ClickAsync();
        await learner.GetByRole(AriaRole.Button, new() { Name = "Collectie maken" }).ClickAsync();
        await Assertions.Expect(learner.Locator(".error-summary")).ToContainTextAsync("Vul een naam in");
        await AssertAccessibleAsync(learner);
        await learner.Locator("#Name").FillAsync("Duurzaam en datagedreven");
        await learner.Locator("#IsPublic").CheckAsync();
        await learner.GetByRole(AriaRole.Button, new() { Name = "Collectie maken" }).ClickAsync();
        await Assertions.Expect(learner.Locator("[role=status]")).ToContainTextAsync("De collectie is gemaakt");

        await learner.Locator($"#add-{utrecht}").CheckAsync();
        await learner.Locator($"#add-{delft}").CheckAsync();
        await learner.Locator($"#add-{import}").CheckAsync();
        await learner.GetByRole(AriaRole.Button, new() { Name = "Aan collectie toevoegen" }).ClickAsync();
        await Assertions.Expect(learner.Locator(".collection-items li")).ToHaveCountAsync(3);
        await AssertAccessibleAsync(learner);
        var editUrl = learner.Url;
        await learner.Locator("#public-page").ClickAsync();
        await learner.WaitForURLAsync("**/collections/*");
        var publicUrl = learner.Url;
        await learner.Context.CloseAsync();

        foreach (var locale in new[] { "nl-NL", "en-GB" })
        {
            var visitor = await browser.NewPageAsync(locale);
            await visitor.GotoAsync(publicUrl);
            await Assertions.Expect(visitor.Locator("h1")).ToHaveTextAsync("Duurzaam en datagedreven");
            await Assertions.Expect(visitor.Locator(".collection-credentials > li")).ToHaveCountAsync(3);
            await Assertions.Expect(visitor.Locator($"[data-credential=\"{import}\"] .imported-badge")).ToHaveTextAsync(locale == "en-GB" ? "Imported" : "Geïmporteerd");
            // The two awards carry one verdict each; the import answers signature, recipient and issuer separately.
            await Assertions.Expect(visitor.Locator("[data-verdict=Valid]")).ToHaveCountAsync(2);
            await Assertions.Expect(visitor.Locator($"[data-credential=\"{import}\"] [data-verdict-signature=Valid]")).ToHaveCountAsync(1);
            await Assertions.Expect(visitor.Locator($"[data-credential=\"{import}\"] [data-verdict-recipient=Matched]")).ToHaveCountAsync(1);
            await Assertions.Expect(visitor.Locator("main")).ToContainTextAsync(locale == "en-GB" ? "Delft University of Technology" : "Technische Universiteit Delft");
            await Assertions.Expect(visitor.Locator("main")).ToContainTextAsync(locale == "en-GB" ? "Utrecht University" : "Universiteit Utrecht");
            await AssertAccessibleAsync(visitor);
            await visitor.Context.CloseAsync();
        }

        var english = await SignInAsync("en-GB", "/backpack/collections");
        await AssertAccessibleAsync(english);
        await english.GotoAsync(editUrl);
        await AssertAccessibleAsync(english);
        await english.Context.CloseAsync();
    }
}

public sealed class BackpackBrowserTestsOnSqlite(SqliteHost host, BrowserSession browser)
    : BackpackBrowserTests(host, browser), IClassFixture<SqliteHost>, IClassFixture<BrowserSession>;

public sealed class BackpackBrowserTestsOnPostgres(PostgresHost host, BrowserSession browser)
    : BackpackBrowserTests(host, browser), IClassFixture<PostgresHost>, IClassFixture<BrowserSession>;
