namespace Laurel.Browser.Tests.Claims;

/// <summary>
/// The claim journey of a development run, only by clicking from "/" (one GotoAsync per person): the awarder awards a published
/// micro-credential to an e-mail address nobody has yet and reads the claim e-mail in the development mailbox; the learner, in a
/// browser of their own, opens that e-mail from the sign-in page, follows its claim link, signs in with the address ("Sign in with
/// any e-mail address"), accepts the badge and finds it in the rugzak. In Dutch on a 375 px phone and in English on a desktop;
/// every page is axe-clean (and fits the phone).
/// </summary>
public abstract class ClaimByClickingTests(LaurelHost host, BrowserSession browser)
{
    [Theory]
    [InlineData("nl-NL", true)]
    [InlineData("en-US", false)]
    public async Task Awarder_awards_a_new_address_and_the_learner_claims_it_through_the_dev_mailbox(string locale, bool phone)
    {
        var nl = locale.StartsWith("nl");
        var name = "Claim journey " + TestData.Key(6);
        var achievementId = await host.AddAchievementAsync("Computing Science", issuer => TestData.Achievement(issuer, name,
            learningOutcomes: "- Clean a data set", claimRequired: true, stackable: false));
        var email = $"sanne.{TestData.Key(8).ToLowerInvariant()}@alumni.example.org";

        var awarder = await NewPageAsync(locale, phone);
        await Journey.SignInByClickingAsync(awarder, host.BaseUrl, "awarder", "**/manage");
        // The staff dashboard lists the definition with an "Award" link.
        await Journey.ClickAsync(awarder, $"tr[data-achievement='{achievementId}'] a[href$='/award']");
        await awarder.Locator("input[name=RecipientKind][value=Email]").CheckAsync();
        await awarder.Locator("#Learner").FillAsync(email);
        await Journey.ClickAsync(awarder, "main form.stacked button.primary[type=submit]");
        await awarder.WaitForURLAsync("**/manage/awards/*");
        await Assertions.Expect(awarder.GetByRole(AriaRole.Status)).ToContainTextAsync(nl ? "wacht tot de lerende hem accepteert" : "waits until the learner accepts it");
        await Assertions.Expect(awarder.Locator("#award-state")).ToContainTextAsync(nl ? "Wacht op ophalen" : "Awaiting claim");
        // The award page leads to the development mailbox, where the claim e-mail to the new address is listed.
        await Journey.ClickAsync(awarder, "p[data-dev-mail] a");
        await Journey.ClickAsync(awarder, $"tr:has(td:text-is('{email}')) a");
        await AssertClaimMailAsync(awarder, name);
        await awarder.Context.CloseAsync();

        // The learner: a browser of their own, reaching the mailbox from the sign-in page (development only).
        var learner = await NewPageAsync(locale, phone);
        await learner.GotoAsync(host.BaseUrl + "/");
        await Journey.CheckAsync(learner);
        await Journey.ClickAsync(learner, "header .nav-end a[href^='/account/sign-in']");
        await Journey.ClickAsync(learner, "#DevEmail-hint a[href='/dev/mail']");
        await Journey.ClickAsync(learner, $"tr:has(td:text-is('{email}')) a");
        await AssertClaimMailAsync(learner, name);
        // The claim link asks a visitor to sign in first and brings them back to the waiting badge.
        await Journey.ClickAsync(learner, "div.dev-mail-body a[href^='/backpack/claims']");
        await learner.WaitForURLAsync("**/account/sign-in**");
        await learner.Locator("#DevEmail").FillAsync(email);
        await Journey.ClickAsync(learner, "button[data-dev-email]");
        await learner.WaitForURLAsync("**/backpack/claims**");
        await Assertions.Expect(learner.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(nl ? "Badges die voor je klaarstaan" : "Badges waiting for you");
        var waiting = learner.Locator("main li", new() { HasText = name });
        await Assertions.Expect(waiting).ToContainTextAsync(nl ? "Toegekend door Universiteit Utrecht" : "Awarded by Utrecht University");
        await waiting.GetByRole(AriaRole.Button, new() { Name = nl ? "Accepteren" : "Accept", Exact = true }).ClickAsync();
        await Journey.LoadedAsync(learner);
        await Assertions.Expect(learner.GetByRole(AriaRole.Status)).ToContainTextAsync(nl ? "Geaccepteerd: de badge staat in je rugzak." : "Accepted");
        await Journey.CheckAsync(learner);
        await Journey.ClickAsync(learner, "main a[href='/backpack']");
        await Assertions.Expect(learner).ToHaveURLAsync(host.BaseUrl + "/backpack");
        await Assertions.Expect(learner.Locator("main").GetByRole(AriaRole.Link, new() { Name = name, Exact = true })).ToBeVisibleAsync();
        await learner.Context.CloseAsync();
    }

    /// <summary>
    /// The claim e-mail as the learner reads it: about this badge, with a greeting and a claim link; the Dutch e-mail speaks of the
    /// "rugzak" and never of a "student" or "backpack". Its language is the institution's (Dutch for the demo university).
    /// </summary>
    private static async Task AssertClaimMailAsync(IPage page, string name)
    {
        var body = page.Locator("div.dev-mail-body");
        await Assertions.Expect(body).ToContainTextAsync(name);
        // The words, not the claim link's address (whose path is /backpack/claims).
        var text = System.Text.RegularExpressions.Regex.Replace(await body.InnerTextAsync(), @"https?://\S+", "");
        if (await body.GetAttributeAsync("lang") == "nl")
        {
            Assert.StartsWith("Beste ", text.Trim());
            Assert.Contains("rugzak", text);
            Assert.DoesNotContain("student", text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("backpack", text, StringComparison.OrdinalIgnoreCase);
        }
        else
        {
            Assert.StartsWith("Dear ", text.Trim());
        }
        await Assertions.Expect(body.Locator("a[href^='/backpack/claims?award=']")).ToHaveCountAsync(1);
    }

    private Task<IPage> NewPageAsync(string locale, bool phone) => phone ? browser.NewPhonePageAsync(locale) : browser.NewPageAsync(locale);
}

public sealed class ClaimByClickingTestsOnSqlite(SqliteHost host, BrowserSession browser)
    : ClaimByClickingTests(host, browser), IClassFixture<SqliteHost>, IClassFixture<BrowserSession>;
