namespace Laurel.Browser.Tests.Publishing;

/// <summary>A visitor walks institution → faculty → issuer profile pages; axe-core finds no WCAG 2.1 A/AA violations.</summary>
public sealed class IssuerProfilePageTests(SqliteHost host, BrowserSession browser) : IClassFixture<SqliteHost>, IClassFixture<BrowserSession>
{
    [Theory]
    [InlineData("nl-NL", "Faculteit Bètawetenschappen", "Informatica")]
    [InlineData("en-GB", "Faculty of Science", "Computing Science")]
    public async Task Visitor_walks_down_the_issuer_tree_and_every_page_is_accessible(string locale, string faculty, string issuer)
    {
        var page = await browser.NewPageAsync(locale);
        await page.GotoAsync(host.BaseUrl + "/institutions/uu" + (locale == "en-GB" ? "?culture=en" : ""));
        Assert.Empty(await Axe.ViolationsAsync(page));

        await page.GetByRole(AriaRole.Link, new() { Name = faculty, Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(faculty);
        Assert.Empty(await Axe.ViolationsAsync(page));

        await page.GetByRole(AriaRole.Link, new() { Name = issuer, Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(issuer);
        Assert.Empty(await Axe.ViolationsAsync(page));
    }
}
