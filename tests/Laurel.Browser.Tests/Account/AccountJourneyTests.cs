using Laurel.Infrastructure.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Laurel.Browser.Tests.Account;

/// <summary>
/// In a real browser against a real OIDC provider: a learner signs in with eduID, links an institution account, finds the badge
/// her institution awarded to that account's EPPN, changes her shown name, and deletes her account; axe-core checks every
/// account screen in Dutch and English.
/// </summary>
public abstract class AccountJourneyTests(IOidcHost host, BrowserSession browser)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task AssertAccessibleAsync(IPage page)
    {
        var violations = await Axe.ViolationsAsync(page);
        Assert.True(violations.Count == 0, page.Url + ": " + string.Join("; ", violations));
    }

    private static async Task ProviderLoginAsync(IPage page, string login)
    {
        await page.Locator("input[name=login]").FillAsync(login);
        await page.Locator("input[name=password]").FillAsync("any password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign-in" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();
    }

    [Fact]
    public async Task Learner_links_an_institution_account_claims_the_EPPN_badge_and_deletes_her_account()
    {
        var key = Guid.NewGuid().ToString("N")[..6];
        var institutionLogin = "b" + key;
        var name = await NewClaimRequiredBadgeAsync();
        using (var awarder = await host.Laurel.SignInAsDemoAsync("awarder"))
            await AwardKit.DirectAwardAsync(host.Laurel, awarder, name.Id, institutionLogin + "@students.uu.nl", "Eppn");

        var page = await browser.NewPageAsync("nl-NL");
        await page.GotoAsync(host.Laurel.BaseUrl + "/account/sign-in?returnUrl=/account");
        await page.GetByRole(AriaRole.Link, new() { Name = "Inloggen met eduID" }).ClickAsync();
        await ProviderLoginAsync(page, "a" + key);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Je account");
        await AssertAccessibleAsync(page);

        // Link the institution account: a second sign-in, at the institution's provider, in link mode.
        await page.GetByRole(AriaRole.Button, new() { Name = "Instellingsaccount (SURFconext) koppelen" }).ClickAsync();
        await ProviderLoginAsync(page, institutionLogin);
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Het instellingsaccount is aan je account gekoppeld.");
        await Assertions.Expect(page.GetByRole(AriaRole.Cell, new() { Name = institutionLogin + "@students.uu.nl", Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-field=name]")).ToHaveTextAsync($"A{key} Tester");
        await AssertAccessibleAsync(page);

        // The badge awarded to that EPPN now waits for her.
        await page.GotoAsync(host.Laurel.BaseUrl + "/backpack/claims");
        await Assertions.Expect(page.Locator("li", new() { HasText = name.Name })).ToContainTextAsync("Toegekend door Universiteit Utrecht");

        // English (the language switch), with a self-asserted name shown as such.
        await page.GotoAsync(host.Laurel.BaseUrl + "/account");
        await page.Locator("#culture-switch").ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Your account");
        await page.GetByLabel("Name you want to be shown (self-asserted)").FillAsync("Annie " + key);
        await page.GetByRole(AriaRole.Button, new() { Name = "Save name" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Your name has been saved.");
        await Assertions.Expect(page.Locator("[data-field=name-status]")).ToHaveTextAsync("self-asserted");
        await Assertions.Expect(page.Locator("[data-field=validated-name]")).ToHaveTextAsync($"A{key} Tester");
        await AssertAccessibleAsync(page);

        await page.GetByRole(AriaRole.Link, new() { Name = "Delete my account…" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Delete your account");
        await AssertAccessibleAsync(page);
        await page.Locator("#Confirmation").FillAsync("nonsense");
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete my account permanently" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Type your e-mail address or the word \"delete\" exactly to confirm.");
        await AssertAccessibleAsync(page);

        await page.Locator("#culture-switch").ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Je account verwijderen");
        await AssertAccessibleAsync(page);
        await page.GetByLabel("Typ ter bevestiging je e-mailadres of het woord \"verwijderen\"").FillAsync($"a{key}@example.org");
        await page.GetByRole(AriaRole.Button, new() { Name = "Mijn account definitief verwijderen" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Je account is verwijderd");
        await AssertAccessibleAsync(page);
        await page.Locator("#culture-switch").ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Your account has been deleted");
        await AssertAccessibleAsync(page);

        await page.GotoAsync(host.Laurel.BaseUrl + "/account");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Sign in");
        await using var scope = host.Laurel.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LaurelDb>();
        Assert.False(await db.LinkedIdentities.AnyAsync(i => i.Subject == "a" + key || i.Subject == institutionLogin, Ct));
        await page.Context.CloseAsync();
    }

    private async Task<(Guid Id, string Name)> NewClaimRequiredBadgeAsync()
    {
        var name = "Onderzoeksmethoden " + TestData.Key(6);
        return (await host.Laurel.AddAchievementAsync("Computing Science", issuer => TestData.Achievement(issuer, name,
            description: "Design and run a small study.", learningOutcomes: "- Design a study", claimRequired: true, stackable: false)), name);
    }
}

public sealed class AccountJourneyTestsOnSqlite(OidcSqliteHost host, BrowserSession browser)
    : AccountJourneyTests(host, browser), IClassFixture<OidcSqliteHost>, IClassFixture<BrowserSession>;

public sealed class AccountJourneyTestsOnPostgres(OidcPostgresHost host, BrowserSession browser)
    : AccountJourneyTests(host, browser), IClassFixture<OidcPostgresHost>, IClassFixture<BrowserSession>;
