
namespace Laurel.Browser.Tests.Identity;

/// <summary>Signing in through a real OpenID Connect provider in a real browser.</summary>
public sealed class OidcBrowserSignInTests(OidcSqliteHost host, BrowserSession browser) : IClassFixture<OidcSqliteHost>, IClassFixture<BrowserSession>
{
    [Fact]
    public async Task Learner_signs_in_with_eduID_and_sees_their_account()
    {
        var page = await browser.NewPageAsync("en-GB");
        await page.GotoAsync(host.BaseUrl + "/account");
        // Not signed in: the account page sends the visitor to sign in first.
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Sign in");

        await page.GetByRole(AriaRole.Link, new() { Name = "Sign in with eduID" }).ClickAsync();
        // The provider's own login and consent pages.
        await page.Locator("input[name=login]").FillAsync("sanne");
        await page.Locator("input[name=password]").FillAsync("any password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign-in" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Your account");
        Assert.StartsWith(host.BaseUrl + "/account", page.Url);
        await Assertions.Expect(page.Locator("[data-field=name]")).ToHaveTextAsync("Sanne Tester");
        await Assertions.Expect(page.Locator("[data-field=name-status]")).ToHaveTextAsync("validated");
        await Assertions.Expect(page.GetByRole(AriaRole.Cell, new() { Name = "sanne@students.uu.nl" })).ToBeVisibleAsync();
    }
}
