namespace Laurel.Browser.Tests.Institutions;

/// <summary>The institution tree in a real browser, without shortcuts: sign in, add a faculty and an issuer through the forms.</summary>
public sealed class InstitutionTreeBrowserTests(SqliteHost host, BrowserSession browser) : IClassFixture<SqliteHost>, IClassFixture<BrowserSession>
{
    [Fact]
    public async Task Institution_admin_adds_a_faculty_and_an_issuer_and_sees_them_in_the_tree()
    {
        var page = await browser.NewPageAsync("en-GB");
        await page.GotoAsync(host.BaseUrl + "/manage");
        // Anonymous: sent to the sign-in page, and back to /manage afterwards.
        await page.Locator("button[data-persona='institution-admin']").ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Staff dashboard");

        await page.GetByRole(AriaRole.Link, new() { Name = "Utrecht University" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Utrecht University");

        await page.GetByRole(AriaRole.Link, new() { Name = "Add faculty" }).ClickAsync();
        // Saving an empty form shows the error summary and changes nothing.
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Assertions.Expect(page.Locator(".error-summary")).ToContainTextAsync("Name (Dutch) is required.");
        await page.GetByLabel("Name (Dutch)").FillAsync("Faculteit Sociale Wetenschappen");
        await page.GetByLabel("Name (English)").FillAsync("Faculty of Social and Behavioural Sciences");
        await page.GetByLabel("On behalf of (consortium)").FillAsync("Alliantie Midden");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();

        var tree = page.Locator("section.tree");
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Your changes have been saved.");
        await Assertions.Expect(tree).ToContainTextAsync("Faculty of Social and Behavioural Sciences");

        await page.GetByRole(AriaRole.Link, new() { Name = "Add issuer (Faculty of Social and Behavioural Sciences)" }).ClickAsync();
        await page.GetByLabel("Name (Dutch)").FillAsync("Psychologie");
        await page.GetByLabel("Name (English)").FillAsync("Psychology");
        await page.GetByLabel("Website").FillAsync("https://www.uu.nl/psychologie");
        await page.GetByLabel("E-mail address").FillAsync("psychologie@uu.example");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();

        var faculty = tree.Locator("li", new() { HasText = "Faculty of Social and Behavioural Sciences" });
        await Assertions.Expect(faculty.Locator("li", new() { HasText = "Psychology" })).ToBeVisibleAsync();
    }
}
