namespace Laurel.Browser.Tests.Infrastructure;

/// <summary>Steps of a journey by clicking: one visit to "/", then only clicks, each page checked (axe, and 375 px on a phone).</summary>
public static class Journey
{
    /// <summary>The only GotoAsync of a journey: the home page, then the header's sign-in link and a demo persona.</summary>
    public static async Task SignInByClickingAsync(IPage page, string baseUrl, string persona, string landing)
    {
        await page.GotoAsync(baseUrl + "/");
        await CheckAsync(page);
        await ClickAsync(page, "header .nav-end a[href^='/account/sign-in']");
        await page.Locator($"button[data-persona='{persona}']").ClickAsync();
        await page.WaitForURLAsync(landing);
        await CheckAsync(page);
    }

    /// <summary>Clicks and waits for the next page, then checks that page.</summary>
    public static async Task ClickAsync(IPage page, string selector)
    {
        await page.Locator(selector).First.ClickAsync();
        await LoadedAsync(page);
        await CheckAsync(page);
    }

    /// <summary>
    /// Waits for the page's load event. Playwright once missed it for a page that had loaded (CI timed out after 60 s with
    /// "networkidle" fired and "load" not), so after 15 s the document's own readyState decides.
    /// </summary>
    public static async Task LoadedAsync(IPage page)
    {
        try
        {
            await page.WaitForLoadStateAsync(LoadState.Load, new() { Timeout = 15_000 });
        }
        catch (TimeoutException)
        {
            await page.WaitForFunctionAsync("document.readyState === 'complete'");
        }
    }

    /// <summary>No axe violation; on a phone-sized page (≤ 400 px) nothing scrolls sideways.</summary>
    public static async Task CheckAsync(IPage page)
    {
        var violations = await Axe.ViolationsAsync(page);
        Assert.True(violations.Count == 0, $"{page.Url}: " + string.Join("; ", violations));
        if (page.ViewportSize?.Width <= 400) await Phone.AssertFitsAsync(page);
    }
}
