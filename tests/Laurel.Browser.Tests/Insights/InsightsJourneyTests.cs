namespace Laurel.Browser.Tests.Insights;

/// <summary>
/// An institution administrator starts at the home page and, only by clicking, signs in, opens the insights of the institution
/// from the staff dashboard, reads the chart and its table and downloads both CSV exports — in Dutch and English, and on a phone.
/// </summary>
public sealed class InsightsJourneyTests(SqliteHost host, BrowserSession browser) : IClassFixture<SqliteHost>, IClassFixture<BrowserSession>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("nl-NL", "Inzichten", "Download de toekenningen (CSV)", "Download deze getallen (CSV)", "Toekenning-id")]
    [InlineData("en-US", "Insights", "Download the awards (CSV)", "Download these numbers (CSV)", "Award id")]
    public async Task Institution_admin_reads_insights_and_exports_both_csv_files(string locale, string title, string awardsLink, string numbersLink, string idHeader)
    {
        await host.CreateAwardAsync(new AwardSpec { IsPublic = true });
        var page = await browser.NewPageAsync(locale);
        await SignInAndOpenInsightsAsync(page);

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync(title);
        await Assertions.Expect(page.Locator("#chart-awards")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#insights-time tbody tr")).ToHaveCountAsync(12);
        await Assertions.Expect(page.Locator("#insights-children")).ToBeVisibleAsync();
        Assert.NotEqual("0", await page.Locator("[data-number=awards]").InnerTextAsync());
        Assert.Empty(await Axe.ViolationsAsync(page));
        if (locale == "en-US") await Screenshots.SaveAsync(page, "staff-insights-en.png", documentAs: "staff-insights.png");

        var awards = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = awardsLink }).ClickAsync());
        Assert.EndsWith(".csv", awards.SuggestedFilename);
        var awardsCsv = (await File.ReadAllTextAsync((await awards.PathAsync())!, Ct)).TrimStart('\uFEFF');
        Assert.StartsWith(idHeader + ",", awardsCsv);
        Assert.True(awardsCsv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length > 1);

        var numbers = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = numbersLink }).ClickAsync());
        var numbersCsv = (await File.ReadAllTextAsync((await numbers.PathAsync())!, Ct)).TrimStart('\uFEFF');
        Assert.Equal(1 + 1 + 12, numbersCsv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Count(l => !l.StartsWith("onderdeel", StringComparison.Ordinal) && !l.StartsWith("part", StringComparison.Ordinal)));

        // Weeks instead of months, by the period filter.
        await page.Locator("#period").SelectOptionAsync("week");
        await page.Locator("form.filters button[type=submit]").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("period=week"));
        await Assertions.Expect(page.Locator("#insights-time tbody tr")).ToHaveCountAsync(12);
        Assert.Empty(await Axe.ViolationsAsync(page));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Every_page_of_the_journey_fits_a_phone()
    {
        var page = await browser.NewPhonePageAsync("nl-NL");
        await SignInAndOpenInsightsAsync(page, onEveryPage: () => Phone.AssertFitsAsync(page));
        await Phone.AssertFitsAsync(page);
        await page.Context.CloseAsync();
    }

    private async Task SignInAndOpenInsightsAsync(IPage page, Func<Task>? onEveryPage = null)
    {
        var check = onEveryPage ?? (() => Task.CompletedTask);
        await page.GotoAsync(host.BaseUrl + "/");
        await check();
        await page.Locator("header a[href^='/account/sign-in']").First.ClickAsync();
        await check();
        await page.Locator("button[data-persona=institution-admin]").ClickAsync();
        // The sign-in posts and redirects: measure the page it lands on, not the one being left.
        await page.WaitForURLAsync(url => !url.Contains("/account/sign-in", StringComparison.Ordinal));
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        if (!page.Url.Contains("/manage", StringComparison.Ordinal))
        {
            await check();
            await page.Locator("a[href='/manage']").First.ClickAsync();
            await page.WaitForURLAsync(url => url.Contains("/manage", StringComparison.Ordinal));
        }
        await check();
        await page.Locator("a.insights-link").First.ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/insights"));
    }
}
