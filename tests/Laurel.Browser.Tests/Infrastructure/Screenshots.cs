namespace Laurel.Browser.Tests.Infrastructure;

/// <summary>Screenshots for reviewers (next to the test binaries) and, with LAUREL_UPDATE_SCREENSHOTS=1, for the docs.</summary>
public static class Screenshots
{
    /// <summary>Saves <paramref name="fileName"/> under bin/…/screenshots; refreshes docs/screenshots/<paramref name="documentAs"/> when asked to.</summary>
    public static async Task SaveAsync(IPage page, string fileName, string? documentAs = null, bool fullPage = true)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new() { Path = Path.Combine(folder, fileName), FullPage = fullPage });
        // LAUREL_UPDATE_SCREENSHOTS=1 refreshes the committed documentation screenshot.
        if (documentAs is not null && Environment.GetEnvironmentVariable("LAUREL_UPDATE_SCREENSHOTS") == "1")
            await page.ScreenshotAsync(new() { Path = Path.Combine(TestPaths.RepositoryRoot, "docs", "screenshots", documentAs), FullPage = fullPage });
    }
}
