namespace Laurel.Browser.Tests.Accessibility;

/// <summary>axe-core finds no WCAG 2.1 A/AA violations on the main public and staff pages, in both languages.</summary>
public sealed class AccessibilityTests(SqliteHost host, BrowserSession browser) : IClassFixture<SqliteHost>, IClassFixture<BrowserSession>
{
    [Theory]
    [InlineData("/", "nl-NL")]
    [InlineData("/?culture=en", "en-GB")]
    [InlineData("/catalog", "nl-NL")]
    [InlineData("/catalog?culture=en", "en-GB")]
    [InlineData("/account/sign-in", "nl-NL")]
    [InlineData("/no-such-page", "nl-NL")]
    public async Task Public_page_has_no_accessibility_violations(string path, string locale)
    {
        var page = await browser.NewPageAsync(locale);
        await page.GotoAsync(host.BaseUrl + path);
        Assert.Empty(await Axe.ViolationsAsync(page));
    }

    [Fact]
    public async Task The_checker_itself_reports_an_image_without_alternative_text()
    {
        var page = await browser.NewPageAsync("en-GB");
        await page.SetContentAsync("<!DOCTYPE html><html lang=\"en\"><head><title>t</title></head><body><main><img src=\"x.png\"></main></body></html>");
        Assert.Contains(await Axe.ViolationsAsync(page), v => v.StartsWith("image-alt:"));
    }

    [Fact]
    public async Task Catalog_detail_and_staff_pages_have_no_accessibility_violations()
    {
        var page = await browser.NewPageAsync("nl-NL");
        await page.GotoAsync(host.BaseUrl + "/catalog");
        await page.Locator(".card a").First.ClickAsync();
        Assert.Empty(await Axe.ViolationsAsync(page));

        await page.GotoAsync(host.BaseUrl + "/account/sign-in?returnUrl=/manage");
        await page.Locator("button[data-persona=institution-admin]").ClickAsync();
        foreach (var path in new[] { "/manage", "/manage/achievements", "/account" })
        {
            await page.GotoAsync(host.BaseUrl + path);
            var violations = await Axe.ViolationsAsync(page);
            Assert.True(violations.Count == 0, path + ": " + string.Join("; ", violations));
        }
    }
}
