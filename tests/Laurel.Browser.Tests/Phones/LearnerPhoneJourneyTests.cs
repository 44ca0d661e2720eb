using static Laurel.Testing.Data.AwardKit;

namespace Laurel.Browser.Tests.Phones;

/// <summary>
/// Issue 14 on a 375 px phone, only by clicking from <c>/</c>: the learner signs in (the header's "Sign in" on the sign-in page
/// keeps one return address), opens the backpack (each filter label above its own field, the signing explanation once), a badge,
/// collections, imports, pathways and the account page; every page fits the phone and is axe-clean, in nl and en. The favicon
/// is served and linked.
/// </summary>
public sealed class LearnerPhoneJourneyTests(SqliteHost host, BrowserSession browser) : IClassFixture<SqliteHost>, IClassFixture<BrowserSession>
{
    private static async Task CheckAsync(IPage page)
    {
        await Phone.AssertFitsAsync(page);
        Assert.Empty(await Axe.ViolationsAsync(page));
    }

    [Theory]
    [InlineData("nl-NL", "Inloggen")]
    [InlineData("en-US", "Sign in")]
    public async Task Learner_walks_through_the_backpack_on_a_phone_by_clicking(string locale, string signIn)
    {
        var award = await host.CreateAwardAsync(new AwardSpec { Achievement = "Responsible AI in Practice", ToDemoLearner = true, Grade = "7" });
        var page = await browser.NewPhonePageAsync(locale);
        await page.GotoAsync(host.BaseUrl + "/");
        await CheckAsync(page);

        // Clicking "Sign in" on the sign-in page itself keeps the one return address instead of nesting it once more.
        var headerSignIn = page.Locator("header").GetByRole(AriaRole.Link, new() { Name = signIn });
        await headerSignIn.ClickAsync();
        await page.WaitForURLAsync("**/account/sign-in?returnUrl=%2F");
        await headerSignIn.ClickAsync();
        await page.WaitForURLAsync("**/account/sign-in?returnUrl=%2F");
        Assert.EndsWith("/account/sign-in?returnUrl=%2F", page.Url);
        await CheckAsync(page);
        await page.Locator("button[data-persona=learner]").ClickAsync();
        await Assertions.Expect(page.Locator("header a[href='/account']")).ToBeVisibleAsync();

        await page.Locator("header a[href='/backpack']").ClickAsync();
        await page.WaitForURLAsync("**/backpack");
        await CheckAsync(page);
        // Each filter label names its own field and sits right above it.
        foreach (var id in new[] { "filter-state", "filter-institution", "filter-kind", "filter-source", "filter-sort" })
        {
            var label = await page.Locator($"label[for={id}]").BoundingBoxAsync();
            var field = await page.Locator($"#{id}").BoundingBoxAsync();
            Assert.NotNull(label);
            Assert.NotNull(field);
            Assert.True(label.Y + label.Height <= field.Y + 1 && field.Y - (label.Y + label.Height) < 16, $"The label of #{id} is not right above it.");
            Assert.True(label.X < field.X + field.Width && field.X < label.X + label.Width, $"The label of #{id} is beside another field.");
        }
        // The explanation of the signed files is said once for the list, not under every card.
        await Assertions.Expect(page.Locator(".signed-files-hint")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator(".backpack-item .hint")).ToHaveCountAsync(0);

        await page.Locator($"#award-{award} h2 a").ClickAsync();
        await page.WaitForURLAsync($"**/backpack/badges/{award}");
        await CheckAsync(page);

        foreach (var path in new[] { "/backpack/collections", "/backpack/imports", "/backpack/pathways" })
        {
            await page.Locator("header a[href='/backpack']").ClickAsync();
            await page.WaitForURLAsync("**/backpack");
            await page.Locator($".backpack-links a[href='{path}']").ClickAsync();
            await page.WaitForURLAsync("**" + path);
            await CheckAsync(page);
        }

        await page.Locator("header a[href='/account']").ClickAsync();
        await page.WaitForURLAsync("**/account");
        await CheckAsync(page);

        // The favicon the layout links to is served: SVG, with an ICO fallback.
        var icon = await page.Locator("link[rel=icon][type='image/svg+xml']").GetAttributeAsync("href");
        var svg = await page.Context.APIRequest.GetAsync(host.BaseUrl + icon);
        Assert.Equal(200, svg.Status);
        Assert.StartsWith("image/svg+xml", svg.Headers["content-type"]);
        var ico = await page.Context.APIRequest.GetAsync(host.BaseUrl + "/favicon.ico");
        Assert.Equal(200, ico.Status);
        await page.Context.CloseAsync();
    }
}
