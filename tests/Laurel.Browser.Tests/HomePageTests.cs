namespace Laurel.Browser.Tests;

/// <summary>The home page in a real browser: language negotiation and the language switch.</summary>
public sealed class HomePageTests(SqliteHost host, BrowserSession browser) : IClassFixture<SqliteHost>, IClassFixture<BrowserSession>
{
    [Fact]
    public async Task Visitor_switches_the_home_page_from_Dutch_to_English()
    {
        var page = await browser.NewPageAsync("nl-NL");
        await page.GotoAsync(host.BaseUrl + "/");
        Assert.Equal("nl", await page.GetAttributeAsync("html", "lang"));
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Microcredentials");

        await page.GetByRole(AriaRole.Button, new() { Name = "English" }).ClickAsync();

        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Micro-credentials you can keep");
    }
}
