namespace Laurel.Browser.Tests.Badges;

/// <summary>
/// Issue 14 "Done means", only by clicking from <c>/</c>: the learner signs in, opens the backpack and the badge, makes it
/// public and takes the share link; an employer in a fresh browser starts at <c>/</c>, clicks Verify, pastes that link and
/// sees "valid" with the holder's name. In Dutch and English, axe-clean, and on a 375 px phone every page fits.
/// </summary>
public abstract class EmployerBadgeLinkJourneyTests(LaurelHost host, BrowserSession browser)
{
    private const string Holder = "Lotte de Vries";

    private sealed record Words(string SignIn, string Backpack, string MakePublic, string Save, string Verify, string Valid);

    private static Words For(string locale) => locale.StartsWith("nl", StringComparison.Ordinal)
        ? new("Inloggen", "Rugzak", "Openbaar maken", "Opslaan", "Controleren", "Geldig")
        : new("Sign in", "Backpack", "Make public", "Save", "Verify", "Valid");

    private static async Task CheckAsync(IPage page, bool phone)
    {
        Assert.Empty(await Axe.ViolationsAsync(page));
        if (phone) await Phone.AssertFitsAsync(page);
    }

    /// <summary>True: both people use a 375 px phone and every page must fit it; false: a desktop browser.</summary>
    protected abstract bool OnPhone { get; }

    // The demo learner holds each definition once, so each language gets its own (both of the awarder's institution).
    [Theory]
    [InlineData("nl-NL", "Data Literacy for Professionals")]
    [InlineData("en-US", "Responsible AI in Practice")]
    public async Task Learner_shares_the_badge_link_and_an_employer_verifies_it_as_valid_with_the_holders_name(string locale, string achievement)
    {
        var phone = OnPhone;
        var w = For(locale);
        // Awarded as the default leaves it: private, grade hidden (so the public gets the signed public variant).
        var awardId = await host.AwardThroughServiceAsync(achievement: achievement, grade: "8", isPublic: false, showGrade: false, toDemoLearner: true);
        var screenshot = phone ? "-phone" : "";

        var learner = phone ? await browser.NewPhonePageAsync(locale) : await browser.NewPageAsync(locale);
        await learner.GotoAsync(host.BaseUrl + "/");
        await CheckAsync(learner, phone);
        await learner.Locator("header").GetByRole(AriaRole.Link, new() { Name = w.SignIn, Exact = true }).ClickAsync();
        await learner.Locator("button[data-persona=learner]").ClickAsync();
        await learner.Locator("header").GetByRole(AriaRole.Link, new() { Name = w.Backpack, Exact = true }).ClickAsync();
        await learner.WaitForURLAsync("**/backpack");
        await CheckAsync(learner, phone);
        await learner.Locator($"#award-{awardId} h2 a").ClickAsync();
        await learner.WaitForURLAsync($"**/backpack/badges/{awardId}**");
        await CheckAsync(learner, phone);

        // Sharing sits near the top of the learner's own page, not 2,400 px down.
        var sharingTop = await learner.Locator("#sharing").EvaluateAsync<double>("e => e.getBoundingClientRect().top + window.scrollY");
        var detailsTop = await learner.Locator("#award-heading").EvaluateAsync<double>("e => e.getBoundingClientRect().top + window.scrollY");
        Assert.True(sharingTop < detailsTop, $"sharing at {sharingTop}px comes after the details at {detailsTop}px");

        await learner.Locator("#sharing").GetByLabel(w.MakePublic).CheckAsync();
        await learner.Locator("#sharing").GetByRole(AriaRole.Button, new() { NameRegex = new($"^{w.Save}") }).ClickAsync();
        await Assertions.Expect(learner.Locator("#share-url")).ToBeVisibleAsync();
        await CheckAsync(learner, phone);
        await Screenshots.SaveAsync(learner, $"my-badge{screenshot}-{locale}.png", fullPage: false);
        var shareLink = await learner.Locator("#share-url").InputValueAsync();
        Assert.Equal($"{host.BaseUrl}/badges/{awardId}", shareLink);

        // The public page: image, name, holder, issuer and the verdict at the top.
        await learner.Locator("#public-link").ClickAsync();
        await learner.WaitForURLAsync($"**/badges/{awardId}");
        await Assertions.Expect(learner.Locator(".badge-hero #holder")).ToHaveTextAsync(Holder);
        await Assertions.Expect(learner.Locator(".badge-hero #verdict")).ToContainTextAsync(w.Valid);
        await CheckAsync(learner, phone);
        await learner.Context.CloseAsync();

        // An employer, in a fresh browser, starts at the home page and pastes the link into the verifier.
        var employer = phone ? await browser.NewPhonePageAsync(locale) : await browser.NewPageAsync(locale);
        try
        {
            await employer.GotoAsync(host.BaseUrl + "/");
            await employer.Locator("header").GetByRole(AriaRole.Link, new() { Name = w.Verify, Exact = true }).ClickAsync();
            await employer.WaitForURLAsync("**/verify");
            await CheckAsync(employer, phone);
            await employer.Locator("#url").FillAsync(shareLink);
            await employer.Locator("form:has(#url) button[type=submit]").ClickAsync();
            await Assertions.Expect(employer.Locator(".verify-result")).ToHaveAttributeAsync("data-verdict", "Valid");
            await Assertions.Expect(employer.Locator("#verdict")).ToContainTextAsync(w.Valid);
            await Assertions.Expect(employer.Locator("#holder")).ToHaveTextAsync(Holder);
            await Assertions.Expect(employer.Locator(".verify-who img")).ToBeVisibleAsync();
            await CheckAsync(employer, phone);
            if (!phone) await Screenshots.SaveAsync(employer, $"verify-result-{locale}.png", documentAs: locale == "en-US" ? "verify-result.png" : null);

            // From the result to the badge page, as the employer sees it (not signed in): the ten-second view.
            await employer.Locator("#badge-page-link").ClickAsync();
            await employer.WaitForURLAsync($"**/badges/{awardId}");
            await Assertions.Expect(employer.Locator(".badge-hero #holder")).ToHaveTextAsync(Holder);
            await Assertions.Expect(employer.Locator(".badge-hero #verdict")).ToContainTextAsync(w.Valid);
            await CheckAsync(employer, phone);
            await Screenshots.SaveAsync(employer, $"badge-page{screenshot}-{locale}.png",
                documentAs: locale == "en-US" ? $"badge-page{screenshot}.png" : null, fullPage: false);
        }
        finally
        {
            await employer.Context.CloseAsync();
        }
    }
}

public sealed class EmployerBadgeLinkJourneyOnPhoneTests(BadgeLinkSqliteHost host, BrowserSession browser)
    : EmployerBadgeLinkJourneyTests(host, browser), IClassFixture<BadgeLinkSqliteHost>, IClassFixture<BrowserSession>
{
    protected override bool OnPhone => true;
}

public sealed class EmployerBadgeLinkJourneyOnDesktopTests(BadgeLinkPostgresHost host, BrowserSession browser)
    : EmployerBadgeLinkJourneyTests(host, browser), IClassFixture<BadgeLinkPostgresHost>, IClassFixture<BrowserSession>
{
    protected override bool OnPhone => false;
}
