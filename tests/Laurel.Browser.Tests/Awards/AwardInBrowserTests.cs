namespace Laurel.Browser.Tests.Awards;

/// <summary>
/// An awarder awards a micro-credential to one learner in a browser with JavaScript switched off (the form needs none),
/// sees every problem in Dutch first, then suspends the award; the pages pass axe-core's WCAG 2.1 A/AA rules.
/// </summary>
public sealed class AwardInBrowserTests(SqliteHost host, BrowserSession browser) : IClassFixture<SqliteHost>, IClassFixture<BrowserSession>
{
    [Fact]
    public async Task Awarder_awards_without_JavaScript_after_fixing_Dutch_errors_and_then_suspends()
    {
        await using var context = await browser.Browser.NewContextAsync(new() { Locale = "nl-NL", JavaScriptEnabled = false });
        var page = await context.NewPageAsync();
        await page.GotoAsync(host.BaseUrl + "/account/sign-in?returnUrl=/manage/achievements");
        await page.Locator("button[data-persona=awarder]").ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Data Literacy for Professionals" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Toekennen aan één persoon" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Data Literacy for Professionals");

        // Nothing filled in but a completion date in the future: every problem at once, in Dutch, linked to its field.
        await page.Locator("#CompletedOn").FillAsync(DateTime.UtcNow.AddDays(3).ToString("yyyy-MM-dd"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Toekennen en ondertekenen" }).ClickAsync();
        var summary = page.Locator("[data-error-summary]");
        await Assertions.Expect(summary).ToContainTextAsync("Kies de lerende die hem ontvangt.");
        await Assertions.Expect(summary).ToContainTextAsync("kan niet in de toekomst liggen");
        await Assertions.Expect(summary).ToContainTextAsync("Vul het cijfer in");
        await Assertions.Expect(page.Locator("#Learner")).ToHaveAttributeAsync("aria-invalid", "true");
        Assert.Empty(await AxeWithScriptAsync(page));

        await page.Locator("#Learner").FillAsync("lotte@example.org");
        await page.Locator("#CompletedOn").FillAsync("2025-06-20");
        await page.Locator("#Grade").FillAsync("8");
        await page.Locator("#EvidenceUrl").FillAsync("https://uu.example/portfolio/lotte");
        await page.GetByRole(AriaRole.Button, new() { Name = "Toekennen en ondertekenen" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Toegekend aan Lotte de Vries");
        await Assertions.Expect(page.Locator("#award-state")).ToContainTextAsync("Geldig");
        await Assertions.Expect(page.Locator("dl.facts")).ToContainTextAsync("MicroCredential");
        Assert.Empty(await AxeWithScriptAsync(page));

        await page.Locator("#SuspendReason").FillAsync("Controle van het portfolio");
        await page.GetByRole(AriaRole.Button, new() { Name = "Opschorten" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("opgeschort");
        await Assertions.Expect(page.Locator("#award-state")).ToContainTextAsync("Opgeschort");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("Controle van het portfolio");
    }

    [Fact]
    public async Task English_award_page_schedules_an_award_after_showing_every_problem_and_passes_axe()
    {
        var page = await browser.NewPageAsync("en-GB");
        await page.GotoAsync(host.BaseUrl + "/account/sign-in?returnUrl=/manage/achievements");
        await page.Locator("button[data-persona=awarder]").ClickAsync();
        await page.GotoAsync(host.BaseUrl + "/manage/achievements?culture=en");
        await page.GetByRole(AriaRole.Link, new() { Name = "Data Literacy for Professionals" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Award to one person" }).ClickAsync();
        await Assertions.Expect(page.GetByLabel("Recognise automatically")).ToBeCheckedAsync();
        Assert.Empty(await Axe.ViolationsAsync(page));

        // An EPPN of another institution and a schedule date in the past: both problems at once, each naming its field.
        await page.GetByLabel("Institution account (EPPN)").CheckAsync();
        await page.Locator("#Learner").FillAsync("someone@gmail.com");
        await page.Locator("#ScheduledFor").FillAsync("2020-01-01");
        await page.Locator("#Grade").FillAsync("7");
        await page.GetByRole(AriaRole.Button, new() { Name = "Award and sign" }).ClickAsync();
        var summary = page.Locator("[data-error-summary]");
        await Assertions.Expect(summary).ToContainTextAsync("This EPPN does not belong to Utrecht University");
        await Assertions.Expect(summary).ToContainTextAsync("must be after today");
        await Assertions.Expect(summary.Locator("a[href='#ScheduledFor']")).ToBeVisibleAsync();
        Assert.Empty(await Axe.ViolationsAsync(page));

        await page.GetByLabel("E-mail address", new() { Exact = true }).CheckAsync();
        await page.Locator("#Learner").FillAsync($"later.{Guid.NewGuid().ToString("N")[..6]}@example.org");
        await page.Locator("#ScheduledFor").FillAsync(DateTime.UtcNow.AddDays(10).ToString("yyyy-MM-dd"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Award and sign" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Scheduled for");
        await Assertions.Expect(page.Locator("#award-state")).ToContainTextAsync("Scheduled");

        // Cancelled before its date (after confirming): the page says so and why.
        page.Dialog += (_, dialog) => dialog.AcceptAsync();
        await page.Locator("#CancelReason").FillAsync("Wrong cohort");
        await page.GetByRole(AriaRole.Button, new() { Name = "Cancel the award" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("cancelled");
        await Assertions.Expect(page.Locator("#cancellation")).ToContainTextAsync("Cancelled by Ahmed Bakker: Wrong cohort");
        Assert.Empty(await Axe.ViolationsAsync(page));
        await page.Context.CloseAsync();
    }

    // axe-core needs script; run it on the same HTML in a page that allows JavaScript.
    private async Task<List<string>> AxeWithScriptAsync(IPage noScriptPage)
    {
        var html = await noScriptPage.ContentAsync();
        var page = await browser.NewPageAsync("nl-NL");
        await page.GotoAsync(host.BaseUrl + "/");
        await page.SetContentAsync(html);
        var violations = await Axe.ViolationsAsync(page);
        await page.Context.CloseAsync();
        return violations;
    }
}
