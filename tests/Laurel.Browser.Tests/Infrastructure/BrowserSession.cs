namespace Laurel.Browser.Tests.Infrastructure;

/// <summary>One headless Debian Chromium per test class, driven by Playwright (never downloads a browser).</summary>
public sealed class BrowserSession : IAsyncLifetime
{
    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public static string ChromiumPath => Environment.GetEnvironmentVariable("LAUREL_CHROMIUM") ?? "/usr/bin/chromium";

    public async ValueTask InitializeAsync()
    {
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"],
        });
    }

    /// <summary>
    /// A fresh browser context (own cookies) with the given UI language; <paramref name="testCa"/> accepts the test CA's https
    /// certificates (hosts started with their own test certificates, e.g. <see cref="LaurelPair"/>).
    /// </summary>
    public async Task<IPage> NewPageAsync(string locale = "nl-NL", bool testCa = false)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            Locale = locale, ViewportSize = new() { Width = 1280, Height = 900 }, IgnoreHTTPSErrors = testCa,
        });
        return await PageOfAsync(context);
    }

    /// <summary>A fresh browser context the size of a small phone (375 × 812 CSS pixels, touch) with the given UI language.</summary>
    public async Task<IPage> NewPhonePageAsync(string locale = "nl-NL", bool testCa = false)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            Locale = locale, ViewportSize = new() { Width = 375, Height = 812 }, IsMobile = true, HasTouch = true, DeviceScaleFactor = 2,
            IgnoreHTTPSErrors = testCa,
        });
        return await PageOfAsync(context);
    }

    // The first page a fresh test host serves compiles its views (seconds on a loaded 2-core machine; a local run lost a test
    // to Playwright's 30 s default that way): actions and navigations get 60 s. A wrong page still fails, on its assertion.
    private static async Task<IPage> PageOfAsync(IBrowserContext context)
    {
        context.SetDefaultTimeout(60_000);
        context.SetDefaultNavigationTimeout(60_000);
        return await context.NewPageAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
    }
}
